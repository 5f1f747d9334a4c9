import { describe, expect, it } from 'vitest';
import { hashKeyOf, uniformRanges } from '../kinesis/model/hashKey.js';
import { decodeBase64 } from '../util/base64.js';
import { aggregatedSize, deaggregate, hasKplMagic } from './aggregation.js';
import { KinesisProducer } from './producer.js';
import type { ShardDescription } from './shardMap.js';
import type { KplPutRecordsInput, KplPutRecordsOutcome, KplPutRecordsResultEntry, UserRecordResult, UserRecordSuccess } from './types.js';

const SHARDS: ShardDescription[] = uniformRanges(2).map((r, i) => ({
  ShardId: `shardId-00000000000${i}`,
  HashKeyRange: { StartingHashKey: r.start.toString(), EndingHashKey: r.end.toString() },
}));
const shardOf = (hash: bigint): string => SHARDS.find((s) => BigInt(s.HashKeyRange.StartingHashKey) <= hash && hash <= BigInt(s.HashKeyRange.EndingHashKey))!.ShardId;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const THROTTLE = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' };

/** A fake Kinesis: records every PutRecords; `fail(entry, callIndex)` may answer an entry with an error. */
function fakeKinesis(fail: (e: KplPutRecordsInput['Records'][number], call: number) => KplPutRecordsResultEntry | undefined = () => undefined) {
  const calls: KplPutRecordsInput[] = [];
  let seq = 0;
  const send = async (input: KplPutRecordsInput): Promise<KplPutRecordsOutcome> => {
    calls.push(input);
    const Records = input.Records.map((e) => fail(e, calls.length - 1) ?? {
      SequenceNumber: String(++seq),
      ShardId: shardOf(e.ExplicitHashKey !== undefined ? BigInt(e.ExplicitHashKey) : hashKeyOf(e.PartitionKey)),
    });
    return { ok: true, value: { Records, FailedRecordCount: Records.filter((r) => 'ErrorCode' in r).length } };
  };
  const entries = () => calls.flatMap((c) => c.Records);
  return { calls, send, entries };
}

/** Advances producer time in `step` ms slices to `until`, letting sends complete after each. */
async function run(p: KinesisProducer, until: number, step = 5): Promise<void> {
  for (let t = p.now(); t < until;) {
    t = Math.min(until, t + step);
    p.tick(t);
    await p.idle();
  }
}

describe('aggregation and collection', () => {
  it('packs small records for one shard into one Kinesis record per shard, in one PutRecords', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send);
    p.setShards(SHARDS);
    const keys = Array.from({ length: 100 }, (_, i) => `user-${i}`);
    const results = keys.map((pk, i) => p.addUserRecord('s', pk, bytes(`event ${i}`)));
    await run(p, 300);
    expect(k.calls).toHaveLength(1);
    expect(k.calls[0]!.Records).toHaveLength(2);
    const done = (await Promise.all(results)) as UserRecordSuccess[];
    for (const entry of k.calls[0]!.Records) {
      const users = deaggregate(decodeBase64(entry.Data))!;
      expect(entry.PartitionKey).toBe('a'); // kinesis_record.cc: a 1-byte placeholder
      // ... and the first user record's hash key routes the aggregate to the predicted shard.
      expect(entry.ExplicitHashKey).toBe(hashKeyOf(users[0]!.partitionKey).toString());
      const shard = shardOf(BigInt(entry.ExplicitHashKey!));
      expect(users.every((u) => shardOf(hashKeyOf(u.partitionKey)) === shard)).toBe(true);
      expect(users.map((u) => u.partitionKey)).toEqual(keys.filter((pk) => shardOf(hashKeyOf(pk)) === shard));
    }
    expect(done.every((r) => r.successful && r.shardId === shardOf(hashKeyOf(keys[done.indexOf(r)]!)))).toBe(true);
    const onShard0 = done.filter((r) => r.shardId === SHARDS[0]!.ShardId);
    expect(new Set(onShard0.map((r) => r.sequenceNumber)).size).toBe(1);
    expect(onShard0.map((r) => r.subSequenceNumber)).toEqual(onShard0.map((_, i) => i));
    expect(p.outstandingRecordsCount()).toBe(0);

    const m = p.metrics();
    expect(m.UserRecordsReceived.sum).toBe(100);
    expect(m.UserRecordsPut.sum).toBe(100);
    expect(m.UserRecordsDataPut.sum).toBe(keys.reduce((n, _, i) => n + `event ${i}`.length, 0));
    expect(m.KinesisRecordsPut).toMatchObject({ sum: 2, sampleCount: 2 });
    expect(m.UserRecordsPerKinesisRecord).toMatchObject({ sum: 100, sampleCount: 2 });
    expect(m.KinesisRecordsPerPutRecordsRequest).toMatchObject({ sum: 2, sampleCount: 1 });
    expect(m.UserRecordsPerPutRecordsRequest.sum).toBe(100);
    expect(m.RetriesPerRecord).toMatchObject({ sum: 0, sampleCount: 100 });
    expect(m.BufferingTime).toMatchObject({ sampleCount: 100, minimum: 150, maximum: 150 });
    expect(m.AllErrors.sum).toBe(0);
    expect(p.metric('UserRecordsPut', { StreamName: 's', ShardId: SHARDS[0]!.ShardId }).sum).toBe(onShard0.length);
  });

  it('closes an aggregate before AggregationMaxSize, packing each as full as the next record allows', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send, { AggregationMaxSize: 1000 });
    p.setShards(SHARDS);
    const sent = Array.from({ length: 40 }, (_, i) => ({ partitionKey: 'same-key', data: new Uint8Array(90 + (i % 7)).fill(i) }));
    const results = sent.map((r) => p.addUserRecord('s', r.partitionKey, r.data));
    await run(p, 300);
    await Promise.all(results);
    const aggregates = k.entries().map((e) => decodeBase64(e.Data));
    expect(aggregates.length).toBeGreaterThan(3);
    let next = 0;
    aggregates.forEach((data, i) => {
      expect(data.length).toBeLessThanOrEqual(1000);
      const users = deaggregate(data) ?? [{ partitionKey: 'same-key', data }];
      expect(users.map((u) => u.data)).toEqual(sent.slice(next, next + users.length).map((r) => r.data));
      next += users.length;
      // Not closed early: the following record would not have fitted.
      if (i < aggregates.length - 1) expect(aggregatedSize([...users, sent[next]!])).toBeGreaterThan(1000);
    });
    expect(next).toBe(40);
  });

  it('closes an aggregate at AggregationMaxCount user records', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send, { AggregationMaxCount: 3 });
    p.setShards(SHARDS);
    const results = Array.from({ length: 7 }, (_, i) => p.addUserRecord('s', 'same-key', bytes(`r${i}`)));
    await run(p, 300);
    await Promise.all(results);
    expect(k.entries().map((e) => deaggregate(decodeBase64(e.Data))?.length ?? 1)).toEqual([3, 3, 1]);
  });

  it('sends a lone record raw once RecordMaxBufferedTime (+ the reducers’ 50 ms floor) has passed', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send, {}, { now: 1000 });
    p.setShards(SHARDS);
    const result = p.addUserRecord('s', 'alone', bytes('hello'));
    await run(p, 1149);
    expect(k.calls).toHaveLength(0);
    // Aggregator deadline at +100 ms; the collector then holds it max(+20 ms, reducer.h's +50 ms floor).
    await run(p, 1150);
    expect(k.calls).toHaveLength(1);
    const [entry] = k.calls[0]!.Records;
    expect(entry).toEqual({ Data: 'aGVsbG8=', PartitionKey: 'alone' });
    expect(hasKplMagic(decodeBase64(entry!.Data))).toBe(false);
    expect(await result).toMatchObject({ successful: true, subSequenceNumber: 0, attempts: [{ delay: 150, success: true }] });
  });

  it('flush() sends everything buffered at once', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send);
    p.setShards(SHARDS);
    const results = ['a', 'b', 'c'].map((pk) => p.addUserRecord('s', pk, bytes(pk)));
    p.flush();
    await p.idle();
    expect(k.entries().reduce((n, e) => n + (deaggregate(decodeBase64(e.Data))?.length ?? 1), 0)).toBe(3);
    expect((await Promise.all(results)).every((r) => r.successful)).toBe(true);
  });

  it('splits PutRecords at CollectionMaxCount and CollectionMaxSize', async () => {
    const byCount = fakeKinesis();
    const p = new KinesisProducer(byCount.send, { AggregationEnabled: false, CollectionMaxCount: 3 });
    p.setShards(SHARDS);
    const r1 = Array.from({ length: 7 }, (_, i) => p.addUserRecord('s', `k${i}`, bytes('x')));
    expect(byCount.calls.map((c) => c.Records.length)).toEqual([3, 3]); // full batches go at once
    await run(p, 200);
    await Promise.all(r1);
    expect(byCount.calls.map((c) => c.Records.length)).toEqual([3, 3, 1]);

    const bySize = fakeKinesis();
    const q = new KinesisProducer(bySize.send, { AggregationEnabled: false, CollectionMaxSize: 52224 });
    q.setShards(SHARDS);
    const r2 = Array.from({ length: 5 }, (_, i) => q.addUserRecord('s', `k${i}`, new Uint8Array(20000)));
    await run(q, 200);
    await Promise.all(r2);
    // 20,000 data + 2 key bytes each: two fit in 52,224 bytes, a third does not.
    expect(bySize.calls.map((c) => c.Records.length)).toEqual([2, 2, 1]);
  });
});

describe('retries, expiry and rate limiting', () => {
  it('retries a throttled entry after RecordMaxBufferedTime/2 and then succeeds', async () => {
    const k = fakeKinesis((_, call) => (call === 0 ? THROTTLE : undefined));
    const p = new KinesisProducer(k.send);
    p.setShards(SHARDS);
    const result = p.addUserRecord('s', 'pk', bytes('data'));
    await run(p, 400);
    expect(k.calls).toHaveLength(2);
    expect(k.calls[1]!.Records).toEqual(k.calls[0]!.Records);
    const r = await result;
    expect(r).toMatchObject({ successful: true, attempts: [{ success: false, errorCode: THROTTLE.ErrorCode, errorMessage: THROTTLE.ErrorMessage }, { success: true }] });
    expect(p.metrics().RetriesPerRecord.sum).toBe(1);
    expect(p.errorsByCode()).toEqual({ [THROTTLE.ErrorCode]: 1 });
    expect(p.metrics().AllErrors.sum).toBe(1);
  });

  it('retries after a whole-request failure', async () => {
    let calls = 0;
    const k = fakeKinesis();
    const p = new KinesisProducer(async (input) => (calls++ === 0 ? { ok: false, error: { __type: 'InternalFailure', message: 'boom' } } : k.send(input)));
    p.setShards(SHARDS);
    const result = p.addUserRecord('s', 'pk', bytes('data'));
    await run(p, 400);
    expect(await result).toMatchObject({ successful: true, attempts: [{ errorCode: 'InternalFailure' }, { success: true }] });
    expect(p.errorsByCode()).toEqual({ InternalFailure: 1 });
  });

  it('fails a record with Expired once RecordTtl has passed, keeping the throttling errors in its attempts', async () => {
    const k = fakeKinesis(() => THROTTLE);
    const p = new KinesisProducer(k.send, { RecordTtl: 1000 });
    p.setShards(SHARDS);
    const result = p.addUserRecord('s', 'pk', bytes('data'));
    let settled: UserRecordResult | undefined;
    void result.then((r) => (settled = r));
    await run(p, 990);
    expect(settled).toBeUndefined();
    await run(p, 1300);
    const r = (await result) as Extract<UserRecordResult, { successful: false }>;
    expect(r.successful).toBe(false);
    expect(r.errorCode).toBe('Expired');
    expect(r.attempts.length).toBeGreaterThan(5);
    expect(r.attempts.slice(0, -1).every((a) => a.errorCode === THROTTLE.ErrorCode)).toBe(true);
    expect(p.metrics().UserRecordExpired.sum).toBe(1);
    expect(p.metrics().UserRecordsPut).toMatchObject({ sum: 0, sampleCount: 1 });
  });

  it('fails a throttled record at once with FailIfThrottled', async () => {
    const p = new KinesisProducer(fakeKinesis(() => THROTTLE).send, { FailIfThrottled: true });
    p.setShards(SHARDS);
    const result = p.addUserRecord('s', 'pk', bytes('data'));
    await run(p, 200);
    expect(await result).toMatchObject({ successful: false, errorCode: THROTTLE.ErrorCode, attempts: [{ success: false }] });
  });

  it('holds records back over a shard’s limit: 1,000 records at once, then RateLimit % of 1,000/s', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send, { AggregationEnabled: false, RateLimit: 100 });
    p.setShards(SHARDS);
    const pk = 'one-shard';
    const results = Array.from({ length: 2500 }, () => p.addUserRecord('s', pk, bytes('x')));
    await p.idle();
    expect(k.entries()).toHaveLength(1000); // the bucket starts full: two PutRecords of 500
    await run(p, 500);
    const by500 = k.entries().length;
    expect(by500).toBeGreaterThanOrEqual(1400);
    expect(by500).toBeLessThanOrEqual(1500);
    await run(p, 1400);
    expect(k.entries().length).toBeLessThan(2500);
    await run(p, 1700);
    expect(k.entries()).toHaveLength(2500);
    expect((await Promise.all(results)).every((r) => r.successful)).toBe(true);
  });

  it('limits bytes too: 1 MiB at once per shard', async () => {
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send, { AggregationEnabled: false });
    p.setShards(SHARDS);
    for (let i = 0; i < 20; i++) void p.addUserRecord('s', 'one-shard', new Uint8Array(102400));
    p.flush();
    await p.idle();
    expect(k.entries()).toHaveLength(10); // 11 × 100 KiB > 1 MiB
    // 1.5 MiB/s at RateLimit 150 refills 100 KiB in ~67 ms: the 11th passes the 50 ms poll (24 KiB
    // were left) and goes at its collection deadline (100 ms); the 12th passes at 125 ms, goes at 175.
    await run(p, 170);
    expect(k.entries()).toHaveLength(11);
    await run(p, 175);
    expect(k.entries()).toHaveLength(12);
  });

  it('retries a record that landed outside its predicted shard and asks for a fresh shard map', async () => {
    const stale: string[] = [];
    const k = fakeKinesis();
    const p = new KinesisProducer(k.send, {}, { onShardMapStale: (s) => stale.push(s) });
    // A map that predicts every key to shard 1, while the fake routes by the real two ranges.
    p.setShards([{ ShardId: SHARDS[1]!.ShardId, HashKeyRange: { StartingHashKey: '0', EndingHashKey: String((1n << 128n) - 1n) } }]);
    let n = 0;
    while (shardOf(hashKeyOf(`user-${n}`)) === SHARDS[1]!.ShardId) n++;
    const wrongly = `user-${n}`;
    const result = p.addUserRecord('s', wrongly, bytes('x'));
    await run(p, 160);
    expect(stale).toEqual(['s']);
    p.setShards(SHARDS);
    await run(p, 400);
    expect(await result).toMatchObject({ successful: true, attempts: [{ errorCode: 'Wrong Shard' }, { success: true }] });
  });
});

describe('configuration', () => {
  it('has the KPL defaults', () => {
    const p = new KinesisProducer(fakeKinesis().send);
    expect(p.config).toMatchObject({
      AggregationEnabled: true, AggregationMaxCount: 4294967295, AggregationMaxSize: 51200, CollectionMaxCount: 500,
      CollectionMaxSize: 5242880, RecordMaxBufferedTime: 100, RecordTtl: 30000, RateLimit: 150, MaxConnections: 24,
    });
  });

  it('rejects values out of range with the setting, its range and the value', () => {
    const send = fakeKinesis().send;
    expect(() => new KinesisProducer(send, { AggregationMaxSize: 10 })).toThrow('AggregationMaxSize must be an integer between 64 and 10485760, got 10');
    expect(() => new KinesisProducer(send, { CollectionMaxCount: 501 })).toThrow('CollectionMaxCount must be an integer between 1 and 500, got 501');
    expect(() => new KinesisProducer(send, { RecordMaxBufferedTime: 50 })).toThrow(RangeError);
    expect(() => new KinesisProducer(send, { MaxConnections: 0 })).toThrow('MaxConnections');
    expect(() => new KinesisProducer(send, { Nope: 1 } as never)).toThrow('Unknown KPL setting Nope');
  });

  it('rejects invalid user records at once', () => {
    const p = new KinesisProducer(fakeKinesis().send, { MaxUserRecordSize: 100 });
    expect(() => p.addUserRecord('s', '', bytes('x'))).toThrow('Invalid partition key');
    expect(() => p.addUserRecord('s', 'k'.repeat(257), bytes('x'))).toThrow('at most 256, got 257');
    expect(() => p.addUserRecord('s', 'k', new Uint8Array(101))).toThrow('got 101 bytes');
    expect(() => p.addUserRecord('s', 'k', bytes('x'), '-1')).toThrow('explicitHashKey');
  });

  it('keeps at most MaxConnections PutRecords in flight', async () => {
    const pending: (() => void)[] = [];
    const k = fakeKinesis();
    const p = new KinesisProducer((input) => new Promise((resolve) => pending.push(() => resolve(k.send(input)))), { AggregationEnabled: false, CollectionMaxCount: 1, MaxConnections: 2 });
    p.setShards(SHARDS);
    const results = Array.from({ length: 5 }, (_, i) => p.addUserRecord('s', `k${i}`, bytes('x')));
    expect(pending).toHaveLength(2);
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect((await Promise.all(results)).every((r) => r.successful)).toBe(true);
    expect(k.calls).toHaveLength(5);
  });
});
