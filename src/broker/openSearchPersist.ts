/**
 * The simulated OpenSearch domains' documents, kept in the page's IndexedDB: one snapshot of all
 * domains, saved (debounced) after changes and loaded back at startup. Simpler than S3's
 * write-through on purpose: documents are derived data (Firehose already handed them over), so a
 * change in the last half second before the tab closed may be lost — the S3 backup keeps failed
 * ones, and a learner can send again.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OpenSearchDomains } from '../core/opensearch/domains.js';

type Saved = ReturnType<OpenSearchDomains['save']>;

interface Schema extends DBSchema {
  snapshot: { key: string; value: Saved };
}

export const OPENSEARCH_DB = 'shardlab-opensearch';
const KEY = 'domains';
const DEBOUNCE_MS = 500;

export class OpenSearchPersistence {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stop: (() => void) | undefined;

  private constructor(private readonly db: IDBPDatabase<Schema> | undefined) {}

  /** Opens the database (without IndexedDB: a persistence that keeps nothing). */
  static async open(name = OPENSEARCH_DB): Promise<OpenSearchPersistence> {
    if (typeof indexedDB === 'undefined') return new OpenSearchPersistence(undefined);
    const db = await openDB<Schema>(name, 1, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) d.createObjectStore('snapshot');
      },
    });
    return new OpenSearchPersistence(db);
  }

  async load(): Promise<Saved | undefined> {
    return this.db ? this.db.get('snapshot', KEY) : undefined;
  }

  /** Saves `domains` half a second after the last change. */
  attach(domains: OpenSearchDomains): void {
    this.stop = domains.observe(() => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.save(domains);
      }, DEBOUNCE_MS);
    });
  }

  async save(domains: OpenSearchDomains): Promise<void> {
    if (!this.db) return;
    await this.db.put('snapshot', domains.save(), KEY).catch((e: unknown) => console.warn('Shardlab could not save OpenSearch documents:', e));
  }

  /** Saves what is pending now and closes. */
  async close(domains: OpenSearchDomains): Promise<void> {
    this.stop?.();
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save(domains);
    }
    this.db?.close();
  }
}
