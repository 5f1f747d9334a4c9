/**
 * The simulated S3, kept in its own IndexedDB database: buckets and objects, written through as
 * the store changes (it is `observe`d) and loaded back with `store.load(snapshot)` at startup.
 *
 * Writes are grouped like the shard workers' (one transaction in flight; every change made
 * meanwhile goes in the next one), and `flushed()` says when everything changed so far is
 * committed: the broker answers an S3 request, and tells a delivery stream worker its object is
 * stored, only after that — so an acknowledged object survives closing the tab.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BucketInfo, S3Event, S3ObjectSnapshot, S3Snapshot } from '../core/s3/model.js';
import type { S3Store } from '../core/s3/store.js';

interface S3Schema extends DBSchema {
  buckets: { key: string; value: BucketInfo };
  /** Key: [bucket, object key] (IndexedDB orders array keys element by element). */
  objects: { key: [string, string]; value: { readonly bucket: string; readonly object: S3ObjectSnapshot } };
}

export const S3_DB = 'shardlab-s3';
const VERSION = 1;

type Op =
  | { readonly type: 'putBucket'; readonly bucket: BucketInfo }
  | { readonly type: 'deleteBucket'; readonly name: string }
  | { readonly type: 'putObject'; readonly bucket: string; readonly object: S3ObjectSnapshot }
  | { readonly type: 'deleteObject'; readonly bucket: string; readonly key: string };

interface Batch {
  readonly ops: Op[];
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

function batch(): Batch {
  let resolve!: () => void, reject!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  done.catch((e: unknown) => console.warn('Shardlab could not save S3 changes:', e));
  return { ops: [], done, resolve, reject };
}

export class S3Persistence {
  private queued: Batch | undefined;
  private writing: Batch | undefined;

  private constructor(private readonly db: IDBPDatabase<S3Schema>) {}

  static async open(name = S3_DB): Promise<S3Persistence> {
    const db = await openDB<S3Schema>(name, VERSION, {
      upgrade(d, oldVersion) {
        for (let v = oldVersion; v < VERSION; v++) {
          switch (v) {
            case 0:
              d.createObjectStore('buckets', { keyPath: 'name' });
              d.createObjectStore('objects');
              break;
          }
        }
      },
    });
    return new S3Persistence(db);
  }

  /** Everything saved, as the snapshot `S3Store.load` takes. */
  async load(): Promise<S3Snapshot> {
    const tx = this.db.transaction(['buckets', 'objects'], 'readonly');
    const [buckets, objects] = await Promise.all([tx.objectStore('buckets').getAll(), tx.objectStore('objects').getAll(), tx.done]);
    const byBucket = new Map<string, S3ObjectSnapshot[]>(buckets.map((b) => [b.name, []]));
    for (const o of objects) byBucket.get(o.bucket)?.push(o.object);
    return { version: 1, buckets: buckets.map((b) => ({ name: b.name, creationDate: b.creationDate, objects: byBucket.get(b.name)! })) };
  }

  /** Writes every change of `store` through from now on; returns the function that stops it. */
  attach(store: S3Store): () => void {
    return store.observe((e) => {
      const op = opOf(store, e);
      if (op) this.enqueue(op);
    });
  }

  /** Resolves once every change made so far is committed; rejects if its transaction failed. */
  flushed(): Promise<void> {
    return (this.queued ?? this.writing)?.done ?? Promise.resolve();
  }

  close(): void {
    this.db.close();
  }

  private enqueue(op: Op): void {
    (this.queued ??= batch()).ops.push(op);
    this.kick();
  }

  private kick(): void {
    if (this.writing || !this.queued) return;
    const b = this.queued;
    this.queued = undefined;
    this.writing = b;
    this.write(b.ops).then(b.resolve, b.reject).finally(() => {
      this.writing = undefined;
      this.kick();
    });
  }

  /** The batch's changes, in order, in one transaction. */
  private async write(ops: readonly Op[]): Promise<void> {
    const tx = this.db.transaction(['buckets', 'objects'], 'readwrite');
    const buckets = tx.objectStore('buckets');
    const objects = tx.objectStore('objects');
    const requests: Promise<unknown>[] = ops.map((op) => {
      switch (op.type) {
        case 'putBucket': return buckets.put(op.bucket);
        case 'deleteBucket': return buckets.delete(op.name);
        case 'putObject': return objects.put({ bucket: op.bucket, object: op.object }, [op.bucket, op.object.key]);
        case 'deleteObject': return objects.delete([op.bucket, op.key]);
      }
    });
    await Promise.all([...requests, tx.done]);
  }
}

/** The write an event asks for (object bytes read now: the store may change them later). */
function opOf(store: S3Store, e: S3Event): Op | undefined {
  switch (e.type) {
    case 'bucketCreated': {
      const b = store.headBucket(e.bucket);
      return b.ok ? { type: 'putBucket', bucket: b.value } : undefined;
    }
    case 'bucketDeleted':
      return { type: 'deleteBucket', name: e.bucket };
    case 'objectPut': {
      const o = store.getObject(e.bucket, e.key!);
      if (!o.ok) return undefined;
      const { body, range: _range, ...info } = o.value;
      return { type: 'putObject', bucket: e.bucket, object: { ...info, data: body } };
    }
    case 'objectDeleted':
      return { type: 'deleteObject', bucket: e.bucket, key: e.key! };
  }
}
