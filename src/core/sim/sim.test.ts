import { describe, expect, it } from 'vitest';
import { createClock, DEFAULT_MANUAL_START } from './clock';
import { createRandom } from './random';
import { Scheduler } from './scheduler';

describe('clock', () => {
  it('manual: moves only by advance()', () => {
    const c = createClock({ mode: 'manual' });
    expect(c.now()).toBe(DEFAULT_MANUAL_START);
    c.advance(1500);
    expect(c.now()).toBe(DEFAULT_MANUAL_START + 1500);
    expect(() => c.advance(-1)).toThrow(RangeError);
  });

  it('realtime: follows the source times the speed; pause freezes, resume continues without a jump', () => {
    let real = 1000;
    const c = createClock({ mode: 'realtime', source: () => real, start: 0 });
    real += 500;
    expect(c.now()).toBe(500);
    c.setSpeed(10);
    real += 100;
    expect(c.now()).toBe(1500);
    c.pause();
    real += 10_000;
    expect(c.now()).toBe(1500);
    c.resume();
    real += 10;
    expect(c.now()).toBe(1600);
    expect(() => c.setSpeed(1000)).toThrow(/between 0.1 and 100/);
  });
});

describe('scheduler', () => {
  it('runs due events in time order, ties in insertion order, and honours cancel', () => {
    const s = new Scheduler();
    const ran: string[] = [];
    s.at(20, () => ran.push('b'));
    s.at(10, () => ran.push('a'));
    s.at(20, () => ran.push('c'));
    const cancel = s.at(15, () => ran.push('x'));
    cancel();
    expect(s.runDue(5)).toBe(0);
    s.runDue(20);
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});

describe('random', () => {
  it('is reproducible from its seed', () => {
    const a = createRandom(42), b = createRandom(42), c = createRandom(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(a.hex(20)).toMatch(/^[0-9a-f]{20}$/);
  });
});
