/**
 * The broker's own IndexedDB database: the control plane (streams, shard maps, retention, tags)
 * and the virtual clock. Records live in each shard's database, not here.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedStream } from '../core/kinesis/persist.js';

export interface SavedClock {
  readonly now: number;
  readonly speed: number;
  readonly paused: boolean;
}

interface ControlSchema extends DBSchema {
  streams: { key: string; value: SavedStream };
  clock: { key: 'clock'; value: SavedClock };
}

export const CONTROL_DB = 'shardlab-control';

export class ControlStore {
  private constructor(private readonly db: IDBPDatabase<ControlSchema>) {}

  static async open(name = CONTROL_DB): Promise<ControlStore> {
    const db = await openDB<ControlSchema>(name, 1, {
      upgrade(d, oldVersion) {
        // Schema changes switch on the version the user's database has.
        if (oldVersion < 1) {
          d.createObjectStore('streams', { keyPath: 'name' });
          d.createObjectStore('clock');
        }
      },
    });
    return new ControlStore(db);
  }

  async load(): Promise<{ streams: SavedStream[]; clock: SavedClock | undefined }> {
    const tx = this.db.transaction(['streams', 'clock'], 'readonly');
    const [streams, clock] = await Promise.all([tx.objectStore('streams').getAll(), tx.objectStore('clock').get('clock'), tx.done]);
    return { streams, clock };
  }

  /** Replaces the saved control plane with `streams` in one transaction. */
  async saveStreams(streams: readonly SavedStream[]): Promise<void> {
    const tx = this.db.transaction('streams', 'readwrite');
    const store = tx.objectStore('streams');
    void store.clear();
    for (const s of streams) void store.put(s);
    await tx.done;
  }

  async saveClock(clock: SavedClock): Promise<void> {
    await this.db.put('clock', clock, 'clock');
  }

  close(): void {
    this.db.close();
  }
}
