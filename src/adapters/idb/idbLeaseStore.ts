/**
 * The KCL lease table (spec producers-consumers §2.2) in IndexedDB: one database per application
 * (`shardlab-kcl:<app>`, as the KCL names its DynamoDB table after the application), object store
 * `leases` keyed by `leaseKey`.
 *
 * DynamoDB's conditional writes are emulated by doing read → compare → write inside ONE readwrite
 * transaction: IndexedDB runs readwrite transactions on overlapping scopes one after the other,
 * across connections and across Web Workers, so two workers racing to take the same lease see
 * what DynamoDB would give them — one wins, the other gets ConditionalCheckFailedException.
 * Nothing but the transaction's own requests is awaited inside it (STYLE §7).
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { applyChange, matches, type Lease, type LeaseChange, type LeaseCondition, type LeaseStore, type LeaseStoreError, type LeaseWrite } from '../../core/kcl/leaseTable.js';

interface KclSchema extends DBSchema {
  /** In-line key `leaseKey`; value: the lease row. */
  leases: { key: string; value: Lease };
}

const VERSION = 1;

/** The database of an application's lease table. */
export const kclDbName = (app: string): string => `shardlab-kcl:${app}`;

// DynamoDB's text for a failed condition.
const CONDITION_FAILED: LeaseStoreError = { __type: 'ConditionalCheckFailedException', message: 'The conditional request failed' };

export class IdbLeaseStore implements LeaseStore {
  private db: IDBPDatabase<KclSchema> | undefined;
  private opening: Promise<IDBPDatabase<KclSchema>> | undefined;
  /** Writes refused by their condition (contention, for the UI). */
  conditionFailures = 0;

  constructor(readonly dbName: string) {}

  /** The lease table of application `app`. */
  static forApp(app: string): IdbLeaseStore {
    return new IdbLeaseStore(kclDbName(app));
  }

  /** Deletes an application's lease table (the application is removed). */
  static async drop(app: string): Promise<void> {
    await deleteDB(kclDbName(app));
  }

  async open(): Promise<void> {
    await this.handle();
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
    this.opening = undefined;
  }

  async list(): Promise<Lease[]> {
    // The object store iterates in key order: sorted by leaseKey, as the interface promises.
    return (await this.handle()).getAll('leases');
  }

  async get(leaseKey: string): Promise<Lease | undefined> {
    return (await this.handle()).get('leases', leaseKey);
  }

  async createIfAbsent(lease: Lease): Promise<boolean> {
    const tx = (await this.handle()).transaction('leases', 'readwrite');
    const exists = (await tx.store.getKey(lease.leaseKey)) !== undefined;
    if (!exists) void tx.store.put(structuredClone(lease));
    await tx.done;
    if (exists) this.conditionFailures++;
    return !exists;
  }

  async update(leaseKey: string, expected: LeaseCondition, change: LeaseChange): Promise<LeaseWrite> {
    const tx = (await this.handle()).transaction('leases', 'readwrite');
    const lease = await tx.store.get(leaseKey);
    const next = lease && matches(lease, expected) ? applyChange(lease, change) : undefined;
    if (next) void tx.store.put(next);
    await tx.done;
    if (!next) {
      this.conditionFailures++;
      return { ok: false, error: CONDITION_FAILED };
    }
    return { ok: true, lease: next };
  }

  async delete(leaseKey: string, expected: LeaseCondition = {}): Promise<LeaseWrite> {
    const tx = (await this.handle()).transaction('leases', 'readwrite');
    const lease = await tx.store.get(leaseKey);
    const ok = lease !== undefined && matches(lease, expected);
    if (ok) void tx.store.delete(leaseKey);
    await tx.done;
    if (!ok || !lease) {
      this.conditionFailures++;
      return { ok: false, error: CONDITION_FAILED };
    }
    return { ok: true, lease };
  }

  private handle(): Promise<IDBPDatabase<KclSchema>> {
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= openDB<KclSchema>(this.dbName, VERSION, {
      upgrade(db, oldVersion) {
        for (let v = oldVersion; v < VERSION; v++) {
          switch (v) {
            case 0:
              db.createObjectStore('leases', { keyPath: 'leaseKey' });
              break;
          }
        }
      },
      // The application was removed elsewhere (drop): let the deletion through.
      blocking: () => this.close(),
      terminated: () => { this.db = undefined; this.opening = undefined; },
    }).then((db) => (this.db = db));
    return this.opening;
  }
}
