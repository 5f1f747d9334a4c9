/**
 * The cost meter: what a stream would cost on AWS right now, per hour and per 730-hour month,
 * line by line as AWS bills it (spec §10) — shard-hours, PUT payload units, retention, enhanced
 * fan-out in provisioned mode; stream-hours and per-GB in/out in on-demand mode. Pure functions
 * over figures the caller observed; every price comes from `prices.ts`.
 */
import type { PutEvent } from '../observe/events.js';
import type { StreamMode } from '../kinesis/stream.js';
import { BYTES_PER_GB, HOURS_PER_MONTH, PRICE_SOURCE, PRICES, type PriceId } from './prices.js';

/**
 * Bytes in one PUT payload unit: 25 KB with KB = 1,024 bytes (25,600 B).
 *
 * AWS's examples are "5 KB → 1 unit, 45 KB → 2, 1 MB → 40". Two readings fit all three:
 * decimal units (1,000,000 / 25,000 = 40) or 1,024-byte KB with "1 MB" meaning 1,000 KB
 * (1,024,000 / 25,600 = 40); a 1 MiB record read the binary way gives 40.96 → 41, which does
 * not fit. We take the 1,024-byte KB because the same pricing page defines its KB as
 * "1 KB (1,024 bytes)" for on-demand data in, and Kinesis sizes records in KiB/MiB throughout.
 * Unsure: the two readings differ only for records of 25,001–25,600 bytes (and multiples);
 * a bill for a million 25,300-byte records (1 M units or 2 M?) would settle it.
 */
export const PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;

/** On-demand data in counts each record rounded up to 1 KB, "1 KB (1,024 bytes)" per AWS. */
export const ON_DEMAND_RECORD_ROUNDING_BYTES = 1024;

/**
 * PUT payload units one record costs: its size in 25 KB chunks, rounded up, at least 1.
 * `recordBytes` is data + partition key, what the record-size limit counts. Unsure: AWS says
 * "payload chunks that comprise a record" without saying whether the key is in it.
 */
export function putPayloadUnits(recordBytes: number): number {
  return Math.max(1, Math.ceil(recordBytes / PUT_PAYLOAD_UNIT_BYTES));
}

/** The bytes on-demand mode bills for one record: rounded up to a whole KB, at least 1 KB. */
export function onDemandBilledBytes(recordBytes: number): number {
  return Math.max(1, Math.ceil(recordBytes / ON_DEMAND_RECORD_ROUNDING_BYTES)) * ON_DEMAND_RECORD_ROUNDING_BYTES;
}

/** What the meter needs to know about a stream and its traffic. Rates are per (virtual) second. */
export interface CostInput {
  readonly mode: StreamMode;
  readonly openShards: number;
  readonly retentionHours: number;
  /** Registered enhanced fan-out consumers (0 when absent). */
  readonly efoConsumers?: number;
  /** Bytes/s pushed to enhanced fan-out consumers (SubscribeToShard), billed apart from polling. */
  readonly efoOutgoingBytesPerSecond?: number;
  /** PUT payload units accepted per second (provisioned billing); see `PutUnitMeter`. */
  readonly putUnitsPerSecond: number;
  /**
   * Bytes written per second. On-demand bills each record rounded up to 1 KB, so pass
   * `PutUnitMeter.traffic().billedIncomingBytesPerSecond` when you have it.
   */
  readonly incomingBytesPerSecond: number;
  /** Bytes read per second by GetRecords (free in provisioned mode; per GB on-demand). */
  readonly outgoingBytesPerSecond: number;
  /** Bytes the stream holds now (inside retention). */
  readonly storedBytes: number;
}

/** One billed dimension, as a line of the bill. */
export interface CostLine {
  readonly id: PriceId;
  /** AWS's own wording of the dimension. */
  readonly label: string;
  readonly unit: string;
  /** Units used per hour at the current rate (a GB-month line accrues GB / 730 per hour). */
  readonly quantityPerHour: number;
  /** US dollars per `unit`. */
  readonly pricePerUnit: number;
  readonly costPerHour: number;
  /** The price is one the spec marks "(verify)". */
  readonly verify: boolean;
  /** How an estimated quantity was estimated (absent when it was measured). */
  readonly note?: string;
}

/** The whole bill: lines, totals, and where the prices came from. */
export interface CostBreakdown {
  readonly mode: StreamMode;
  readonly lines: readonly CostLine[];
  readonly totalPerHour: number;
  /** `totalPerHour × 730`: the month of AWS's Pricing Calculator, at today's rate all month. */
  readonly totalPerMonth: number;
  readonly hoursPerMonth: number;
  readonly source: typeof PRICE_SOURCE;
}

/** Retention up to this many hours is included in the price (spec §6). */
export const INCLUDED_RETENTION_HOURS = 24;
/** Above this, data is in long-term retention, billed per GB-month (spec §6: > 168 h). */
export const EXTENDED_RETENTION_MAX_HOURS = 168;

/**
 * The share of the data held that is between `fromHours` and `toHours` old, assuming steady
 * traffic has filled the retention window (then data is spread evenly over ages 0…retention).
 * The simulator does not track the age mix of what it holds, so retention billed per GB is
 * this share of `storedBytes` — an estimate, said so on the line.
 */
export function retentionShare(retentionHours: number, fromHours: number, toHours: number): number {
  if (!(retentionHours > fromHours)) return 0;
  return (Math.min(retentionHours, toHours) - fromHours) / retentionHours;
}

const SECONDS_PER_HOUR = 3600;
/** NaN, infinities and negatives (a clock stepped back, a stale snapshot) count as nothing. */
const clean = (n: number | undefined): number => (n !== undefined && Number.isFinite(n) && n > 0 ? n : 0);
const gbPerHour = (bytesPerSecond: number): number => (clean(bytesPerSecond) * SECONDS_PER_HOUR) / BYTES_PER_GB;
/** Holding `bytes` for one hour accrues this many GB-months. */
const gbMonthsPerHour = (bytes: number): number => clean(bytes) / BYTES_PER_GB / HOURS_PER_MONTH;

function line(id: PriceId, quantityPerHour: number, note?: string): CostLine {
  const p = PRICES[id];
  const base = { id, label: p.label, unit: p.unit, quantityPerHour, pricePerUnit: p.usd, costPerHour: quantityPerHour * p.usd, verify: p.verify };
  return note !== undefined ? { ...base, note } : base;
}

/**
 * Prices a stream at its current shape and rates. Provisioned: shard-hours, PUT payload units,
 * extended retention per shard-hour above 24 h, enhanced fan-out; GetRecords reads are free.
 * On-demand: a stream-hour, GB in (records rounded up to 1 KB), GB out, retention per GB-month.
 * Long-term retention (above 168 h) is per GB-month in both. Lines that do not apply are left out.
 */
export function estimateCost(input: CostInput): CostBreakdown {
  const retention = clean(input.retentionHours);
  const shards = clean(input.openShards);
  const efo = clean(input.efoConsumers);
  const lines: CostLine[] = [];

  if (input.mode === 'PROVISIONED') {
    lines.push(line('shardHour', shards));
    lines.push(line('putPayloadUnitsPerMillion', (clean(input.putUnitsPerSecond) * SECONDS_PER_HOUR) / 1e6));
    // Unsure: a stream kept beyond 7 days is taken to pay extended retention for days 2–7 as well
    // as long-term storage for the rest (AWS prices the two as tiers); a bill would settle it.
    if (retention > INCLUDED_RETENTION_HOURS) lines.push(line('extendedRetentionShardHour', shards));
  } else {
    lines.push(line('onDemandStreamHour', 1));
    lines.push(line('onDemandDataInPerGB', gbPerHour(input.incomingBytesPerSecond)));
    lines.push(line('onDemandDataOutPerGB', gbPerHour(input.outgoingBytesPerSecond)));
    if (retention > INCLUDED_RETENTION_HOURS) {
      const share = retentionShare(retention, INCLUDED_RETENTION_HOURS, EXTENDED_RETENTION_MAX_HOURS);
      lines.push(line('onDemandExtendedRetentionGBMonth', gbMonthsPerHour(input.storedBytes * share), 'estimated: the share of the data held that is 1–7 days old, at steady traffic'));
    }
  }

  if (retention > EXTENDED_RETENTION_MAX_HOURS) {
    const share = retentionShare(retention, EXTENDED_RETENTION_MAX_HOURS, retention);
    lines.push(line('longTermRetentionGBMonth', gbMonthsPerHour(input.storedBytes * share), 'estimated: the share of the data held that is over 7 days old, at steady traffic'));
  }

  if (efo > 0) {
    if (input.mode === 'PROVISIONED') {
      lines.push(line('efoConsumerShardHour', efo * shards));
      lines.push(line('efoDataRetrievalPerGB', gbPerHour(clean(input.efoOutgoingBytesPerSecond))));
    } else {
      // Unsure: on-demand enhanced fan-out also has a consumer-stream-hour fee the spec gives no
      // price for; only its data out is billed here.
      lines.push(line('onDemandEfoDataOutPerGB', gbPerHour(clean(input.efoOutgoingBytesPerSecond))));
    }
  }

  const totalPerHour = lines.reduce((sum, l) => sum + l.costPerHour, 0);
  return { mode: input.mode, lines, totalPerHour, totalPerMonth: totalPerHour * HOURS_PER_MONTH, hoursPerMonth: HOURS_PER_MONTH, source: PRICE_SOURCE };
}

/** Write traffic as the two capacity modes bill it, per virtual second over the meter's window. */
export interface PutTraffic {
  readonly putUnitsPerSecond: number;
  readonly recordsPerSecond: number;
  /** Data + partition key bytes as written. */
  readonly incomingBytesPerSecond: number;
  /** The same records as on-demand bills them: each rounded up to 1 KB. */
  readonly billedIncomingBytesPerSecond: number;
}

interface Bucket { readonly t: number; units: number; records: number; bytes: number; billedBytes: number }

/**
 * Accumulates PUT payload units from observed `PutEvent`s over a sliding window of virtual time,
 * so the cost panel can price the traffic the simulation actually carries. Only accepted records
 * count: Unsure — AWS is taken not to bill records it throttled; a bill would settle it.
 *
 * A rate is what arrived in `(now − windowMs, now]` divided by the window, so it ramps up over
 * the first window and settles; a long window keeps bursty producers from making it flicker.
 */
export class PutUnitMeter {
  /** One bucket per distinct event time, oldest first (events come in time order). */
  private buckets: Bucket[] = [];
  private readonly windowMs: number;
  private readonly stream: string | undefined;

  /** `stream`: count only this stream's events (the UI feeds every event to every meter). */
  constructor(options: { windowMs?: number; stream?: string } = {}) {
    this.windowMs = options.windowMs !== undefined && options.windowMs > 0 ? options.windowMs : 10_000;
    this.stream = options.stream;
  }

  /** Counts the accepted records of one put event. */
  add(event: PutEvent): void {
    if (this.stream !== undefined && event.stream !== this.stream) return;
    if (event.accepted.length === 0) return;
    const last = this.buckets[this.buckets.length - 1];
    const b = last !== undefined && last.t === event.t ? last : { t: event.t, units: 0, records: 0, bytes: 0, billedBytes: 0 };
    if (b !== last) this.buckets.push(b);
    for (const r of event.accepted) {
      b.units += putPayloadUnits(r.bytes);
      b.records += 1;
      b.bytes += r.bytes;
      b.billedBytes += onDemandBilledBytes(r.bytes);
    }
  }

  /** PUT payload units per second over the window ending at `now`. */
  perSecond(now: number): number {
    return this.traffic(now).putUnitsPerSecond;
  }

  /** Every write rate over the window ending at `now` (virtual ms). */
  traffic(now: number): PutTraffic {
    const from = now - this.windowMs;
    let drop = 0;
    while (drop < this.buckets.length && this.buckets[drop]!.t <= from) drop += 1;
    if (drop > 0) this.buckets.splice(0, drop);
    const sum = { units: 0, records: 0, bytes: 0, billedBytes: 0 };
    // Events after `now` (the clock was set back) are not counted, nor dropped.
    for (const b of this.buckets) {
      if (b.t > now) continue;
      sum.units += b.units;
      sum.records += b.records;
      sum.bytes += b.bytes;
      sum.billedBytes += b.billedBytes;
    }
    const seconds = this.windowMs / 1000;
    return {
      putUnitsPerSecond: sum.units / seconds,
      recordsPerSecond: sum.records / seconds,
      incomingBytesPerSecond: sum.bytes / seconds,
      billedIncomingBytesPerSecond: sum.billedBytes / seconds,
    };
  }

  /** Forgets everything seen (a stream recreated, the clock jumped). */
  reset(): void {
    this.buckets = [];
  }
}
