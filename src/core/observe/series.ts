/**
 * CloudWatch-style time series, shared by the Kinesis and Firehose metric stores: per series key,
 * datapoints of each kept period length in a fixed ring (Sum, SampleCount, Minimum, Maximum), in
 * periods aligned to period boundaries as CloudWatch aligns them. Memory stays bounded however
 * long a lesson runs.
 */

export const STATISTICS = ['Sum', 'SampleCount', 'Average', 'Minimum', 'Maximum'] as const;
export type Statistic = (typeof STATISTICS)[number];
/** The two resolutions kept by default: CloudWatch's 1 minute, and 1 second for a sped-up clock. */
export const PERIOD = { second: 1000, minute: 60_000 } as const;

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

/** Running statistics of one period. */
export interface Acc { sum: number; count: number; min: number; max: number }
export const emptyAcc = (): Acc => ({ sum: 0, count: 0, min: Infinity, max: -Infinity });
export function mergeAcc(a: Acc, b: Acc): void {
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
export class Ring {
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


/** A set of series, each kept at every retention. */
export class SeriesStore {
  readonly retention: readonly Retention[];
  private readonly rings = new Map<string, { rings: Ring[]; lastT: number }>();
  private latest = -Infinity;
  /** When observation began: before it, a quiet period is unknown, not 0. */
  private first = Infinity;

  constructor(retention: readonly Retention[] = [{ periodMs: PERIOD.second, points: 300 }, { periodMs: PERIOD.minute, points: 60 }]) {
    this.retention = retention;
  }

  /** Latest virtual time seen (-Infinity before any). */
  get latestT(): number {
    return this.latest;
  }

  /** Time moved on (an event, a tick), with or without a sample. */
  see(t: number): void {
    if (t > this.latest) this.latest = t;
    if (t < this.first) this.first = t;
  }

  record(key: string, t: number, v: number): void {
    let s = this.rings.get(key);
    if (!s) this.rings.set(key, (s = { rings: this.retention.map((r) => new Ring(r.periodMs, r.points)), lastT: t }));
    if (t > s.lastT) s.lastT = t;
    for (const ring of s.rings) ring.add(t, v, this.latest);
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
   * `extra(t)` adds samples not yet recorded (the Kinesis store's open PutRecords calls).
   */
  datapoints(key: string, periodMs: number, fromT: number, toT: number, extra?: (t: number) => Acc | undefined): Datapoint[] {
    if (!Number.isFinite(this.latest)) return [];
    const r = this.retentionFor(periodMs);
    const ri = this.retention.indexOf(r);
    const first = Math.max(Math.floor(fromT / periodMs) * periodMs, this.oldestT(periodMs));
    const last = Math.floor(Math.min(toT, this.latest) / periodMs) * periodMs;
    const ring = this.rings.get(key)?.rings[ri];
    const out: Datapoint[] = [];
    for (let t = first; t <= last; t += periodMs) {
      const acc = emptyAcc();
      if (ring) for (let sub = t; sub < t + periodMs; sub += r.periodMs) ring.mergeInto(sub, acc, this.latest);
      const p = extra?.(t);
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
  series(key: string, periodMs: number, stat: Statistic, fromT: number, toT: number): SeriesPoint[] {
    return this.datapoints(key, periodMs, fromT, toT).map((d) => ({ t: d.t, value: statOf(d, stat) }));
  }

  /** Forgets series with no sample within every kept history; returns that horizon. */
  sweep(): number {
    const horizon = this.latest - Math.max(...this.retention.map((r) => r.periodMs * r.points));
    for (const [key, s] of this.rings) if (s.lastT < horizon) this.rings.delete(key);
    return horizon;
  }

  /** The finest kept period that `periodMs` is a multiple of; asking for another is a bug. */
  private retentionFor(periodMs: number): Retention {
    const fits = this.retention.filter((r) => periodMs >= r.periodMs && periodMs % r.periodMs === 0);
    const best = fits.sort((a, b) => b.periodMs - a.periodMs)[0];
    if (!best) throw new Error(`No kept period divides ${periodMs} ms`);
    return best;
  }
}
