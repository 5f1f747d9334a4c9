import { describe, expect, it } from 'vitest';
import { Generator, GeneratorSet } from './generator.js';
import { presets } from './presets.js';
import { cumulative, rateAt, rateProblem, type RateShape } from './rates.js';
import { parseLogLine } from '../agent/processing.js';

const countOver = (rate: RateShape, ms: number, step: number, opts: { stopAfter?: number } = {}): number[] => {
  const g = new Generator({ template: 'x', rate, startAt: 0, ...opts });
  const counts: number[] = [];
  for (let t = step; t <= ms; t += step) counts.push(g.tick(t).length);
  return counts;
};
const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('rates', () => {
  it('constant 10/s over 60 s gives exactly 600, however the time is ticked', () => {
    expect(sum(countOver({ kind: 'constant', perSecond: 10 }, 60_000, 60_000))).toBe(600);
    expect(sum(countOver({ kind: 'constant', perSecond: 10 }, 60_000, 100))).toBe(600);
    expect(sum(countOver({ kind: 'constant', perSecond: 10 }, 60_000, 7))).toBe(600 - 1); // last tick at 59 997 ms
    // Fractional rates accumulate: 0.3/s → 3 per 10 s, never rounded away.
    expect(sum(countOver({ kind: 'constant', perSecond: 0.3 }, 10_000, 50))).toBe(3);
  });

  it('periodic peaks at peakAtMs and troughs half a period later; a full period sums to base × period', () => {
    const hour = 3_600_000;
    const rate: RateShape = { kind: 'periodic', base: 1, amplitude: 0.5, periodMs: 24 * hour, peakAtMs: 18.5 * hour };
    const perHour = countOver(rate, 24 * hour, hour);
    expect(perHour.indexOf(Math.max(...perHour))).toBe(18); // the hour [18h, 19h)
    expect(perHour.indexOf(Math.min(...perHour))).toBe(6);
    expect(sum(perHour)).toBe(24 * 3600);
    expect(rateAt(rate, 18.5 * hour)).toBeCloseTo(1.5, 9);
    expect(rateAt(rate, 6.5 * hour)).toBeCloseTo(0.5, 9);
  });

  it('bursty sends burstPerSecond during bursts and the quiet rate between', () => {
    const rate: RateShape = { kind: 'bursty', quietPerSecond: 1, burstPerSecond: 100, burstMs: 2000, everyMs: 10_000 };
    const perSecond = countOver(rate, 30_000, 1000);
    expect(perSecond).toEqual([100, 100, 1, 1, 1, 1, 1, 1, 1, 1, 100, 100, 1, 1, 1, 1, 1, 1, 1, 1, 100, 100, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(cumulative({ ...rate, offsetMs: 5000 }, 10_000)).toBe(208);
  });

  it('send N then stop', () => {
    const g = new Generator({ template: 'x', rate: { kind: 'constant', perSecond: 100 }, startAt: 0, stopAfter: 250 });
    expect(g.tick(1000)).toHaveLength(100);
    expect(g.tick(2000)).toHaveLength(100);
    expect(g.done).toBe(false);
    expect(g.tick(3000)).toHaveLength(50);
    expect(g.done).toBe(true);
    expect(g.tick(60_000)).toHaveLength(0);
  });

  it('maxPerTick caps one tick; the rest stays owed for the next ones', () => {
    const g = new Generator({ template: 'x', rate: { kind: 'constant', perSecond: 100 }, startAt: 0, maxPerTick: 30 });
    expect([1000, 1000, 1000, 1000, 1000].map((t) => g.tick(t).length)).toEqual([30, 30, 30, 10, 0]);
  });

  it('rejects impossible shapes', () => {
    expect(rateProblem({ kind: 'periodic', base: 1, amplitude: 1.5 })).toMatch(/amplitude/);
    expect(rateProblem({ kind: 'bursty', quietPerSecond: 0, burstPerSecond: 1, burstMs: 20, everyMs: 10 })).toMatch(/burstMs/);
    expect(() => new Generator({ template: 'x', rate: { kind: 'constant', perSecond: -1 } })).toThrow(/perSecond/);
  });
});

describe('generator', () => {
  it('is deterministic for a seed, and spreads record times between ticks', () => {
    const make = (): Generator => new Generator({ preset: 'clickstream', rate: { kind: 'constant', perSecond: 4 }, seed: 9, startAt: 0 });
    const a = make().tick(1000);
    expect(a).toEqual(make().tick(1000));
    expect(a.map((r) => r.at)).toEqual([250, 500, 750, 1000]);
    expect(JSON.parse(a[0]!.data).timestamp).toBe('1970-01-01T00:00:00.250Z');
  });

  it('starts its rate at the first tick unless told otherwise', () => {
    const g = new Generator({ template: 'x', rate: { kind: 'constant', perSecond: 1 } });
    expect(g.tick(5000)).toHaveLength(0);
    expect(g.tick(8000)).toHaveLength(3);
  });

  it('keys: round robin, fixed, uuid, record field, key template with record variables', () => {
    const keys = (key: ConstructorParameters<typeof Generator>[0]['key'], template = '{"user":"u{{counter()}}"}'): string[] =>
      new Generator({ template, key, rate: { kind: 'constant', perSecond: 5 }, startAt: 0 }).tick(1000).map((r) => r.partitionKey);
    expect(keys({ kind: 'roundRobin', keys: ['a', 'b'] })).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(keys({ kind: 'fixed', key: 'k' })).toEqual(['k', 'k', 'k', 'k', 'k']);
    for (const k of keys({ kind: 'uuid' })) expect(k).toMatch(UUID);
    expect(keys({ kind: 'field', field: 'user' })).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(keys({ kind: 'template', template: 'dev-{{d}}' }, '{{set d = counter()}}{"d":{{d}}}')).toEqual(['dev-1', 'dev-2', 'dev-3', 'dev-4', 'dev-5']);
  });

  it('a missing key field falls back to a UUID and is counted', () => {
    const g = new Generator({ template: 'not json', key: { kind: 'field', field: 'user' }, rate: { kind: 'constant', perSecond: 2 }, startAt: 0 });
    for (const r of g.tick(1000)) expect(r.partitionKey).toMatch(UUID);
    expect(g.keyFallbacks).toBe(2);
  });

  it('a hot key takes its share of records', () => {
    const g = new Generator({ template: 'x', key: { kind: 'hot', key: 'HOT', percent: 30 }, rate: { kind: 'constant', perSecond: 5000 }, startAt: 0 });
    const hot = g.tick(1000).filter((r) => r.partitionKey === 'HOT').length / 5000;
    expect(hot).toBeGreaterThan(0.27);
    expect(hot).toBeLessThan(0.33);
  });

  it('runs several generators at once, each at its own rate', () => {
    const set = new GeneratorSet();
    set.add(new Generator({ id: 'a', template: 'a', rate: { kind: 'constant', perSecond: 2 }, startAt: 0 }));
    set.add(new Generator({ id: 'b', template: 'b', rate: { kind: 'constant', perSecond: 3 }, startAt: 0 }));
    const out = set.tick(10_000);
    expect(out.filter((r) => r.generator === 'a' && r.data === 'a')).toHaveLength(20);
    expect(out.filter((r) => r.generator === 'b' && r.data === 'b')).toHaveLength(30);
    expect(() => set.add(new Generator({ id: 'a', template: 'x', rate: { kind: 'constant', perSecond: 1 } }))).toThrow(/already/);
  });
});

describe('presets', () => {
  const run = (name: keyof typeof presets, n = 200) =>
    new Generator({ preset: name, rate: { kind: 'constant', perSecond: n }, seed: 5, startAt: Date.UTC(2025, 0, 1) }).tick(Date.UTC(2025, 0, 1) + 1000);

  it('clickstream and IoT records are valid JSON keyed by user / device', () => {
    for (const r of run('clickstream')) expect(JSON.parse(r.data).user_id).toBe(r.partitionKey);
    for (const r of run('iot')) {
      const o = JSON.parse(r.data);
      expect(o.device_id).toBe(r.partitionKey);
      expect(typeof o.temperature).toBe('number');
    }
  });

  it('no preset leaves a placeholder unfilled (product pages name a product)', () => {
    for (const name of Object.keys(presets) as (keyof typeof presets)[]) {
      for (const r of run(name)) expect(r.data).not.toMatch(/\{[a-z_]*\}|\{\{|\}\}/);
    }
    expect(run('clickstream').some((r) => /^\/products\/\d+$/.test(JSON.parse(r.data).page))).toBe(true);
  });

  it("application log lines parse with the Kinesis Agent's COMBINEDAPACHELOG pattern", () => {
    for (const r of run('apacheLog')) {
      const parsed = parseLogLine(r.data, { logFormat: 'COMBINEDAPACHELOG' });
      expect(parsed, r.data).not.toBeNull();
      expect(parsed!.datetime).toMatch(/^01\/Jan\/2025:00:00:0[01] \+0000$/);
      expect(['GET', 'POST', 'PUT']).toContain(parsed!.request!.split(' ')[0]);
    }
  });

  it('stock ticks have the KDA demo shape and walk per ticker (price = previous + change)', () => {
    const last = new Map<string, number>();
    for (const r of run('stockTicker', 500)) {
      const o = JSON.parse(r.data) as Record<string, unknown>;
      expect(Object.keys(o)).toEqual(['ticker_symbol', 'sector', 'change', 'price']);
      expect(r.partitionKey).toBe(o.ticker_symbol);
      const prev = last.get(o.ticker_symbol as string);
      if (prev !== undefined) {
        expect(o.price as number).toBeCloseTo(prev + (o.change as number), 6);
        expect(Math.abs(o.change as number)).toBeLessThanOrEqual(prev * 0.02 + 0.01);
      } else expect(o.change).toBe(0);
      last.set(o.ticker_symbol as string, o.price as number);
    }
    expect(last.size).toBeGreaterThan(4);
  });
});
