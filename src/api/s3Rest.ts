/**
 * Amazon S3's REST-XML wire protocol over an `S3Store`: the operation is named by the method, the
 * path (`/bucket`, `/bucket/key…`) and the query (`?list-type=2`, `?delete`); answers are XML in
 * S3's namespace, errors `<Error><Code>…` documents with S3's status codes. Path-style requests
 * (`forcePathStyle: true`) are the supported form; a Host of the virtual-hosted form
 * (`bucket.s3.<region>.amazonaws.com`) is understood too, so a client without that option works.
 *
 * Transport-free like `awsJson.ts`: `requestHandler.ts` plugs it into the AWS SDK v3.
 */
import type { WireRequest, WireResponse } from './awsJson.js';
import { header } from './awsJson.js';
import type { ByteRange, S3Error, S3ObjectInfo, S3Result, S3Store } from '../core/s3/store.js';
import { S3_LIMITS, compareKeys } from '../core/s3/store.js';
import { base64Problem, decodeBase64, encodeBase64 } from '../core/util/base64.js';
import { md5, toHex } from '../core/util/md5.js';

/** Answers one S3 REST request; never rejects. */
export type S3Router = (req: WireRequest) => Promise<WireResponse>;

export interface S3RouterOptions {
  /** The region this endpoint is (CreateBucket's LocationConstraint rules, `x-amz-bucket-region`). */
  readonly region: string;
  /** Owner of every bucket (ListBuckets' Owner ID is derived from it). Default 123456789012. */
  readonly accountId?: string;
  /** Told about an exception (a Shardlab bug; the caller gets a 500 InternalError). Default console.error. */
  readonly onInternalError?: (error: unknown, operation: string) => void;
}

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
/** Size of the pieces a GetObject body is streamed in. */
const CHUNK = 64 * 1024;

// Query names that select another operation (S3's subresources). Shardlab implements none of
// them; answering NotImplemented beats silently running the plain GET/PUT they would become.
const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'logging', 'metadataConfiguration', 'metadataTable', 'metrics', 'notification',
  'object-lock', 'ownershipControls', 'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'renameObject',
  'replication', 'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent', 'uploadId',
  'uploads', 'versionId', 'versioning', 'versions', 'website',
]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Query = Map<string, string>;
interface Call {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: Query;
  readonly req: WireRequest;
}

/** Makes the function that answers S3 REST requests from `store`. */
export function createS3Router(store: S3Store, options: S3RouterOptions): S3Router {
  const region = options.region;
  const ownerId = toHex(md5(encoder.encode(`s3:${options.accountId ?? '123456789012'}`))) + toHex(md5(encoder.encode(`owner:${options.accountId ?? '123456789012'}`)));
  const onInternalError = options.onInternalError ?? ((e: unknown, op: string) => console.error(`Shardlab: S3 ${op} threw`, e));

  function route(call: Call): Reply {
    const { method, bucket, key, query } = call;
    if (!bucket) return method === 'GET' ? listBuckets(call) : methodNotAllowed(method, 'SERVICE');
    for (const name of query.keys()) {
      if (SUBRESOURCES.has(name)) return notImplemented(`The ?${name} subresource is not simulated by Shardlab's S3.`);
    }
    if (!key) {
      switch (method) {
        case 'PUT': return createBucket(call);
        case 'DELETE': return result(store.deleteBucket(bucket), () => reply(204));
        case 'HEAD': return result(store.headBucket(bucket), () => reply(200, { 'x-amz-bucket-region': region, 'x-amz-access-point-alias': 'false' }));
        case 'GET':
          if (query.has('location')) return result(store.headBucket(bucket), () => xml('LocationConstraint', region === 'us-east-1' ? '' : esc(region)));
          return query.get('list-type') === '2' ? listObjectsV2(call) : listObjectsV1(call);
        case 'POST':
          if (query.has('delete')) return deleteObjects(call);
          return methodNotAllowed(method, 'BUCKET');
        default: return methodNotAllowed(method, 'BUCKET');
      }
    }
    switch (method) {
      case 'PUT': return putObject(call);
      case 'GET': return getObject(call, false);
      case 'HEAD': return getObject(call, true);
      case 'DELETE': return result(store.deleteObject(bucket, key), () => reply(204));
      default: return methodNotAllowed(method, 'OBJECT');
    }
  }

  /**
   * CreateBucket. The endpoint's region decides what LocationConstraint must say (CreateBucket
   * API reference): us-east-1 takes none (naming it is InvalidLocationConstraint), every other
   * region needs its own name (the SDK adds it from the client's region).
   */
  function createBucket({ bucket, req }: Call): Reply {
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

  function listBuckets({ query }: Call): Reply {
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

  function listObjectsV2({ bucket, query }: Call): Reply {
    const maxKeys = parseMaxKeys(query);
    if (!maxKeys.ok) return failure(maxKeys.error);
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') || undefined;
    const token = query.get('continuation-token');
    const startAfter = query.get('start-after');
    const page = store.listObjects(bucket, { prefix, ...opt('delimiter', delimiter), maxKeys: maxKeys.value, ...opt('continuationToken', token), ...opt('startAfter', startAfter) });
    if (!page.ok) return failure(page.error);
    const p = page.value;
    const owner = query.get('fetch-owner') === 'true';
    // Unsure: whether AWS echoes a MaxKeys above 1000 as asked (done here) or as 1000.
    // The Owner is ID-only: AWS is withdrawing DisplayName from S3 responses.
    return xml('ListBucketResult',
      el('Name', bucket) + el('Prefix', prefix) + el('ContinuationToken', token) + el('NextContinuationToken', p.nextContinuationToken) +
      el('KeyCount', p.keyCount) + el('MaxKeys', maxKeys.value) + el('Delimiter', delimiter) + el('IsTruncated', p.isTruncated) +
      el('StartAfter', startAfter) + contents(p.contents, owner) + commonPrefixes(p.commonPrefixes));
  }

  /** ListObjects (v1): a marker instead of a token; NextMarker only when a delimiter was given (AWS's rule). */
  function listObjectsV1({ bucket, query }: Call): Reply {
    const maxKeys = parseMaxKeys(query);
    if (!maxKeys.ok) return failure(maxKeys.error);
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') || undefined;
    const marker = query.get('marker') ?? '';
    const page = store.listObjects(bucket, { prefix, ...opt('delimiter', delimiter), maxKeys: maxKeys.value, ...(marker ? { startAfter: marker } : {}) });
    if (!page.ok) return failure(page.error);
    const p = page.value;
    const lastKey = p.contents[p.contents.length - 1]?.key ?? '';
    const lastPrefix = p.commonPrefixes[p.commonPrefixes.length - 1] ?? '';
    const nextMarker = p.isTruncated && delimiter ? (compareKeys(lastKey, lastPrefix) > 0 ? lastKey : lastPrefix) : undefined;
    return xml('ListBucketResult',
      el('Name', bucket) + el('Prefix', prefix) + el('Marker', marker) + el('NextMarker', nextMarker) + el('MaxKeys', maxKeys.value) +
      el('Delimiter', delimiter) + el('IsTruncated', p.isTruncated) + contents(p.contents, true) + commonPrefixes(p.commonPrefixes));
  }

  function contents(objects: readonly S3ObjectInfo[], owner: boolean): string {
    return objects.map((o) =>
      `<Contents>${el('Key', o.key)}${el('LastModified', isoDate(o.lastModified))}${el('ETag', o.etag)}${el('Size', o.size)}` +
      `${owner ? `<Owner>${el('ID', ownerId)}</Owner>` : ''}<StorageClass>STANDARD</StorageClass></Contents>`).join('');
  }

  function putObject({ bucket, key, req }: Call): Reply {
    if (header(req.headers, 'x-amz-copy-source') !== undefined) return notImplemented("CopyObject is not simulated by Shardlab's S3.");
    const data = typeof req.body === 'string' ? encoder.encode(req.body) : req.body ?? new Uint8Array(0);
    const decodedLength = header(req.headers, 'x-amz-decoded-content-length');
    // AWS refuses a body of unknown length (HTTP chunked, or aws-chunked without its decoded
    // length) with this 501; the SDK sends one for a stream whose length it cannot tell.
    // Unsure: the exact answer to aws-chunked without x-amz-decoded-content-length (GitHub
    // aws-sdk-js-v3#3403 reports this NotImplemented for such uploads).
    if (/chunked/i.test(header(req.headers, 'transfer-encoding') ?? '') && decodedLength === undefined) {
      return failure({ __type: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented', status: 501, fields: { Header: 'Transfer-Encoding' } });
    }
    if (decodedLength !== undefined && Number(decodedLength) !== data.byteLength) {
      return failure({ __type: 'IncompleteBody', message: 'You did not provide the number of bytes specified by the Content-Length HTTP header', status: 400 });
    }
    const contentMd5 = header(req.headers, 'content-md5');
    if (contentMd5 !== undefined) {
      if (contentMd5.length !== 24 || base64Problem(contentMd5)) return failure({ __type: 'InvalidDigest', message: 'The Content-MD5 you specified was invalid.', status: 400, fields: { 'Content-MD5': contentMd5 } });
      const calculated = encodeBase64(md5(data));
      // Unsure: how AWS spells the two digests in this error (base64 here, like the header).
      if (contentMd5 !== calculated) {
        return failure({ __type: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.', status: 400, fields: { ExpectedDigest: contentMd5, CalculatedDigest: calculated } });
      }
    }
    const metadata: Record<string, string> = {};
    for (const name in req.headers) {
      const lower = name.toLowerCase();
      if (lower.startsWith('x-amz-meta-')) metadata[lower.slice('x-amz-meta-'.length)] = req.headers[name]!;
    }
    const put = store.putObject(bucket, key, data, {
      metadata,
      ...opt('contentType', header(req.headers, 'content-type')),
      ...opt('contentEncoding', header(req.headers, 'content-encoding') || undefined),
      ...opt('contentDisposition', header(req.headers, 'content-disposition')),
      ...opt('contentLanguage', header(req.headers, 'content-language')),
      ...opt('cacheControl', header(req.headers, 'cache-control')),
    });
    // Every new object is encrypted with SSE-S3 by default since January 2023, and S3 says so.
    return result(put, (o) => reply(200, { ETag: o.etag, 'x-amz-server-side-encryption': 'AES256' }));
  }

  /**
   * GetObject / HeadObject. `Range: bytes=first-last | first- | -suffix` answers 206 with
   * Content-Range; a range past the end is 416 InvalidRange. A Range S3 cannot read (several
   * ranges, bad syntax) is ignored and the whole object is sent, as RFC 9110 allows.
   * Unsure: that AWS ignores multi-range requests rather than refusing them.
   */
  function getObject({ bucket, key, query, req }: Call, head: boolean): Reply {
    const rawRange = header(req.headers, 'range');
    const range = rawRange === undefined ? undefined : parseRange(rawRange);
    const got = store.getObject(bucket, key, range ? { range } : {});
    if (!got.ok) {
      const e = got.error;
      return failure(e.__type === 'InvalidRange' ? { ...e, fields: { ...e.fields, RangeRequested: rawRange ?? '' } } : e);
    }
    const o = got.value;
    const headers: Record<string, string> = {
      'Last-Modified': new Date(o.lastModified).toUTCString(),
      ETag: o.etag,
      'Content-Type': o.contentType,
      'Content-Length': String(o.body.byteLength),
      'Accept-Ranges': 'bytes',
      'x-amz-server-side-encryption': 'AES256',
    };
    if (o.contentEncoding !== undefined) headers['Content-Encoding'] = o.contentEncoding;
    if (o.contentDisposition !== undefined) headers['Content-Disposition'] = o.contentDisposition;
    if (o.contentLanguage !== undefined) headers['Content-Language'] = o.contentLanguage;
    if (o.cacheControl !== undefined) headers['Cache-Control'] = o.cacheControl;
    for (const [k, v] of Object.entries(o.metadata)) headers[`x-amz-meta-${k}`] = v;
    // GetObject's response-* query parameters override the stored headers in this answer.
    for (const [q, h] of RESPONSE_OVERRIDES) {
      const v = query.get(q);
      if (v !== undefined) headers[h] = v;
    }
    if (o.range) headers['Content-Range'] = `bytes ${o.range.first}-${o.range.last}/${o.size}`;
    const status = o.range ? 206 : 200;
    return head ? reply(status, headers) : { status, headers, body: chunks(o.body) };
  }

  /** DeleteObjects: up to 1,000 keys in one `<Delete>` document; deleting a missing key succeeds. */
  function deleteObjects({ bucket, req }: Call): Reply {
    const parsed = parseDelete(bodyText(req));
    if (!parsed) return malformedXml();
    const exists = store.headBucket(bucket);
    if (!exists.ok) return failure(exists.error);
    let out = '';
    for (const key of parsed.keys) {
      const r = store.deleteObject(bucket, key);
      if (!r.ok) out += `<Error>${el('Key', key)}${el('Code', r.error.__type)}${el('Message', r.error.message)}</Error>`;
      else if (!parsed.quiet) out += `<Deleted>${el('Key', key)}</Deleted>`;
    }
    return xml('DeleteResult', out);
  }

  function result<T>(r: S3Result<T>, onOk: (value: T) => Reply): Reply {
    return r.ok ? onOk(r.value) : failure(r.error);
  }

  return async (req) => {
    const requestId = newRequestId();
    const method = req.method.toUpperCase();
    let operation = `${method} ${req.path}`;
    let answer: Reply;
    try {
      const target = parseTarget(req);
      if ('error' in target) answer = failure(target.error);
      else {
        operation = `${method} /${target.bucket}${target.key ? '/…' : ''}`;
        answer = route({ method, ...target, req });
      }
    } catch (e) {
      try {
        onInternalError(e, operation);
      } catch {
        // The hook must not turn a 500 into a rejected transport promise.
      }
      answer = failure({ __type: 'InternalError', message: 'We encountered an internal error. Please try again.', status: 500 });
    }
    return toWire(answer, requestId, method === 'HEAD');
  };
}

/** An answer before the request ids are stamped on it. */
interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | AsyncIterable<Uint8Array>;
  readonly error?: S3Error;
}

const reply = (status: number, headers: Record<string, string> = {}): Reply => ({ status, headers });
const failure = (error: S3Error): Reply => ({ status: error.status, headers: {}, error });
const xml = (root: string, inner: string): Reply => ({
  status: 200,
  headers: { 'Content-Type': 'application/xml' },
  body: encoder.encode(`${XML_DECL}<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`),
});

const invalidArgument = (message: string, name: string, value: string): Reply =>
  failure({ __type: 'InvalidArgument', message, status: 400, fields: { ArgumentName: name, ArgumentValue: value } });
const notImplemented = (message: string): Reply => failure({ __type: 'NotImplemented', message, status: 501 });
const malformedXml = (): Reply =>
  failure({ __type: 'MalformedXML', message: 'The XML you provided was not well-formed or did not validate against our published schema', status: 400 });
const methodNotAllowed = (method: string, resourceType: string): Reply =>
  failure({ __type: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.', status: 405, fields: { Method: method, ResourceType: resourceType } });

/** Stamps the request ids on; an error becomes S3's `<Error>` document (no body on a HEAD, as S3 sends none). */
function toWire(r: Reply, requestId: string, head: boolean): WireResponse {
  // No Date header, unlike AWS: the SDK corrects its signing clock from a response's Date when it
  // differs by minutes, and virtual time (a manual clock at 2026-01-01) would drag it along.
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': newHostId(), ...r.headers };
  let body = r.body ?? new Uint8Array(0);
  if (r.error && !head) {
    const fields = Object.entries(r.error.fields ?? {}).map(([k, v]) => el(k, v)).join('');
    body = encoder.encode(`${XML_DECL}<Error>${el('Code', r.error.__type)}${el('Message', r.error.message)}${fields}${el('RequestId', requestId)}${el('HostId', headers['x-amz-id-2'])}</Error>`);
    headers['Content-Type'] = 'application/xml';
  }
  if (body instanceof Uint8Array && !head) headers['Content-Length'] = String(body.byteLength);
  return { statusCode: r.status, headers, body: head ? new Uint8Array(0) : body };
}

/** Bucket and key from the Host (virtual-hosted style) or the path (path style), URL-decoded. */
function parseTarget(req: WireRequest): { bucket: string; key: string; query: Query } | { error: S3Error } {
  let path = req.path || '/';
  const query: Query = new Map();
  const q = path.indexOf('?');
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(path.slice(q + 1))) if (!query.has(k)) query.set(k, v);
    path = path.slice(0, q);
  }
  for (const [k, v] of Object.entries(req.query ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    query.set(k, first ?? '');
  }
  const host = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?(?::\d+)?$/i.exec(header(req.headers, 'host') ?? '');
  const rest = path.replace(/^\//, '');
  const slash = rest.indexOf('/');
  const [rawBucket, rawKey] = host ? [host[1]!, rest] : slash < 0 ? [rest, ''] : [rest.slice(0, slash), rest.slice(slash + 1)];
  try {
    return { bucket: decodeURIComponent(rawBucket), key: decodeURIComponent(rawKey), query };
  } catch {
    return { error: { __type: 'InvalidURI', message: "Couldn't parse the specified URI.", status: 400, fields: { URI: req.path } } };
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined for anything else (then the header is ignored). */
function parseRange(h: string): ByteRange | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { suffix: Number(m[2]) };
  const first = Number(m[1]);
  if (m[2] === '') return { first };
  const last = Number(m[2]);
  return last < first ? undefined : { first, last };
}

/** max-keys as S3 checks it: an integer (InvalidArgument otherwise), 0–2147483647. */
function parseMaxKeys(query: Query): { ok: true; value: number } | { ok: false; error: S3Error } {
  const raw = query.get('max-keys');
  if (raw === undefined) return { ok: true, value: S3_LIMITS.maxKeysPerPage };
  const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > 2147483647) {
    return { ok: false, error: { __type: 'InvalidArgument', message: 'Provided max-keys not an integer or within integer range', status: 400, fields: { ArgumentName: 'max-keys', ArgumentValue: raw } } };
  }
  return { ok: true, value: n };
}

/** The keys of a DeleteObjects `<Delete>` document; undefined when it is not one (MalformedXML). */
function parseDelete(body: string): { keys: string[]; quiet: boolean } | undefined {
  if (!/<Delete[\s>]/.test(body)) return undefined;
  const keys: string[] = [];
  for (const m of body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = textOf(m[1]!, 'Key');
    if (key === undefined) return undefined;
    keys.push(key);
  }
  // AWS: between 1 and 1,000 keys, else MalformedXML.
  if (keys.length === 0 || keys.length > 1000) return undefined;
  return { keys, quiet: textOf(body, 'Quiet')?.trim() === 'true' };
}

/** The unescaped text of the first `<name>` element (these request documents have no nesting that matters). */
function textOf(doc: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(doc);
  return m ? unescapeXml(m[1]!) : undefined;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'"
      : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]!};`);
/** `<name>value</name>`, or nothing when there is no value. */
const el = (name: string, value: string | number | boolean | undefined): string => (value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`);

function commonPrefixes(prefixes: readonly string[]): string {
  return prefixes.map((p) => `<CommonPrefixes>${el('Prefix', p)}</CommonPrefixes>`).join('');
}

const RESPONSE_OVERRIDES = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
] as const;

/** ISO 8601 with milliseconds, as S3's XML writes times. */
const isoDate = (t: number): string => new Date(t).toISOString();

const bodyText = (req: WireRequest): string => (typeof req.body === 'string' ? req.body : req.body ? decoder.decode(req.body) : '');

/** `{ [name]: value }` when value is defined, else `{}` (for optional fields). */
function opt<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/** The object's bytes in pieces, as a network body arrives (the SDK gets a stream either way). */
async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
}

// ListBuckets' continuation tokens: opaque base64, carrying the last bucket name answered.
const TOKEN_TAG = 'slb1:';
const encodeToken = (name: string): string => encodeBase64(encoder.encode(TOKEN_TAG + name));
function decodeToken(token: string): string | undefined {
  if (token.length === 0 || token.length % 4 !== 0 || base64Problem(token)) return undefined;
  const text = decoder.decode(decodeBase64(token));
  return text.startsWith(TOKEN_TAG) ? text.slice(TOKEN_TAG.length) : undefined;
}

/** S3's request ids: 16 upper-case hex digits (`x-amz-request-id: 4442587FB7D0A2F9`). */
function newRequestId(): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(8))).toUpperCase();
}
/** `x-amz-id-2` (HostId): an opaque base64 token. */
function newHostId(): string {
  return encodeBase64(globalThis.crypto.getRandomValues(new Uint8Array(48)));
}
