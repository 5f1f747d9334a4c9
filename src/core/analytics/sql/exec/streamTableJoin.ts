/**
 * Stream-to-table join: each stream row is matched against the reference table's current rows
 * (setReferenceTable may replace them at any time; the next row sees the new ones). LEFT OUTER
 * keeps an unmatched stream row with NULLs for the table's columns. When ON has an equality
 * between a stream expression and a table expression, the table is hashed on it (rebuilt when
 * the table is replaced) so a row only meets its candidates; ON is still checked in full.
 */
import type { SqlValue } from '../../../sql/types.js';
import type { Push, RefTable } from '../planner.js';

export interface EquiKey {
  /** Over the stream part of the layout. */
  readonly left: (row: readonly unknown[]) => SqlValue;
  /** Over a layout whose table part holds a table row. */
  readonly right: (row: readonly unknown[]) => SqlValue;
}

export class StreamTableJoin {
  private index: Map<unknown, unknown[][]> | undefined;
  private indexed: unknown[][] | undefined;

  constructor(
    private readonly ref: RefTable,
    /** Width of the layout before the table's columns. */
    private readonly leftWidth: number,
    private readonly width: number,
    private readonly on: ((row: readonly unknown[]) => SqlValue) | undefined,
    private readonly outer: boolean,
    private readonly next: Push,
    private readonly key?: EquiKey,
  ) {}

  private candidates(row: readonly unknown[]): readonly unknown[][] {
    const key = this.key;
    if (!key) return this.ref.rows;
    if (this.indexed !== this.ref.rows) {
      this.indexed = this.ref.rows;
      this.index = new Map();
      const probe = new Array<unknown>(this.width).fill(null);
      for (const t of this.ref.rows) {
        for (let i = 0; i < t.length && this.leftWidth + i < this.width; i++) probe[this.leftWidth + i] = t[i];
        const k = key.right(probe);
        if (k === null) continue;
        const list = this.index.get(k);
        if (list) list.push(t);
        else this.index.set(k, [t]);
      }
    }
    const k = key.left(row);
    return k === null ? [] : this.index!.get(k) ?? [];
  }

  /** `row` is already `width` wide (the table's slots NULL). */
  push(row: unknown[], rowtime: number): void {
    let matched = false;
    const rows = this.candidates(row);
    const lw = this.leftWidth;
    for (let k = 0; k < rows.length; k++) {
      const t = rows[k]!;
      const combined = row.slice();
      for (let i = 0; i < t.length && lw + i < this.width; i++) combined[lw + i] = t[i];
      if (this.on && this.on(combined) !== true) continue;
      matched = true;
      this.next(combined, rowtime);
    }
    if (!matched && this.outer) this.next(row, rowtime);
  }
}
