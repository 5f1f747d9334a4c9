/**
 * A simulated Amazon S3: buckets and objects in memory, with S3's rules and error codes. Firehose
 * writes into it directly through this typed API; `src/api/s3Rest.ts` serves the same store to the
 * real `@aws-sdk/client-s3`. Pure: time comes from the injected `now`, nothing does I/O.
 *
 * Errors follow the core convention (`Result`, never a throw; see `errors.ts`). The data shapes
 * are in `model.ts`; key order and name rules in `keys.ts`; one object's checks and reads in
 * `storedObject.ts`; ListObjectsV2's paging in `listObjectsPage.ts`.
 */
import { fail, noSuchBucket, noSuchKey, ok, type S3Result } from './errors.js';
import { bucketNameProblem, compareKeys } from './keys.js';
import { listObjectsPage } from './listObjectsPage.js';
import type { BucketInfo, ByteRange, GetObjectResult, ListObjectsOptions, ListObjectsPage, PutObjectOptions, S3Event, S3Listener, S3ObjectInfo, S3Snapshot, StoredObject } from './model.js';
import { checkPut, describeObject, readObject, storedObject, wholeSeconds } from './storedObject.js';

export interface S3StoreOptions {
  /** Virtual time, epoch ms. */
  now(): number;
  /** The region the store answers for; us-east-1 keeps S3's legacy CreateBucket behaviour (default us-east-1). */
  region?: string;
}

interface Bucket extends BucketInfo {
  readonly objects: Map<string, StoredObject>;
  /** Keys in S3's order; rebuilt lazily after a key appears or goes. */
  sorted: string[] | undefined;
}

/** The simulated S3: buckets of objects, changed through S3's operations, observable. */
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
    const checked = checkPut(key, options);
    if (!checked.ok) return checked;
    const t = this.now();
    const object = storedObject(key, data, options, checked.value, t);
    if (!b.objects.has(key)) b.sorted = undefined;
    b.objects.set(key, object);
    this.emit({ type: 'objectPut', bucket, key, size: object.size, t });
    return ok(describeObject(object));
  }

  /** An object's bytes (a copy) and headers; with `range`, only those bytes (InvalidRange if none). */
  getObject(bucket: string, key: string, options: { range?: ByteRange } = {}): S3Result<GetObjectResult> {
    const found = this.find(bucket, key);
    if (!found.ok) return found;
    return readObject(found.value, options.range);
  }

  headObject(bucket: string, key: string): S3Result<S3ObjectInfo> {
    const found = this.find(bucket, key);
    return found.ok ? ok(describeObject(found.value)) : found;
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
    return listObjectsPage(this.sortedKeys(b), b.objects, options);
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

const info = (b: BucketInfo): BucketInfo => ({ name: b.name, creationDate: b.creationDate });
