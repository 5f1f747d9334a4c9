/**
 * A simulated Amazon S3: buckets and objects in memory, with S3's rules and error codes. Firehose
 * writes into it directly through this typed API; `src/api/s3Rest.ts` serves the same store to the
 * real `@aws-sdk/client-s3`. Pure: time comes from the injected `now`, nothing does I/O.
 *
 * Errors follow the core convention (`Result`, never a throw): `__type` is S3's error `Code`,
 * `fields` the extra elements S3 puts in its `<Error>` document (`<BucketName>`, `<Key>`…).
 */
import type { AwsError } from '../kinesis/errors.js';
import { base64Problem, decodeBase64, encodeBase64 } from '../util/base64.js';
import { md5, toHex } from '../util/md5.js';

/** The error codes this store answers with (S3's names). */
export const S3StoreErrorCodes = [
  'NoSuchBucket', 'NoSuchKey', 'BucketAlreadyOwnedByYou', 'BucketNotEmpty', 'InvalidBucketName',
  'InvalidRange', 'KeyTooLongError', 'MetadataTooLarge', 'InvalidArgument',
] as const;
export type S3StoreErrorCode = (typeof S3StoreErrorCodes)[number];

/** An S3 error as data: `__type` is the `<Code>`, `fields` further `<Error>` children in order. */
export interface S3Error extends AwsError {
  readonly fields?: Readonly<Record<string, string>>;
}
export type S3Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: S3Error };

const ok = <T>(value: T): S3Result<T> => ({ ok: true, value });
const fail = (__type: S3StoreErrorCode, message: string, status: number, fields?: Record<string, string>): { ok: false; error: S3Error } =>
  ({ ok: false, error: fields ? { __type, message, status, fields } : { __type, message, status } });

// AWS's texts, as its <Error> documents carry them (NoSuchBucket has no final period; NoSuchKey has).
const noSuchBucket = (bucket: string) => fail('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
const noSuchKey = (key: string) => fail('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });

/** Limits S3 enforces on what is stored. */
export const S3_LIMITS = {
  /** Object keys: 1–1024 bytes of UTF-8. */
  maxKeyBytes: 1024,
  /** User metadata: UTF-8 bytes of every key and value together. */
  maxMetadataBytes: 2048,
  /** ListObjects answers at most this many entries a page (and defaults to it). */
  maxKeysPerPage: 1000,
} as const;

/** S3's default Content-Type for an object stored without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export interface BucketInfo {
  readonly name: string;
  /** Epoch ms, whole seconds. */
  readonly creationDate: number;
}

/** Headers S3 stores with an object and answers GET/HEAD with. */
export interface PutObjectOptions {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly contentDisposition?: string;
  readonly contentLanguage?: string;
  readonly cacheControl?: string;
  /** User metadata (`x-amz-meta-*` on the wire, without the prefix). Names are stored lower-case, as S3 does. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What HEAD tells about an object. */
export interface S3ObjectInfo extends Omit<PutObjectOptions, 'contentType' | 'metadata'> {
  readonly key: string;
  readonly size: number;
  /** Quoted MD5 hex of the bytes, as S3 writes it for a single-part upload: `"d41d8cd9…"`. */
  readonly etag: string;
  /** Epoch ms, whole seconds (S3 keeps Last-Modified to the second; ListObjects shows `.000Z`). */
  readonly lastModified: number;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A byte range as HTTP's `Range: bytes=` names it: first–last (inclusive), first–end, or the last `suffix` bytes. */
export type ByteRange = { readonly first: number; readonly last?: number } | { readonly suffix: number };

export interface GetObjectResult extends S3ObjectInfo {
  /** The bytes (the requested range only), a copy the caller may keep. */
  readonly body: Uint8Array;
  /** Present when a range was asked for: what is answered (206, `Content-Range: bytes first-last/size`). */
  readonly range?: { readonly first: number; readonly last: number };
}

export interface ListObjectsOptions {
  readonly prefix?: string;
  readonly delimiter?: string;
  /** 0–1000 answered; larger asks get 1000 (default 1000). */
  readonly maxKeys?: number;
  /** A `nextContinuationToken` from an earlier page. */
  readonly continuationToken?: string;
  /** List keys after this one (ignored when a continuation token says where to go on). */
  readonly startAfter?: string;
}

export interface ListObjectsPage {
  readonly contents: readonly S3ObjectInfo[];
  /** Keys rolled up at the delimiter: `prefix + …segment + delimiter`, each once. */
  readonly commonPrefixes: readonly string[];
  /** contents + commonPrefixes (S3's KeyCount). */
  readonly keyCount: number;
  readonly isTruncated: boolean;
  readonly nextContinuationToken?: string;
}

export type S3EventType = 'bucketCreated' | 'bucketDeleted' | 'objectPut' | 'objectDeleted';

/** A change in the store; `key` on object events, `size` the object's bytes (put, or the one deleted). */
export interface S3Event {
  readonly type: S3EventType;
  readonly bucket: string;
  readonly key?: string;
  readonly size?: number;
  /** Virtual time, epoch ms. */
  readonly t: number;
}
export type S3Listener = (event: S3Event) => void;

/** Plain data for a host to persist (IndexedDB clones it); `load` takes it back. */
export interface S3Snapshot {
  readonly version: 1;
  readonly buckets: readonly { readonly name: string; readonly creationDate: number; readonly objects: readonly S3ObjectSnapshot[] }[];
}
export interface S3ObjectSnapshot extends S3ObjectInfo {
  readonly data: Uint8Array;
}

export interface S3StoreOptions {
  /** Virtual time, epoch ms. */
  now(): number;
  /** The region the store answers for; us-east-1 keeps S3's legacy CreateBucket behaviour (default us-east-1). */
  region?: string;
}

interface StoredObject extends S3ObjectInfo {
  readonly data: Uint8Array;
}
interface Bucket extends BucketInfo {
  readonly objects: Map<string, StoredObject>;
  /** Keys in S3's order; rebuilt lazily after a key appears or goes. */
  sorted: string[] | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class S3Store {
  readonly region: string;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<S3Listener>();

  constructor(options: S3StoreOptions) {
    this.now = options.now;
    this.region = options.region ?? 'us-east-1';
  }

  /**
   * Creates a bucket. Re-creating one's own bucket is BucketAlreadyOwnedByYou (409) in every
   * region but us-east-1, where AWS answers 200 and changes nothing ("for legacy compatibility",
   * CreateBucket API reference, Errors); this store does the same and returns the existing bucket.
   */
  createBucket(name: string): S3Result<BucketInfo> {
    const problem = bucketNameProblem(name);
    if (problem) return fail('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
    const existing = this.buckets.get(name);
    if (existing) {
      if (this.region === 'us-east-1') return ok(info(existing));
      return fail('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: name });
    }
    const t = this.now();
    const bucket: Bucket = { name, creationDate: wholeSeconds(t), objects: new Map(), sorted: [] };
    this.buckets.set(name, bucket);
    this.emit({ type: 'bucketCreated', bucket: name, t });
    return ok(info(bucket));
  }

  /** Deletes an empty bucket (BucketNotEmpty otherwise: S3 never deletes objects with their bucket). */
  deleteBucket(name: string): S3Result<void> {
    const bucket = this.buckets.get(name);
    if (!bucket) return noSuchBucket(name);
    if (bucket.objects.size > 0) return fail('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: name });
    this.buckets.delete(name);
    this.emit({ type: 'bucketDeleted', bucket: name, t: this.now() });
    return ok(undefined);
  }

  headBucket(name: string): S3Result<BucketInfo> {
    const bucket = this.buckets.get(name);
    return bucket ? ok(info(bucket)) : noSuchBucket(name);
  }

  /** All buckets, by name (ListBuckets' order). */
  listBuckets(): BucketInfo[] {
    return [...this.buckets.values()].map(info).sort((a, b) => compareKeys(a.name, b.name));
  }

  /** Stores `data` (copied) under `key`, replacing any object there. */
  putObject(bucket: string, key: string, data: Uint8Array, options: PutObjectOptions = {}): S3Result<S3ObjectInfo> {
    const b = this.buckets.get(bucket);
    if (!b) return noSuchBucket(bucket);
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
    const t = this.now();
    const object: StoredObject = {
      key,
      data: data.slice(),
      size: data.byteLength,
      etag: `"${toHex(md5(data))}"`,
      lastModified: wholeSeconds(t),
      ...definedHeaders(options),
      contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
      metadata,
    };
    if (!b.objects.has(key)) b.sorted = undefined;
    b.objects.set(key, object);
    this.emit({ type: 'objectPut', bucket, key, size: object.size, t });
    return ok(describe(object));
  }

  /** An object's bytes (a copy) and headers; with `range`, only those bytes (InvalidRange if none). */
  getObject(bucket: string, key: string, options: { range?: ByteRange } = {}): S3Result<GetObjectResult> {
    const found = this.find(bucket, key);
    if (!found.ok) return found;
    const object = found.value;
    if (!options.range) return ok({ ...describe(object), body: object.data.slice() });
    const r = resolveRange(options.range, object.size);
    if (!r) {
      const asked = 'suffix' in options.range ? `bytes=-${options.range.suffix}` : `bytes=${options.range.first}-${options.range.last ?? ''}`;
      return fail('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: asked, ActualObjectSize: String(object.size) });
    }
    return ok({ ...describe(object), body: object.data.slice(r.first, r.last + 1), range: r });
  }

  headObject(bucket: string, key: string): S3Result<S3ObjectInfo> {
    const found = this.find(bucket, key);
    return found.ok ? ok(describe(found.value)) : found;
  }

  /**
   * Deletes an object. Deleting a key that is not there succeeds too (S3 answers 204 either way);
   * `deleted` tells which it was. A missing bucket is NoSuchBucket.
   */
  deleteObject(bucket: string, key: string): S3Result<{ deleted: boolean }> {
    const b = this.buckets.get(bucket);
    if (!b) return noSuchBucket(bucket);
    const object = b.objects.get(key);
    if (!object) return ok({ deleted: false });
    b.objects.delete(key);
    b.sorted = undefined;
    this.emit({ type: 'objectDeleted', bucket, key, size: object.size, t: this.now() });
    return ok({ deleted: true });
  }

  /**
   * One page of ListObjectsV2: keys in UTF-8 binary order (S3's), those under `prefix`; with a
   * `delimiter`, keys that have it after the prefix roll up into one common prefix, which counts
   * as one entry against `maxKeys`, as S3 counts it.
   */
  listObjects(bucket: string, options: ListObjectsOptions = {}): S3Result<ListObjectsPage> {
    const b = this.buckets.get(bucket);
    if (!b) return noSuchBucket(bucket);
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
    const keys = this.sortedKeys(b);
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
      else contents.push(describe(b.objects.get(key)!));
      last = entry;
    }
    const keyCount = contents.length + commonPrefixes.length;
    return ok({ contents, commonPrefixes, keyCount, isTruncated, ...(isTruncated && last !== undefined ? { nextContinuationToken: encodeToken(last) } : {}) });
  }

  /** Calls `listener` with every change from now on; returns the function that stops it. */
  observe(listener: S3Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Everything, as plain data. Object bytes are shared, not copied: treat them as read-only. */
  snapshot(): S3Snapshot {
    return {
      version: 1,
      buckets: [...this.buckets.values()].map((b) => ({
        name: b.name,
        creationDate: b.creationDate,
        objects: [...b.objects.values()].map((o) => ({ ...o, metadata: { ...o.metadata } })),
      })),
    };
  }

  /** Replaces everything with a snapshot's contents (no events: nothing happened in virtual time). */
  load(snapshot: S3Snapshot): void {
    this.buckets.clear();
    for (const b of snapshot.buckets) {
      const objects = new Map<string, StoredObject>();
      for (const o of b.objects) objects.set(o.key, { ...o, metadata: { ...o.metadata } });
      this.buckets.set(b.name, { name: b.name, creationDate: b.creationDate, objects, sorted: undefined });
    }
  }

  private find(bucket: string, key: string): S3Result<StoredObject> {
    const b = this.buckets.get(bucket);
    if (!b) return noSuchBucket(bucket);
    const object = b.objects.get(key);
    return object ? ok(object) : noSuchKey(key);
  }

  private sortedKeys(b: Bucket): string[] {
    return (b.sorted ??= [...b.objects.keys()].sort(compareKeys));
  }

  private emit(event: S3Event): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // An observer's bug must not fail the write it observes.
      }
    }
  }
}

/**
 * Why `name` is not a valid general purpose bucket name, or undefined. The rules of "General
 * purpose bucket naming rules" (S3 User Guide): 3–63 characters of a-z 0-9 . -, starting and
 * ending with a letter or digit, no `..`, not an IPv4 address, none of the reserved prefixes
 * and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be between 3 and 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'may contain only lowercase letters, numbers, dots and hyphens, beginning and ending with a letter or number';
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  for (const p of ['xn--', 'sthree-', 'amzn-s3-demo-']) if (name.startsWith(p)) return `must not start with ${p}`;
  for (const s of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) if (name.endsWith(s)) return `must not end with ${s}`;
  return undefined;
}

/**
 * S3's key order: UTF-8 byte order, which is code point order. JavaScript compares UTF-16 code
 * units, which disagrees only when a surrogate (a code point above U+FFFF) meets U+E000–U+FFFF;
 * shifting those two ranges past each other fixes that.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}
const fixup = (c: number): number => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);

/** First index whose key is ≥ `k`. */
function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, k) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** First index whose key is > `k`. */
function upperBound(keys: readonly string[], k: string): number {
  const i = lowerBound(keys, k);
  return i < keys.length && keys[i] === k ? i + 1 : i;
}

function checkKey(key: string): { ok: false; error: S3Error } | undefined {
  const bytes = encoder.encode(key).length;
  // Unsure: an empty key cannot reach S3 over HTTP (the request becomes a bucket request); the
  // direct API answers it like S3 answers other impossible keys.
  if (bytes === 0) return fail('InvalidArgument', 'Object key must not be empty', 400, { ArgumentName: 'key', ArgumentValue: '' });
  if (bytes > S3_LIMITS.maxKeyBytes) return fail('KeyTooLongError', 'Your key is too long', 400, { Size: String(bytes), MaxSizeAllowed: String(S3_LIMITS.maxKeyBytes) });
  return undefined;
}

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

const wholeSeconds = (t: number): number => Math.floor(t / 1000) * 1000;
const info = (b: BucketInfo): BucketInfo => ({ name: b.name, creationDate: b.creationDate });

function describe(o: StoredObject): S3ObjectInfo {
  const { data: _data, ...rest } = o;
  return { ...rest, metadata: { ...o.metadata } };
}

function definedHeaders(o: PutObjectOptions): Omit<PutObjectOptions, 'contentType' | 'metadata'> {
  const out: { -readonly [K in 'contentEncoding' | 'contentDisposition' | 'contentLanguage' | 'cacheControl']?: string } = {};
  if (o.contentEncoding !== undefined) out.contentEncoding = o.contentEncoding;
  if (o.contentDisposition !== undefined) out.contentDisposition = o.contentDisposition;
  if (o.contentLanguage !== undefined) out.contentLanguage = o.contentLanguage;
  if (o.cacheControl !== undefined) out.cacheControl = o.cacheControl;
  return out;
}
