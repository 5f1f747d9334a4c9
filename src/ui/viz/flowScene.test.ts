import { describe, expect, it } from 'vitest';
import { rateKey } from '../state/rates';
import { layoutFlow } from './flowLayout';
import { changedShards, consumerViews, flowHeight, laneBirth, laneViews, lineageLinks } from './flowScene';

const shard = (n: number, open: boolean, parent?: number, adjacent?: number) => ({
  shardId: `shardId-00000000000${n}`, open, startingHashKey: '0', endingHashKey: '340282366920938463463374607431768211455',
  ...(parent !== undefined ? { parentShardId: `shardId-00000000000${parent}` } : {}),
  ...(adjacent !== undefined ? { adjacentParentShardId: `shardId-00000000000${adjacent}` } : {}),
});

describe('flow scene', () => {
  it('lists applications, then readers no application owns', () => {
    const app = { id: 1, name: 'kcl', kind: 'shared' as const, iteratorAgeMs: 5, shards: ['s0'], status: 'running' };
    const active = [
      { reader: 'reader-1', iteratorAgeMs: 0, shards: new Set(['s0']) },
      { reader: 'consumer:fan', iteratorAgeMs: 7, shards: new Set(['s1']) },
      { reader: 'reader-2', iteratorAgeMs: 0, shards: new Set(['s2']) },
    ];
    const out = consumerViews([app], active, (r) => (r === 'reader-1' ? app : undefined), (r) => r === 'reader-2');
    expect(out).toEqual([
      { id: 'app:1', kind: 'shared', name: 'kcl', shards: ['s0'], ageMs: 5 },
      { id: 'consumer:fan', kind: 'enhanced', name: 'fan', shards: ['s1'], ageMs: 7 },
    ]);
  });

  it('grows with lanes and consumers, within bounds', () => {
    expect(flowHeight(1, 1)).toBe(220);
    expect(flowHeight(6, 0)).toBe(294);
    expect(flowHeight(30, 0)).toBe(560);
  });

  it('brackets parents to children, slides children out of their parents, and notices changes', () => {
    const shards = [shard(0, false), shard(1, true, 0), shard(2, true, 0)];
    const layout = layoutFlow(800, 300, shards, []);
    const links = lineageLinks(shards, layout);
    expect(links.map((l) => l.id)).toEqual(['shardId-000000000000>shardId-000000000001', 'shardId-000000000000>shardId-000000000002']);
    expect(laneBirth(shards, layout, 'shardId-000000000001', 99)).toEqual({ fromY: layout.lane('shardId-000000000000')!.y, y: 99 });
    expect(laneBirth(shards, layout, 'shardId-000000000000', 99)).toBeUndefined();
    expect(changedShards([shard(0, true)], shards)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
  });

  it('gives lanes their load, throttling and freshness', () => {
    const layout = layoutFlow(800, 300, [shard(0, true)], []);
    const rates = new Map([[rateKey('s', 'shardId-000000000000'), { writeRecordsPerSec: 1500, writeBytesPerSec: 0, writeThrottledPerSec: 0, readCallsPerSec: 0, readBytesPerSec: 0, readThrottledPerSec: 0, averaged: false }]]);
    const [v] = laneViews(layout.lanes, { streamName: 's', shards: [shard(0, true)], rates, throttledAt: new Map([['shardId-000000000000', 900]]), changedAt: new Map(), now: () => 1000 });
    expect(v).toMatchObject({ load: 1, throttled: true, fresh: false });
  });
});
