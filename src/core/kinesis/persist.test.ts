import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index';
import { restoreStreams, saveStreams } from './persist';

describe('control-plane persistence', () => {
  it('round-trips streams, shard maps, retention, tags and pending lifecycle steps', async () => {
    const a = createSimulation({ clock: 'manual' });
    let changes = 0;
    a.kinesis.onChange(() => changes++);
    await a.kinesis.dispatch('CreateStream', { StreamName: 'live', ShardCount: 3, Tags: { team: 'x', 'shardlab:limits': 'off' } });
    a.clock.advance(a.kinesis.createStreamMs);
    await a.kinesis.dispatch('IncreaseStreamRetentionPeriod', { StreamName: 'live', RetentionPeriodHours: 48 });
    await a.kinesis.dispatch('CreateStream', { StreamName: 'young', ShardCount: 1 });
    expect(changes).toBe(4); // create, activate, retention, create
    const saved = JSON.parse(JSON.stringify(saveStreams(a.kinesis)));

    const b = createSimulation({ clock: 'manual', start: a.clock.now() });
    restoreStreams(b.kinesis, saved);
    const live = b.kinesis.streams.get('live')!;
    expect(live).toMatchObject({ status: 'ACTIVE', retentionHours: 48, enforceLimits: false, arn: a.kinesis.streams.get('live')!.arn });
    expect(live.open.map((s) => s.id)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    expect(live.shards[2]!.meta.range.end).toBe((1n << 128n) - 1n);
    expect(b.kinesis.streams.get('young')!.status).toBe('CREATING');
    b.clock.advance(b.kinesis.createStreamMs);
    expect(b.kinesis.streams.get('young')!.status).toBe('ACTIVE');
  });

  it('round-trips closed shards, lineage and a split still in progress', async () => {
    const a = createSimulation({ clock: 'manual' });
    await a.kinesis.dispatch('CreateStream', { StreamName: 's', ShardCount: 2 });
    a.clock.advance(a.kinesis.createStreamMs);
    await a.kinesis.dispatch('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' });
    a.clock.advance(a.kinesis.updateStreamMs);
    const r = await a.kinesis.dispatch('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000002', NewStartingHashKey: '1000' });
    expect(r.ok).toBe(true);
    const saved = JSON.parse(JSON.stringify(saveStreams(a.kinesis)));

    const b = createSimulation({ clock: 'manual', start: a.clock.now() });
    restoreStreams(b.kinesis, saved);
    const s = b.kinesis.streams.get('s')!;
    expect(s.status).toBe('UPDATING');
    expect(s.shards.map((sh) => sh.meta.closedAt !== undefined)).toEqual([true, true, false]);
    expect(s.shards[2]!.meta).toMatchObject({ parentShardId: 'shardId-000000000000', adjacentParentShardId: 'shardId-000000000001' });
    expect(s.open.map((sh) => sh.id)).toEqual(['shardId-000000000002']);
    b.clock.advance(b.kinesis.updateStreamMs);
    expect(s.status).toBe('ACTIVE');
    expect(s.open.map((sh) => sh.id)).toEqual(['shardId-000000000003', 'shardId-000000000004']);
    expect(s.shards[4]!.meta.range.start).toBe(1000n);
  });
});
