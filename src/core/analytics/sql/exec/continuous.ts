/**
 * Continuous filter/projection: one output row per input row that passed WHERE (the filter is
 * applied before this operator), with the input row's ROWTIME.
 */
import type { SqlValue } from '../../../sql/types.js';
import type { Fail, OpenWindow, Operator, Out } from '../planner.js';

export class ContinuousOp implements Operator {
  constructor(
    private readonly items: readonly ((row: readonly unknown[]) => SqlValue)[],
    private readonly out: Out,
    private readonly fail: Fail,
  ) {}

  push(row: unknown[], rowtime: number): void {
    const n = this.items.length;
    const values = new Array<SqlValue>(n);
    try {
      for (let i = 0; i < n; i++) values[i] = this.items[i]!(row);
    } catch (e) {
      this.fail(e, row, rowtime);
      return;
    }
    this.out(values, rowtime, row);
  }

  advance(): void {}

  windows(): OpenWindow[] {
    return [];
  }
}
