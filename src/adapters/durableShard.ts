/**
 * The shard worker's API: a `ShardCore` (all Kinesis rules) made durable by a `SegmentStore`.
 * `workers/shard.worker.ts` only exposes one of these over Comlink; tests drive it in Node over a
 * MessageChannel.
 *
 * Durability rule (STYLE §7): a put is acknowledged — and its records become visible to readers —
 * only after the transaction holding them completed. Speed comes from *group commit*: at most one
 * write is in flight; puts arriving meanwhile queue their records, and the next transaction
 * writes everything queued as ONE segment (one IndexedDB value), acknowledging all those puts at
 * once. Under load this turns ~1.5k transactions/s into tens of thousands of records/s.
 *
 * IndexedDB's cost is mostly per transaction, not per record (measured in headless Chromium:
 * 500 records of 1 KiB per transaction cost ~17 µs of CPU per record, 125 per transaction
 * ~39 µs). So a *busy* shard — puts arriving less than BUSY_GAP_MS apart — holds a small batch
 * while more puts keep coming: it writes once no put arrived for LINGER_MS, once BATCH_RECORDS
 * or BATCH_BYTES are queued, or once the oldest queued put has waited MAX_LINGER_MS.
 * A lone put is written at once.
 */
import type { StoredRecord } from '../core/kinesis/shard/recordLog.js';
import { base64DecodedLength } from '../core/util/base64.js';
import { ShardCore, type PutEntry, type PutOutcome, type ReadOutcome, type StartPosition, type Throttled } from '../core/kinesis/shard/shardCore.js';
import { PROTOCOL_VERSION, packOutcomes, unpackPut, type PackedOutcomes, type PackedPut, type ShardWorkerApi, type ShardWorkerInit, type ShardWorkerReady, type ShardWorkerStats } from '../broker/protocol.js';
import { recordsOf, segmentOf, type SegmentStore } from './segmentStore.js';

/** Makes the (unopened) store of the shard described by `init`. */
export type SegmentStoreFactory = (init: ShardWorkerInit) => SegmentStore;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** Records waiting for one transaction, and the puts acknowledged when it completes. */
interface Batch {
  readonly records: StoredRecord[];
  readonly waiters: Waiter[];
}

const emptyBatch = (): Batch => ({ records: [], waiters: [] });

/** A batch this big is written without waiting for more. */
export const BATCH_RECORDS = 500;
/** Counted in base64 characters of record data (4 per 3 bytes). */
export const BATCH_BYTES = 512 * 1024;
/** A busy shard writes its batch once no put arrived for this long… */
export const LINGER_MS = 8;
/** …or once its oldest queued put waited this long (the most an acknowledgement is delayed). */
export const MAX_LINGER_MS = 30;
/** A put less than this long after the previous one marks the shard busy. */
export const BUSY_GAP_MS = 20;

export class DurableShard implements ShardWorkerApi {
  private core: ShardCore | undefined;
  private store: SegmentStore | undefined;
  /** Records stored in the core but not yet handed to a transaction. */
  private queued: Batch = emptyBatch();
  private queuedBytes = 0;
  private writing = false;
  private segmentCount = 0;
  private lastPutAt = -Infinity;
  private busy = false;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest record of the queued batch was queued (Date.now()). */
  private queuedSince = 0;

  constructor(private readonly makeStore: SegmentStoreFactory) {}

  async init(init: ShardWorkerInit): Promise<ShardWorkerReady> {
    // A stale cached worker script must fail loudly instead of misreading messages.
    if (init.protocolVersion !== PROTOCOL_VERSION) {
      throw new Error(`shard worker protocol mismatch: the broker speaks version ${init.protocolVersion}, this worker version ${PROTOCOL_VERSION} (reload the page)`);
    }
    if (this.core) throw new Error('shard worker already initialised');
    const store = this.makeStore(init);
    await store.open();
    const { segments, lastCounter } = await store.loadAll();
    const core = new ShardCore(init.meta, init.enforceLimits, { autoCommit: false });
    core.restore(segments.flatMap(recordsOf), lastCounter);
    this.store = store;
    this.core = core;
    this.segmentCount = segments.length;
    return { protocolVersion: PROTOCOL_VERSION, lastCounter: core.lastCounter, recordCount: core.recordCount };
  }

  /**
   * Assigns sequence numbers synchronously (so they follow call order, even with many puts in
   * flight), then resolves once the records are durable and committed.
   */
  async put(packed: PackedPut, now: number): Promise<PackedOutcomes> {
    return packOutcomes(await this.putEntries(unpackPut(packed), now));
  }

  /** `put`, unpacked (in-process callers and tests). */
  async putEntries(entries: readonly PutEntry[], now: number): Promise<PutOutcome[]> {
    const core = this.live();
    const fresh: StoredRecord[] = [];
    const out = core.put(entries, now, (r) => fresh.push(r));
    if (fresh.length === 0) return out; // all throttled: nothing to make durable
    const t = Date.now();
    this.busy = t - this.lastPutAt < BUSY_GAP_MS;
    this.lastPutAt = t;
    return new Promise<PutOutcome[]>((resolve, reject) => {
      if (this.queued.records.length === 0) this.queuedSince = t;
      for (const r of fresh) {
        this.queued.records.push(r);
        this.queuedBytes += r.data.length;
      }
      this.queued.waiters.push({ resolve: () => resolve(out), reject });
      this.flush();
    });
  }

  async iteratorPosition(start: StartPosition, now: number, trimHorizon: number, unmetered = false): Promise<number | Throttled> {
    return this.live().iteratorPosition(start, now, trimHorizon, unmetered);
  }

  async read(position: number, limit: number, now: number, trimHorizon: number): Promise<ReadOutcome | Throttled> {
    return this.live().read(position, limit, now, trimHorizon);
  }

  /** Trims memory record by record; storage only drops whole segments, all of whose records expired. */
  async trim(horizon: number): Promise<number> {
    const core = this.live();
    const store = this.store!;
    const n = core.trim(horizon);
    const deleted = await store.deleteThrough(horizon);
    this.segmentCount = Math.max(0, this.segmentCount - deleted);
    return n;
  }

  async setEnforceLimits(on: boolean): Promise<void> {
    this.live().enforceLimits = on;
  }

  async stats(): Promise<ShardWorkerStats> {
    const core = this.live();
    let bytes = 0;
    for (const r of core.records()) bytes += base64DecodedLength(r.data);
    return { recordCount: core.recordCount, lastCounter: core.lastCounter, committedCounter: core.committedCounter, segmentCount: this.segmentCount, bytes };
  }

  async browse(from: number, limit: number): Promise<StoredRecord[]> {
    return this.live().browse(from, limit);
  }

  async destroy(): Promise<void> {
    const store = this.store;
    const queued = this.queued;
    this.core = undefined;
    this.store = undefined;
    this.queued = emptyBatch();
    this.queuedBytes = 0;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    // Queued puts can never be written now; a write already in flight finishes on its own.
    const gone = new Error('shard destroyed (its stream was deleted)');
    for (const w of queued.waiters) w.reject(gone);
    await store?.destroy();
  }

  /**
   * Starts a transaction for everything queued, unless one is already in flight — or, on a busy
   * shard, unless the batch is still small and more puts may join it (see the header).
   */
  private flush(force = false): void {
    if (this.writing || this.queued.records.length === 0 || !this.store || !this.core) return;
    if (!force && this.busy && this.queued.records.length < BATCH_RECORDS && this.queuedBytes < BATCH_BYTES) {
      // Debounce: each put restarts the wait, within the cap.
      const wait = Math.min(LINGER_MS, this.queuedSince + MAX_LINGER_MS - Date.now());
      if (wait > 0) {
        clearTimeout(this.lingerTimer);
        this.lingerTimer = setTimeout(() => {
          this.lingerTimer = undefined;
          this.flush(true);
        }, wait);
        return;
      }
    }
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const batch = this.queued;
    this.queued = emptyBatch();
    this.queuedBytes = 0;
    this.writing = true;
    void this.write(batch, this.store, this.core).finally(() => {
      this.writing = false;
      this.flush(); // what queued up meanwhile goes in the next transaction, as one segment
    });
  }

  private async write(batch: Batch, store: SegmentStore, core: ShardCore): Promise<void> {
    let last: number;
    try {
      const segment = segmentOf(batch.records);
      last = segment.last;
      await store.append(segment, last);
    } catch (e) {
      this.writeFailed(batch, core, e);
      return;
    }
    core.commit(last);
    this.segmentCount++;
    for (const w of batch.waiters) w.resolve();
  }

  /**
   * A transaction failed. Its records are already in the core's log (uncommitted), and commit()
   * is a watermark: committing any later counter would expose them. So:
   * - the failed puts reject (the broker answers InternalFailure, which producers retry);
   * - puts queued behind it reject too — their counters lie above the failed ones, so they could
   *   not be committed without exposing those (as if they had been in the same transaction);
   * - the core is rebuilt, synchronously, from its own committed records — what storage holds —
   *   keeping its last counter so that no sequence number handed out is ever reused.
   * Rebuilding refills the throughput buckets (as a worker restart does); failures are rare
   * (quota exceeded, storage cleared), so that is accepted for a core with no way to drop records.
   */
  private writeFailed(batch: Batch, core: ShardCore, cause: unknown): void {
    const queued = this.queued;
    this.queued = emptyBatch();
    this.queuedBytes = 0;
    if (this.core === core) {
      const rebuilt = new ShardCore(core.meta, core.enforceLimits, { autoCommit: false });
      rebuilt.restore(core.browse(0, Infinity), core.lastCounter);
      this.core = rebuilt;
    }
    const why = cause instanceof Error ? cause.message : String(cause);
    const err = new Error(`${core.id}: storage write failed: ${why}`);
    for (const w of batch.waiters) w.reject(err);
    for (const w of queued.waiters) w.reject(err);
  }

  private live(): ShardCore {
    if (!this.core) throw new Error('shard worker not initialised (or destroyed)');
    return this.core;
  }
}
