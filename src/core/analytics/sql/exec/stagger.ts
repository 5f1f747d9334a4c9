/**
 * Stagger windows: WINDOWED BY STAGGER(PARTITION BY … RANGE INTERVAL …). A window per distinct
 * partition tuple opens with the first row carrying it (at that row's ROWTIME) and closes RANGE
 * later; at close it emits one row with ROWTIME = open + RANGE (spec §A.7, AWS's
 * stagger-window-concepts example). Windows open in ROWTIME order, so they close in Map order.
 */
import { SqlError } from '../../../sql/errors.js';
import type { SqlValue } from '../../../sql/types.js';
import type { Accumulator } from '../accumulators.js';
import { compiler } from '../kdaCompiler.js';
import type { Fail, Item, OpenWindow, Operator, Out, PlanContext } from '../planner.js';
import type { KdaScope } from '../scope.js';
import type { SelectStream, Stagger } from '../statements.js';
import { keyOf, planGroups, type GroupPlan } from './grouping.js';
import { emitGroups } from './tumbling.js';

interface Win {
  readonly keys: SqlValue[];
  readonly accs: Accumulator[];
  readonly open: number;
  readonly close: number;
  rows: number;
}

export function planStagger(sel: SelectStream, st: Stagger, items: Item[], ctx: PlanContext, scope: KdaScope) {
  if (sel.groupBy) throw new SqlError('WINDOWED BY replaces GROUP BY; use one of them', st.at, { code: '42601' });
  const r = compiler(ctx, scope)(st.range);
  if (r.type.kind !== 'interval' || !r.constant || typeof r.constant.value !== 'number' || r.constant.value <= 0)
    throw new SqlError('STAGGER needs RANGE INTERVAL with a positive constant', st.range.at, { code: '42601' });
  const range = r.constant.value;
  const plan = planGroups(st.partitionBy, items, sel.having, ctx, scope);
  return {
    columns: plan.columns,
    window: 'stagger' as const,
    create: (out: Out, fail: Fail) => new StaggerOp(plan, range, out, fail),
  };
}

export class StaggerOp implements Operator {
  private wins = new Map<unknown, Win>();

  constructor(private readonly plan: GroupPlan, private readonly range: number, private readonly out: Out, private readonly fail: Fail) {}

  push(row: unknown[], rowtime: number): void {
    this.advance(rowtime);
    const plan = this.plan;
    const key = keyOf(plan.keys, row);
    let w = this.wins.get(key);
    if (!w) {
      w = { keys: plan.keys.map((k) => k(row)), accs: plan.aggs.map((a) => a.kind.create()), open: rowtime, close: rowtime + this.range, rows: 0 };
      this.wins.set(key, w);
    }
    for (let i = 0; i < plan.aggs.length; i++) {
      const a = plan.aggs[i]!;
      w.accs[i]!.add(a.arg ? a.arg(row) : 1);
    }
    w.rows++;
  }

  advance(time: number): void {
    for (const [k, w] of this.wins) {
      if (w.close > time) break;
      this.wins.delete(k);
      emitGroups([w], this.plan, w.open, w.close, this.out, this.fail);
    }
  }

  windows(): OpenWindow[] {
    return [...this.wins.values()].map((w) => ({ kind: 'stagger' as const, start: w.open, end: w.close, groups: 1, rows: w.rows }));
  }
}
