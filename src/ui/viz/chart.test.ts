import { describe, expect, it } from 'vitest';
import { buildChart, DEFAULT_BOX, linePath, shortNumber, timeScale, timeTicks, valueScale, valueTicks, type ChartBox } from './chart';

const T0 = Date.UTC(2026, 0, 25, 14, 0, 0);
// Plot from x 100 to 500 and y 210 (bottom) to 10 (top): easy pixels.
const box: ChartBox = { width: 520, height: 250, top: 10, right: 20, bottom: 40, left: 100 };

describe('scales', () => {
  it('the time scale maps the window onto the plot width', () => {
    const x = timeScale(T0, T0 + 60_000, box);
    expect(x(new Date(T0))).toBe(100);
    expect(x(new Date(T0 + 30_000))).toBe(300);
    expect(x(new Date(T0 + 60_000))).toBe(500);
  });

  it('the value scale starts at 0 and ends at a nice number above the data', () => {
    const y = valueScale([120, null, 730], undefined, box);
    expect(y.domain()).toEqual([0, 800]);
    expect(y(0)).toBe(210);
    expect(y(800)).toBe(10);
    expect(y(400)).toBe(110);
  });

  it('always includes the limit, with headroom above it', () => {
    const y = valueScale([40, 60], 1000, box);
    expect(y.domain()[1]).toBeGreaterThan(1000);
    expect(y(1000)).toBeGreaterThan(10); // below the top edge, not on it
    expect(valueScale([2500], 1000, box).domain()[1]).toBeGreaterThanOrEqual(2500);
  });

  it('an all-zero or empty series still gets a usable axis', () => {
    expect(valueScale([0, 0], undefined, box).domain()).toEqual([0, 1]);
    expect(valueScale([], undefined, box).domain()).toEqual([0, 1]);
  });
});

describe('paths', () => {
  it('the line goes through each point at its pixel, and breaks at gaps', () => {
    const x = timeScale(T0, T0 + 2000, box);
    const y = valueScale([0, 400], undefined, box); // domain 0–400
    expect(linePath([{ t: T0, value: 0 }, { t: T0 + 1000, value: 200 }, { t: T0 + 2000, value: 400 }], x, y)).toBe('M100,210L300,110L500,10');
    const gap = linePath([{ t: T0, value: 0 }, { t: T0 + 1000, value: null }, { t: T0 + 2000, value: 400 }], x, y);
    expect(gap.match(/M/g)).toHaveLength(2);
    expect(linePath([], x, y)).toBe('');
  });

  it('buildChart keeps only points inside the window and places the limit line', () => {
    const c = buildChart({ points: [{ t: T0 - 1000, value: 5000 }, { t: T0, value: 100 }, { t: T0 + 1000, value: 300 }], fromT: T0, toT: T0 + 1000, limit: 1000, box });
    expect(c.y.domain()[1]).toBeLessThan(5000); // the point before the window does not stretch the axis
    expect(c.limitY).toBeCloseTo(c.y(1000), 6);
    expect(c.line.startsWith('M100,')).toBe(true);
    expect(c.area).toContain('Z');
    expect(buildChart({ points: [], fromT: T0, toT: T0 + 1000 }).limitY).toBeUndefined();
    expect(buildChart({ points: [], fromT: T0, toT: T0 + 1000 }).box).toBe(DEFAULT_BOX);
  });
});

describe('ticks', () => {
  it('time ticks fall on nice UTC moments, labelled short', () => {
    const minutes = timeTicks(timeScale(T0, T0 + 15 * 60_000, box), 5);
    expect(minutes.map((t) => t.label)).toContain('14:05');
    expect(minutes.every((t) => t.px >= 100 && t.px <= 500)).toBe(true);
    const seconds = timeTicks(timeScale(T0 + 5000, T0 + 65_000, box), 6);
    expect(seconds.map((t) => t.label)).toEqual(['14:00:15', '14:00:30', '14:00:45', '14:01:00']);
  });

  it('value ticks are round numbers at their pixels, with a custom label format', () => {
    const ticks = valueTicks(valueScale([1000], undefined, box), 5, (n) => `${n} B`);
    expect(ticks[0]).toEqual({ value: 0, px: 210, label: '0 B' });
    expect(ticks.at(-1)?.px).toBe(10);
  });

  it('short numbers', () => {
    expect([0, 0.25, 950, 1500, 60_000, 999_999, 2_100_000].map(shortNumber)).toEqual(['0', '0.25', '950', '1.5k', '60k', '1M', '2.1M']);
  });
});
