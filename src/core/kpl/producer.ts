/**
 * The Kinesis Producer Library, simulated on virtual time (spec §1.1–1.3, §1.6). The pipeline is
 * the KPL native daemon's (aws/kinesis/core/pipeline.h), per stream:
 *
 *   addUserRecord → Aggregator (one Reducer per predicted shard) → Limiter (per-shard token
 *   buckets) → Collector (one Reducer per stream) → PutRecords (≤ MaxConnections in flight)
 *   → Retrier (success, retry through the Aggregator again, or failure).
 *
 * Time moves only by `tick(now)`; timers that fall inside a tick fire at their own times, in order.
 */
import { encodeBase64 } from '../util/base64.js';
import { Aggregator } from './aggregation.js';
import { resolveKplConfig, type KplConfig } from './config.js';
import { KplMetrics, type KplMetricName, type MetricDimensions, type MetricStats } from './metrics.js';
import { accurateSize, entrySize, finishUserRecord, makeKinesisRecord, type KinesisRecord, type TimedAttempt, type UserRecord } from './records.js';
import { minOf, Reducer, type ChunkBuilder } from './reducer.js';
import { effectiveHashKey, ShardMap, type ShardDescription } from './shardMap.js';
import { ShardTokenBucket } from './tokenBucket.js';
import type { KplPutRecordsOutcome, KplSend, UserRecordResult } from './types.js';

/** Limiter.h kDrainDelayMillis: held-back records are retried every 25 ms. */
const LIMITER_POLL = 25;
const THROTTLED = 'ProvisionedThroughputExceededException';

/** The Aggregator stage of one (stream, predicted shard): a Reducer plus the exact size of all it holds. */
interface ShardAggregator { readonly stream: string; readonly shardId: string; readonly reducer: Reducer<UserRecord>; agg: Aggregator }
interface ShardLimiter { readonly bucket: ShardTokenBucket; readonly queue: KinesisRecord[] }
interface StreamCollector { readonly reducer: Reducer<KinesisRecord>; size: number }

export interface KinesisProducerOptions {
  /** Virtual time the producer starts at (epoch ms). Default 0. */
  now?: number;
  /**
   * Called when a record landed on a shard its map did not predict (the KPL then refreshes its
   * shard map with ListShards): answer with `setShards(...)`.
   */
  onShardMapStale?: (stream: string) => void;
}

export class KinesisProducer {
  readonly config: Readonly<KplConfig>;
  private time: number;
  private readonly maps = new Map<string | undefined, ShardMap>();
  private readonly aggregators = new Map<string, ShardAggregator>();
  private readonly limiters = new Map<string, ShardLimiter>();
  private readonly collectors = new Map<string, StreamCollector>();
  private readonly requests: KinesisRecord[][] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private limiterPoll: number | undefined;
  private outstanding = 0;
  private readonly stats: KplMetrics;

  constructor(private readonly send: KplSend, config: Partial<KplConfig> = {}, private readonly options: KinesisProducerOptions = {}) {
    this.config = Object.freeze(resolveKplConfig(config));
    this.time = options.now ?? 0;
    this.stats = new KplMetrics(this.config.MetricsLevel);
  }

  /** The producer's virtual time. */
  now(): number {
    return this.time;
  }

  /**
   * Replaces the shard map of `stream` (or, without it, the map of every stream that has no own
   * one) with a ListShards `Shards` list. Without a map the KPL cannot predict shards: records are
   * then sent alone, unaggregated and not rate-limited (aggregator.h, limiter.h).
   */
  setShards(shards: readonly ShardDescription[], stream?: string): void {
    const map = new ShardMap();
    map.set(shards);
    this.maps.set(stream, map);
  }

  /** User records accepted but not yet finished (KPL getOutstandingRecordsCount). */
  outstandingRecordsCount(): number {
    return this.outstanding;
  }

  /**
   * Buffers one user record; the promise settles with its result once it is put or has failed.
   * Invalid arguments throw at once, as the KPL's addUserRecord does (IllegalArgumentException).
   */
  addUserRecord(stream: string, partitionKey: string, data: Uint8Array, explicitHashKey?: string): Promise<UserRecordResult> {
    if (typeof stream !== 'string' || stream.length === 0) throw new TypeError('streamName cannot be null or empty');
    if (typeof partitionKey !== 'string') throw new TypeError('partitionKey cannot be null');
    if (partitionKey.length < 1 || partitionKey.length > 256) {
      throw new RangeError(`Invalid partition key. Length must be at least 1 and at most 256, got ${partitionKey.length}`);
    }
    if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
    if (data.length > this.config.MaxUserRecordSize) {
      throw new RangeError(`Data must be less than or equal to ${this.config.MaxUserRecordSize} bytes in size, got ${data.length} bytes`);
    }
    const hashKey = effectiveHashKey(partitionKey, explicitHashKey);
    this.stats.put('UserRecordsReceived', 1, { StreamName: stream });
    this.outstanding++;
    return new Promise<UserRecordResult>((resolve) => {
      this.aggregatorPut({
        stream, partitionKey, ...(explicitHashKey !== undefined ? { explicitHashKey } : {}), data: data.slice(), hashKey,
        arrival: this.time, expiration: this.time + this.config.RecordTtl, deadline: this.time + Math.min(this.config.RecordMaxBufferedTime, this.config.RecordTtl),
        attempts: [], finished: false, resolve,
      });
    });
  }

  /** Moves virtual time to `now`, firing every buffer deadline and limiter poll due by then, in time order. */
  tick(now: number): void {
    if (!Number.isFinite(now)) throw new RangeError(`tick(now) needs a finite time, got ${now}`);
    for (let next = this.nextTimer(); next !== undefined && next <= now; next = this.nextTimer()) {
      this.time = Math.max(this.time, next);
      this.fireDue();
    }
    this.time = Math.max(this.time, now);
    this.stats.put('UserRecordsPending', this.outstanding);
  }

  /**
   * Sends everything buffered now (KPL flush()): every aggregate, then every collection. The rate
   * limiter still holds back what is over a shard's limit; MaxConnections still queues requests.
   */
  flush(): void {
    for (const b of [...this.aggregators.values()]) this.flushAggregator(b, true);
    this.drainLimiters();
    for (const [stream, c] of [...this.collectors]) this.flushCollector(stream, c, true);
  }

  /** Resolves when no PutRecords is in flight (results handled). Time does not move meanwhile. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The statistics of a metric (KPL code name) under exactly `dims` (default: global). */
  metric(name: KplMetricName, dims?: MetricDimensions): MetricStats {
    return this.stats.get(name, dims);
  }

  /** Every metric at global granularity, by KPL code name (see KPL_METRIC_NAMES for CloudWatch's). */
  metrics(): Record<KplMetricName, MetricStats> {
    return this.stats.snapshot();
  }

  /** ErrorsByCode at global granularity: error code → count. */
  errorsByCode(): Record<string, number> {
    return this.stats.errorsByCode();
  }

  // ── Aggregator ────────────────────────────────────────────────────────────────────────────

  private aggregatorPut(ur: UserRecord): void {
    const map = this.maps.get(ur.stream) ?? this.maps.get(undefined);
    const shardId = map?.shardOf(ur.hashKey);
    if (shardId === undefined) delete ur.predictedShard;
    else ur.predictedShard = shardId;
    // Spec §1.2: a user record bigger than AggregationMaxSize bypasses aggregation.
    if (!this.config.AggregationEnabled || shardId === undefined || ur.data.length > this.config.AggregationMaxSize) {
      this.limiterPut(makeKinesisRecord(ur.stream, shardId, [ur]));
      return;
    }
    const key = `${ur.stream}\u0000${shardId}`;
    let b = this.aggregators.get(key);
    if (!b) this.aggregators.set(key, (b = { stream: ur.stream, shardId, reducer: new Reducer(), agg: new Aggregator() }));
    b.reducer.add(ur, this.time);
    b.agg.add(ur);
    // reducer.h add(): flush once the container reaches the count or size limit.
    if (b.reducer.items.length >= this.config.AggregationMaxCount || accurateSize(b.reducer.items, b.agg) >= this.config.AggregationMaxSize) {
      this.flushAggregator(b, false);
    }
  }

  /** Emits the earliest-deadline records that fit one aggregate (all of them, in aggregates, if `all`). */
  private flushAggregator(b: ShardAggregator, all: boolean): void {
    const { AggregationMaxCount: maxCount, AggregationMaxSize: maxSize } = this.config;
    const builder = (): ChunkBuilder<UserRecord> & { agg: Aggregator } => {
      const agg = new Aggregator();
      return { agg, fits: (ur) => agg.count + 1 <= maxCount && agg.sizeWith(ur) <= maxSize, add: (ur) => agg.add(ur) };
    };
    for (const chunk of b.reducer.take(all, this.time, builder)) {
      this.limiterPut(makeKinesisRecord(b.stream, b.shardId, chunk.items, chunk.built.agg));
    }
    b.agg = new Aggregator();
    for (const ur of b.reducer.items) b.agg.add(ur);
    if (b.reducer.items.length === 0) this.aggregators.delete(`${b.stream}\u0000${b.shardId}`);
  }

  // ── Limiter ───────────────────────────────────────────────────────────────────────────────

  private limiterPut(kr: KinesisRecord): void {
    if (kr.shardId === undefined) {
      this.collectorPut(kr);
      return;
    }
    const key = `${kr.stream}\u0000${kr.shardId}`;
    let l = this.limiters.get(key);
    if (!l) this.limiters.set(key, (l = { bucket: new ShardTokenBucket(this.config.RateLimit, this.time), queue: [] }));
    l.queue.push(kr);
    this.drain(l);
  }

  private drainLimiters(): void {
    this.limiterPoll = undefined;
    for (const l of this.limiters.values()) this.drain(l);
  }

  private drain(l: ShardLimiter): void {
    while (l.queue.length > 0) {
      const kr = l.queue[0]!;
      if (kr.items.every((ur) => this.time > ur.expiration)) {
        // pipeline.h retrier_put_kr: a record can expire while the limiter holds it back.
        l.queue.shift();
        for (const ur of kr.items) this.fail(ur, this.time, this.time, 'Expired', 'Expiration reached while waiting in limiter');
      } else if (l.bucket.tryTake(kr.data.length, this.time)) {
        l.queue.shift();
        this.collectorPut(kr);
      } else break;
    }
    if (l.queue.length > 0 && this.limiterPoll === undefined) this.limiterPoll = this.time + LIMITER_POLL;
  }

  // ── Collector and sending ─────────────────────────────────────────────────────────────────

  private collectorPut(kr: KinesisRecord): void {
    // pipeline.h collector_put: with aggregation, a record may wait min(50, 0.2 × RecordMaxBufferedTime) more for company.
    // Unsure: extend_deadline_from_now is not in the sources read (time_sensitive.h of 2015 lacks it);
    // taken as max(deadline, now + that), capped at the expiration like set_deadline. Its source would settle it.
    if (this.config.AggregationEnabled) {
      const extended = Math.max(kr.deadline, this.time + Math.min(50, this.config.RecordMaxBufferedTime * 0.2));
      kr.deadline = Math.min(extended, minOf(kr.items, (ur) => ur.expiration));
    }
    let c = this.collectors.get(kr.stream);
    if (!c) this.collectors.set(kr.stream, (c = { reducer: new Reducer(), size: 0 }));
    c.reducer.add(kr, this.time);
    c.size += entrySize(kr);
    if (c.reducer.items.length >= this.config.CollectionMaxCount || c.size >= this.config.CollectionMaxSize) {
      this.flushCollector(kr.stream, c, false);
    }
  }

  private flushCollector(stream: string, c: StreamCollector, all: boolean): void {
    const { CollectionMaxCount: maxCount, CollectionMaxSize: maxSize } = this.config;
    const builder = (): ChunkBuilder<KinesisRecord> => {
      let count = 0;
      let size = 0;
      // CollectionMaxSize: an oversize record still goes, alone (spec §1.2).
      return { fits: (kr) => count + 1 <= maxCount && size + entrySize(kr) <= maxSize, add: (kr) => { count++; size += entrySize(kr); } };
    };
    for (const chunk of c.reducer.take(all, this.time, builder)) this.requests.push(chunk.items);
    c.size = 0;
    for (const kr of c.reducer.items) c.size += entrySize(kr);
    if (c.reducer.items.length === 0) this.collectors.delete(stream);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < this.config.MaxConnections && this.requests.length > 0) {
      const batch = this.requests.shift()!;
      const start = this.time;
      const input = {
        StreamName: batch[0]!.stream,
        Records: batch.map((kr) => ({
          Data: encodeBase64(kr.data), PartitionKey: kr.partitionKey,
          ...(kr.explicitHashKey !== undefined ? { ExplicitHashKey: kr.explicitHashKey } : {}),
        })),
      };
      let sent: Promise<KplPutRecordsOutcome>;
      try {
        sent = this.send(input);
      } catch (err) {
        sent = Promise.reject(err);
      }
      const done: Promise<void> = sent
        .then((out) => out, (err: unknown) => thrown(err))
        .then((out) => this.handleResult(batch, start, out))
        .finally(() => {
          this.inFlight.delete(done);
          this.pump();
        });
      this.inFlight.add(done);
    }
  }

  // ── Retrier (retrier.cc) ──────────────────────────────────────────────────────────────────

  private handleResult(batch: KinesisRecord[], start: number, out: KplPutRecordsOutcome): void {
    const end = this.time;
    const stream = batch[0]!.stream;
    let users = 0;
    for (const kr of batch) {
      this.stats.put('UserRecordsPerKinesisRecord', kr.items.length, shardDims(stream, kr.shardId));
      users += kr.items.length;
    }
    this.stats.put('RequestTime', end - start, { StreamName: stream });
    this.stats.put('KinesisRecordsPerPutRecordsRequest', batch.length, { StreamName: stream });
    this.stats.put('UserRecordsPerPutRecordsRequest', users, { StreamName: stream });
    if (!out.ok) {
      const code = out.error.__type;
      this.stats.put('ErrorsByCode', 1, { StreamName: stream, ErrorCode: code });
      this.stats.put('AllErrors', 1, { StreamName: stream });
      for (const kr of batch) this.retryOrFail(kr.items, start, end, code, out.error.message);
      return;
    }
    const results = out.value.Records;
    if (results.length !== batch.length) {
      const msg = `Count of records in PutRecords response differs from the number sent: ${results.length} received, but ${batch.length} were sent.`;
      for (const kr of batch) for (const ur of kr.items) this.fail(ur, start, end, 'Record Count Mismatch', msg);
      return;
    }
    batch.forEach((kr, i) => {
      const r = results[i]!;
      const dims = shardDims(stream, kr.shardId);
      if ('SequenceNumber' in r) {
        this.stats.put('KinesisRecordsPut', 1, dims);
        this.stats.put('KinesisRecordsDataPut', kr.data.length, dims);
        this.stats.put('AllErrors', 0, dims);
        this.succeed(kr, r.ShardId, r.SequenceNumber, start, end);
      } else {
        this.stats.put('KinesisRecordsPut', 0, dims);
        this.stats.put('ErrorsByCode', 1, { ...dims, ErrorCode: r.ErrorCode });
        this.stats.put('AllErrors', 1, dims);
        this.retryOrFail(kr.items, start, end, r.ErrorCode, r.ErrorMessage);
      }
    });
  }

  private retryOrFail(items: readonly UserRecord[], start: number, end: number, code: string, message: string): void {
    for (const ur of items) {
      if (this.config.FailIfThrottled && code === THROTTLED) this.fail(ur, start, end, code, message);
      else this.retryNotExpired(ur, start, end, code, message);
    }
  }

  /**
   * retrier.cc retry_not_expired: the attempt is recorded; an expired record fails `Expired`;
   * otherwise it goes back to the aggregator with deadline now + RecordMaxBufferedTime/2 (capped at
   * its expiration) — no exponential backoff, the rate limiter bounds the retries (spec §1.3).
   */
  private retryNotExpired(ur: UserRecord, start: number, end: number, code: string, message: string): void {
    ur.attempts.push({ start, end, errorCode: code, errorMessage: message });
    if (this.time > ur.expiration) { // time_sensitive.h expired(): now > expiration
      this.fail(ur, this.time, this.time, 'Expired', 'Record has reached expiration');
      return;
    }
    ur.deadline = Math.min(this.time + this.config.RecordMaxBufferedTime / 2, ur.expiration);
    this.aggregatorPut(ur);
  }

  /** retrier.cc succeed_if_correct_shard: a record that landed outside its predicted shard's range is retried. */
  private succeed(kr: KinesisRecord, shardId: string, sequenceNumber: string, start: number, end: number): void {
    let stale = false;
    kr.items.forEach((ur, index) => {
      if (ur.predictedShard !== undefined && ur.predictedShard !== shardId) {
        const map = this.maps.get(ur.stream) ?? this.maps.get(undefined);
        const range = map?.rangeOf(shardId);
        if (!range || ur.hashKey < range.start || ur.hashKey > range.end) {
          stale = true;
          if (this.config.AggregationEnabled) {
            this.retryNotExpired(ur, start, end, 'Wrong Shard', 'Record did not end up in expected shard.');
            return;
          }
        }
      }
      this.finish(ur, { start, end, shardId, sequenceNumber, subSequenceNumber: kr.items.length === 1 ? 0 : index });
    });
    if (stale) this.options.onShardMapStale?.(kr.stream);
  }

  private fail(ur: UserRecord, start: number, end: number, errorCode: string, errorMessage: string): void {
    this.finish(ur, { start, end, errorCode, errorMessage });
  }

  private finish(ur: UserRecord, last: TimedAttempt): void {
    if (ur.finished) return;
    this.outstanding--;
    finishUserRecord(ur, last, this.stats);
  }

  // ── Timers ────────────────────────────────────────────────────────────────────────────────

  private nextTimer(): number | undefined {
    let next = this.limiterPoll;
    for (const { reducer: r } of [...this.aggregators.values(), ...this.collectors.values()]) {
      if (r.timer !== undefined && (next === undefined || r.timer < next)) next = r.timer;
    }
    return next;
  }

  private fireDue(): void {
    for (const b of [...this.aggregators.values()]) if (b.reducer.timer !== undefined && b.reducer.timer <= this.time) this.flushAggregator(b, false);
    if (this.limiterPoll !== undefined && this.limiterPoll <= this.time) this.drainLimiters();
    for (const [stream, c] of [...this.collectors]) if (c.reducer.timer !== undefined && c.reducer.timer <= this.time) this.flushCollector(stream, c, false);
  }
}

function shardDims(stream: string, shardId: string | undefined): MetricDimensions {
  return { StreamName: stream, ...(shardId !== undefined ? { ShardId: shardId } : {}) };
}

/** A `send` that threw or rejected: a failed request whose code is the error's name (as the SDK's exception name). */
function thrown(err: unknown): KplPutRecordsOutcome {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  return { ok: false, error: { __type: typeof e?.name === 'string' ? e.name : 'Error', message: typeof e?.message === 'string' ? e.message : String(err) } };
}
