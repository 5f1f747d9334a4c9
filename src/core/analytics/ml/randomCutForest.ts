/**
 * Robust Random Cut Forest (Guha, Mishra, Roy, Schrijvers — ICML 2016), the model behind
 * Kinesis Data Analytics' RANDOM_CUT_FOREST. Pure and seeded: all randomness comes from the
 * injected `random`, so the same seed and stream give the same scores.
 *
 * - Each tree keeps its own time-decayed reservoir sample of `subSampleSize` points (weight
 *   `log(-log u) - seq / timeDecay`, the smallest weights are kept — the scheme of AWS's open
 *   source random-cut-forest-by-aws sampler): recent points are favoured, and `timeDecay`
 *   is roughly how many records of history the model remembers.
 * - Trees are maintained incrementally (insert/delete as in the paper), not rebuilt.
 * - `shingleSize` consecutive records are concatenated into one point, so a break in a
 *   periodic pattern is an outlier even when every single value is ordinary.
 * - The score of a point is the one of AWS's library (AnomalyScoreVisitor): walking up from
 *   where the point would land, `s = p·1/(d+1) + (1-p)·s`, where p is the probability that a
 *   random cut at that node separates the point; the leaf contributes 1/(d+1) (unseen) or
 *   1/(d+log2(mass+1)) (duplicate); the sum is scaled by log2(treeMass+1). Ordinary points
 *   score about 1, and AWS's guidance is that scores well above that (≈3+) are anomalous.
 * - Score before update: AWS scores each record against the model of the previous records,
 *   then inserts it.
 * - Warm-up: 0 until every tree has `max(1, floor(subSampleSize / 4))` points — AWS's library
 *   default `outputAfter`. Unsure: KDA's exact warm-up length is not documented; its examples
 *   only show the first records scoring 0. The shingle must also be full.
 */

/** Options mirroring RANDOM_CUT_FOREST(inputStream, numberOfTrees, subSampleSize, timeDecay, shingleSize). */
export interface RandomCutForestOptions {
  numberOfTrees: number;
  subSampleSize: number;
  timeDecay: number;
  shingleSize: number;
  /** Uniform in [0, 1): inject a seeded generator. */
  random: () => number;
}

interface Leaf { kind: 'leaf'; point: number[]; mass: number; parent: Internal | undefined }
interface Internal {
  kind: 'node'; dim: number; cut: number; left: Node; right: Node; parent: Internal | undefined;
  min: number[]; max: number[]; mass: number;
}
type Node = Leaf | Internal;

const boxMin = (n: Node): number[] => (n.kind === 'leaf' ? n.point : n.min);
const boxMax = (n: Node): number[] => (n.kind === 'leaf' ? n.point : n.max);
const samePoint = (a: readonly number[], b: readonly number[]): boolean => a.every((v, i) => v === b[i]);

/** One random cut tree over a point set, with insert/delete. */
class RandomCutTree {
  root: Node | undefined;
  constructor(private readonly random: () => number) {}

  get mass(): number {
    return this.root?.mass ?? 0;
  }

  insert(p: number[]): void {
    if (!this.root) {
      this.root = { kind: 'leaf', point: p, mass: 1, parent: undefined };
      return;
    }
    let node: Node = this.root;
    for (;;) {
      const lo = boxMin(node);
      const hi = boxMax(node);
      let total = 0;
      for (let d = 0; d < p.length; d++) total += Math.max(hi[d]!, p[d]!) - Math.min(lo[d]!, p[d]!);
      if (total === 0) {
        // A duplicate of a leaf's point (a box of one point equal to p); ancestors were counted on the way down.
        node.mass++;
        return;
      }
      let r = this.random() * total;
      let dim = 0;
      for (; dim < p.length; dim++) {
        const span = Math.max(hi[dim]!, p[dim]!) - Math.min(lo[dim]!, p[dim]!);
        if (r < span || dim === p.length - 1) break;
        r -= span;
      }
      const cut = Math.min(lo[dim]!, p[dim]!) + r;
      const leftOfBox = p[dim]! <= cut && cut < lo[dim]!;
      const rightOfBox = hi[dim]! <= cut && cut < p[dim]!;
      if (leftOfBox || rightOfBox) {
        this.split(node, p, dim, cut);
        return;
      }
      if (node.kind === 'leaf') {
        // Only reachable through floating-point edge cases: cut at the smaller coordinate of a differing dim.
        const q = node.point;
        const d = p.findIndex((v, i) => v !== q[i]);
        this.split(node, p, d, Math.min(p[d]!, q[d]!));
        return;
      }
      node.mass++;
      for (let d = 0; d < p.length; d++) {
        node.min[d] = Math.min(node.min[d]!, p[d]!);
        node.max[d] = Math.max(node.max[d]!, p[d]!);
      }
      node = p[node.dim]! <= node.cut ? node.left : node.right;
    }
  }

  /** Puts a new leaf for p beside `node`, under a new internal node cutting at (dim, cut): `x <= cut` goes left. */
  private split(node: Node, p: number[], dim: number, cut: number): void {
    const parent = node.parent;
    const leaf: Leaf = { kind: 'leaf', point: p, mass: 1, parent: undefined };
    const lo = boxMin(node);
    const hi = boxMax(node);
    const pLeft = p[dim]! <= cut;
    const inner: Internal = {
      kind: 'node', dim, cut,
      left: pLeft ? leaf : node, right: pLeft ? node : leaf, parent,
      min: lo.map((v, d) => Math.min(v, p[d]!)), max: hi.map((v, d) => Math.max(v, p[d]!)),
      mass: node.mass + 1,
    };
    leaf.parent = inner;
    node.parent = inner;
    if (!parent) this.root = inner;
    else if (parent.left === node) parent.left = inner;
    else parent.right = inner;
    // Ancestors' masses and boxes were already grown on the way down.
  }

  /** Removes one copy of p (which must be in the tree). */
  delete(p: readonly number[]): void {
    let node = this.root;
    while (node && node.kind === 'node') node = p[node.dim]! <= node.cut ? node.left : node.right;
    if (!node || !samePoint(node.point, p)) throw new Error('RandomCutTree.delete: point not in tree');
    if (node.mass > 1) {
      for (let n: Node | undefined = node; n; n = n.parent) n.mass--;
      return;
    }
    const parent = node.parent;
    if (!parent) {
      this.root = undefined;
      return;
    }
    const sibling = parent.left === node ? parent.right : parent.left;
    const grand = parent.parent;
    sibling.parent = grand;
    if (!grand) this.root = sibling;
    else if (grand.left === parent) grand.left = sibling;
    else grand.right = sibling;
    for (let a = grand; a; a = a.parent) {
      a.mass--;
      const l = a.left;
      const r = a.right;
      a.min = boxMin(l).map((v, d) => Math.min(v, boxMin(r)[d]!));
      a.max = boxMax(l).map((v, d) => Math.max(v, boxMax(r)[d]!));
    }
  }

  /** AWS's anomaly score of p against this tree (p is not inserted). */
  score(p: readonly number[]): number {
    const root = this.root;
    if (!root) return 0;
    const path: Internal[] = [];
    let node: Node = root;
    while (node.kind === 'node') {
      path.push(node);
      node = p[node.dim]! <= node.cut ? node.left : node.right;
    }
    const depth = path.length;
    let s = samePoint(node.point, p) ? 1 / (depth + Math.log2(node.mass + 1)) : 1 / (depth + 1);
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i]!;
      let inside = 0;
      let grown = 0;
      for (let d = 0; d < p.length; d++) {
        const span = n.max[d]! - n.min[d]!;
        inside += span;
        grown += Math.max(n.max[d]!, p[d]!) - Math.min(n.min[d]!, p[d]!);
      }
      const prob = grown === 0 ? 0 : (grown - inside) / grown;
      s = prob * (1 / (i + 1)) + (1 - prob) * s;
    }
    return s * Math.log2(root.mass + 1);
  }

  /**
   * The score split per dimension and direction (AWS's DiVector attribution): at each node the
   * separation probability is split by which side of the box the point sticks out on, so
   * `sum(high) + sum(low)` equals `score(p)`.
   */
  attribution(p: readonly number[]): { high: number[]; low: number[] } {
    const root = this.root;
    const high = p.map(() => 0);
    const low = p.map(() => 0);
    if (!root) return { high, low };
    const path: Internal[] = [];
    let node: Node = root;
    while (node.kind === 'node') {
      path.push(node);
      node = p[node.dim]! <= node.cut ? node.left : node.right;
    }
    const depth = path.length;
    const q = node.point;
    let spread = 0;
    for (let d = 0; d < p.length; d++) spread += Math.abs(p[d]! - q[d]!);
    if (spread === 0) {
      // A duplicate: nothing sticks out; share the (low) score evenly.
      const each = 1 / (depth + Math.log2(node.mass + 1)) / (2 * p.length);
      high.fill(each);
      low.fill(each);
    } else {
      for (let d = 0; d < p.length; d++) {
        high[d] = Math.max(p[d]! - q[d]!, 0) / spread / (depth + 1);
        low[d] = Math.max(q[d]! - p[d]!, 0) / spread / (depth + 1);
      }
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i]!;
      let grown = 0;
      for (let d = 0; d < p.length; d++) grown += Math.max(n.max[d]!, p[d]!) - Math.min(n.min[d]!, p[d]!);
      let prob = 0;
      const ph = p.map((v, d) => (grown === 0 ? 0 : Math.max(v - n.max[d]!, 0) / grown));
      const pl = p.map((v, d) => (grown === 0 ? 0 : Math.max(n.min[d]! - v, 0) / grown));
      for (let d = 0; d < p.length; d++) prob += ph[d]! + pl[d]!;
      for (let d = 0; d < p.length; d++) {
        high[d] = ph[d]! / (i + 1) + (1 - prob) * high[d]!;
        low[d] = pl[d]! / (i + 1) + (1 - prob) * low[d]!;
      }
    }
    const scale = Math.log2(root.mass + 1);
    return { high: high.map((v) => v * scale), low: low.map((v) => v * scale) };
  }
}

interface Sampled { weight: number; point: number[] }

/** A forest of random cut trees over a shingled stream: score a record, then update with it. */
export class RandomCutForest {
  private readonly trees: RandomCutTree[];
  private readonly samples: Sampled[][];
  private readonly shingle: number[][] = [];
  private seq = 0;
  private readonly outputAfter: number;

  constructor(private readonly o: RandomCutForestOptions) {
    if (!(o.numberOfTrees >= 1) || !(o.subSampleSize >= 1) || !(o.timeDecay > 0) || !(o.shingleSize >= 1)) {
      throw new RangeError('RandomCutForest: numberOfTrees, subSampleSize, shingleSize must be >= 1 and timeDecay > 0');
    }
    this.trees = Array.from({ length: o.numberOfTrees }, () => new RandomCutTree(o.random));
    this.samples = this.trees.map(() => []);
    this.outputAfter = Math.max(1, Math.floor(o.subSampleSize / 4));
  }

  /** The shingled vector for `point` appended to the buffered records, or undefined if not full yet. */
  private shingled(point: readonly number[]): number[] | undefined {
    const n = this.o.shingleSize;
    if (this.shingle.length + 1 < n) return undefined;
    const recent = this.shingle.slice(this.shingle.length - (n - 1));
    return [...recent.flat(), ...point];
  }

  /** The anomaly score of `point` against the records seen so far (0 while warming up). */
  score(point: number[]): number {
    const p = this.shingled(point);
    if (!p || this.trees.some((t) => t.mass < this.outputAfter)) return 0;
    let sum = 0;
    for (const t of this.trees) sum += t.score(p);
    return sum / this.trees.length;
  }

  /**
   * RANDOM_CUT_FOREST_WITH_EXPLANATION's per-column split of `score(point)`: for each input
   * column, the attribution (summed over the shingle's positions) and its HIGH/LOW parts; the
   * attributions sum to the score. All zeros while warming up. The engine builds AWS's
   * ANOMALY_EXPLANATION JSON (ATTRIBUTION_SCORE, DIRECTION = HIGH when high ≥ low) from these.
   * Unsure: AWS's STRENGTH field is not reproduced — its formula is not published.
   */
  explain(point: number[]): { attribution: number[]; high: number[]; low: number[] } {
    const dims = point.length;
    const high = point.map(() => 0);
    const low = point.map(() => 0);
    const p = this.shingled(point);
    if (p && !this.trees.some((t) => t.mass < this.outputAfter)) {
      for (const t of this.trees) {
        const a = t.attribution(p);
        for (let j = 0; j < p.length; j++) {
          high[j % dims] = high[j % dims]! + a.high[j]! / this.trees.length;
          low[j % dims] = low[j % dims]! + a.low[j]! / this.trees.length;
        }
      }
    }
    return { attribution: high.map((h, i) => h + low[i]!), high, low };
  }

  /** Adds `point` to the model (each tree's time-decayed sample may take it). */
  update(point: number[]): void {
    const p = this.shingled(point);
    this.shingle.push([...point]);
    if (this.shingle.length > this.o.shingleSize) this.shingle.shift();
    if (!p) return;
    this.seq++;
    for (let i = 0; i < this.trees.length; i++) {
      const sample = this.samples[i]!;
      const u = Math.min(Math.max(this.o.random(), 1e-300), 1 - 1e-16);
      const weight = Math.log(-Math.log(u)) - this.seq / this.o.timeDecay;
      if (sample.length < this.o.subSampleSize) {
        sample.push({ weight, point: p });
        this.trees[i]!.insert(p);
        continue;
      }
      let worst = 0;
      for (let j = 1; j < sample.length; j++) if (sample[j]!.weight > sample[worst]!.weight) worst = j;
      if (weight < sample[worst]!.weight) {
        this.trees[i]!.delete(sample[worst]!.point);
        sample[worst] = { weight, point: p };
        this.trees[i]!.insert(p);
      }
    }
  }
}
