/**
 * From Kinesis wire records to the KCL's user records: base64 decoding, KPL de-aggregation
 * (spec producers-consumers §1.5) with the KCL's shard hash-range filter, and the ordering of
 * extended sequence numbers that checkpoints are compared by.
 */
import type { WireRecord } from '../kinesis/types.js';
import { hashKeyOf } from '../kinesis/model/hashKey.js';
import { decodeBase64 } from '../util/base64.js';
import { isSentinel, type Lease } from './leaseTable.js';
import type { Deaggregate, ExtendedSequenceNumber, KinesisClientRecord } from './types.js';

/** Orders two extended sequence numbers that are real sequence numbers (not sentinels). */
export function compareExtended(a: ExtendedSequenceNumber, b: ExtendedSequenceNumber): number {
  const x = BigInt(a.sequenceNumber), y = BigInt(b.sequenceNumber);
  if (x !== y) return x < y ? -1 : 1;
  return a.subSequenceNumber - b.subSequenceNumber;
}

export const isSequenceNumber = (v: string): boolean => !isSentinel(v) && /^\d+$/.test(v);

/**
 * The user records of a batch of wire records. An aggregate with any user record outside the
 * lease's hash range is dropped whole — the KCL (AggregatorUtil.deaggregate) discards the
 * remainder and what it had emitted from it, the documented risk of aggregating across reshards.
 */
export function toUserRecords(wire: readonly WireRecord[], deaggregate: Deaggregate | undefined, range: Lease['hashKeyRange']): { records: KinesisClientRecord[]; bytes: number; dropped: number } {
  const records: KinesisClientRecord[] = [];
  let bytes = 0, dropped = 0;
  const lo = range ? BigInt(range.startingHashKey) : undefined;
  const hi = range ? BigInt(range.endingHashKey) : undefined;
  for (const w of wire) {
    const data = decodeBase64(w.Data);
    bytes += data.length;
    const arrival = Math.round(w.ApproximateArrivalTimestamp * 1000);
    const users = deaggregate?.(data);
    if (!users) {
      records.push({ sequenceNumber: w.SequenceNumber, subSequenceNumber: 0, partitionKey: w.PartitionKey, data, approximateArrivalTimestamp: arrival, aggregated: false });
      continue;
    }
    const out: KinesisClientRecord[] = [];
    let outside = false;
    users.forEach((u, i) => {
      const key = u.explicitHashKey !== undefined ? BigInt(u.explicitHashKey) : hashKeyOf(u.partitionKey);
      if (lo !== undefined && hi !== undefined && (key < lo || key > hi)) outside = true;
      out.push({
        sequenceNumber: w.SequenceNumber, subSequenceNumber: i, partitionKey: u.partitionKey,
        ...(u.explicitHashKey !== undefined ? { explicitHashKey: u.explicitHashKey } : {}),
        data: u.data, approximateArrivalTimestamp: arrival, aggregated: true,
      });
    });
    if (outside) dropped += out.length;
    else records.push(...out);
  }
  return { records, bytes, dropped };
}
