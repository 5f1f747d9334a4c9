/**
 * One tree of the Robust Random Cut Forest (randomCutForest.ts): maintained incrementally
 * (insert/delete as in Guha et al., ICML 2016), scored and explained as AWS's
 * random-cut-forest-by-aws does (AnomalyScoreVisitor, DiVector attribution). Its only randomness
 * is the injected `random`, drawn by `insert`, so a seeded forest is reproducible.
 */

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
export class RandomCutTree {
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
    const { path, leaf: node } = descend(root, p);
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
    const { path, leaf: node } = descend(root, p);
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

/** The internal nodes from `root` down to the leaf where `p` falls, and that leaf. */
function descend(root: Node, p: readonly number[]): { path: Internal[]; leaf: Leaf } {
  const path: Internal[] = [];
  let node: Node = root;
  while (node.kind === 'node') {
    path.push(node);
    node = p[node.dim]! <= node.cut ? node.left : node.right;
  }
  return { path, leaf: node };
}
