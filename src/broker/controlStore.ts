/**
 * The broker's own IndexedDB database: the control plane (streams, shard maps, retention, tags;
 * delivery streams), the virtual clock, and a session counter. Records live in each shard's and
 * each delivery stream's database; objects in the S3 database.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedDeliveryStream } from '../core/firehose/persist.js';
import type { SavedStream } from '../core/kinesis/persist.js';

export interface SavedClock {
  readonly now: number;
  readonly speed: number;
  readonly paused: boolean;
}

interface ControlSchema extends DBSchema {
  streams: { key: string; value: SavedStream };
  clock: { key: 'clock'; value: SavedClock };
  /** Since version 2. */
  deliveryStreams: { key: string; value: SavedDeliveryStream };
  /** Since version 2: 'session' → how many times the broker started on this database. */
  meta: { key: 'session'; value: number };
}

export const CONTROL_DB = 'shardlab-control';
const VERSION = 2;

export interface SavedControlPlane {
  readonly streams: SavedStream[];
  readonly deliveryStreams: SavedDeliveryStream[];
  readonly clock: SavedClock | undefined;
}

export class ControlStore {
  private constructor(private readonly db: IDBPDatabase<ControlSchema>) {}

  static async open(name = CONTROL_DB): Promise<ControlStore> {
    const db: IDBPDatabase<ControlSchema> = await openDB<ControlSchema>(name, VERSION, {
      upgrade(d, oldVersion) {
        // One step per version from the one the user's database has; existing stores keep their data.
        for (let v = oldVersion; v < VERSION; v++) {
          switch (v) {
            case 0:
              d.createObjectStore('streams', { keyPath: 'name' });
              d.createObjectStore('clock');
              break;
            case 1:
              d.createObjectStore('deliveryStreams', { keyPath: 'name' });
              d.createObjectStore('meta');
              break;
          }
        }
      },
      // Another tab runs an older version (it holds the database open at the old version): the
      // upgrade waits until that tab is closed or reloaded.
      blocked: () => console.warn('Shardlab is waiting for its other tabs to close (its database is being upgraded).'),
      // …and this tab lets a newer version upgrade instead of blocking it (its saves fail from then on).
      blocking: () => db.close(),
    });
    return new ControlStore(db);
  }

  async load(): Promise<SavedControlPlane> {
    const tx = this.db.transaction(['streams', 'deliveryStreams', 'clock'], 'readonly');
    const [streams, deliveryStreams, clock] = await Promise.all([
      tx.objectStore('streams').getAll(), tx.objectStore('deliveryStreams').getAll(), tx.objectStore('clock').get('clock'), tx.done,
    ]);
    return { streams, deliveryStreams, clock };
  }

  /** Counts one more start of the broker and returns its number (1 on a fresh database). */
  async startSession(): Promise<number> {
    const tx = this.db.transaction('meta', 'readwrite');
    const session = ((await tx.store.get('session')) ?? 0) + 1;
    await Promise.all([tx.store.put(session, 'session'), tx.done]);
    return session;
  }

  /** Replaces the saved streams with `streams` in one transaction. */
  async saveStreams(streams: readonly SavedStream[]): Promise<void> {
    await this.replaceAll('streams', streams);
  }

  /** Replaces the saved delivery streams with `streams` in one transaction. */
  async saveDeliveryStreams(streams: readonly SavedDeliveryStream[]): Promise<void> {
    await this.replaceAll('deliveryStreams', streams);
  }

  async saveClock(clock: SavedClock): Promise<void> {
    await this.db.put('clock', clock, 'clock');
  }

  close(): void {
    this.db.close();
  }

  private async replaceAll<N extends 'streams' | 'deliveryStreams'>(name: N, values: readonly ControlSchema[N]['value'][]): Promise<void> {
    const tx = this.db.transaction(name, 'readwrite');
    const store = tx.objectStore(name);
    void store.clear();
    for (const v of values) void store.put(v);
    await tx.done;
  }
}
