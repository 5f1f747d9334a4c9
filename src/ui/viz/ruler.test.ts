import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HASH_KEY_MAX, HASH_SPACE, hashKeyOf, uniformRanges } from '../../core/kinesis/model/hashKey';
import {
  formatShare, hashScale, hottestSummary, keyMarkers, markerRadius, packRows, rulerTicks, shardShares,
  shardSpans, spanOf, toHashKey, type ShardRangeLike,
} from './ruler';

const id = (i: number): string => `shardId-${String(i).padStart(12, '0')}`;
const uniform = (n: number): ShardRangeLike[] =>
  uniformRanges(n).map((r, i) => ({ shardId: id(i), open: true, startingHashKey: r.start.toString(), endingHashKey: r.end.toString() }));
const hashKeyArb = fc.bigInt({ min: 0n, max: HASH_KEY_MAX });

describe('hash scale', () => {
  it('maps 0 to x0 and 2^128 − 1 to x1, from bigints and decimal strings', () => {
    const s = hashScale(12, 1012);
    expect(s.x(0n)).toBe(12);
    expect(s.x(HASH_KEY_MAX)).toBe(1012);
    expect(s.x('0')).toBe(12);
    expect(s.x(HASH_KEY_MAX.toString())).toBe(1012);
    expect(s.x(1n << 127n)).toBeCloseTo(512, 9);
  });
  it('keeps keys apart that a double would merge (2^127 − 1 and 2^127)', () => {
    expect(Number((1n << 127n) - 1n)).toBe(Number(1n << 127n)); // why the division is in BigInt
    const s = hashScale(0, 1000);
    expect(s.x((1n << 127n) - 1n)).toBeLessThan(s.x(1n << 127n));
  });
  it('is monotone over the whole space', () => {
    const s = hashScale(0, 1280);
    fc.assert(fc.property(hashKeyArb, hashKeyArb, (a, b) => (a <= b ? s.x(a) <= s.x(b) : s.x(a) >= s.x(b))));
  });
  it('rejects what is not a hash key', () => {
    expect(() => toHashKey(-1n)).toThrow(RangeError);
    expect(() => toHashKey(HASH_SPACE.toString())).toThrow(RangeError);
    expect(() => toHashKey('12a')).toThrow(RangeError);
  });
  it('puts ticks at 0, the quarters and 2^128 − 1 with power-of-two labels', () => {
    const ticks = rulerTicks(hashScale(0, 800));
    expect(ticks.map((t) => t.label)).toEqual(['0', '2¹²⁶', '2¹²⁷', '3·2¹²⁶', '2¹²⁸−1']);
    expect(ticks.map((t) => Math.round(t.x))).toEqual([0, 200, 400, 600, 800]);
    expect(ticks[2]?.value).toBe(1n << 127n);
  });
});

describe('shard spans', () => {
  it('tile the width exactly for uniform ranges of 1 to 16 shards, at any width', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 3000 }), (n, x0, w) => {
      const spans = shardSpans(uniform(n), hashScale(x0, x0 + w));
      expect(spans).toHaveLength(n);
      expect(spans[0]?.x0).toBe(x0);
      expect(spans.at(-1)?.x1).toBe(x0 + w);
      for (let i = 1; i < n; i++) expect(spans[i]?.x0).toBe(spans[i - 1]?.x1);
      for (const s of spans) {
        expect(Number.isInteger(s.x0) && Number.isInteger(s.x1)).toBe(true);
        expect(s.x1).toBeGreaterThanOrEqual(s.x0);
      }
    }));
  });
  it('map 4 even ranges to 4 equal quarters', () => {
    expect(shardSpans(uniform(4), hashScale(0, 1000)).map((s) => [s.x0, s.x1])).toEqual([[0, 250], [250, 500], [500, 750], [750, 1000]]);
  });
  it('sort by starting hash key, and a closed parent after its open child on a tie', () => {
    const [a, b] = uniform(2);
    const parent: ShardRangeLike = { shardId: id(0), open: false, startingHashKey: '0', endingHashKey: HASH_KEY_MAX.toString() };
    const spans = shardSpans([{ ...b!, shardId: id(2) }, parent, { ...a!, shardId: id(1) }], hashScale(0, 100));
    expect(spans.map((s) => s.shardId)).toEqual([id(1), id(0), id(2)]);
    expect(spans[1]).toMatchObject({ open: false, x0: 0, x1: 100 });
  });
  it('find the span holding any hash key by binary search', () => {
    const spans = shardSpans(uniform(7), hashScale(0, 700));
    fc.assert(fc.property(hashKeyArb, (v) => {
      const s = spanOf(spans, v);
      expect(s && s.start <= v && v <= s.end).toBe(true);
    }));
    expect(spanOf([], 5n)).toBeUndefined();
  });
});

describe('key markers', () => {
  const scale = hashScale(0, 1000);
  const four = shardSpans(uniform(4), scale);
  const shardOf = (key: string): string | undefined => keyMarkers([{ partitionKey: key, count: 1 }], four, scale)[0]?.shardId;

  it('land where their MD5 says (the spec vectors)', () => {
    const [m] = keyMarkers([{ partitionKey: 'a', count: 3 }], four, scale);
    expect(m?.hashKey).toBe(16955237001963240173058271559858726497n);
    expect(m?.md5Hex).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(m?.shardId).toBe(id(0));
    expect(m?.x).toBeCloseTo(49.83, 2);
    expect(shardOf('user-42')).toBe(id(1));
    expect(shardOf('0')).toBe(id(3));
  });
  it('lie inside their shard span and at the x of hashKeyOf(key), for any keys and shard counts', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 30 }), (n, names) => {
      const spans = shardSpans(uniform(n), scale);
      for (const m of keyMarkers(names.map((partitionKey) => ({ partitionKey, count: 1 })), spans, scale)) {
        const span = spans.find((s) => s.shardId === m.shardId)!;
        expect(span.start <= m.hashKey && m.hashKey <= span.end).toBe(true);
        expect(m.x).toBeGreaterThanOrEqual(span.x0);
        expect(m.x).toBeLessThanOrEqual(span.x1);
        expect(m.hashKey).toBe(hashKeyOf(m.partitionKey));
        expect(Math.abs(m.x - scale.x(hashKeyOf(m.partitionKey)))).toBeLessThanOrEqual(1);
      }
    }));
  });
  it('use the explicit hash key over the MD5, and drop one AWS would reject', () => {
    const ms = keyMarkers([
      { partitionKey: 'a', explicitHashKey: HASH_KEY_MAX.toString(), count: 1 },
      { partitionKey: 'b', explicitHashKey: HASH_SPACE.toString(), count: 1 },
    ], four, scale);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ hashKey: HASH_KEY_MAX, shardId: id(3), x: 1000, md5Hex: '0cc175b9c0f1b6a831c399e269772661' });
  });
  it('sum repeated keys and size by the square root of their count, capped', () => {
    const ms = keyMarkers([{ partitionKey: 'hot', count: 60 }, { partitionKey: 'hot', count: 40 }, { partitionKey: 'cold', count: 25 }], four, scale, { minRadius: 4, maxRadius: 20 });
    expect(ms.find((m) => m.partitionKey === 'hot')).toMatchObject({ count: 100, r: 20 });
    expect(ms.find((m) => m.partitionKey === 'cold')?.r).toBe(10);
    expect(markerRadius(1, 1e9, 4, 20)).toBe(4);
    expect(markerRadius(5e9, 1e9, 4, 20)).toBe(20);
  });
  it('stack so no two markers in one row overlap', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 120 }), fc.array(fc.nat(500)), (names, counts) => {
      const ms = keyMarkers(names.map((partitionKey, i) => ({ partitionKey, count: counts[i] ?? 1 })), four, hashScale(0, 300), { gap: 2 });
      for (const a of ms) {
        for (const b of ms) {
          if (a !== b && a.row === b.row) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(a.r + b.r + 2 - 1e-9);
        }
      }
    }));
  });
  it('pack intervals into the lowest free row', () => {
    expect(packRows([{ lo: 0, hi: 10 }, { lo: 5, hi: 15 }, { lo: 12, hi: 20 }, { lo: 16, hi: 30 }], 0)).toEqual([0, 1, 0, 1]);
  });
});

describe('traffic share per shard', () => {
  const scale = hashScale(0, 1000);
  const four = shardSpans(uniform(4), scale);

  it('sums to 1 over the open shards whenever there are records', () => {
    fc.assert(fc.property(fc.array(fc.record({ partitionKey: fc.string({ minLength: 1 }), count: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1 }), (keys) => {
      const shares = shardShares(four, keyMarkers(keys, four, scale));
      expect(shares).toHaveLength(4);
      expect(shares.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 9);
    }));
  });
  it('names the hot key that overloads one shard', () => {
    const keys = [{ partitionKey: 'user-42', count: 83 }, { partitionKey: 'a', count: 10 }, { partitionKey: '0', count: 7 }];
    const shares = shardShares(four, keyMarkers(keys, four, scale));
    expect(shares.map((s) => s.count)).toEqual([10, 83, 0, 7]);
    expect(hottestSummary(shares)).toBe('Hottest shard: shardId-000000000001 gets 83 % of records (key "user-42")');
  });
  it('says when the load is spread rather than one key, and when there is none', () => {
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'].map((partitionKey) => ({ partitionKey, count: 1 }));
    expect(hottestSummary(shardShares(four, keyMarkers(keys, four, scale)))).toMatch(/spread over \d+ keys\)$/);
    expect(hottestSummary(shardShares(four, []))).toMatch(/^No records yet/);
    expect(shardShares(four, []).every((s) => s.share === 0)).toBe(true);
  });
  it('formats shares without claiming 0 % or 100 % falsely', () => {
    expect([0, 0.001, 0.834, 0.999, 1].map(formatShare)).toEqual(['0 %', '<1 %', '83 %', '>99 %', '100 %']);
  });

  it('maps a pixel back to the hash key under it (to within a pixel)', () => {
    const scale = hashScale(10, 1010);
    expect(scale.at(10)).toBe(0n);
    expect(scale.at(1010)).toBe(HASH_KEY_MAX);
    expect(scale.at(-5)).toBe(0n);
    for (const px of [11, 260.5, 510, 999]) expect(Math.abs(scale.x(scale.at(px)) - px)).toBeLessThan(1e-6);
  });
});
