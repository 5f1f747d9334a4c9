/**
 * A shard that lives in its own Web Worker, seen from the main thread. It implements the same
 * ShardHandle as the in-memory ShardCore, so the engine's actions do not know the difference.
 *
 * A worker that dies (terminated, or crashed with an uncaught error) is restarted from its
 * IndexedDB database; calls that were in flight fail with ShardUnavailableError (the engine
 * answers InternalFailure, HTTP 500 — retriable), nothing acknowledged is lost because a put is
 * acknowledged only after its transaction committed, and sequence numbers continue from storage.
 */
import * as Comlink from 'comlink';
import { ShardUnavailableError } from '../core/kinesis/errors.js';
import { formatSequenceNumber, shardIdOf } from '../core/kinesis/model/sequenceNumber.js';
import type { StoredRecord } from '../core/kinesis/shard/recordLog.js';
import type { PutEntry, PutOutcome, ReadOutcome, ShardMeta, StartPosition, Throttled } from '../core/kinesis/shard/shardCore.js';
import type { ShardHandle } from '../core/kinesis/shard/shardHandle.js';
import { PROTOCOL_VERSION, packPut, unpackOutcomes, type PackedPut, type ShardWorkerApi } from './protocol.js';

export interface RemoteShardOptions {
  readonly dbName: string;
  /** Makes the worker (a literal `new Worker(new URL(...))` lives with the caller, for the bundler). */
  readonly spawn: () => Worker;
  /** Told after a dead worker was replaced. */
  readonly onRestart?: (shard: RemoteShard, why: string) => void;
}

interface Pending {
  readonly startedAt: number;
  readonly reject: (e: Error) => void;
}

export class RemoteShard implements ShardHandle {
  readonly id: string;
  private worker!: Worker;
  private api!: Comlink.Remote<ShardWorkerApi>;
  private ready!: Promise<void>;
  private readonly pending = new Set<Pending>();
  private limits: boolean;
  private disposed = false;
  /** Last known number of records held (refreshed after writes and trims). */
  recordCount = 0;
  restarts = 0;

  constructor(readonly meta: ShardMeta, enforceLimits: boolean, private readonly opts: RemoteShardOptions) {
    this.id = shardIdOf(meta.index);
    this.limits = enforceLimits;
    this.start();
  }

  get startingSequenceNumber(): string {
    const secs = Math.floor(this.meta.createdAt / 1000);
    return formatSequenceNumber({ shardCreateSecs: secs, counter: 0, recordSecs: secs, shardIndex: this.meta.index });
  }

  get enforceLimits(): boolean {
    return this.limits;
  }

  set enforceLimits(on: boolean) {
    this.limits = on;
    void this.call((api) => api.setEnforceLimits(on)).catch(() => undefined);
  }

  /** Age (real ms) of the oldest call still waiting on the worker: the broker's back-pressure signal. */
  oldestPendingAge(realNow: number): number {
    let oldest = 0;
    for (const p of this.pending) oldest = Math.max(oldest, realNow - p.startedAt);
    return oldest;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  put(entries: readonly PutEntry[], now: number): Promise<PutOutcome[]> {
    const count = entries.length;
    let packed: PackedPut | undefined = packPut(entries);
    return this.call(async (api) => {
      const sent = api.put(packed!, now); // posted (copied) synchronously
      packed = undefined; // so the data is not held while the worker commits
      const out = unpackOutcomes(await sent, count);
      for (const o of out) if (!('throttled' in o)) this.recordCount++;
      return out;
    });
  }

  iteratorPosition(start: StartPosition, now: number, trimHorizon: number, unmetered = false): Promise<number | Throttled> {
    return this.call((api) => api.iteratorPosition(start, now, trimHorizon, unmetered) as Promise<number | Throttled>);
  }

  read(position: number, limit: number, now: number, trimHorizon: number): Promise<ReadOutcome | Throttled> {
    return this.call((api) => api.read(position, limit, now, trimHorizon) as Promise<ReadOutcome | Throttled>);
  }

  async trim(horizon: number): Promise<number> {
    const n = await this.call((api) => api.trim(horizon)).catch(() => 0);
    this.recordCount = Math.max(0, this.recordCount - n);
    return n;
  }

  browse(from: number, limit: number): Promise<StoredRecord[]> {
    return this.call((api) => api.browse(from, limit));
  }

  /** Terminates the worker as a crash would (tests and the classroom "kill a shard" button). */
  kill(why = 'terminated'): void {
    this.worker.terminate();
    this.died(why);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    try {
      await this.ready;
      await this.api.destroy();
    } catch {
      // The stream is gone either way; a database left behind is deleted by the next destroy.
    }
    this.worker.terminate();
    this.api[Comlink.releaseProxy]();
  }

  private start(): void {
    this.worker = this.opts.spawn();
    this.api = Comlink.wrap<ShardWorkerApi>(this.worker);
    const w = this.worker;
    w.addEventListener('error', (ev) => {
      ev.preventDefault(); // handled here: the worker is replaced, the page is not broken
      if (w === this.worker) {
        w.terminate();
        this.died(`crashed: ${ev.message || 'uncaught error'}`);
      }
    });
    this.ready = this.api
      .init({ protocolVersion: PROTOCOL_VERSION, dbName: this.opts.dbName, meta: this.meta, enforceLimits: this.limits })
      .then((r) => {
        if (r.protocolVersion !== PROTOCOL_VERSION) throw new Error(`shard worker speaks protocol ${r.protocolVersion}, the broker ${PROTOCOL_VERSION}`);
        this.recordCount = r.recordCount;
      });
  }

  private died(why: string): void {
    const err = new ShardUnavailableError(`${this.id}: worker ${why}`);
    for (const p of this.pending) p.reject(err);
    this.pending.clear();
    if (this.disposed) return;
    this.api[Comlink.releaseProxy]();
    this.restarts++;
    this.start();
    this.opts.onRestart?.(this, why);
  }

  /** Runs one call on the worker, failing fast (ShardUnavailableError) if the worker dies meanwhile. */
  private call<T>(f: (api: Comlink.Remote<ShardWorkerApi>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { startedAt: performance.now(), reject };
      this.pending.add(p);
      const api = this.api;
      this.ready
        .then(() => f(api))
        .then(
          (v) => { if (this.pending.delete(p)) resolve(v); },
          (e: unknown) => {
            if (!this.pending.delete(p)) return;
            // A failed storage transaction is retriable for the producer; so is a failed restore.
            reject(new ShardUnavailableError(`${this.id}: ${e instanceof Error ? e.message : String(e)}`));
          },
        );
    });
  }
}
