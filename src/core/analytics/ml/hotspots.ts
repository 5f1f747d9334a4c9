/**
 * HOTSPOTS(inputStream, windowSize, scanRadius, minimumNumberOfPointsInAHotspot): dense regions
 * among the last `windowSize` records. AWS documents `scanRadius` as "similar to the ε value in
 * DBSCAN" and returns, per record, a HOTSPOTS_RESULT JSON string
 * `{"hotspots":[{"density":…,"minValues":[…],"maxValues":[…]}, …]}`.
 *
 * Here a hotspot is a connected component of the "within scanRadius (Euclidean)" graph over the
 * window with at least `minimumNumberOfPointsInAHotspot` points (DBSCAN with minPts = 1 then a
 * size filter); min/max values are the component's bounding box.
 * Unsure: AWS's exact algorithm and its `density` formula are not published. `density` here is
 * the hotspot's relative density: (share of the window's points in it) ÷ (share of the window's
 * bounding-box volume it covers), each side widened by scanRadius so a flat dimension does not
 * divide by zero — so uniform noise scores about 1 and a tight cluster much more. Hotspots are
 * listed densest first. Cost is O(windowSize²) per record, fine for the simulator's windows.
 */

export interface HotspotsOptions {
  windowSize: number;
  scanRadius: number;
  minimumNumberOfPointsInAHotspot: number;
}

export interface Hotspot {
  density: number;
  minValues: number[];
  maxValues: number[];
}

/** A sliding window of points; `add` returns the HOTSPOTS_RESULT JSON after adding the point. */
export class Hotspots {
  private readonly window: number[][] = [];

  constructor(private readonly o: HotspotsOptions) {
    if (!(o.windowSize >= 1) || !(o.scanRadius > 0) || !(o.minimumNumberOfPointsInAHotspot >= 2)) {
      throw new RangeError('HOTSPOTS: windowSize must be >= 1, scanRadius > 0, minimumNumberOfPointsInAHotspot >= 2');
    }
  }

  /** Adds a record and returns the HOTSPOTS_RESULT column for it. */
  add(point: number[]): string {
    this.window.push([...point]);
    if (this.window.length > this.o.windowSize) this.window.shift();
    return JSON.stringify({ hotspots: this.hotspots() });
  }

  /** The hotspots of the current window, densest first. */
  hotspots(): Hotspot[] {
    const pts = this.window;
    const n = pts.length;
    const parent = Array.from({ length: n }, (_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    const r2 = this.o.scanRadius ** 2;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let d2 = 0;
        const a = pts[i]!;
        const b = pts[j]!;
        for (let k = 0; k < a.length && d2 <= r2; k++) d2 += (a[k]! - (b[k] ?? 0)) ** 2;
        if (d2 <= r2) parent[find(i)] = find(j);
      }
    }
    const groups = new Map<number, number[][]>();
    for (let i = 0; i < n; i++) {
      const root = find(i);
      const g = groups.get(root);
      if (g) g.push(pts[i]!);
      else groups.set(root, [pts[i]!]);
    }
    const all = bounds(pts);
    const allVolume = volume(all, this.o.scanRadius);
    const out: Hotspot[] = [];
    for (const g of groups.values()) {
      if (g.length < this.o.minimumNumberOfPointsInAHotspot) continue;
      const box = bounds(g);
      const density = (g.length / n) / (volume(box, this.o.scanRadius) / allVolume);
      out.push({ density, minValues: box.min, maxValues: box.max });
    }
    return out.sort((a, b) => b.density - a.density);
  }
}

function bounds(pts: readonly number[][]): { min: number[]; max: number[] } {
  const min = [...pts[0]!];
  const max = [...pts[0]!];
  for (const p of pts) {
    for (let k = 0; k < min.length; k++) {
      min[k] = Math.min(min[k]!, p[k]!);
      max[k] = Math.max(max[k]!, p[k]!);
    }
  }
  return { min, max };
}

const volume = (b: { min: number[]; max: number[] }, pad: number): number =>
  b.min.reduce((v, lo, k) => v * (b.max[k]! - lo + pad), 1);
