import { describe, expect, it } from 'vitest';
import { TokenBucket } from './limits';

describe('TokenBucket', () => {
  it('admits a full second of budget at once, then refills at the rate', () => {
    const b = new TokenBucket(1000, 1000, 0);
    for (let i = 0; i < 1000; i++) expect(b.tryTake(1, 0)).toBe(true);
    expect(b.tryTake(1, 0)).toBe(false);
    expect(b.tryTake(1, 1)).toBe(true); // 1 ms later: one more record
    expect(b.tryTake(1, 1)).toBe(false);
    expect(b.available(1001)).toBe(1000); // never more than the capacity
  });

  it('runs into debt with take() and reports the wait', () => {
    const b = new TokenBucket(2 * 1048576, 0, 0);
    b.take(10 * 1048576, 0);
    expect(b.available(0)).toBe(-10 * 1048576);
    expect(b.msUntil(0, 0)).toBe(5000);
    expect(b.available(5000)).toBe(0);
  });
});
