import { describe, expect, it } from 'vitest';
import { createClock } from '../core/sim/clock';
import { TimeDriver } from './timeDriver';

describe('TimeDriver', () => {
  it('moves virtual time at the target speed while the simulation keeps up', () => {
    let real = 0;
    const clock = createClock({ mode: 'manual', start: 0 });
    const d = new TimeDriver(clock, () => real, () => 0);
    d.setSpeed(10);
    for (let i = 0; i < 40; i++) { real += 50; d.tick(); }
    expect(clock.now()).toBe(20_000);
    expect(d.actualSpeed()).toBeCloseTo(10);
  });

  it('slows down, and says so, when calls wait on the shards; stands still when paused', () => {
    let real = 0, pressure = 625; // halfway between the start and full pressure
    const clock = createClock({ mode: 'manual', start: 0 });
    const d = new TimeDriver(clock, () => real, () => pressure);
    d.setSpeed(10);
    for (let i = 0; i < 40; i++) { real += 50; d.tick(); }
    expect(d.actualSpeed()).toBeCloseTo(5);
    pressure = 5000;
    for (let i = 0; i < 60; i++) { real += 50; d.tick(); } // a window's worth and more
    expect(d.actualSpeed()).toBe(0);
    pressure = 0;
    d.paused = true;
    const t = clock.now();
    real += 5000; d.tick();
    expect(clock.now()).toBe(t);
    expect(() => d.setSpeed(0)).toThrow(RangeError);
  });
});
