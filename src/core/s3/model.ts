/**
 * The simulated S3's data shapes and limits: what the store keeps and what its typed API takes
 * and answers (camelCase; `src/api/s3Rest.ts` turns them into S3's XML).
 */

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

/** An object as the store holds it: its description and its bytes. */
export interface StoredObject extends S3ObjectInfo {
  readonly data: Uint8Array;
}
