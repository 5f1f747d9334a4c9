import { trimHorizonOf, type KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { ITERATOR_TTL_MS, amzUtcString, decodeIterator, encodeIterator, readerName } from '../model/iterator.js';
import type { GetRecordsInput, WireRecord } from '../types.js';
import { dryRun, rateExceeded } from './putShared.js';
import { childShards } from './shardView.js';
import { base64DecodedLength } from '../../util/base64.js';

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
  if (!shard || shard.expired || s.createdAt !== it.streamCreatedAt) {
    return fail('ResourceNotFoundException', `Shard ${shardId} in stream ${s.name} under account ${acct} does not exist`);
  }
  if (input.DryRun) return dryRun();
  const read = await shard.read(it.position, input.Limit ?? 10_000, now, trimHorizonOf(s, now));
  if ('throttled' in read) {
    if (e.events.active) e.events.emit({ type: 'readThrottled', t: now, stream: s.name, shardId: shard.id, reader: readerName(it.reader) });
    return fail('ProvisionedThroughputExceededException', rateExceeded(e.account, s, shard.id));
  }
  const records: WireRecord[] = read.records.map((rec) => ({
    SequenceNumber: rec.sequenceNumber,
    ApproximateArrivalTimestamp: rec.arrival / 1000,
    Data: rec.data,
    PartitionKey: rec.partitionKey,
  }));
  // At the end of a closed shard: no NextShardIterator, and the shards to read next (AWS, 2021+).
  if (shard.meta.closedAt !== undefined && read.records.length === 0) {
    return ok({ Records: [], MillisBehindLatest: 0, ChildShards: childShards(s, shard) });
  }
  if (e.events.active) {
    let bytes = 0;
    for (const rec of read.records) bytes += base64DecodedLength(rec.data);
    const first = read.records[0];
    const last = read.records[read.records.length - 1];
    e.events.emit({
      type: 'read', t: now, stream: s.name, shardId: shard.id, reader: readerName(it.reader), records: read.records.length, bytes,
      ...(first && last ? { firstSequenceNumber: first.sequenceNumber, lastSequenceNumber: last.sequenceNumber } : {}),
      iteratorAgeMs: read.millisBehindLatest,
    });
  }
  return ok({
    Records: records,
    NextShardIterator: encodeIterator({ ...it, position: read.next, issuedAt: Math.floor(now) }),
    MillisBehindLatest: read.millisBehindLatest,
  });
}
