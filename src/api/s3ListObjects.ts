/**
 * ListObjectsV2 and ListObjects (v1) over the S3 REST protocol: query parameters in, a
 * `ListBucketResult` document out.
 */
import { compareKeys } from '../core/s3/keys.js';
import type { S3ObjectInfo } from '../core/s3/model.js';
import { failure, xml, type Reply } from './s3Reply.js';
import { opt, parseMaxKeys, type Call, type S3Context } from './s3Request.js';
import { el, isoDate } from './s3Xml.js';

/** ListObjectsV2 (`?list-type=2`): a continuation token says where a page starts. */
export function listObjectsV2({ store, ownerId }: S3Context, { bucket, query }: Call): Reply {
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
    el('StartAfter', startAfter) + contents(p.contents, owner ? ownerId : undefined) + commonPrefixes(p.commonPrefixes));
}

/** ListObjects (v1): a marker instead of a token; NextMarker only when a delimiter was given (AWS's rule). */
export function listObjectsV1({ store, ownerId }: S3Context, { bucket, query }: Call): Reply {
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
    el('Delimiter', delimiter) + el('IsTruncated', p.isTruncated) + contents(p.contents, ownerId) + commonPrefixes(p.commonPrefixes));
}

/** The `<Contents>` entries; with an `ownerId`, each names its owner. */
function contents(objects: readonly S3ObjectInfo[], ownerId: string | undefined): string {
  return objects.map((o) =>
    `<Contents>${el('Key', o.key)}${el('LastModified', isoDate(o.lastModified))}${el('ETag', o.etag)}${el('Size', o.size)}` +
    `${ownerId !== undefined ? `<Owner>${el('ID', ownerId)}</Owner>` : ''}<StorageClass>STANDARD</StorageClass></Contents>`).join('');
}

function commonPrefixes(prefixes: readonly string[]): string {
  return prefixes.map((p) => `<CommonPrefixes>${el('Prefix', p)}</CommonPrefixes>`).join('');
}
