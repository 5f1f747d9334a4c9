import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index';
import { snapshotStreams } from './snapshot';

describe('snapshotStreams', () => {
  it('shows each shard with its range, records and the traffic of the last second', async () => {
    const sim = createSimulation({ clock: 'manual' });
    await sim.kinesis.dispatch('CreateStream', { StreamName: 's', ShardCount: 2 });
    sim.clock.advance(sim.kinesis.createStreamMs);
    const recs = Array.from({ length: 1200 }, () => ({ PartitionKey: 'a', Data: 'AAAA' })); // 'a' → shard 0
    for (let i = 0; i < 3; i++) await sim.kinesis.dispatch('PutRecords', { StreamName: 's', Records: recs.slice(i * 400, i * 400 + 400) });
    const [s] = snapshotStreams(sim.kinesis);
    expect(s?.shards.map((x) => x.shardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    expect(s?.shards[0]?.records).toBe(1000);
    expect(s?.shards[0]?.traffic.writeRecordsPerSec).toBe(1000);
    expect(s?.shards[0]?.traffic.writeBytesPerSec).toBe(1000 * 4); // 3 data bytes + 1 key byte
    expect(s?.shards[0]?.traffic.writeThrottledPerSec).toBe(200);
    expect(s?.shards[1]?.records).toBe(0);
    sim.clock.advance(1000);
    expect(snapshotStreams(sim.kinesis)[0]?.shards[0]?.traffic.writeRecordsPerSec).toBe(0);
    expect(snapshotStreams(sim.kinesis)[0]?.shards[0]?.traffic.totals.writeThrottled).toBe(200);
    const it = await sim.kinesis.dispatch('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    await sim.kinesis.dispatch('GetRecords', { ShardIterator: (it as { ok: true; value: { ShardIterator: string } }).value.ShardIterator, Limit: 10 });
    expect(snapshotStreams(sim.kinesis)[0]?.shards[0]?.traffic.totals).toMatchObject({ readCalls: 1, readBytes: 30 });
  });
});
