import { describe, expect, it } from 'vitest';
import { LagWatch, PERSIST_MS, SETTLE_MS } from './lag';

const run = (target: number, actual: number, paused = false) => ({ paused, targetSpeed: target, actualSpeed: actual });

describe('LagWatch', () => {
  it('shows a lag only once it has lasted', () => {
    const w = new LagWatch();
    expect(w.update(run(10, 6.3), 0)).toBe(false);
    expect(w.update(run(10, 6.3), PERSIST_MS - 1)).toBe(false);
    expect(w.update(run(10, 6.3), PERSIST_MS)).toBe(true);
  });

  it('forgets a hiccup', () => {
    const w = new LagWatch();
    w.update(run(10, 6), 0);
    w.update(run(10, 10), 1000);
    expect(w.update(run(10, 6), 2000)).toBe(false);
    expect(w.update(run(10, 6), 2000 + PERSIST_MS)).toBe(true);
  });

  it('ignores the slow-looking average right after a resume or a speed change', () => {
    const w = new LagWatch();
    w.update(run(1, 0, true), 0);
    expect(w.update(run(1, 0.4), 10_000)).toBe(false); // resumed
    expect(w.update(run(1, 0.8), 10_000 + PERSIST_MS + 500)).toBe(false);
    expect(w.update(run(1, 0.8), 10_000 + SETTLE_MS)).toBe(false);
    expect(w.update(run(1, 0.8), 10_000 + SETTLE_MS + PERSIST_MS)).toBe(true); // still slow: a real lag
    expect(w.update(run(100, 20), 20_000)).toBe(false); // speed changed
  });

  it('never shows a lag while paused or on target', () => {
    const w = new LagWatch();
    expect(w.update(run(5, 0, true), 0)).toBe(false);
    expect(w.update(run(5, 0, true), 10_000)).toBe(false);
    const v = new LagWatch();
    expect(v.update(run(5, 4.9), 0)).toBe(false);
    expect(v.update(run(5, 4.9), 10_000)).toBe(false);
  });
});
