/**
 * The KPL's internal records (user_record.h, kinesis_record.h) and how a finished user record
 * becomes its UserRecordResult and metrics (retrier.cc finish_user_record / emit_metrics).
 */
import { Aggregator } from './aggregation.js';
import { utf8Length } from '../util/utf8.js';
import type { KplMetrics } from './metrics.js';
import { minOf } from './reducer.js';
import type { Attempt, UserRecordResult } from './types.js';

/** An attempt on the virtual clock; a success carries where the record landed. */
export interface TimedAttempt {
  start: number;
  end: number;
  errorCode?: string;
  errorMessage?: string;
  shardId?: string;
  sequenceNumber?: string;
  subSequenceNumber?: number;
}

export interface UserRecord {
  readonly stream: string;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly hashKey: bigint;
  readonly arrival: number;
  readonly expiration: number;
  deadline: number;
  predictedShard?: string;
  readonly attempts: TimedAttempt[];
  finished: boolean;
  readonly resolve: (r: UserRecordResult) => void;
}

export interface KinesisRecord {
  readonly stream: string;
  readonly shardId?: string;
  readonly items: UserRecord[];
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  deadline: number;
}

/**
 * kinesis_record.cc: one user record goes raw with its own keys; more go aggregated with
 * PartitionKey "a" and ExplicitHashKey = the first user record's hash key (so the aggregate lands
 * on the predicted shard).
 */
export function makeKinesisRecord(stream: string, shardId: string | undefined, items: UserRecord[], agg?: Aggregator): KinesisRecord {
  const first = items[0]!;
  const single = items.length === 1;
  const ehk = single ? first.explicitHashKey : first.hashKey.toString();
  return {
    stream, ...(shardId !== undefined ? { shardId } : {}), items,
    data: single ? first.data : (agg ?? aggregatorOf(items)).build(),
    partitionKey: single ? first.partitionKey : 'a',
    ...(ehk !== undefined ? { explicitHashKey: ehk } : {}),
    deadline: minOf(items, (ur) => ur.deadline),
  };
}

function aggregatorOf(items: readonly UserRecord[]): Aggregator {
  const a = new Aggregator();
  for (const ur of items) a.add(ur);
  return a;
}

/** kinesis_record.cc accurate_size: a lone record is its data; an aggregate is magic + protobuf + MD5. */
export function accurateSize(items: readonly UserRecord[], agg: Aggregator): number {
  return items.length === 1 ? items[0]!.data.length : agg.size;
}

/**
 * Bytes a Kinesis record counts toward CollectionMaxSize: data plus partition key, as Kinesis
 * counts a PutRecords request. Unsure: put_records_request.h was not read; it may count data only.
 */
export function entrySize(kr: KinesisRecord): number {
  return kr.data.length + utf8Length(kr.partitionKey);
}

/** Ends a user record with `last`: resolves its promise and emits its metrics (retrier.cc). */
export function finishUserRecord(ur: UserRecord, last: TimedAttempt, stats: KplMetrics): void {
  if (ur.finished) return;
  ur.finished = true;
  ur.attempts.push(last);
  const ok = last.sequenceNumber !== undefined;
  const shardId = ok ? last.shardId : ur.predictedShard;
  const dims = { StreamName: ur.stream, ...(shardId !== undefined ? { ShardId: shardId } : {}) };
  stats.put('UserRecordsPut', ok ? 1 : 0, dims);
  if (ok) stats.put('UserRecordsDataPut', ur.data.length, dims);
  else if (last.errorCode === 'Expired') stats.put('UserRecordExpired', 1, dims);
  let prev = ur.arrival;
  const attempts: Attempt[] = ur.attempts.map((a) => {
    // BufferingTime: from arrival (or the previous attempt's end) to the start of each attempt.
    stats.put('BufferingTime', a.start - prev, dims);
    const out: Attempt = {
      delay: a.start - prev, duration: a.end - a.start, success: a.sequenceNumber !== undefined,
      ...(a.errorCode !== undefined ? { errorCode: a.errorCode, errorMessage: a.errorMessage ?? '' } : {}),
    };
    prev = a.end;
    return out;
  });
  stats.put('RetriesPerRecord', ur.attempts.length - 1, dims);
  ur.resolve(ok
    ? { successful: true, sequenceNumber: last.sequenceNumber!, subSequenceNumber: last.subSequenceNumber ?? 0, shardId: last.shardId!, attempts }
    : { successful: false, errorCode: last.errorCode!, errorMessage: last.errorMessage ?? '', attempts });
}
