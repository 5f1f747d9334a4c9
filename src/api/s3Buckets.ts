/**
 * The S3 REST bucket operations with more to them than a store call: CreateBucket (the
 * LocationConstraint rules) and ListBuckets (prefix, paging).
 */
import { compareKeys } from '../core/s3/keys.js';
import { base64Problem, decodeBase64, encodeBase64 } from '../core/util/base64.js';
import { failure, invalidArgument, malformedXml, reply, result, xml, type Reply } from './s3Reply.js';
import { bodyText, type Call, type S3Context } from './s3Request.js';
import { el, isoDate, textOf } from './s3Xml.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * CreateBucket. The endpoint's region decides what LocationConstraint must say (CreateBucket
 * API reference): us-east-1 takes none (naming it is InvalidLocationConstraint), every other
 * region needs its own name (the SDK adds it from the client's region).
 */
export function createBucket({ store, region }: S3Context, { bucket, req }: Call): Reply {
  const body = bodyText(req);
  let constraint: string | undefined;
  if (body.trim()) {
    if (!/<CreateBucketConfiguration[\s>]/.test(body)) return malformedXml();
    constraint = textOf(body, 'LocationConstraint');
  }
  if (region === 'us-east-1' && constraint === 'us-east-1') {
    return failure({ __type: 'InvalidLocationConstraint', message: 'The specified location-constraint is not valid', status: 400, fields: { LocationConstraint: constraint } });
  }
  // Unsure: AWS's us-east-1 endpoint creates a bucket in whatever region the constraint names;
  // Shardlab simulates one region, so it refuses like a regional endpoint does.
  if ((constraint ?? 'us-east-1') !== region) {
    const named = constraint ?? 'unspecified';
    return failure({ __type: 'IllegalLocationConstraintException', message: `The ${named} location constraint is incompatible for the region specific endpoint this request was sent to.`, status: 400 });
  }
  // AWS answers `Location: /bucket` in us-east-1 and the bucket's URL elsewhere.
  return result(store.createBucket(bucket), (b) => reply(200, { Location: region === 'us-east-1' ? `/${b.name}` : `http://${b.name}.s3.amazonaws.com/` }));
}

/** ListBuckets: the buckets by name, under `prefix`, `max-buckets` a page. */
export function listBuckets({ store, region, ownerId }: S3Context, { query }: Call): Reply {
  const prefix = query.get('prefix') ?? '';
  const rawMax = query.get('max-buckets');
  let max = 10_000; // AWS's page size when paginating without max-buckets
  if (rawMax !== undefined) {
    max = /^\d+$/.test(rawMax) ? Number(rawMax) : NaN;
    if (!(max >= 1 && max <= 10_000)) return invalidArgument('max-buckets must be an integer between 1 and 10000', 'max-buckets', rawMax);
  }
  let after = '';
  const token = query.get('continuation-token');
  if (token !== undefined) {
    const t = decodeToken(token);
    if (t === undefined) return invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    after = t;
  }
  const all = store.listBuckets().filter((b) => b.name.startsWith(prefix) && compareKeys(b.name, after) > 0);
  const page = all.slice(0, max);
  const next = all.length > max ? page[page.length - 1]?.name : undefined;
  const buckets = page.map((b) => `<Bucket>${el('Name', b.name)}${el('CreationDate', isoDate(b.creationDate))}${el('BucketRegion', region)}</Bucket>`).join('');
  return xml('ListAllMyBucketsResult', `<Owner>${el('ID', ownerId)}</Owner><Buckets>${buckets}</Buckets>${el('ContinuationToken', next && encodeToken(next))}${query.has('prefix') ? el('Prefix', prefix) : ''}`);
}

// ListBuckets' continuation tokens: opaque base64, carrying the last bucket name answered.
const TOKEN_TAG = 'slb1:';
const encodeToken = (name: string): string => encodeBase64(encoder.encode(TOKEN_TAG + name));
function decodeToken(token: string): string | undefined {
  if (token.length === 0 || token.length % 4 !== 0 || base64Problem(token)) return undefined;
  const text = decoder.decode(decodeBase64(token));
  return text.startsWith(TOKEN_TAG) ? text.slice(TOKEN_TAG.length) : undefined;
}
