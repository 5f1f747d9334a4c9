/**
 * A shard's records in its own IndexedDB database (one database per shard, named by the broker).
 *
 * Following idb's rules: every operation is one transaction; nothing but that transaction's own
 * requests is awaited inside it (an unrelated await lets it auto-commit early); keys sort right
 * (a segment's key is its first counter as a 16-digit zero-padded string — IndexedDB keys cannot
 * be BigInt, and fixed width keeps string order equal to numeric order whatever the key type);
 * schema upgrades switch on the version the user's database has.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Segment, SegmentStore } from '../segmentStore.js';

interface ShardSchema extends DBSchema {
  /** Out-of-line key: `segmentKey(first)`; value: the segment. */
  segments: { key: string; value: Segment; indexes: { lastArrival: number } };
  /** 'lastCounter' → the last counter ever assigned. */
  meta: { key: 'lastCounter'; value: number };
}

const VERSION = 1;
const KEY_WIDTH = 16;

/** The segment key for a first counter: fixed width so that 9 < 10 < 100 as strings too. */
export function segmentKey(first: number): string {
  return String(first).padStart(KEY_WIDTH, '0');
}

export class IdbSegmentStore implements SegmentStore {
  private db: IDBPDatabase<ShardSchema> | undefined;

  constructor(readonly dbName: string) {}

  async open(): Promise<void> {
    if (this.db) return;
    this.db = await openDB<ShardSchema>(this.dbName, VERSION, {
      upgrade(db, oldVersion) {
        // One step per version from the one the user's database has, so a later version adds a
        // `case 1:` and every older database passes through each step (no fall-through needed).
        for (let v = oldVersion; v < VERSION; v++) {
          switch (v) {
            case 0: {
              const segments = db.createObjectStore('segments');
              segments.createIndex('lastArrival', 'lastArrival');
              db.createObjectStore('meta');
              break;
            }
          }
        }
      },
      // Another context wants to delete or upgrade this database (the stream was deleted
      // elsewhere): let it, instead of blocking it forever.
      blocking: () => this.closeNow(),
      // The browser closed the connection (storage cleared, disk error): later calls must fail
      // loudly rather than use a dead handle.
      terminated: () => { this.db = undefined; },
    });
  }

  async loadAll(): Promise<{ segments: Segment[]; lastCounter: number }> {
    const tx = this.handle().transaction(['segments', 'meta'], 'readonly');
    // getAll returns values in key order, i.e. counter order thanks to the padded keys.
    const [segments, lastCounter] = await Promise.all([
      tx.objectStore('segments').getAll(),
      tx.objectStore('meta').get('lastCounter'),
      tx.done,
    ]);
    return { segments, lastCounter: lastCounter ?? segments[segments.length - 1]?.last ?? 0 };
  }

  async append(segment: Segment, lastCounter: number): Promise<void> {
    const tx = this.handle().transaction(['segments', 'meta'], 'readwrite');
    // Awaiting the requests together with tx.done: a failed request rejects (and is handled),
    // and success means the transaction completed, i.e. the segment is durable.
    await Promise.all([
      tx.objectStore('segments').put(segment, segmentKey(segment.first)),
      tx.objectStore('meta').put(lastCounter, 'lastCounter'),
      tx.done,
    ]);
  }

  async deleteThrough(lastArrivalBefore: number): Promise<number> {
    const tx = this.handle().transaction('segments', 'readwrite');
    const range = IDBKeyRange.upperBound(lastArrivalBefore, true);
    // Primary keys of expired segments from the index, then deletes — all requests of this
    // one transaction, so awaiting them keeps it alive.
    const keys = await tx.store.index('lastArrival').getAllKeys(range);
    await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
    return keys.length;
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  async destroy(): Promise<void> {
    this.closeNow();
    await deleteDB(this.dbName);
  }

  private closeNow(): void {
    this.db?.close();
    this.db = undefined;
  }

  private handle(): IDBPDatabase<ShardSchema> {
    if (!this.db) throw new Error(`segment store ${this.dbName} is not open`);
    return this.db;
  }
}
