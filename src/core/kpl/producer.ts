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
import { AggregatorStage } from './aggregatorStage.js';
import { Collector } from './collector.js';
import { resolveKplConfig, type KplConfig } from './config.js';
import { Limiter } from './limiter.js';
import { KplMetrics, type KplMetricName, type MetricDimensions, type MetricStats } from './metrics.js';
import { putRecordsInput, thrownOutcome } from './putRecordsRequest.js';
import { Retrier } from './retrier.js';
import { finishUserRecord, makeKinesisRecord, type KinesisRecord, type TimedAttempt, type UserRecord } from './records.js';
import { effectiveHashKey, ShardMap, type ShardDescription } from './shardMap.js';
import type { KplPutRecordsOutcome, KplSend, UserRecordResult } from './types.js';

/** Options of a KinesisProducer beyond the KPL's configuration. */
export interface KinesisProducerOptions {
  /** Virtual time the producer starts at (epoch ms). Default 0. */
  now?: number;
  /**
   * Called when a record landed on a shard its map did not predict (the KPL then refreshes its
   * shard map with ListShards): answer with `setShards(...)`.
   */
  onShardMapStale?: (stream: string) => void;
}

/** A KPL instance: buffers user records and puts them through `send`, on its own virtual time. */
export class KinesisProducer {
  readonly config: Readonly<KplConfig>;
  private time: number;
  private readonly maps = new Map<string | undefined, ShardMap>();
  private readonly aggregator: AggregatorStage;
  private readonly limiter: Limiter;
  private readonly collector: Collector;
  private readonly retrier: Retrier;
  private readonly requests: KinesisRecord[][] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private outstanding = 0;
  private readonly stats: KplMetrics;

  constructor(private readonly send: KplSend, config: Partial<KplConfig> = {}, private readonly options: KinesisProducerOptions = {}) {
    this.config = Object.freeze(resolveKplConfig(config));
    this.time = options.now ?? 0;
    this.stats = new KplMetrics(this.config.MetricsLevel);
    // The stages read the producer's time when they need it, so a tick is seen everywhere at once.
    const clock = (): number => this.time;
    this.collector = new Collector(this.config, clock, (batches) => {
      for (const batch of batches) this.requests.push(batch);
      this.pump();
    });
    this.limiter = new Limiter(this.config.RateLimit, clock, {
      pass: (kr) => this.collector.put(kr),
      fail: (ur, code, message) => this.fail(ur, this.time, this.time, code, message),
    });
    this.aggregator = new AggregatorStage(this.config, clock, (kr) => this.limiter.put(kr));
    this.retrier = new Retrier(this.config, this.stats, {
      now: clock,
      shardMap: (stream) => this.maps.get(stream) ?? this.maps.get(undefined),
      retry: (ur) => this.aggregatorPut(ur),
      finish: (ur, last) => this.finish(ur, last),
      stale: (stream) => this.options.onShardMapStale?.(stream),
    });
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
    this.aggregator.flushAll();
    this.limiter.drainAll();
    this.collector.flushAll();
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

  // ── Aggregator (routing; the stage is aggregatorStage.ts) ──────────────────────────────────────

  private aggregatorPut(ur: UserRecord): void {
    const map = this.maps.get(ur.stream) ?? this.maps.get(undefined);
    const shardId = map?.shardOf(ur.hashKey);
    if (shardId === undefined) delete ur.predictedShard;
    else ur.predictedShard = shardId;
    // Spec §1.2: a user record bigger than AggregationMaxSize bypasses aggregation.
    if (!this.config.AggregationEnabled || shardId === undefined || ur.data.length > this.config.AggregationMaxSize) {
      this.limiter.put(makeKinesisRecord(ur.stream, shardId, [ur]));
      return;
    }
    this.aggregator.put(ur, shardId);
  }

  // ── Sending (the answers go to the Retrier, retrier.ts) ────────────────────────────────────────

  private pump(): void {
    while (this.inFlight.size < this.config.MaxConnections && this.requests.length > 0) {
      const batch = this.requests.shift()!;
      const start = this.time;
      const input = putRecordsInput(batch);
      let sent: Promise<KplPutRecordsOutcome>;
      try {
        sent = this.send(input);
      } catch (err) {
        sent = Promise.reject(err);
      }
      const done: Promise<void> = sent
        .then((out) => out, (err: unknown) => thrownOutcome(err))
        .then((out) => this.retrier.handle(batch, start, out))
        .finally(() => {
          this.inFlight.delete(done);
          this.pump();
        });
      this.inFlight.add(done);
    }
  }

  private fail(ur: UserRecord, start: number, end: number, errorCode: string, errorMessage: string): void {
    this.finish(ur, { start, end, errorCode, errorMessage });
  }

  private finish(ur: UserRecord, last: TimedAttempt): void {
    if (ur.finished) return;
    this.outstanding--;
    finishUserRecord(ur, last, this.stats);
  }

  // ── Timers ─────────────────────────────────────────────────────────────────────────────────────

  private nextTimer(): number | undefined {
    let next = this.limiter.poll;
    for (const t of [this.aggregator.nextTimer(), this.collector.nextTimer()]) {
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  private fireDue(): void {
    this.aggregator.fireDue();
    if (this.limiter.poll !== undefined && this.limiter.poll <= this.time) this.limiter.drainAll();
    this.collector.fireDue();
  }
}
