/**
 * What tumbling and stagger windows share: the group row layout
 * [keys…, aggregates…, window start, window end] and the compilation of the select list and
 * HAVING over it. A GROUP BY key or aggregate in the select list reads its slot; the ROWTIME
 * bucket expression (STEP/FLOOR of ROWTIME) reads the window start, as in AWS's examples;
 * an unqualified ROWTIME is the emission time (the window end); any other column is an error.
 */
import { exprKey, type Expr } from '../../../sql/ast.js';
import type { Compiled } from '../../../sql/compiled.js';
import { SqlError } from '../../../sql/errors.js';
import { T, type SqlValue } from '../../../sql/types.js';
import { aggregateKind, type AggregateKind } from '../accumulators.js';
import { findCalls, isAggregateCall, rowtimeBucket, type Call } from '../exprs.js';
import { compiler, condition } from '../kdaCompiler.js';
import type { Item, OutColumn, PlanContext } from '../planner.js';
import type { KdaScope } from '../scope.js';

export interface GroupPlan {
  readonly keys: readonly ((row: readonly unknown[]) => SqlValue)[];
  readonly aggs: readonly { readonly kind: AggregateKind; readonly arg?: (row: readonly unknown[]) => SqlValue }[];
  readonly outputs: readonly ((g: readonly unknown[]) => SqlValue)[];
  readonly having?: (g: readonly unknown[]) => SqlValue;
  readonly columns: OutColumn[];
}

export function planGroups(keyExprs: readonly Expr[], items: readonly Item[], having: Expr | undefined, ctx: PlanContext, scope: KdaScope): GroupPlan {
  const compileIn = compiler(ctx, scope, () => undefined);
  const keys = keyExprs.map((e) => compileIn(e));
  const keyIndex = new Map(keyExprs.map((e, i) => [exprKey(e), i]));
  const aggCalls: Call[] = [];
  const aggIndex = new Map<string, number>();
  for (const e of [...items.map((i) => i.expr), ...(having ? [having] : [])]) {
    for (const c of findCalls(e, isAggregateCall)) {
      const k = exprKey(c);
      if (!aggIndex.has(k)) { aggIndex.set(k, aggCalls.length); aggCalls.push(c); }
    }
  }
  const aggs = aggCalls.map((c) => {
    const arg = c.star || c.args.length === 0 ? undefined : compileIn(c.args[0]!);
    const kind = aggregateKind(c.name, arg?.type, c.distinct, c.at);
    return arg ? { kind, arg: arg.eval } : { kind };
  });
  const k = keys.length;
  const m = aggs.length;
  const startSlot = k + m;
  const endSlot = k + m + 1;
  const slot = (i: number, type: Compiled['type']): Compiled => ({ type, eval: (g) => g[i] as SqlValue });
  const hook = (e: Expr): Compiled | undefined => {
    const ki = keyIndex.get(exprKey(e));
    if (ki !== undefined) return slot(ki, keys[ki]!.type);
    if (rowtimeBucket(e) !== undefined) return slot(startSlot, T.timestamp);
    if (isAggregateCall(e)) { const ai = aggIndex.get(exprKey(e))!; return slot(k + ai, aggs[ai]!.kind.type); }
    if (e.kind === 'column') {
      if (!e.quoted && !e.qualifier && e.name.toUpperCase() === 'ROWTIME') return slot(endSlot, T.timestamp);
      scope.resolve(e.qualifier ? { name: e.name, quoted: e.quoted, qualifier: e.qualifier } : { name: e.name, quoted: e.quoted }, e.at);
      throw new SqlError(`column "${e.quoted ? e.name : e.name.toUpperCase()}" must appear in the GROUP BY clause or be used in an aggregate function`, e.at, { code: '42803' });
    }
    return undefined;
  };
  const compileOut = compiler(ctx, scope, hook);
  const outs = items.map((i) => compileOut(i.expr));
  return {
    keys: keys.map((c) => c.eval),
    aggs,
    outputs: outs.map((c) => c.eval),
    ...(having ? { having: condition(compileOut, having, 'HAVING') } : {}),
    columns: items.map((i, n) => ({ name: i.name, type: outs[n]!.type, at: i.at })),
  };
}

/** A Map key for a tuple of values: the value itself for one key, a tagged string for several. */
export function keyOf(keys: GroupPlan['keys'], row: readonly unknown[]): unknown {
  if (keys.length === 1) return keys[0]!(row);
  if (keys.length === 0) return 0;
  let s = '';
  for (const k of keys) {
    const v = k(row);
    s += v === null ? '\u0000N' : typeof v === 'string' ? '\u0000s' + v : '\u0000n' + String(v);
  }
  return s;
}
