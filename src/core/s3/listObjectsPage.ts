/**
 * ListObjectsV2's paging over one bucket's keys: prefix, delimiter roll-up, max-keys and the
 * continuation tokens that say where the next page starts.
 */
import { base64Problem, decodeBase64, encodeBase64 } from '../util/base64.js';
import { fail, ok, type S3Result } from './errors.js';
import { compareKeys, lowerBound, upperBound } from './keys.js';
import { S3_LIMITS, type ListObjectsOptions, type ListObjectsPage, type S3ObjectInfo, type StoredObject } from './model.js';
import { describeObject } from './storedObject.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One page of ListObjectsV2 over `keys` (the bucket's keys, sorted by `compareKeys`): keys in
 * UTF-8 binary order (S3's), those under `prefix`; with a `delimiter`, keys that have it after
 * the prefix roll up into one common prefix, which counts as one entry against `maxKeys`, as S3
 * counts it.
 */
export function listObjectsPage(keys: readonly string[], objects: ReadonlyMap<string, StoredObject>, options: ListObjectsOptions): S3Result<ListObjectsPage> {
  const { prefix = '', delimiter = '' } = options;
  const maxKeys = options.maxKeys ?? S3_LIMITS.maxKeysPerPage;
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    return fail('InvalidArgument', 'Argument maxKeys must be an integer between 0 and 2147483647', 400, { ArgumentName: 'maxKeys', ArgumentValue: String(maxKeys) });
  }
  let after = options.startAfter ?? '';
  if (options.continuationToken !== undefined) {
    const marker = decodeToken(options.continuationToken);
    if (marker === undefined) return fail('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'continuation-token' });
    after = marker;
  }
  const limit = Math.min(maxKeys, S3_LIMITS.maxKeysPerPage);
  const contents: S3ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let isTruncated = false;
  // Start at the first key that is both under the prefix and after the marker.
  let i = Math.max(lowerBound(keys, prefix), after ? upperBound(keys, after) : 0);
  for (; i < keys.length; i++) {
    const key = keys[i]!;
    if (!key.startsWith(prefix)) break; // keys under a prefix are contiguous
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const entry = cut >= 0 ? key.slice(0, cut + delimiter.length) : key;
    // A common prefix already answered (on this page or, after a token, an earlier one). A
    // StartAfter inside a rolled-up prefix skips that prefix too (its entry sorts before it).
    // Unsure: AWS's answer there; the rule matches what V1's NextMarker = "prefix/" must do.
    if (entry === last || (after && compareKeys(entry, after) <= 0)) continue;
    // S3 with max-keys=0 answers an empty, untruncated page (ceph s3-tests, test_bucket_list_maxkeys_zero).
    if (contents.length + commonPrefixes.length >= limit) {
      isTruncated = limit > 0;
      break;
    }
    if (cut >= 0) commonPrefixes.push(entry);
    else contents.push(describeObject(objects.get(key)!));
    last = entry;
  }
  const keyCount = contents.length + commonPrefixes.length;
  return ok({ contents, commonPrefixes, keyCount, isTruncated, ...(isTruncated && last !== undefined ? { nextContinuationToken: encodeToken(last) } : {}) });
}

// Continuation tokens are opaque to clients (AWS's look like base64); ours carry the last entry
// answered, so a page can start after it. A token that is not one of ours is InvalidArgument.
const TOKEN_TAG = 'sl1:';
function encodeToken(last: string): string {
  return encodeBase64(encoder.encode(TOKEN_TAG + last));
}
function decodeToken(token: string): string | undefined {
  if (token.length === 0 || token.length % 4 !== 0 || base64Problem(token)) return undefined;
  const text = decoder.decode(decodeBase64(token));
  return text.startsWith(TOKEN_TAG) ? text.slice(TOKEN_TAG.length) : undefined;
}
