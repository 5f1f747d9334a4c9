/**
 * The observation interface: what observers (the living picture, metrics, the cost meter) are told,
 * driven through the real SDK like every conformance test.
 */
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import type { PutEvent, ReadEvent, SimEvent } from '../../src/core/observe/events';
import { bytes, setup } from './harness';
import { aggregate } from '../../src/core/kpl/aggregation';

function recorder() {
  const events: SimEvent[] = [];
  return { events, listener: (e: SimEvent) => { events.push(e); } };
}

describe('simulation events', () => {
  it('tell which shard took which records, with sequence numbers, and which were throttled', async () => {
    const { sim, client, createActive } = setup();
    const { events, listener } = recorder();
    const stop = sim.kinesis.observe(listener);
    await createActive('obs', 2);
    expect(events.filter((e) => e.type === 'shardOpened').map((e) => 'shardId' in e && e.shardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);

    // 1,001 records to one shard in the same instant: the 1,001st is over the 1,000/s limit.
    const records = Array.from({ length: 500 }, (_, i) => ({ PartitionKey: 'a', Data: bytes(`r${i}`) }));
    const out1 = await client.send(new PutRecordsCommand({ StreamName: 'obs', Records: records }));
    await client.send(new PutRecordsCommand({ StreamName: 'obs', Records: records }));
    const out3 = await client.send(new PutRecordsCommand({ StreamName: 'obs', Records: [{ PartitionKey: 'a', Data: bytes('x') }] }));
    expect(out3.FailedRecordCount).toBe(1);
    const puts = events.filter((e): e is PutEvent => e.type === 'put');
    expect(puts).toHaveLength(3);
    expect(puts[0]).toMatchObject({ stream: 'obs', shardId: 'shardId-000000000000', operation: 'PutRecords', throttled: [] });
    expect(puts[0]!.accepted.map((r) => r.sequenceNumber)).toEqual(out1.Records!.map((r) => r.SequenceNumber));
    expect(puts[0]!.accepted[0]).toEqual({ partitionKey: 'a', bytes: 3, sequenceNumber: out1.Records![0]!.SequenceNumber });
    expect(puts[1]!.accepted).toHaveLength(500);
    expect(puts[2]!.accepted).toEqual([]);
    expect(puts[2]!.throttled).toEqual([{ partitionKey: 'a', bytes: 2 }]);

    const one = await client.send(new PutRecordCommand({ StreamName: 'obs', PartitionKey: 'k', ExplicitHashKey: '170141183460469231731687303715884105728', Data: bytes('hi') }));
    expect(events.at(-1)).toMatchObject({
      type: 'put', operation: 'PutRecord', shardId: one.ShardId,
      accepted: [{ partitionKey: 'k', explicitHashKey: '170141183460469231731687303715884105728', bytes: 3, sequenceNumber: one.SequenceNumber }],
    });
    stop();
    await client.send(new PutRecordCommand({ StreamName: 'obs', PartitionKey: 'k', ExplicitHashKey: '170141183460469231731687303715884105728', Data: bytes('unseen') }));
    expect(events.filter((e) => e.type === 'put')).toHaveLength(4);
  });

  it('tell how many user records a KPL aggregated record packs (the picture draws it as a bundle)', async () => {
    const { sim, client, createActive } = setup();
    await createActive('kpl', 1);
    const { events, listener } = recorder();
    sim.kinesis.observe(listener);
    const users = Array.from({ length: 7 }, (_, i) => ({ partitionKey: `u${i}`, data: new TextEncoder().encode(`user record ${i}`) }));
    await client.send(new PutRecordsCommand({ StreamName: 'kpl', Records: [
      { PartitionKey: 'u0', Data: aggregate(users) },
      { PartitionKey: 'plain', Data: bytes('not aggregated') },
      { PartitionKey: 'fake', Data: Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2, 0x08, 0x01) }, // the magic, then no AggregatedRecord
    ] }));
    await client.send(new PutRecordCommand({ StreamName: 'kpl', PartitionKey: 'u0', Data: aggregate(users.slice(0, 3)) }));
    const puts = events.filter((e): e is PutEvent => e.type === 'put');
    expect(puts[0]!.accepted.map((r) => r.userRecords)).toEqual([7, undefined, undefined]);
    expect(puts[1]!.accepted[0]!.userRecords).toBe(3);
  });

  it('tell who read what: one reader per iterator chain, first and last sequence numbers, iterator age', async () => {
    const { sim, client, createActive } = setup();
    await createActive('reads', 1);
    const put = await client.send(new PutRecordsCommand({ StreamName: 'reads', Records: [1, 2, 3].map((i) => ({ PartitionKey: `k${i}`, Data: bytes(`d${i}`) })) }));
    const { events, listener } = recorder();
    sim.kinesis.observe(listener);
    const it1 = await client.send(new GetShardIteratorCommand({ StreamName: 'reads', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const it2 = await client.send(new GetShardIteratorCommand({ StreamName: 'reads', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    sim.clock.advance(1000);
    const page1 = await client.send(new GetRecordsCommand({ ShardIterator: it1.ShardIterator, Limit: 2 }));
    sim.clock.advance(1000);
    await client.send(new GetRecordsCommand({ ShardIterator: page1.NextShardIterator }));
    sim.clock.advance(1000);
    await client.send(new GetRecordsCommand({ ShardIterator: it2.ShardIterator }));
    const reads = events.filter((e): e is ReadEvent => e.type === 'read');
    expect(reads).toHaveLength(3);
    const seqs = put.Records!.map((r) => r.SequenceNumber!);
    expect(reads[0]).toMatchObject({ stream: 'reads', shardId: 'shardId-000000000000', records: 2, bytes: 4, firstSequenceNumber: seqs[0], lastSequenceNumber: seqs[1] });
    expect(reads[0]!.iteratorAgeMs).toBeGreaterThan(0);
    expect(reads[1]).toMatchObject({ records: 1, firstSequenceNumber: seqs[2], lastSequenceNumber: seqs[2], iteratorAgeMs: 0 });
    expect(reads[1]!.reader).toBe(reads[0]!.reader); // the same chain
    expect(reads[2]!.reader).not.toBe(reads[0]!.reader); // another GetShardIterator, another reader
    expect(events.some((e) => e.type === 'tick')).toBe(true);
  });

  it('an observer that throws breaks no AWS call', async () => {
    const { sim, client, createActive } = setup();
    await createActive('robust', 1);
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => { rejections.push(e); };
    process.on('unhandledRejection', onRejection);
    sim.kinesis.observe(() => { throw new Error('observer bug'); });
    const out = await client.send(new PutRecordCommand({ StreamName: 'robust', PartitionKey: 'k', Data: bytes('x') }));
    expect(out.SequenceNumber).toMatch(/^\d{56}$/);
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', onRejection);
    expect(String(rejections[0])).toContain('observer bug');
  });
});
