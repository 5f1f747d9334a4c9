import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { HASH_KEY_MAX, hashKeyOf, hashKeyWords, parseHashKey, partitionKeyMd5Hex, uniformRanges, wordsOf } from './hashKey';
import { shardForHashKey, shardForPartitionKey } from '../stream';
import type { ShardHandle } from '../shard/shardHandle';

describe('hash keys', () => {
  it('routes the spec test vectors', () => {
    expect(partitionKeyMd5Hex('user-42')).toBe('7631bc07a1cc8fcd56e70fc6b2fb4a43');
    expect(hashKeyOf('a')).toBe(16955237001963240173058271559858726497n);
    expect(hashKeyOf('user-42')).toBe(157107139746365290205026809710278036035n);
    expect(hashKeyOf('0')).toBe(276215275525073243129443018166533317850n);
  });

  it('divides the space exactly as AWS does for 2, 3 and 4 shards', () => {
    expect(uniformRanges(2).map((r) => r.end)).toEqual([170141183460469231731687303715884105727n, HASH_KEY_MAX]);
    expect(uniformRanges(3).map((r) => r.end)).toEqual([
      113427455640312821154458202477256070484n, 226854911280625642308916404954512140969n, HASH_KEY_MAX]);
    const four = uniformRanges(4);
    expect(four.map((r) => r.end.toString().slice(-6))).toEqual(['052863', '105727', '158591', '211455']);
    expect(four[3]!.start).toBe(255211775190703847597530955573826158592n);
  });

  it('property: ranges cover [0, 2^128 − 1] without gap or overlap, for any shard count', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
      const rs = uniformRanges(n);
      expect(rs).toHaveLength(n);
      expect(rs[0]!.start).toBe(0n);
      expect(rs[n - 1]!.end).toBe(HASH_KEY_MAX);
      for (let i = 1; i < n; i++) expect(rs[i]!.start).toBe(rs[i - 1]!.end + 1n);
      for (const r of rs) expect(r.end >= r.start).toBe(true);
    }), { numRuns: 100 });
  });

  it('parses hash keys only inside [0, 2^128 − 1]', () => {
    expect(parseHashKey('0')).toBe(0n);
    expect(parseHashKey(HASH_KEY_MAX.toString())).toBe(HASH_KEY_MAX);
    expect(parseHashKey((HASH_KEY_MAX + 1n).toString())).toBeUndefined();
    expect(parseHashKey('-1')).toBeUndefined();
    expect(parseHashKey('01')).toBeUndefined();
  });

  it('property: hashKeyWords is MD5 of the UTF-8 key, big-endian, for any string (lone surrogates too)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\ud800', '\udfff', 'é', '😀'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 300 }), (key) => {
      const hex = createHash('md5').update(new TextEncoder().encode(key)).digest('hex');
      expect(Array.from(hashKeyWords(key))).toEqual(Array.from(wordsOf(BigInt('0x' + hex))));
    }), { numRuns: 500 });
  });

  it('property: routing by words picks the same shard as routing by BigInt', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.string(), { minLength: 1, maxLength: 30 }), (n, keys) => {
      const open = uniformRanges(n).map((range, index) => ({ meta: { index, range } }) as unknown as ShardHandle);
      for (const k of keys) expect(shardForPartitionKey(open, k)).toBe(shardForHashKey(open, hashKeyOf(k)));
    }), { numRuns: 200 });
  });
});
