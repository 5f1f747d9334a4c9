import { describe, expect, it } from 'vitest';
import { TopKTumbling } from './topK.js';

const T0 = Date.UTC(2024, 0, 1, 11, 0, 0);

describe('TopKTumbling', () => {
  it('emits each epoch-aligned window once, K most frequent first', () => {
    const t = new TopKTumbling({ k: 2, windowSeconds: 60 });
    const rows: [string, number][] = [['AMZN', 1], ['MSFT', 2], ['AMZN', 3], ['IBM', 4], ['MSFT', 5], ['AMZN', 6], ['IBM', 59.999]];
    for (const [v, s] of rows) t.add(v, T0 + s * 1000);
    t.add('IBM', T0 + 61_000);
    expect(t.closeBefore(T0 + 59_999)).toBeUndefined();
    // Ties (MSFT 2, IBM 2): the value that reached the count first wins.
    expect(t.closeBefore(T0 + 60_000)).toEqual({ windowEnd: T0 + 60_000, items: [{ value: 'AMZN', count: 3 }, { value: 'MSFT', count: 2 }] });
    expect(t.closeBefore(T0 + 60_000)).toBeUndefined();
    expect(t.closeBefore(T0 + 120_000)).toEqual({ windowEnd: T0 + 120_000, items: [{ value: 'IBM', count: 1 }] });
  });

  it('skips windows with no rows and returns closed windows oldest first', () => {
    const t = new TopKTumbling({ k: 5, windowSeconds: 10 });
    t.add(1, T0 + 500);
    t.add(2, T0 + 35_000);
    t.add(2, T0 + 36_000);
    expect(t.closeBefore(T0 + 100_000)).toEqual({ windowEnd: T0 + 10_000, items: [{ value: 1, count: 1 }] });
    expect(t.closeBefore(T0 + 100_000)).toEqual({ windowEnd: T0 + 40_000, items: [{ value: 2, count: 2 }] });
    expect(t.closeBefore(T0 + 100_000)).toBeUndefined();
  });

  it('returns every value when K exceeds the distinct count, keeping types apart', () => {
    const t = new TopKTumbling({ k: 100, windowSeconds: 1 });
    for (const v of ['1', 1, 1, null, true]) t.add(v, T0 + 10);
    expect(t.closeBefore(T0 + 1000)!.items).toEqual([
      { value: 1, count: 2 }, { value: '1', count: 1 }, { value: null, count: 1 }, { value: true, count: 1 },
    ]);
  });
});
