/**
 * What a delivery stream would cost on AWS, from the Firehose events: ingestion per GB, each
 * record rounded up to the next 5 KB (a 3 KB record bills 5 KB, a 12 KB one 15 KB; rounding per
 * record, not per call — firehose.md §10), at the rate of the last minute of virtual time.
 * Lambda, S3, CloudWatch Logs and data transfer are billed by those services, separately.
 */
import type { FirehoseEvent } from '../firehose/events.js';
import { BYTES_PER_GB, HOURS_PER_MONTH, PRICES } from './prices.js';

export const FIREHOSE_ROUNDING_BYTES = 5 * 1024;

/** The bytes ingestion bills for one record. Unsure: whether an empty record bills 5 KB; it does here. */
export function firehoseBilledBytes(recordBytes: number): number {
  return Math.max(1, Math.ceil(recordBytes / FIREHOSE_ROUNDING_BYTES)) * FIREHOSE_ROUNDING_BYTES;
}

export interface FirehoseCost {
  readonly recordsPerSecond: number;
  readonly bytesPerSecond: number;
  readonly billedBytesPerSecond: number;
  /** Billed GB per hour at the current rate. */
  readonly gbPerHour: number;
  readonly usdPerHour: number;
  readonly usdPerMonth: number;
}

interface Bucket { t: number; records: number; bytes: number; billed: number }

export class FirehoseCostMeter {
  private readonly buckets = new Map<string, Bucket[]>();

  constructor(private readonly windowMs = 60_000) {}

  add(e: FirehoseEvent): void {
    if (e.type !== 'incoming') return;
    let list = this.buckets.get(e.deliveryStream);
    if (!list) this.buckets.set(e.deliveryStream, (list = []));
    const last = list[list.length - 1];
    const b = last && last.t === e.t ? last : { t: e.t, records: 0, bytes: 0, billed: 0 };
    if (b !== last) list.push(b);
    b.records += e.records;
    b.bytes += e.bytes;
    // Forget what left the window (the meter may be fed for hours while nobody asks for a cost).
    while (list.length > 1 && list[0]!.t <= e.t - this.windowMs) list.shift();
    // The event carries the per-record rounding; without it, every record is assumed ≤ 5 KB.
    b.billed += e.billedBytes ?? Math.max(e.records * FIREHOSE_ROUNDING_BYTES, Math.ceil(e.bytes / FIREHOSE_ROUNDING_BYTES) * FIREHOSE_ROUNDING_BYTES);
  }

  /** The cost of one delivery stream at the rate of the window ending at `now`. */
  cost(deliveryStream: string, now: number): FirehoseCost {
    const list = this.buckets.get(deliveryStream) ?? [];
    const from = now - this.windowMs;
    while (list.length && list[0]!.t <= from) list.shift();
    let records = 0, bytes = 0, billed = 0;
    for (const b of list) {
      if (b.t > now) continue;
      records += b.records;
      bytes += b.bytes;
      billed += b.billed;
    }
    const s = this.windowMs / 1000;
    const gbPerHour = ((billed / s) * 3600) / BYTES_PER_GB;
    const usdPerHour = gbPerHour * PRICES.firehoseIngestionPerGB.usd;
    return { recordsPerSecond: records / s, bytesPerSecond: bytes / s, billedBytesPerSecond: billed / s, gbPerHour, usdPerHour, usdPerMonth: usdPerHour * HOURS_PER_MONTH };
  }
}
