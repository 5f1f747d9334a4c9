/**
 * The KPL's Retrier stage (retrier.cc): judges a PutRecords answer per Kinesis record — success
 * (if the record landed on its predicted shard), retry through the Aggregator, or failure — and
 * records the request's metrics. It holds no state: the producer lends it time, maps and records.
 */
import type { KplConfig } from './config.js';
import type { KplMetrics, MetricDimensions } from './metrics.js';
import type { KinesisRecord, TimedAttempt, UserRecord } from './records.js';
import type { ShardMap } from './shardMap.js';
import type { KplPutRecordsOutcome, KplPutRecordsResultEntry } from './types.js';

const THROTTLED = 'ProvisionedThroughputExceededException';

/** What the producer lends the retrier. */
export interface RetrierHost {
  /** The producer's virtual time now. */
  now(): number;
  /** The map predicting `stream`'s shards (its own, else the default one). */
  shardMap(stream: string): ShardMap | undefined;
  /** Sends a user record back through the Aggregator. */
  retry(ur: UserRecord): void;
  /** Ends a user record with its last attempt (a no-op for one already finished). */
  finish(ur: UserRecord, last: TimedAttempt): void;
  /** Records of `stream` landed outside their predicted shard: its map is stale. */
  stale(stream: string): void;
}

/** The producer's retrier. */
export class Retrier {
  constructor(
    private readonly config: Readonly<KplConfig>,
    private readonly stats: KplMetrics,
    private readonly host: RetrierHost,
  ) {}

  /** Handles the answer to one PutRecords request (`out`), sent at virtual time `start`. */
  handle(batch: KinesisRecord[], start: number, out: KplPutRecordsOutcome): void {
    const end = this.host.now();
    const stream = batch[0]!.stream;
    recordRequestMetrics(this.stats, batch, start, end);
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
      recordEntryMetrics(this.stats, stream, kr, r);
      if ('SequenceNumber' in r) this.succeed(kr, r.ShardId, r.SequenceNumber, start, end);
      else this.retryOrFail(kr.items, start, end, r.ErrorCode, r.ErrorMessage);
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
    if (this.host.now() > ur.expiration) { // time_sensitive.h expired(): now > expiration
      this.fail(ur, this.host.now(), this.host.now(), 'Expired', 'Record has reached expiration');
      return;
    }
    ur.deadline = Math.min(this.host.now() + this.config.RecordMaxBufferedTime / 2, ur.expiration);
    this.host.retry(ur);
  }

  /** retrier.cc succeed_if_correct_shard: a record that landed outside its predicted shard's range is retried. */
  private succeed(kr: KinesisRecord, shardId: string, sequenceNumber: string, start: number, end: number): void {
    let stale = false;
    kr.items.forEach((ur, index) => {
      if (ur.predictedShard !== undefined && ur.predictedShard !== shardId) {
        const range = this.host.shardMap(ur.stream)?.rangeOf(shardId);
        if (!range || ur.hashKey < range.start || ur.hashKey > range.end) {
          stale = true;
          if (this.config.AggregationEnabled) {
            this.retryNotExpired(ur, start, end, 'Wrong Shard', 'Record did not end up in expected shard.');
            return;
          }
        }
      }
      this.host.finish(ur, { start, end, shardId, sequenceNumber, subSequenceNumber: kr.items.length === 1 ? 0 : index });
    });
    if (stale) this.host.stale(kr.stream);
  }

  private fail(ur: UserRecord, start: number, end: number, errorCode: string, errorMessage: string): void {
    this.host.finish(ur, { start, end, errorCode, errorMessage });
  }
}

function shardDims(stream: string, shardId: string | undefined): MetricDimensions {
  return { StreamName: stream, ...(shardId !== undefined ? { ShardId: shardId } : {}) };
}

/** The metrics every answered request records, whatever its outcome (request time, batch sizes). */
function recordRequestMetrics(stats: KplMetrics, batch: readonly KinesisRecord[], start: number, end: number): void {
  const stream = batch[0]!.stream;
  let users = 0;
  for (const kr of batch) {
    stats.put('UserRecordsPerKinesisRecord', kr.items.length, shardDims(stream, kr.shardId));
    users += kr.items.length;
  }
  stats.put('RequestTime', end - start, { StreamName: stream });
  stats.put('KinesisRecordsPerPutRecordsRequest', batch.length, { StreamName: stream });
  stats.put('UserRecordsPerPutRecordsRequest', users, { StreamName: stream });
}

/** The metrics of one PutRecords result entry: a Kinesis record put, or an error by code. */
function recordEntryMetrics(stats: KplMetrics, stream: string, kr: KinesisRecord, r: KplPutRecordsResultEntry): void {
  const dims = shardDims(stream, kr.shardId);
  if ('SequenceNumber' in r) {
    stats.put('KinesisRecordsPut', 1, dims);
    stats.put('KinesisRecordsDataPut', kr.data.length, dims);
    stats.put('AllErrors', 0, dims);
  } else {
    stats.put('KinesisRecordsPut', 0, dims);
    stats.put('ErrorsByCode', 1, { ...dims, ErrorCode: r.ErrorCode });
    stats.put('AllErrors', 1, dims);
  }
}
