import { trimHorizonOf, type KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { ITERATOR_TTL_MS, amzUtcString, decodeIterator, encodeIterator } from '../model/iterator.js';
import type { GetRecordsInput, WireRecord } from '../types.js';
import { dryRun, rateExceeded } from './putShared.js';

/**
 * GetRecords: up to Limit records (≤ 10,000, ≤ 10 MiB) from the iterator's position, a fresh
 * NextShardIterator, and MillisBehindLatest. Iterators are reusable until they expire (5 min).
 */
export async function getRecords(e: KinesisEngine, input: GetRecordsInput): Promise<Result<unknown>> {
  const it = decodeIterator(input.ShardIterator);
  if (!it) return fail('InvalidArgumentException', 'Invalid ShardIterator.');
  const now = e.now();
  if (now - it.issuedAt > ITERATOR_TTL_MS) {
    return fail('ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${amzUtcString(it.issuedAt)} while right now it is ${amzUtcString(now)} ` +
      `which is further in the future than the tolerated delay of ${ITERATOR_TTL_MS} milliseconds.`);
  }
  const r = e.stream(input.StreamARN !== undefined ? { StreamARN: input.StreamARN } : { StreamName: it.streamName }, 'data');
  const shardId = `shardId-${String(it.shardIndex).padStart(12, '0')}`;
  const acct = e.account.accountId;
  if (!r.ok) {
    if (r.error.__type !== 'ResourceNotFoundException') return r;
    return fail('ResourceNotFoundException', `Shard ${shardId} in stream ${it.streamName} under account ${acct} does not exist`);
  }
  const s = r.value;
  if (s.name !== it.streamName) return fail('InvalidArgumentException', `The ShardIterator does not belong to stream ${s.name}.`);
  const shard = s.shards[it.shardIndex];
  // A stream deleted and created again under the same name does not honour old iterators.
  if (!shard || s.createdAt !== it.streamCreatedAt) {
    return fail('ResourceNotFoundException', `Shard ${shardId} in stream ${s.name} under account ${acct} does not exist`);
  }
  if (input.DryRun) return dryRun();
  const read = await shard.read(it.position, input.Limit ?? 10_000, now, trimHorizonOf(s, now));
  if ('throttled' in read) return fail('ProvisionedThroughputExceededException', rateExceeded(e.account, s, shard.id));
  const records: WireRecord[] = read.records.map((rec) => ({
    SequenceNumber: rec.sequenceNumber,
    ApproximateArrivalTimestamp: rec.arrival / 1000,
    Data: rec.data,
    PartitionKey: rec.partitionKey,
  }));
  return ok({
    Records: records,
    NextShardIterator: encodeIterator({ ...it, position: read.next, issuedAt: Math.floor(now) }),
    MillisBehindLatest: read.millisBehindLatest,
  });
}
