/**
 * Per-shard traffic counters on the virtual clock — what the shard table, the gauges and
 * (later) the CloudWatch-like charts read. A decorator around any ShardHandle, so the same
 * numbers come out whether the shard lives in memory or in a worker.
 */
import type { PutEntry, PutOutcome, ReadOutcome, ShardMeta, StartPosition, Throttled } from './shardCore.js';
import type { MaybePromise, ShardHandle } from './shardHandle.js';
import type { StoredRecord } from './recordLog.js';
import { base64DecodedLength } from '../../util/base64.js';

const BUCKET_MS = 100;
const BUCKETS = 10; // 1 s of 100 ms buckets

/** A rate over the last second of virtual time, in 100 ms buckets. */
export class RollingRate {
  private readonly counts = new Float64Array(BUCKETS);
  private bucket = -1;

  add(n: number, now: number): void {
    this.roll(now);
    this.counts[this.bucket % BUCKETS]! += n;
  }

  /** Sum over the last second. */
  perSecond(now: number): number {
    this.roll(now);
    let s = 0;
    for (const c of this.counts) s += c;
    return s;
  }

  private roll(now: number): void {
    const b = Math.floor(now / BUCKET_MS);
    if (this.bucket < 0) this.bucket = b;
    if (b <= this.bucket) return;
    for (let i = this.bucket + 1; i <= Math.min(b, this.bucket + BUCKETS); i++) this.counts[i % BUCKETS] = 0;
    this.bucket = b;
  }
}

export interface ShardTraffic {
  readonly writeRecordsPerSec: number;
  readonly writeBytesPerSec: number;
  readonly writeThrottledPerSec: number;
  readonly readRecordsPerSec: number;
  readonly readBytesPerSec: number;
  readonly readCallsPerSec: number;
  readonly readThrottledPerSec: number;
  /** Running totals since the shard was made (observers average over any interval with them). */
  readonly totals: {
    readonly records: number;
    readonly bytes: number;
    readonly writeThrottled: number;
    readonly readThrottled: number;
    readonly readCalls?: number;
    readonly readBytes?: number;
  };
}

export class MeteredShard implements ShardHandle {
  private readonly wRecords = new RollingRate();
  private readonly wBytes = new RollingRate();
  private readonly wThrottled = new RollingRate();
  private readonly rRecords = new RollingRate();
  private readonly rBytes = new RollingRate();
  private readonly rCalls = new RollingRate();
  private readonly rThrottled = new RollingRate();
  private readonly totals = { records: 0, bytes: 0, writeThrottled: 0, readThrottled: 0, readCalls: 0, readBytes: 0 };

  constructor(readonly inner: ShardHandle) {}

  get id(): string { return this.inner.id; }
  private closed: ShardMeta | undefined;
  /** The shard's identity; `closedAt` is set once resharding closed it. */
  get meta(): ShardMeta { return this.closed ?? this.inner.meta; }
  /** A closed shard whose records all aged out of retention: gone from every listing (AWS: EXPIRED). */
  expired = false;

  /** Expires a closed shard: its storage (in the browser, its worker and database) is released. */
  expire(): void {
    if (this.expired) return;
    this.expired = true;
    void Promise.resolve(this.inner.dispose?.()).catch(() => undefined);
  }

  /** Marks the shard closed at `at` (virtual ms): it takes no more records (routing skips it). */
  close(at: number): void {
    this.closed ??= { ...this.inner.meta, closedAt: at };
  }
  get startingSequenceNumber(): string { return this.inner.startingSequenceNumber; }
  get enforceLimits(): boolean { return this.inner.enforceLimits; }
  set enforceLimits(on: boolean) { this.inner.enforceLimits = on; }
  get recordCount(): number { return this.inner.recordCount; }

  put(entries: readonly PutEntry[], now: number): MaybePromise<PutOutcome[]> {
    // Only the sizes are kept for when the outcomes arrive, not the entries (and their data).
    const sizes = new Int32Array(entries.length);
    for (let i = 0; i < entries.length; i++) sizes[i] = entries[i]!.bytes;
    return then(this.inner.put(entries, now), (outcomes) => {
      let records = 0, bytes = 0, throttled = 0;
      for (let i = 0; i < outcomes.length; i++) {
        if ('throttled' in outcomes[i]!) throttled++;
        else { records++; bytes += sizes[i]!; }
      }
      this.wRecords.add(records, now);
      this.wBytes.add(bytes, now);
      this.wThrottled.add(throttled, now);
      this.totals.records += records;
      this.totals.bytes += bytes;
      this.totals.writeThrottled += throttled;
      return outcomes;
    });
  }

  iteratorPosition(start: StartPosition, now: number, trimHorizon: number, unmetered = false): MaybePromise<number | Throttled> {
    return this.inner.iteratorPosition(start, now, trimHorizon, unmetered);
  }

  read(position: number, limit: number, now: number, trimHorizon: number): MaybePromise<ReadOutcome | Throttled> {
    return then(this.inner.read(position, limit, now, trimHorizon), (r) => {
      if ('throttled' in r) {
        this.rThrottled.add(1, now);
        this.totals.readThrottled++;
        return r;
      }
      let bytes = 0;
      for (const rec of r.records) bytes += base64DecodedLength(rec.data);
      this.rCalls.add(1, now);
      this.totals.readCalls++;
      this.totals.readBytes += bytes;
      this.rRecords.add(r.records.length, now);
      this.rBytes.add(bytes, now);
      return r;
    });
  }

  trim(horizon: number): MaybePromise<number> {
    return this.inner.trim(horizon);
  }

  browse(from: number, limit: number): MaybePromise<StoredRecord[]> {
    return this.inner.browse(from, limit);
  }

  dispose(): MaybePromise<void> {
    return this.inner.dispose?.();
  }

  traffic(now: number): ShardTraffic {
    return {
      writeRecordsPerSec: this.wRecords.perSecond(now),
      writeBytesPerSec: this.wBytes.perSecond(now),
      writeThrottledPerSec: this.wThrottled.perSecond(now),
      readRecordsPerSec: this.rRecords.perSecond(now),
      readBytesPerSec: this.rBytes.perSecond(now),
      readCallsPerSec: this.rCalls.perSecond(now),
      readThrottledPerSec: this.rThrottled.perSecond(now),
      totals: { ...this.totals },
    };
  }
}

/** Applies `f` without turning a synchronous value into a promise (keeps the in-memory path fast). */
function then<T, U>(v: MaybePromise<T>, f: (t: T) => U): MaybePromise<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}
