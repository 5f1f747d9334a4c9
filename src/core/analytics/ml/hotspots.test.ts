import { describe, expect, it } from 'vitest';
import { createRandom } from '../../sim/random.js';
import { Hotspots } from './hotspots.js';

interface Result { hotspots: { density: number; minValues: number[]; maxValues: number[] }[] }

describe('Hotspots', () => {
  const r = createRandom(11);
  const near = (cx: number, cy: number): number[] => [cx + r.next() * 0.5, cy + r.next() * 0.5];

  it('finds two clusters in noise, with their bounds, in AWS JSON shape', () => {
    const h = new Hotspots({ windowSize: 100, scanRadius: 0.6, minimumNumberOfPointsInAHotspot: 5 });
    let out = '';
    for (let i = 0; i < 20; i++) out = h.add(near(1, 1));
    for (let i = 0; i < 10; i++) out = h.add(near(8, 3));
    // Sparse noise: far from each other and from the clusters.
    for (const p of [[5, 9], [0, 6], [9, 9], [4, 4.5], [12, 0]]) out = h.add(p);
    const res = JSON.parse(out) as Result;
    expect(Object.keys(res)).toEqual(['hotspots']);
    expect(res.hotspots).toHaveLength(2);
    expect(Object.keys(res.hotspots[0]!)).toEqual(['density', 'minValues', 'maxValues']);
    const byX = [...res.hotspots].sort((a, b) => a.minValues[0]! - b.minValues[0]!);
    for (const [hs, cx, cy] of [[byX[0]!, 1, 1], [byX[1]!, 8, 3]] as const) {
      expect(hs.minValues[0]).toBeGreaterThanOrEqual(cx);
      expect(hs.maxValues[0]).toBeLessThanOrEqual(cx + 0.5);
      expect(hs.minValues[1]).toBeGreaterThanOrEqual(cy);
      expect(hs.maxValues[1]).toBeLessThanOrEqual(cy + 0.5);
      expect(hs.density).toBeGreaterThan(1);
    }
    // Densest first: the 20-point cluster.
    expect(res.hotspots[0]!.minValues[0]).toBeLessThan(2);
  });

  it('drops a cluster once its points leave the window', () => {
    const h = new Hotspots({ windowSize: 10, scanRadius: 0.6, minimumNumberOfPointsInAHotspot: 3 });
    for (let i = 0; i < 5; i++) h.add(near(0, 0));
    expect((JSON.parse(h.add([50, 50])) as Result).hotspots).toHaveLength(1);
    let last = '';
    for (let i = 0; i < 9; i++) last = h.add([i * 10 + 100, 0]);
    expect(JSON.parse(last)).toEqual({ hotspots: [] });
  });

  it('needs minimumNumberOfPointsInAHotspot points', () => {
    const h = new Hotspots({ windowSize: 10, scanRadius: 1, minimumNumberOfPointsInAHotspot: 3 });
    h.add([0, 0]);
    expect(JSON.parse(h.add([0.5, 0]))).toEqual({ hotspots: [] });
    expect((JSON.parse(h.add([1, 0])) as Result).hotspots[0]).toMatchObject({ minValues: [0, 0], maxValues: [1, 0] });
  });
});
