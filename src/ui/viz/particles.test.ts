import { describe, expect, it } from 'vitest';
import { colorIndex, KEY_COLORS, layoutFlow, PIPE_W, reshardNews, visibleShards } from './flowLayout';
import { Kind, Particles, Sampler } from './particles';

const leg = (x0: number, x1: number, ms: number) => ({ x0, y0: 0, x1, y1: 0, ms });

describe('particles', () => {
  it('follow their legs and vanish at the end of the last one', () => {
    const p = new Particles(4);
    const i = p.spawn({ kind: Kind.write, first: leg(0, 100, 100), second: leg(100, 300, 200), color: 2, ref: 7 });
    expect(p.count).toBe(1);
    p.step(50);
    expect(p.x[i]).toBeGreaterThan(50); // eased: ahead of linear on the way in
    expect(p.x[i]).toBeLessThan(100);
    p.step(150); // 100 ms into the second leg: halfway along the lane, at constant speed
    expect(p.x[i]).toBeCloseTo(200, 3);
    p.step(101);
    expect(p.alive[i]).toBe(0);
    expect(p.count).toBe(0);
    expect(p.ref[i]).toBe(-1);
  });

  it('bounce: a throttled record goes to the lane and comes back', () => {
    const p = new Particles(2);
    const i = p.spawn({ kind: Kind.bounce, first: leg(10, 100, 100), second: leg(100, 10, 100), color: 0, ref: -1 });
    p.step(100);
    expect(p.x[i]).toBeCloseTo(100, 3);
    p.step(90);
    expect(p.x[i]).toBeLessThan(20);
  });

  it('replace the oldest when full, and hit-test the nearest live one', () => {
    const p = new Particles(2);
    p.spawn({ kind: Kind.read, first: leg(0, 0, 1000), color: 0, ref: 1 });
    p.spawn({ kind: Kind.read, first: leg(50, 50, 1000), color: 0, ref: 2 });
    p.spawn({ kind: Kind.read, first: leg(100, 100, 1000), color: 0, ref: 3 }); // replaces ref 1
    expect(p.count).toBe(2);
    expect([...p.ref].sort()).toEqual([2, 3]);
    const hit = p.hit(97, 1, 6);
    expect(p.ref[hit]).toBe(3);
    expect(p.hit(300, 300, 6)).toBe(-1);
    p.clear();
    expect(p.count).toBe(0);
    expect(p.hit(100, 0, 6)).toBe(-1);
  });
});

describe('sampler', () => {
  it('passes every record under the limit, one in k above it, and says so', () => {
    const s = new Sampler(100);
    expect(s.take(80, 0)).toBe(80);
    expect(s.sampled).toBe(false);
    // 1,000 records in the first second → the next second keeps one in 10.
    s.take(920, 500);
    let kept = 0;
    for (let i = 0; i < 100; i++) kept += s.take(10, 1000 + i * 9);
    expect(s.every).toBe(10);
    expect(s.sampled).toBe(true);
    expect(kept).toBe(100);
    // A quiet second afterwards: back to every record.
    s.take(5, 2500);
    expect(s.take(5, 3600)).toBe(5);
    expect(s.sampled).toBe(false);
  });
});

describe('flow layout', () => {
  it('stacks one lane per shard without overlap, producers left, consumers right', () => {
    const shards = Array.from({ length: 16 }, (_, i) => ({ shardId: `shardId-${String(i).padStart(12, '0')}`, open: i !== 3 }));
    const l = layoutFlow(1000, 600, shards, [{ id: 'reader-1', kind: 'shared' }, { id: 'reader-2', kind: 'shared' }]);
    expect(l.lanes).toHaveLength(16);
    for (let i = 1; i < l.lanes.length; i++) {
      const a = l.lanes[i - 1]!, b = l.lanes[i]!;
      expect(a.y + a.h / 2).toBeLessThanOrEqual(b.y - b.h / 2);
    }
    expect(l.lanes[0]!.y - l.lanes[0]!.h / 2).toBeGreaterThanOrEqual(0);
    expect(l.lanes.at(-1)!.y + l.lanes.at(-1)!.h / 2).toBeLessThanOrEqual(600);
    expect(l.producer.x).toBeLessThan(l.lanes[0]!.x0);
    for (const c of l.consumers) expect(c.x).toBeGreaterThan(l.lanes[0]!.x1);
    expect(l.lane('shardId-000000000003')?.open).toBe(false);
    expect(l.consumer('reader-2')?.y).toBeGreaterThan(l.consumer('reader-1')!.y);
  });

  it('draws shared consumers as branches of one trunk and each enhanced consumer as a pipe of its own', () => {
    const shards = [{ shardId: 'shardId-000000000000', open: true }];
    const l = layoutFlow(1200, 500, shards, [
      { id: 'efo-1', kind: 'enhanced' }, { id: 'a', kind: 'shared' }, { id: 'b', kind: 'shared' }, { id: 'c', kind: 'shared' }, { id: 'efo-2', kind: 'enhanced' },
    ]);
    // Shared first, then enhanced, top to bottom.
    expect(l.consumers.map((c) => c.id)).toEqual(['a', 'b', 'c', 'efo-1', 'efo-2']);
    const trunk = l.pipes.filter((p) => p.kind === 'trunk');
    const branches = l.pipes.filter((p) => p.kind === 'branch');
    const efo = l.pipes.filter((p) => p.kind === 'enhanced');
    expect(trunk).toHaveLength(1);
    expect(branches).toHaveLength(3);
    expect(efo).toHaveLength(2);
    // One shard's 2 MB/s divided three ways; each enhanced pipe is a whole trunk.
    expect(branches.reduce((a, p) => a + p.width, 0)).toBeCloseTo(trunk[0]!.width);
    for (const p of efo) expect(p.width).toBe(PIPE_W);
    // Reads to a shared consumer pass the hub; to an enhanced one, its own pipe.
    expect(l.via('b')).toEqual(l.hub);
    expect(l.via('efo-2')).toMatchObject({ x: l.outlet.x, y: l.consumer('efo-2')!.y });
    expect(l.hub!.x).toBeGreaterThan(l.outlet.x);
    expect(l.outlet.x).toBeGreaterThan(l.lanes[0]!.x1);
    expect(layoutFlow(1200, 500, shards, [{ id: 'efo-1', kind: 'enhanced' }]).hub).toBeUndefined();
  });

  it('gives each partition key a stable colour from the colour-blind-safe palette', () => {
    expect(colorIndex('user-42')).toBe(colorIndex('user-42'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => colorIndex(`k${i}`)));
    expect(used.size).toBe(KEY_COLORS.length);
  });
});

describe('lanes shown', () => {
  it('are the open shards and the closed ones still holding records, by hash key, parents above children', () => {
    const sh = (shardId: string, open: boolean, records: number, startingHashKey: string, parentShardId?: string) =>
      ({ shardId, open, records, startingHashKey, ...(parentShardId ? { parentShardId } : {}) });
    const shards = [
      sh('s0', false, 10, '0'), sh('s1', true, 0, '100'), sh('s2', false, 0, '0', 's0'),
      sh('s3', true, 5, '0', 's2'), sh('s4', true, 0, '50', 's2'),
    ];
    expect(visibleShards(shards).map((s) => s.shardId)).toEqual(['s0', 's3', 's4', 's1']);
  });
});

describe('reshard news', () => {
  const sh = (shardId: string, open: boolean, parentShardId?: string, adjacentParentShardId?: string) =>
    ({ shardId, open, ...(parentShardId ? { parentShardId } : {}), ...(adjacentParentShardId ? { adjacentParentShardId } : {}) });
  it('says which shard split into which, and which merged', () => {
    const a = [sh('shardId-000000000000', true), sh('shardId-000000000001', true)];
    const b = [sh('shardId-000000000000', false), sh('shardId-000000000001', true), sh('shardId-000000000002', true, 'shardId-000000000000'), sh('shardId-000000000003', true, 'shardId-000000000000')];
    expect(reshardNews(a, b)).toEqual(['Shard 0 split into shards 2 and 3']);
    const c = [...b.map((s) => (s.shardId === 'shardId-000000000001' || s.shardId === 'shardId-000000000003' ? { ...s, open: false } : s)),
      sh('shardId-000000000004', true, 'shardId-000000000003', 'shardId-000000000001')];
    expect(reshardNews(b, c)).toEqual(['Shards 3 and 1 merged into shard 4']);
    expect(reshardNews(c, c)).toEqual([]);
  });
});
