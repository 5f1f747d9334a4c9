/**
 * A delivery stream's record log in its own IndexedDB database (one per delivery stream, named by
 * the broker). idb's rules as in IdbSegmentStore: one transaction per operation, nothing else
 * awaited inside it, upgrades step through every version from the user's.
 *
 * Keys are the log positions as numbers: IndexedDB orders number keys numerically (the padded
 * strings of shard segments are needed only where a key could be a BigInt).
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InRecord } from '../../core/firehose/pipelineTypes.js';
import type { FirehoseLog, LoggedRecord } from '../firehoseLog.js';

interface FirehoseLogSchema extends DBSchema {
  /** Out-of-line key: the record's log position; value: the record as accepted. */
  records: { key: number; value: InRecord };
}

const VERSION = 1;

export class IdbFirehoseLog implements FirehoseLog {
  private db: IDBPDatabase<FirehoseLogSchema> | undefined;

  constructor(readonly dbName: string) {}

  async open(): Promise<void> {
    if (this.db) return;
    this.db = await openDB<FirehoseLogSchema>(this.dbName, VERSION, {
      upgrade(db, oldVersion) {
        for (let v = oldVersion; v < VERSION; v++) {
          switch (v) {
            case 0:
              db.createObjectStore('records');
              break;
          }
        }
      },
      // The delivery stream is being deleted elsewhere: let that happen.
      blocking: () => this.closeNow(),
      terminated: () => { this.db = undefined; },
    });
  }

  async loadAll(): Promise<LoggedRecord[]> {
    const tx = this.handle().transaction('records', 'readonly');
    // Keys and values of one store in one transaction come back in the same (key) order.
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
    return keys.map((seq, i) => ({ seq, record: values[i]! }));
  }

  async commit(puts: readonly LoggedRecord[], deletes: readonly number[]): Promise<void> {
    const tx = this.handle().transaction('records', 'readwrite');
    // The requests awaited with tx.done: a failed one rejects, success means the commit completed.
    await Promise.all([
      ...puts.map((p) => tx.store.put(p.record, p.seq)),
      ...deletes.map((d) => tx.store.delete(d)),
      tx.done,
    ]);
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

  private handle(): IDBPDatabase<FirehoseLogSchema> {
    if (!this.db) throw new Error(`firehose log ${this.dbName} is not open`);
    return this.db;
  }
}
