/**
 * The Direct PUT quota of a delivery stream (spec §2.1) and how PutRecord / PutRecordBatch are
 * admitted under it: token buckets of records, requests and bytes per second.
 */
import { type AwsError, type Result } from '../kinesis/errors.js';
import { TokenBucket } from '../kinesis/limits.js';
import type { InRecord } from './pipelineTypes.js';

/** PutRecordBatch takes at most 4 MiB of record data a call. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Direct PUT quota per delivery stream (spec §2.1): us-east-1, us-west-2 and eu-west-1 have
 * 500,000 records/s, 2,000 requests/s and 5 MiB/s; other regions 100,000, 1,000 and 1 MiB/s.
 */
export function directPutQuota(region: string): { records: number; requests: number; bytes: number } {
  return ['us-east-1', 'us-west-2', 'eu-west-1'].includes(region)
    ? { records: 500_000, requests: 2_000, bytes: 5 * 1024 * 1024 }
    : { records: 100_000, requests: 1_000, bytes: 1024 * 1024 };
}

/** A delivery stream's Direct PUT token buckets. */
export interface DirectPutBuckets {
  readonly records: TokenBucket;
  readonly requests: TokenBucket;
  readonly bytes: TokenBucket;
}

/** Full buckets of the region's quota, at virtual time `now`. */
export function directPutBuckets(region: string, now: number): DirectPutBuckets {
  const q = directPutQuota(region);
  return { records: new TokenBucket(q.records, q.records, now), requests: new TokenBucket(q.requests, q.requests, now), bytes: new TokenBucket(q.bytes, q.bytes, now) };
}

/** What a put's records came to: those taken in, and one response per record, in order. */
export interface Admitted {
  readonly accepted: InRecord[];
  readonly responses: ({ RecordId: string } | { ErrorCode: string; ErrorMessage: string })[];
}

/**
 * Takes a put's records (of decoded `sizes`) from the quota at `now`, each given an id by
 * `recordId`. A request over the request quota is refused whole; so is a PutRecord over the
 * record or byte quota, while a batch answers each such record ServiceUnavailableException.
 */
export function admitRecords(quota: DirectPutBuckets, records: readonly { Data: string }[], sizes: readonly number[], now: number, batch: boolean, recordId: () => string): Result<Admitted> {
  if (!quota.requests.tryTake(1, now)) return slowDown();
  const accepted: InRecord[] = [];
  const responses: Admitted['responses'] = [];
  for (let k = 0; k < records.length; k++) {
    const size = sizes[k]!;
    const fits = quota.records.available(now) >= 1 && quota.bytes.available(now) >= size;
    if (!fits) {
      if (!batch) return slowDown();
      responses.push({ ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' });
      continue;
    }
    quota.records.take(1, now);
    quota.bytes.take(size, now);
    const id = recordId();
    accepted.push({ recordId: id, data: records[k]!.Data, arrival: now, bytes: size });
    responses.push({ RecordId: id });
  }
  return { ok: true, value: { accepted, responses } };
}

/** The Direct PUT quota's answer (spec §2.1). */
function slowDown(): { ok: false; error: AwsError } {
  return { ok: false, error: { __type: 'ServiceUnavailableException', message: 'Slow down.', status: 503 } };
}
