/**
 * TOP_K_ITEMS_TUMBLING(inputStream, 'columnName', K, windowSizeSeconds): the K most frequent
 * values of a column per tumbling window. Windows are aligned to the epoch (like STEP/FLOOR
 * tumbling windows, spec A.7); a window is emitted once time reaches its end, and a window with
 * no rows emits nothing.
 *
 * Counts here are exact. AWS documents the function as approximate for many distinct keys
 * ("may return three of the five most traded stocks"); an exact answer is always one AWS could
 * give. Ties: higher count first, then the value that reached that count first in the window
 * (stable, deterministic). Unsure: AWS's tie order is not documented. NULL is counted as a value.
 * The output columns (the column value and its count, per AWS's example `MOST_FREQUENT_VALUES`)
 * are the engine's to name.
 */
import type { SqlValue } from '../../sql/types.js';

export interface TopKOptions {
  /** 1..100000 in AWS. */
  k: number;
  /** 1..3600 in AWS. */
  windowSeconds: number;
}

export interface TopKWindow {
  /** Epoch ms of the window's end (exclusive), the emitted row's ROWTIME. */
  windowEnd: number;
  items: { value: SqlValue; count: number }[];
}

interface Counter { value: SqlValue; count: number; order: number }

export class TopKTumbling {
  private readonly windowMs: number;
  /** Open windows by start (epoch ms), each a value-key → counter map. */
  private readonly windows = new Map<number, Map<string, Counter>>();
  private seq = 0;

  constructor(private readonly o: TopKOptions) {
    if (!(o.k >= 1) || !(o.windowSeconds > 0)) throw new RangeError('TOP_K_ITEMS_TUMBLING: K must be >= 1 and windowSize > 0');
    this.windowMs = o.windowSeconds * 1000;
  }

  /** Counts `value` in the window containing `rowtime` (epoch ms). */
  add(value: SqlValue, rowtime: number): void {
    const start = Math.floor(rowtime / this.windowMs) * this.windowMs;
    let w = this.windows.get(start);
    if (!w) this.windows.set(start, (w = new Map()));
    const key = typeof value === 'string' ? `s${value}` : `${typeof value}:${String(value)}`;
    const c = w.get(key);
    if (c) {
      c.count++;
      c.order = this.seq++;
    } else w.set(key, { value, count: 1, order: this.seq++ });
  }

  /** The earliest window ending at or before `time`, removed; call until undefined. */
  closeBefore(time: number): TopKWindow | undefined {
    let first: number | undefined;
    for (const start of this.windows.keys()) if (start + this.windowMs <= time && (first === undefined || start < first)) first = start;
    if (first === undefined) return undefined;
    const w = this.windows.get(first)!;
    this.windows.delete(first);
    const items = [...w.values()]
      .sort((a, b) => b.count - a.count || a.order - b.order)
      .slice(0, this.o.k)
      .map(({ value, count }) => ({ value, count }));
    return { windowEnd: first + this.windowMs, items };
  }
}
