/**
 * CloudWatch-like metrics (namespace AWS/Kinesis) computed from the simulation's events: per stream
 * (`{ StreamName }`) and per shard (`{ StreamName, ShardId }`), in periods aligned to period
 * boundaries as CloudWatch aligns them, keeping Sum, SampleCount, Minimum and Maximum per datapoint.
 * Every period keeps a fixed ring of datapoints, so memory stays bounded however long a lesson runs.
 *
 * A sample is one operation, as AWS describes it ("Minimum, Maximum, and Average represent the
 * records in a single put operation"): stream level one per API call, shard level one per shard's
 * part of a call. Throttled calls add 0-samples to the *.Success metrics (Average = success rate).
 */
import type { PutEvent, SimEvent } from './events.js';
import { emptyAcc, mergeAcc, SeriesStore, statOf, type Acc, type Datapoint, type Retention, type SeriesPoint, type Statistic } from './series.js';

export { PERIOD, STATISTICS, statOf } from './series.js';
export type { Datapoint, Retention, SeriesPoint, Statistic } from './series.js';

/** Stream-level metrics (free in AWS), in the console's order. */
export const STREAM_METRICS = [
  'IncomingRecords', 'IncomingBytes', 'PutRecord.Success', 'PutRecord.Bytes', 'PutRecords.Success', 'PutRecords.Bytes',
  'PutRecords.TotalRecords', 'PutRecords.SuccessfulRecords', 'PutRecords.ThrottledRecords',
  'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'GetRecords.Success', 'GetRecords.Records',
  'GetRecords.Bytes', 'GetRecords.IteratorAgeMilliseconds',
] as const;
/** Enhanced (shard-level) monitoring: AWS's `ALL` set. */
export const SHARD_METRICS = [
  'IncomingBytes', 'IncomingRecords', 'IteratorAgeMilliseconds', 'OutgoingBytes', 'OutgoingRecords',
  'ReadProvisionedThroughputExceeded', 'WriteProvisionedThroughputExceeded',
] as const;
export type StreamMetric = (typeof STREAM_METRICS)[number];
export type ShardMetric = (typeof SHARD_METRICS)[number];
export type MetricName = StreamMetric | ShardMetric;
export type MetricLevel = 'stream' | 'shard';

/** CloudWatch's unit of a metric. */
export function metricUnit(m: MetricName): 'Bytes' | 'Milliseconds' | 'Count' {
  return m.endsWith('Bytes') ? 'Bytes' : m.endsWith('Milliseconds') ? 'Milliseconds' : 'Count';
}

/** CloudWatch dimensions: a stream, or one shard of it. */
export interface Dimensions { readonly StreamName: string; readonly ShardId?: string }

export interface MetricStoreOptions {
  /** Default: 300 one-second points (5 min) and 60 one-minute points (1 h, for scrubbing back). */
  readonly retention?: readonly Retention[];
  /** Virtual ms a PutRecords call stays open for the rest of its shards' events (default 5,000). */
  readonly settleMs?: number;
}

/** A stream and the shards that reported within the kept history. */
export interface SeenStream { readonly stream: string; readonly shards: readonly string[] }

/** What one put call did, summed over its shards. */
interface PutCall { total: number; ok: number; throttled: number; bytes: number }

/**
 * The stream-level samples of one put call. Incoming* and *.Bytes count stored records only, so
 * a call with none adds no sample to them; WriteProvisionedThroughputExceeded adds a sample per
 * call (Sum = throttled records, as the spec states).
 */
function callSamples(op: PutEvent['operation'], c: PutCall, f: (m: StreamMetric, v: number) => void): void {
  const some = c.ok > 0;
  if (some) {
    f('IncomingRecords', c.ok);
    f('IncomingBytes', c.bytes);
  }
  // Unsure: AWS's sample per call for WriteProvisionedThroughputExceeded — its Average is commonly read as the share of throttled calls.
  f('WriteProvisionedThroughputExceeded', c.throttled);
  if (op === 'PutRecord') {
    f('PutRecord.Success', some ? 1 : 0);
    if (some) f('PutRecord.Bytes', c.bytes);
    return;
  }
  f('PutRecords.Success', some ? 1 : 0); // AWS: "operations where at least one record succeeded"
  if (some) f('PutRecords.Bytes', c.bytes);
  f('PutRecords.TotalRecords', c.total);
  f('PutRecords.SuccessfulRecords', c.ok);
  f('PutRecords.ThrottledRecords', c.throttled);
}

/** The PutRecords calls of one stream at one virtual millisecond (see `assemble`). */
interface CallGroup {
  readonly stream: string;
  readonly t: number;
  readonly slices: Map<string, number>;
  readonly calls: PutCall[];
}

const seriesKey = (m: MetricName, stream: string, shard = ''): string => `${m}\u0000${stream}\u0000${shard}`;

/** Aggregates `SimEvent`s into CloudWatch-style datapoints; feed it with `add`, read with `series`/`valueAt`. */
export class MetricStore {
  private readonly settleMs: number;
  private readonly store: SeriesStore;
  private readonly pending = new Map<string, CallGroup>();
  private readonly seen = new Map<string, Map<string, number>>();
  private lastSweep = -Infinity;

  constructor(opts: MetricStoreOptions = {}) {
    this.store = new SeriesStore(opts.retention);
    this.settleMs = opts.settleMs ?? 5000;
  }

  /** Latest virtual time seen (events and ticks; -Infinity before any): periods up to its period exist, later ones not yet. */
  get latestT(): number {
    return this.store.latestT;
  }

  private get latest(): number {
    return this.store.latestT;
  }

  /** Consumes one simulation event. */
  add(e: SimEvent): void {
    this.store.see(e.t);
    switch (e.type) {
      case 'put': this.put(e); break;
      case 'read':
        // Unsure: that a served GetRecords adds a 0-sample to ReadProvisionedThroughputExceeded (Average = share throttled);
        // a CloudWatch GetMetricStatistics on a lightly throttled stream would settle it.
        this.stream(e.stream, e.shardId, e.t, { 'GetRecords.Success': 1, 'GetRecords.Records': e.records, 'GetRecords.Bytes': e.bytes,
          'GetRecords.IteratorAgeMilliseconds': e.iteratorAgeMs, ReadProvisionedThroughputExceeded: 0 });
        this.shard(e.stream, e.shardId, e.t, { OutgoingRecords: e.records, OutgoingBytes: e.bytes, IteratorAgeMilliseconds: e.iteratorAgeMs,
          ReadProvisionedThroughputExceeded: 0 });
        break;
      case 'readThrottled':
        // Unsure: whether AWS adds a 0-sample to GetRecords.Success for a throttled call (its Average is described as a success rate).
        this.stream(e.stream, e.shardId, e.t, { 'GetRecords.Success': 0, ReadProvisionedThroughputExceeded: 1 });
        this.shard(e.stream, e.shardId, e.t, { ReadProvisionedThroughputExceeded: 1 });
        break;
      case 'shardOpened': case 'shardClosed': this.touch(e.stream, e.shardId, e.t); break;
      case 'tick': break;
    }
    if (this.latest - this.lastSweep >= this.settleMs) this.sweep();
  }

  /** The metric names of a level, in AWS's console order. */
  metricNames(level: MetricLevel): readonly MetricName[] {
    return level === 'stream' ? STREAM_METRICS : SHARD_METRICS;
  }

  /** Streams and shards with data in the kept history, sorted by name. */
  dimensionsSeen(): SeenStream[] {
    return [...this.seen].sort(([a], [b]) => a.localeCompare(b)).map(([stream, shards]) => ({ stream, shards: [...shards.keys()].sort() }));
  }

  /** Start of the oldest period of `periodMs` still kept (and not before the first event). */
  oldestT(periodMs: number): number {
    return this.store.oldestT(periodMs);
  }

  /**
   * Datapoints of the periods overlapping [fromT, toT] (see `SeriesStore.datapoints`), with the
   * PutRecords calls still being assembled counted as they stand.
   */
  datapoints(metric: MetricName, dims: Dimensions, periodMs: number, fromT: number, toT: number): Datapoint[] {
    const pend = dims.ShardId === undefined ? this.pendingAccs(metric, dims.StreamName, periodMs) : undefined;
    return this.store.datapoints(seriesKey(metric, dims.StreamName, dims.ShardId), periodMs, fromT, toT, pend ? (t) => pend.get(t) : undefined);
  }

  /** A statistic per period, for a chart (see `SeriesStore.series`). */
  series(metric: MetricName, dims: Dimensions, periodMs: number, stat: Statistic, fromT: number, toT: number): SeriesPoint[] {
    return this.datapoints(metric, dims, periodMs, fromT, toT).map((d) => ({ t: d.t, value: statOf(d, stat) }));
  }

  /** The statistic of the period holding `t` (a scrubbed moment); null when that period is not kept or not reached yet. */
  valueAt(metric: MetricName, dims: Dimensions, periodMs: number, stat: Statistic, t: number): number | null {
    const d = this.datapoints(metric, dims, periodMs, t, t)[0];
    return d ? statOf(d, stat) : null;
  }

  private put(e: PutEvent): void {
    let bytes = 0;
    for (const r of e.accepted) bytes += r.bytes;
    const ok = e.accepted.length;
    const throttled = e.throttled.length;
    this.shard(e.stream, e.shardId, e.t, ok > 0 ? { IncomingRecords: ok, IncomingBytes: bytes, WriteProvisionedThroughputExceeded: throttled }
      : { WriteProvisionedThroughputExceeded: throttled });
    const call: PutCall = { total: ok + throttled, ok, throttled, bytes };
    if (e.operation === 'PutRecord') callSamples('PutRecord', call, (m, v) => this.record(m, e.stream, undefined, e.t, v));
    else this.assemble(e, call);
  }

  /**
   * One PutRecords call reaches observers as one `put` event per shard, all with the call's `t`,
   * possibly interleaved with other calls' events (shards answer asynchronously). Events of one
   * stream at one millisecond are grouped; a shard's k-th event there belongs to the k-th call.
   * That is exact while a stream gets at most one PutRecords per virtual millisecond; beyond it,
   * calls touching disjoint shards merge (the call counts are then a lower bound — totals stay exact).
   * A group is written once `settleMs` passed; until then queries count it as it stands. A slice
   * arriving after that counts as a call of its own.
   */
  private assemble(e: PutEvent, c: PutCall): void {
    const key = `${e.stream}\u0000${e.t}`;
    let g = this.pending.get(key);
    if (!g) this.pending.set(key, (g = { stream: e.stream, t: e.t, slices: new Map(), calls: [] }));
    const k = g.slices.get(e.shardId) ?? 0;
    g.slices.set(e.shardId, k + 1);
    const call = g.calls[k] ?? (g.calls[k] = { total: 0, ok: 0, throttled: 0, bytes: 0 });
    call.total += c.total;
    call.ok += c.ok;
    call.throttled += c.throttled;
    call.bytes += c.bytes;
  }

  /** Open PutRecords groups of a stream as per-period accumulators of one metric. */
  private pendingAccs(metric: MetricName, stream: string, periodMs: number): Map<number, Acc> | undefined {
    if (this.pending.size === 0) return undefined;
    const out = new Map<number, Acc>();
    for (const g of this.pending.values()) {
      if (g.stream !== stream) continue;
      const t = Math.floor(g.t / periodMs) * periodMs;
      for (const c of g.calls) callSamples('PutRecords', c, (m, v) => {
        if (m !== metric) return;
        const acc = out.get(t) ?? emptyAcc();
        mergeAcc(acc, { sum: v, count: 1, min: v, max: v });
        out.set(t, acc);
      });
    }
    return out;
  }

  /** Writes settled PutRecords groups and forgets series and dimensions older than every kept history. */
  private sweep(): void {
    this.lastSweep = this.latest;
    for (const [key, g] of this.pending) {
      if (g.t > this.latest - this.settleMs) continue;
      this.pending.delete(key);
      for (const c of g.calls) callSamples('PutRecords', c, (m, v) => this.record(m, g.stream, undefined, g.t, v));
    }
    const horizon = this.store.sweep();
    for (const [stream, shards] of this.seen) {
      for (const [shard, lastT] of shards) if (lastT < horizon) shards.delete(shard);
      if (shards.size === 0) this.seen.delete(stream);
    }
  }

  private stream(stream: string, shard: string, t: number, samples: Partial<Record<StreamMetric, number>>): void {
    this.touch(stream, shard, t);
    for (const [m, v] of Object.entries(samples)) this.record(m as StreamMetric, stream, undefined, t, v);
  }

  private shard(stream: string, shard: string, t: number, samples: Partial<Record<ShardMetric, number>>): void {
    this.touch(stream, shard, t);
    for (const [m, v] of Object.entries(samples)) this.record(m as ShardMetric, stream, shard, t, v);
  }

  private touch(stream: string, shard: string, t: number): void {
    let shards = this.seen.get(stream);
    if (!shards) this.seen.set(stream, (shards = new Map()));
    if (t > (shards.get(shard) ?? -Infinity)) shards.set(shard, t);
  }

  private record(m: MetricName, stream: string, shard: string | undefined, t: number, v: number): void {
    this.store.record(seriesKey(m, stream, shard), t, v);
  }
}
