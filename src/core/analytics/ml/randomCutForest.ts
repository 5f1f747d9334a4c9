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
import { RandomCutTree } from './randomCutTree.js';

/** Options mirroring RANDOM_CUT_FOREST(inputStream, numberOfTrees, subSampleSize, timeDecay, shingleSize). */
export interface RandomCutForestOptions {
  numberOfTrees: number;
  subSampleSize: number;
  timeDecay: number;
  shingleSize: number;
  /** Uniform in [0, 1): inject a seeded generator. */
  random: () => number;
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
