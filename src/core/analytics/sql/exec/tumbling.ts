/**
 * Tumbling windows: GROUP BY keys…, STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO unit).
 * Buckets are aligned to the epoch. Because ROWTIME never goes back, one bucket is open at a
 * time: a row with ROWTIME ≥ the bucket end, or advanceTo(≥ end), closes it and every group of
 * the bucket is emitted together with ROWTIME = the bucket end (spec §A.7). Nothing is emitted
 * at the end of input.
 */
import type { Expr } from '../../../sql/ast.js';
import { SqlError } from '../../../sql/errors.js';
import type { SqlValue } from '../../../sql/types.js';
import type { Accumulator } from '../accumulators.js';
import { rowtimeBucket } from '../exprs.js';
import type { Fail, Item, OpenWindow, Operator, Out, PlanContext } from '../planner.js';
import type { KdaScope } from '../scope.js';
import type { SelectStream } from '../statements.js';
import { keyOf, planGroups, type GroupPlan } from './grouping.js';

interface Group {
  readonly keys: SqlValue[];
  readonly accs: Accumulator[];
  rows: number;
}

export function planTumbling(sel: SelectStream, groupBy: readonly Expr[], items: Item[], ctx: PlanContext, scope: KdaScope) {
  let width: number | undefined;
  const keys: Expr[] = [];
  for (const e of groupBy) {
    const w = rowtimeBucket(e);
    if (w === undefined) keys.push(e);
    else if (width === undefined || w < width) width = w;
  }
  if (width === undefined)
    throw new SqlError('GROUP BY on a stream needs a monotonic expression: add STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO unit)', groupBy[0]!.at, { code: '42803' });
  const plan = planGroups(keys, items, sel.having, ctx, scope);
  const w = width;
  return {
    columns: plan.columns,
    window: 'tumbling' as const,
    create: (out: Out, fail: Fail) => new TumblingOp(plan, w, out, fail),
  };
}

export class TumblingOp implements Operator {
  private groups = new Map<unknown, Group>();
  private start = 0;
  private end = -Infinity;
  private rows = 0;

  constructor(private readonly plan: GroupPlan, private readonly width: number, private readonly out: Out, private readonly fail: Fail) {}

  push(row: unknown[], rowtime: number): void {
    if (rowtime >= this.end) {
      if (this.groups.size > 0) this.close();
      this.start = rowtime - (((rowtime % this.width) + this.width) % this.width);
      this.end = this.start + this.width;
    }
    const plan = this.plan;
    const key = keyOf(plan.keys, row);
    let g = this.groups.get(key);
    if (!g) {
      g = { keys: plan.keys.map((k) => k(row)), accs: plan.aggs.map((a) => a.kind.create()), rows: 0 };
      this.groups.set(key, g);
    }
    const aggs = plan.aggs;
    for (let i = 0; i < aggs.length; i++) {
      const a = aggs[i]!;
      g.accs[i]!.add(a.arg ? a.arg(row) : 1);
    }
    g.rows++;
    this.rows++;
  }

  advance(time: number): void {
    if (this.groups.size > 0 && time >= this.end) this.close();
  }

  windows(): OpenWindow[] {
    return this.groups.size > 0 ? [{ kind: 'tumbling', start: this.start, end: this.end, groups: this.groups.size, rows: this.rows }] : [];
  }

  private close(): void {
    const groups = this.groups;
    this.groups = new Map();
    this.rows = 0;
    emitGroups(groups.values(), this.plan, this.start, this.end, this.out, this.fail);
  }
}

/** Emits each group's output row (HAVING applied) with ROWTIME = `end`. */
export function emitGroups(groups: Iterable<Group>, plan: GroupPlan, start: number, end: number, out: Out, fail: Fail): void {
  for (const g of groups) {
    const gr: unknown[] = [...g.keys, ...g.accs.map((a) => a.result()), start, end];
    try {
      if (plan.having && plan.having(gr) !== true) continue;
      out(plan.outputs.map((f) => f(gr)), end, gr);
    } catch (e) {
      fail(e, gr, end);
    }
  }
}
