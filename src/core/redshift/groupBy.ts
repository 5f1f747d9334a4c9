/**
 * GROUP BY and aggregation for SELECT. Grouped queries compile their output expressions with an
 * `intercept` that maps GROUP BY keys and aggregate calls to slots of the group row, so any other
 * column reference fails with PostgreSQL's 42803 message.
 */
import { exprKey, type Expr } from '../sql/ast.js';
import { compileExpr } from '../sql/compile.js';
import type { Compiled, Row } from '../sql/compiled.js';
import { SqlError } from '../sql/errors.js';
import type { SqlValue } from '../sql/types.js';
import { findAggregates, isAggregate, planAggregate, rejectAggregates, type Accumulator } from './aggregates.js';
import { compileCondition, type QueryEnv, type SourceScope } from './sourceScope.js';
import type { Select } from './statementAst.js';

type Call = Extract<Expr, { kind: 'call' }>;

/** The rows output expressions read, and how to compile an output expression over them. */
export interface GroupedInput {
  readonly base: readonly Row[];
  readonly compileOut: (e: Expr) => Compiled;
}

/**
 * Without GROUP BY or aggregates: the rows themselves. Otherwise one row per group (key values,
 * then aggregate results) with HAVING applied, read through the grouping intercept.
 */
export function groupRows(sel: Select, items: readonly { expr: Expr; name: string }[], rows: readonly Row[], scope: SourceScope, env: QueryEnv): GroupedInput {
  const groupExprs = resolveGroupExprs(sel.groupBy, items, scope);
  groupExprs.forEach((g) => rejectAggregates(g, 'GROUP BY'));

  const aggs: Call[] = [];
  const aggKeys: string[] = [];
  const collect = (e: Expr | undefined): void => {
    if (!e) return;
    for (const a of findAggregates(e)) {
      const k = exprKey(a);
      if (!aggKeys.includes(k)) { aggKeys.push(k); aggs.push(a); }
    }
  };
  items.forEach((i) => collect(i.expr));
  collect(sel.having);
  sel.orderBy.forEach((o) => collect(o.expr));
  // HAVING alone makes the query grouped too (PostgreSQL: one group of all the rows), so it filters
  // that one group and a plain column outside an aggregate is refused (42803).
  const grouped = groupExprs.length > 0 || aggs.length > 0 || sel.having !== undefined;

  if (!grouped) return { base: rows, compileOut: (e) => compileExpr(e, scope, env.functions, { now: env.now }) };
  return aggregateGroups(sel.having, groupExprs, aggs, aggKeys, rows, scope, env);
}

/** GROUP BY keys may be ordinals or output aliases (Redshift, like PostgreSQL, allows both). */
function resolveGroupExprs(groupBy: readonly Expr[], items: readonly { expr: Expr; name: string }[], scope: SourceScope): Expr[] {
  const outputNames = items.map((i) => i.name);
  return groupBy.map((g) => {
    if (g.kind === 'number' && /^\d+$/.test(g.text)) {
      const item = items[Number(g.text) - 1];
      if (!item) throw new SqlError(`GROUP BY position ${g.text} is not in select list`, g.at, { code: '42P10' });
      return item.expr;
    }
    if (g.kind === 'column' && !g.qualifier && !sourceHas(scope, g)) {
      const i = outputNames.indexOf(g.quoted ? g.name : g.name.toLowerCase());
      if (i >= 0) return items[i]!.expr;
    }
    return g;
  });
}

function aggregateGroups(having: Expr | undefined, groupExprs: readonly Expr[], aggs: readonly Call[], aggKeys: readonly string[], rows: readonly Row[], scope: SourceScope, env: QueryEnv): GroupedInput {
  const keys = groupExprs.map((g) => compileExpr(g, scope, env.functions, { now: env.now }));
  const keyStrings = groupExprs.map(exprKey);
  const keyColumns = groupExprs.map((g) => (g.kind === 'column' ? scope.resolve(g, g.at).index : -1));
  const plans = aggs.map((a) => planAggregate(a, scope, env));
  const groups = new Map<string, { key: SqlValue[]; accs: Accumulator[] }>();
  for (const r of rows) {
    const kv = keys.map((k) => k.eval(r));
    const ks = JSON.stringify(kv);
    let g = groups.get(ks);
    if (!g) { g = { key: kv, accs: plans.map((p) => p.make()) }; groups.set(ks, g); }
    for (let i = 0; i < plans.length; i++) g.accs[i]!.add(plans[i]!.arg ? plans[i]!.arg!.eval(r) : null);
  }
  // An aggregate without GROUP BY yields one row even over no input (COUNT(*) = 0).
  if (groups.size === 0 && groupExprs.length === 0) groups.set('', { key: [], accs: plans.map((p) => p.make()) });
  let base: readonly Row[] = [...groups.values()].map((g) => [...g.key, ...g.accs.map((a) => a.result())]);
  const nk = keys.length;
  const intercept = (e: Expr): Compiled | undefined => {
    const k = keyStrings.indexOf(exprKey(e));
    if (k >= 0) return { type: keys[k]!.type, eval: (r) => r[k] as SqlValue };
    if (isAggregate(e)) {
      const j = aggKeys.indexOf(exprKey(e));
      return { type: plans[j]!.type, eval: (r) => r[nk + j] as SqlValue };
    }
    if (e.kind === 'column') {
      const res = scope.resolve(e, e.at);
      const kc = keyColumns.indexOf(res.index);
      if (kc >= 0) return { type: keys[kc]!.type, eval: (r) => r[kc] as SqlValue };
      const col = scope.sources.find((b) => b.alias === res.source)!;
      throw new SqlError(`column "${res.source}.${col.table.columns[res.index - col.offset]!.name}" must appear in the GROUP BY clause or be used in an aggregate function`, e.at, { code: '42803' });
    }
    return undefined;
  };
  const compileOut = (e: Expr): Compiled => compileExpr(e, scope, env.functions, { now: env.now, intercept });
  if (having) {
    const h = compileCondition(having, scope, env, 'HAVING', intercept).eval;
    base = base.filter((r) => h(r) === true);
  }
  return { base, compileOut };
}

function sourceHas(scope: SourceScope, c: Extract<Expr, { kind: 'column' }>): boolean {
  const name = c.quoted ? c.name : c.name.toLowerCase();
  return scope.sources.some((s) => s.table.columns.some((col) => col.name === name));
}
