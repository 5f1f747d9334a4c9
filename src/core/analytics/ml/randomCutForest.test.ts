import { describe, expect, it } from 'vitest';
import { createRandom } from '../../sim/random.js';
import { RandomCutForest } from './randomCutForest.js';

const forest = (seed: number, shingleSize = 1, over: Partial<ConstructorParameters<typeof RandomCutForest>[0]> = {}): RandomCutForest =>
  new RandomCutForest({ numberOfTrees: 30, subSampleSize: 64, timeDecay: 1000, shingleSize, random: createRandom(seed).next, ...over });

/** Scores then updates, as AWS does, returning each record's score. */
function run(f: RandomCutForest, points: number[][]): number[] {
  return points.map((p) => {
    const s = f.score(p);
    f.update(p);
    return s;
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function steady(seed: number, n: number): number[][] {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => [10 + r.next(), 20 + r.next()]);
}

describe('RandomCutForest', () => {
  it('is deterministic for a seed', () => {
    const pts = steady(7, 200);
    expect(run(forest(1), pts)).toEqual(run(forest(1), pts));
    expect(run(forest(1), pts)).not.toEqual(run(forest(2), pts));
  });

  it('scores 0 while warming up (until each tree holds subSampleSize/4 points)', () => {
    const scores = run(forest(3), steady(5, 40));
    expect(scores.slice(0, 16).every((s) => s === 0)).toBe(true);
    expect(scores.slice(17).every((s) => s > 0)).toBe(true);
  });

  it('scores a clear outlier far above the typical points', () => {
    const f = forest(4);
    const normal = run(f, steady(9, 400));
    const typical = median(normal.slice(100));
    expect(typical).toBeGreaterThan(0.4);
    expect(typical).toBeLessThan(1.6);
    const outlier = f.score([30, -5]);
    expect(outlier).toBeGreaterThan(3 * typical);
    expect(outlier).toBeGreaterThan(3);
  });

  it('detects a break in a periodic series through shingling', () => {
    const wave = (i: number): number => Math.sin((2 * Math.PI * i) / 16);
    const f = forest(6, 8, { subSampleSize: 128, numberOfTrees: 40 });
    const normal = run(f, Array.from({ length: 600 }, (_, i) => [wave(i)]));
    const typical = median(normal.slice(300));
    // A value that occurs in the wave (1, its peak), but at the wrong phase (where the wave is at -1).
    const broken = run(f, [600, 601, 602, 603, 604].map((i) => [i === 604 ? 1 : wave(i)]));
    expect(wave(604)).toBeCloseTo(-1);
    expect(broken[4]!).toBeGreaterThan(1.5 * typical);
    expect(broken[4]!).toBeGreaterThan(Math.max(...normal.slice(300), ...broken.slice(0, 4)));
    // The same value without shingling is unremarkable.
    const plain = forest(6, 1, { subSampleSize: 128, numberOfTrees: 40 });
    const plainScores = run(plain, Array.from({ length: 600 }, (_, i) => [wave(i)]));
    expect(plain.score([1])).toBeLessThan(1.2 * median(plainScores.slice(300)));
  });

  it('keeps a bounded, recency-weighted sample (forgets an old regime)', () => {
    const f = forest(8, 1, { timeDecay: 50 });
    run(f, steady(1, 300).map(([x, y]) => [x! + 100, y!]));
    run(f, steady(2, 600));
    // The old regime has decayed out of the samples: it now looks anomalous.
    expect(f.score([110.5, 20.5])).toBeGreaterThan(3 * f.score([10.5, 20.5]));
  });

  it('explains a score per column: attributions sum to the score, the odd column dominates, with direction', () => {
    const f = forest(12);
    run(f, steady(3, 300));
    const point = [10.5, 5];
    const score = f.score(point);
    const e = f.explain(point);
    expect(e.attribution[0]! + e.attribution[1]!).toBeCloseTo(score, 9);
    expect(e.attribution[1]!).toBeGreaterThan(5 * e.attribution[0]!);
    expect(e.low[1]!).toBeGreaterThan(e.high[1]!);
    expect(f.explain([10.5, 40]).high[1]!).toBeGreaterThan(f.explain([10.5, 40]).low[1]!);
    expect(forest(1).explain([1, 2])).toEqual({ attribution: [0, 0], high: [0, 0], low: [0, 0] });
  });
});
