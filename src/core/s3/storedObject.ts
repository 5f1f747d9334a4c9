/**
 * One S3 object: checking and building it from a PutObject, describing it (HEAD, ListObjects),
 * and reading a byte range of it (GET with `Range`).
 */
import { md5, toHex } from '../util/md5.js';
import { fail, ok, type S3Result } from './errors.js';
import { checkKey } from './keys.js';
import { DEFAULT_CONTENT_TYPE, S3_LIMITS, type ByteRange, type GetObjectResult, type PutObjectOptions, type S3ObjectInfo, type StoredObject } from './model.js';

const encoder = new TextEncoder();

/**
 * The user metadata a PutObject under `key` stores (names lower-cased, as S3 does), or S3's error
 * for a key or metadata it refuses.
 */
export function checkPut(key: string, options: PutObjectOptions): S3Result<Record<string, string>> {
  const keyProblem = checkKey(key);
  if (keyProblem) return keyProblem;
  const metadata: Record<string, string> = {};
  let metadataBytes = 0;
  for (const [k, v] of Object.entries(options.metadata ?? {})) {
    metadata[k.toLowerCase()] = v;
    metadataBytes += encoder.encode(k).length + encoder.encode(v).length;
  }
  if (metadataBytes > S3_LIMITS.maxMetadataBytes) {
    return fail('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, { Size: String(metadataBytes), MaxSizeAllowed: String(S3_LIMITS.maxMetadataBytes) });
  }
  return ok(metadata);
}

/** The object a checked PutObject stores at virtual time `t`: `data` copied, its MD5 ETag, the headers given, S3's defaults. */
export function storedObject(key: string, data: Uint8Array, options: PutObjectOptions, metadata: Record<string, string>, t: number): StoredObject {
  return {
    key,
    data: data.slice(),
    size: data.byteLength,
    etag: `"${toHex(md5(data))}"`,
    lastModified: wholeSeconds(t),
    ...definedHeaders(options),
    contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
    metadata,
  };
}

/** An object's bytes (a copy) and headers; with `range`, only those bytes (InvalidRange if none). */
export function readObject(object: StoredObject, range: ByteRange | undefined): S3Result<GetObjectResult> {
  if (!range) return ok({ ...describeObject(object), body: object.data.slice() });
  const r = resolveRange(range, object.size);
  if (!r) {
    const asked = 'suffix' in range ? `bytes=-${range.suffix}` : `bytes=${range.first}-${range.last ?? ''}`;
    return fail('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: asked, ActualObjectSize: String(object.size) });
  }
  return ok({ ...describeObject(object), body: object.data.slice(r.first, r.last + 1), range: r });
}

/** What HEAD tells about a stored object (its metadata copied, its bytes left out). */
export function describeObject(o: StoredObject): S3ObjectInfo {
  const { data: _data, ...rest } = o;
  return { ...rest, metadata: { ...o.metadata } };
}

/** Epoch ms cut to the second, as S3 keeps its dates. */
export const wholeSeconds = (t: number): number => Math.floor(t / 1000) * 1000;

/** The inclusive byte range a request asks for, clamped to the object; undefined when unsatisfiable (RFC 9110 §14.1.1). */
function resolveRange(range: ByteRange, size: number): { first: number; last: number } | undefined {
  if ('suffix' in range) {
    if (!(range.suffix > 0) || size === 0) return undefined;
    return { first: Math.max(0, size - range.suffix), last: size - 1 };
  }
  const last = Math.min(range.last ?? size - 1, size - 1);
  if (!(range.first >= 0) || range.first >= size || last < range.first) return undefined;
  return { first: range.first, last };
}

function definedHeaders(o: PutObjectOptions): Omit<PutObjectOptions, 'contentType' | 'metadata'> {
  const out: { -readonly [K in 'contentEncoding' | 'contentDisposition' | 'contentLanguage' | 'cacheControl']?: string } = {};
  if (o.contentEncoding !== undefined) out.contentEncoding = o.contentEncoding;
  if (o.contentDisposition !== undefined) out.contentDisposition = o.contentDisposition;
  if (o.contentLanguage !== undefined) out.contentLanguage = o.contentLanguage;
  if (o.cacheControl !== undefined) out.cacheControl = o.cacheControl;
  return out;
}
