import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/sim/random';
import { keyStrategyError, makeKeyPicker, parseKeyList, uuidLike } from './keys';

const take = (f: () => string, n: number): string[] => Array.from({ length: n }, f);

describe('key strategies', () => {
  it('random keys look like UUIDs and do not repeat', () => {
    const keys = take(makeKeyPicker({ kind: 'random' }, createRandom(1)), 1000);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1000);
  });

  it('are deterministic for a seed', () => {
    expect(uuidLike(createRandom(7))).toBe(uuidLike(createRandom(7)));
    expect(take(makeKeyPicker({ kind: 'few', count: 3 }, createRandom(3)), 20)).toEqual(take(makeKeyPicker({ kind: 'few', count: 3 }, createRandom(3)), 20));
  });

  it('few keys uses exactly N distinct keys', () => {
    const keys = take(makeKeyPicker({ kind: 'few', count: 5 }, createRandom(2)), 2000);
    expect(new Set(keys)).toEqual(new Set(['key-1', 'key-2', 'key-3', 'key-4', 'key-5']));
  });

  it('one hot key gets about its share', () => {
    const keys = take(makeKeyPicker({ kind: 'hot', hotKey: 'hot', hotPercent: 80 }, createRandom(4)), 10_000);
    const share = keys.filter((k) => k === 'hot').length / keys.length;
    expect(share).toBeGreaterThan(0.77);
    expect(share).toBeLessThan(0.83);
    expect(take(makeKeyPicker({ kind: 'hot', hotKey: 'hot', hotPercent: 100 }, createRandom(4)), 50).every((k) => k === 'hot')).toBe(true);
  });

  it('an explicit list is used in turn', () => {
    expect(take(makeKeyPicker({ kind: 'list', keys: ['a', 'b', 'c'] }, createRandom(1)), 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('parses lists from lines or commas', () => {
    expect(parseKeyList('alpha\n beta , gamma\n\n')).toEqual(['alpha', 'beta', 'gamma']);
    expect(parseKeyList('  ')).toEqual([]);
  });

  it('explains invalid settings', () => {
    expect(keyStrategyError({ kind: 'random' })).toBeUndefined();
    expect(keyStrategyError({ kind: 'few', count: 0 })).toMatch(/between 1 and/);
    expect(keyStrategyError({ kind: 'hot', hotKey: '', hotPercent: 50 })).toMatch(/1 to 256/);
    expect(keyStrategyError({ kind: 'hot', hotKey: 'h', hotPercent: 150 })).toMatch(/percentage/);
    expect(keyStrategyError({ kind: 'list', keys: [] })).toMatch(/at least one/);
    expect(keyStrategyError({ kind: 'list', keys: ['x'.repeat(257)] })).toMatch(/257 characters/);
  });
});
