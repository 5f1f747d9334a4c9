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
export const STATISTICS = ['Sum', 'SampleCount', 'Average', 'Minimum', 'Maximum'] as const;
export type Statistic = (typeof STATISTICS)[number];
/** The two resolutions kept by default: CloudWatch's 1 minute, and 1 second for a sped-up clock. */
export const PERIOD = { second: 1000, minute: 60_000 } as const;

/** CloudWatch's unit of a metric. */
export function metricUnit(m: MetricName): 'Bytes' | 'Milliseconds' | 'Count' {
  return m.endsWith('Bytes') ? 'Bytes' : m.endsWith('Milliseconds') ? 'Milliseconds' : 'Count';
}

/** CloudWatch dimensions: a stream, or one shard of it. */
export interface Dimensions { readonly StreamName: string; readonly ShardId?: string }

/** One period's statistics. `minimum`/`maximum` are null when the period had no sample. */
export interface Datapoint {
  /** Start of the period (virtual epoch ms, a multiple of the period). */
  readonly t: number;
  readonly sum: number;
  readonly sampleCount: number;
  readonly minimum: number | null;
  readonly maximum: number | null;
}

/** A chart point; `value` null = no samples for Average/Minimum/Maximum (draw a gap, not a 0). */
export interface SeriesPoint { readonly t: number; readonly value: number | null }

/** How many periods of one length to keep. */
export interface Retention { readonly periodMs: number; readonly points: number }

export interface MetricStoreOptions {
  /** Default: 300 one-second points (5 min) and 60 one-minute points (1 h, for scrubbing back). */
  readonly retention?: readonly Retention[];
  /** Virtual ms a PutRecords call stays open for the rest of its shards' events (default 5,000). */
  readonly settleMs?: number;
}

/** A stream and the shards that reported within the kept history. */
export interface SeenStream { readonly stream: string; readonly shards: readonly string[] }

/** Running statistics of one period. */
interface Acc { sum: number; count: number; min: number; max: number }
const emptyAcc = (): Acc => ({ sum: 0, count: 0, min: Infinity, max: -Infinity });
function mergeAcc(a: Acc, b: Acc): void {
  a.sum += b.sum;
  a.count += b.count;
  a.min = Math.min(a.min, b.min);
  a.max = Math.max(a.max, b.max);
}

/** A statistic of a datapoint: Sum/SampleCount 0 and the others null when it had no sample. */
export function statOf(d: Datapoint, stat: Statistic): number | null {
  switch (stat) {
    case 'Sum': return d.sum;
    case 'SampleCount': return d.sampleCount;
    case 'Average': return d.sampleCount ? d.sum / d.sampleCount : null;
    case 'Minimum': return d.minimum;
    case 'Maximum': return d.maximum;
  }
}

/**
 * One series' datapoints of one period length in a fixed ring of [period index, sum, count, min, max]:
 * a period overwrites the slot of the one `points` periods before it (old points drop).
 */
class Ring {
  private readonly a: Float64Array;
  constructor(private readonly periodMs: number, private readonly size: number) {
    this.a = new Float64Array(size * 5).fill(NaN);
  }

  /** Slot offset of the period holding `t`, or -1 when that period is older than the history kept. */
  private slot(t: number, latestT: number): [number, number] {
    const b = Math.floor(t / this.periodMs);
    if (b <= Math.floor(latestT / this.periodMs) - this.size) return [b, -1];
    return [b, (((b % this.size) + this.size) % this.size) * 5];
  }

  add(t: number, v: number, latestT: number): void {
    const [b, o] = this.slot(t, latestT);
    if (o < 0) return;
    const a = this.a;
    const same = a[o] === b;
    a[o] = b;
    a[o + 1] = (same ? a[o + 1]! : 0) + v;
    a[o + 2] = (same ? a[o + 2]! : 0) + 1;
    a[o + 3] = same ? Math.min(a[o + 3]!, v) : v;
    a[o + 4] = same ? Math.max(a[o + 4]!, v) : v;
  }

  /** Adds the period starting at `t` to `acc` if it is kept. */
  mergeInto(t: number, acc: Acc, latestT: number): void {
    const [b, o] = this.slot(t, latestT);
    const a = this.a;
    if (o >= 0 && a[o] === b) mergeAcc(acc, { sum: a[o + 1]!, count: a[o + 2]!, min: a[o + 3]!, max: a[o + 4]! });
  }
}

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
  private readonly retention: readonly Retention[];
  private readonly settleMs: number;
  private readonly rings = new Map<string, { rings: Ring[]; lastT: number }>();
  private readonly pending = new Map<string, CallGroup>();
  private readonly seen = new Map<string, Map<string, number>>();
  private latest = -Infinity;
  /** When observation began: before it, a quiet period is unknown, not 0. */
  private first = Infinity;
  private lastSweep = -Infinity;

  constructor(opts: MetricStoreOptions = {}) {
    this.retention = opts.retention ?? [{ periodMs: PERIOD.second, points: 300 }, { periodMs: PERIOD.minute, points: 60 }];
    this.settleMs = opts.settleMs ?? 5000;
  }

  /** Latest virtual time seen (events and ticks; -Infinity before any): periods up to its period exist, later ones not yet. */
  get latestT(): number {
    return this.latest;
  }

  /** Consumes one simulation event. */
  add(e: SimEvent): void {
    if (e.t > this.latest) this.latest = e.t;
    if (e.t < this.first) this.first = e.t;
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
    const r = this.retentionFor(periodMs);
    const oldest = (Math.floor(this.latest / r.periodMs) - r.points + 1) * r.periodMs;
    return Math.max(Math.ceil(oldest / periodMs) * periodMs, Math.floor(this.first / periodMs) * periodMs);
  }

  /**
   * Datapoints of the periods overlapping [fromT, toT], clipped to the kept history and to `latestT`
   * (the last one is still filling). Every period is present: one without samples has sum 0.
   * `periodMs` is a kept period or a multiple of one (5 min from 1-min points, as CloudWatch allows).
   */
  datapoints(metric: MetricName, dims: Dimensions, periodMs: number, fromT: number, toT: number): Datapoint[] {
    if (!Number.isFinite(this.latest)) return [];
    const r = this.retentionFor(periodMs);
    const ri = this.retention.indexOf(r);
    const first = Math.max(Math.floor(fromT / periodMs) * periodMs, this.oldestT(periodMs));
    const last = Math.floor(Math.min(toT, this.latest) / periodMs) * periodMs;
    const ring = this.rings.get(seriesKey(metric, dims.StreamName, dims.ShardId))?.rings[ri];
    const pend = dims.ShardId === undefined ? this.pendingAccs(metric, dims.StreamName, periodMs) : undefined;
    const out: Datapoint[] = [];
    for (let t = first; t <= last; t += periodMs) {
      const acc = emptyAcc();
      if (ring) for (let sub = t; sub < t + periodMs; sub += r.periodMs) ring.mergeInto(sub, acc, this.latest);
      const p = pend?.get(t);
      if (p) mergeAcc(acc, p);
      out.push({ t, sum: acc.sum, sampleCount: acc.count, minimum: acc.count ? acc.min : null, maximum: acc.count ? acc.max : null });
    }
    return out;
  }

  /**
   * A statistic per period, for a chart. Sum and SampleCount are 0 for a quiet period — where
   * CloudWatch would return no datapoint — so the line stays continuous and a quiet period reads as
   * "nothing happened"; Average/Minimum/Maximum are null there (no sample has no average).
   */
  series(metric: MetricName, dims: Dimensions, periodMs: number, stat: Statistic, fromT: number, toT: number): SeriesPoint[] {
    return this.datapoints(metric, dims, periodMs, fromT, toT).map((d) => ({ t: d.t, value: statOf(d, stat) }));
  }

  /** The statistic of the period holding `t` (a scrubbed moment); null when that period is not kept or not reached yet. */
  valueAt(metric: MetricName, dims: Dimensions, periodMs: number, stat: Statistic, t: number): number | null {
    const d = this.datapoints(metric, dims, periodMs, t, t)[0];
    return d ? statOf(d, stat) : null;
  }

  /** The finest kept period that `periodMs` is a multiple of; asking for another is a bug. */
  private retentionFor(periodMs: number): Retention {
    const fits = this.retention.filter((r) => periodMs >= r.periodMs && periodMs % r.periodMs === 0);
    const best = fits.sort((a, b) => b.periodMs - a.periodMs)[0];
    if (!best) throw new Error(`No kept period divides ${periodMs} ms`);
    return best;
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
    const horizon = this.latest - Math.max(...this.retention.map((r) => r.periodMs * r.points));
    for (const [key, s] of this.rings) if (s.lastT < horizon) this.rings.delete(key);
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
    const key = seriesKey(m, stream, shard);
    let s = this.rings.get(key);
    if (!s) this.rings.set(key, (s = { rings: this.retention.map((r) => new Ring(r.periodMs, r.points)), lastT: t }));
    if (t > s.lastT) s.lastT = t;
    for (const ring of s.rings) ring.add(t, v, this.latest);
  }
}
