/**
 * A simulated service's state kept in the page's IndexedDB as one snapshot — the OpenSearch
 * domains' documents, the Redshift clusters' tables: saved (half a second after a change) and loaded
 * back at startup. Simpler than S3's write-through on purpose: this is data Firehose already
 * handed over, and a host that must not lose it waits for `saveNow()` before telling Firehose
 * the delivery is done (the Redshift connector does, after a COPY).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** What can be persisted: a service that reports changes and saves itself as plain data. */
export interface Snapshottable<T> {
  observe(listener: () => void): () => void;
  save(): T;
}

interface Schema<T> extends DBSchema {
  snapshot: { key: string; value: T };
}

export const OPENSEARCH_DB = 'shardlab-opensearch';
export const REDSHIFT_DB = 'shardlab-redshift';
export const GLUE_DB = 'shardlab-glue';
export const ANALYTICS_DB = 'shardlab-analytics';
const KEY = 'state';
const DEBOUNCE_MS = 500;

export class SnapshotPersistence<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stop: (() => void) | undefined;
  private source: Snapshottable<T> | undefined;

  private constructor(private readonly db: IDBPDatabase<Schema<T>> | undefined, private readonly key: string) {}

  /**
   * Opens the database (without IndexedDB: a persistence that keeps nothing). `key`: the
   * record's key (OpenSearch's first version saved under 'domains'; kept so saved documents load).
   */
  static async open<T>(name: string, key = KEY): Promise<SnapshotPersistence<T>> {
    if (typeof indexedDB === 'undefined') return new SnapshotPersistence<T>(undefined, key);
    const db = await openDB<Schema<T>>(name, 1, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) d.createObjectStore('snapshot');
      },
    });
    return new SnapshotPersistence<T>(db, key);
  }

  get persistent(): boolean {
    return this.db !== undefined;
  }

  async load(): Promise<T | undefined> {
    return this.db ? this.db.get('snapshot', this.key).catch(() => undefined) : undefined;
  }

  /**
   * Saves `source` half a second after a change — at most twice a second, however often it
   * changes (a running application reports changes all the time; a debounce would never save).
   */
  attach(source: Snapshottable<T>): void {
    this.source = source;
    this.stop = source.observe(() => {
      if (this.timer !== undefined) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.saveNow();
      }, DEBOUNCE_MS);
    });
  }

  /** Saves now (a pending save is folded in). */
  async saveNow(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.db || !this.source) return;
    await this.db.put('snapshot', this.source.save(), this.key).catch((e: unknown) => console.warn(`Shardlab could not save ${this.db!.name}:`, e));
  }

  /** Saves what is pending now and closes. */
  async close(): Promise<void> {
    this.stop?.();
    if (this.timer !== undefined) await this.saveNow();
    this.db?.close();
  }
}
