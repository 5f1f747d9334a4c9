/**
 * SELECT execution: FROM/JOIN (nested loops), WHERE, GROUP BY with aggregates, HAVING,
 * ORDER BY (ordinals, output names, expressions), DISTINCT, LIMIT/OFFSET. Expressions compile
 * once per statement through the shared SQL compiler; grouped queries compile their output
 * expressions with an `intercept` that maps GROUP BY keys and aggregate calls to slots of the
 * group row, so any other column reference fails with PostgreSQL's 42803 message.
 */
import { exprKey, forEachChild, type Expr } from '../sql/ast.js';
import { columnNotFound, compileExpr, type Compiled, type Row, type Scope } from '../sql/compile.js';
import { SqlError, type Pos } from '../sql/errors.js';
import { noSuchFunction, type FunctionRegistry } from '../sql/functions.js';
import { T, decimal, isIntegral, isNumeric, isTemporal, isText, typeDisplayName, type SqlType, type SqlValue } from '../sql/types.js';
import type { QName, Select } from './statements.js';

export interface SourceColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** A table as a query sees it. */
export interface SourceTable {
  readonly name: string;
  readonly columns: readonly SourceColumn[];
  readonly rows: readonly (readonly SqlValue[])[];
}

export interface QueryEnv {
  /** The table for a name, or throws `relation "x" does not exist`. */
  resolveTable(q: QName): SourceTable;
  readonly functions: FunctionRegistry;
  now(): number;
}

export interface QueryResult {
  readonly columns: SourceColumn[];
  readonly rows: SqlValue[][];
}

export const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

interface Bound {
  readonly alias: string;
  readonly table: SourceTable;
  readonly offset: number;
}

/** A scope over the sources bound so far (FROM and JOINs), with PostgreSQL's ambiguity/missing errors. */
export class SourceScope implements Scope {
  constructor(readonly sources: readonly Bound[]) {}
  resolve(ref: { name: string; quoted: boolean; qualifier?: string }, at: Pos): { index: number; type: SqlType; source: string } {
    const name = ref.quoted ? ref.name : ref.name.toLowerCase();
    const q = ref.qualifier?.toLowerCase();
    let found: { index: number; type: SqlType; source: string } | undefined;
    let sawQualifier = false;
    for (const s of this.sources) {
      if (q !== undefined && s.alias !== q) continue;
      sawQualifier = true;
      const i = s.table.columns.findIndex((c) => c.name === name);
      if (i < 0) continue;
      if (found) throw new SqlError(`column reference "${name}" is ambiguous`, at, { code: '42702' });
      found = { index: s.offset + i, type: s.table.columns[i]!.type, source: s.alias };
    }
    if (q !== undefined && !sawQualifier) throw new SqlError(`missing FROM-clause entry for table "${q}"`, at, { code: '42P01' });
    if (!found) throw columnNotFound({ ...ref, name }, at);
    return found;
  }
}


const isAggregate = (e: Expr): e is Extract<Expr, { kind: 'call' }> => e.kind === 'call' && AGGREGATES.has(e.name) && !e.over;

/** The aggregate calls in `e` (not descending into their arguments). */
export function findAggregates(e: Expr, out: Extract<Expr, { kind: 'call' }>[] = []): Extract<Expr, { kind: 'call' }>[] {
  if (isAggregate(e)) out.push(e);
  else forEachChild(e, (c) => findAggregates(c, out));
  return out;
}

/** Throws 42803 if `e` holds an aggregate (WHERE, JOIN ON, GROUP BY, UPDATE SET …). */
export function rejectAggregates(e: Expr | undefined, clause: string): void {
  const agg = e ? findAggregates(e)[0] : undefined;
  if (agg) throw new SqlError(`aggregate functions are not allowed in ${clause}`, agg.at, { code: '42803' });
}

/** Compiles a boolean condition (WHERE, ON, HAVING). */
export function compileCondition(e: Expr, scope: Scope, env: QueryEnv, clause: string, intercept?: (e: Expr) => Compiled | undefined): Compiled {
  const c = compileExpr(e, scope, env.functions, { now: env.now, ...(intercept ? { intercept } : {}) });
  if (c.type.kind !== 'boolean' && c.type.kind !== 'unknown') throw new SqlError(`argument of ${clause} must be type boolean, not type ${typeDisplayName(c.type)}`, e.at, { code: '42804' });
  return c;
}

interface Accumulator {
  add(v: SqlValue): void;
  result(): SqlValue;
}

interface AggPlan {
  readonly type: SqlType;
  readonly arg?: Compiled;
  make(): Accumulator;
}

function planAggregate(e: Extract<Expr, { kind: 'call' }>, scope: Scope, env: QueryEnv): AggPlan {
  const args = e.args.map((a) => {
    rejectNestedAggregates(a);
    return compileExpr(a, scope, env.functions, { now: env.now });
  });
  const types = args.map((a) => a.type);
  if (e.name === 'COUNT') {
    if (e.star) return { type: T.bigint, make: () => { let n = 0; return { add: () => { n++; }, result: () => n }; } };
    if (args.length !== 1) throw noSuchFunction('count', types, e.at);
    return { type: T.bigint, arg: args[0]!, make: distinctWrap(e.distinct, () => { let n = 0; return { add: (v) => { if (v !== null) n++; }, result: () => n }; }) };
  }
  const t = types[0];
  if (args.length !== 1 || e.star || !t) throw noSuchFunction(e.name, types, e.at);
  const arg = args[0]!;
  switch (e.name) {
    case 'SUM': case 'AVG': {
      if (!isNumeric(t) && t.kind !== 'interval' && t.kind !== 'unknown') throw noSuchFunction(e.name, types, e.at);
      // Redshift: SUM/AVG of SMALLINT/INTEGER/BIGINT are BIGINT (AVG truncated); of NUMERIC keep the scale.
      const type = isIntegral(t) ? T.bigint : t.kind === 'decimal' ? decimal(38, t.scale ?? 0) : t.kind === 'interval' ? T.interval : T.double;
      const avg = e.name === 'AVG';
      return {
        type, arg,
        make: distinctWrap(e.distinct, () => {
          let sum = 0;
          let n = 0;
          return {
            add: (v) => { if (v !== null) { sum += v as number; n++; } },
            result: () => (n === 0 ? null : !avg ? sum : isIntegral(type) ? Math.trunc(sum / n) : sum / n),
          };
        }),
      };
    }
    default: {
      if (!isNumeric(t) && !isText(t) && !isTemporal(t) && t.kind !== 'boolean' && t.kind !== 'interval' && t.kind !== 'unknown') throw noSuchFunction(e.name, types, e.at);
      const max = e.name === 'MAX';
      return {
        type: t, arg,
        make: () => {
          let best: SqlValue = null;
          return {
            add: (v) => { if (v !== null && (best === null || (max ? (v as number) > (best as number) : (v as number) < (best as number)))) best = v; },
            result: () => best,
          };
        },
      };
    }
  }
}

function rejectNestedAggregates(e: Expr): void {
  const inner = findAggregates(e)[0];
  if (inner) throw new SqlError('aggregate function calls cannot be nested', inner.at, { code: '42803' });
}

function distinctWrap(distinct: boolean, make: () => Accumulator): () => Accumulator {
  if (!distinct) return make;
  return () => {
    const inner = make();
    const seen = new Set<SqlValue>();
    return { add: (v) => { if (!seen.has(v)) { seen.add(v); inner.add(v); } }, result: () => inner.result() };
  };
}

/** The result column name PostgreSQL/Redshift give an unaliased expression. */
export function outputName(e: Expr): string {
  switch (e.kind) {
    case 'column': return e.quoted ? e.name : e.name.toLowerCase();
    case 'call': return e.name.toLowerCase();
    case 'extract': return 'date_part';
    case 'case': return 'case';
    case 'cast': return e.operand.kind === 'column' || e.operand.kind === 'call' ? outputName(e.operand) : '?column?';
    default: return '?column?';
  }
}

const compareValues = (a: SqlValue, b: SqlValue): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

/** Runs a SELECT; throws SqlError (compile) or SqlRuntimeError (evaluation). */
export function runSelect(sel: Select, env: QueryEnv): QueryResult {
  const opts = { now: env.now };
  // FROM and JOINs.
  const bound: Bound[] = [];
  let rows: readonly Row[] = [[]];
  let width = 0;
  const bind = (item: { table: QName; alias?: string }): Bound => {
    const table = env.resolveTable(item.table);
    const b = { alias: item.alias ?? item.table.name, table, offset: width };
    bound.push(b);
    width += table.columns.length;
    return b;
  };
  if (sel.from) {
    rows = bind(sel.from).table.rows;
    for (const j of sel.joins) {
      const b = bind(j);
      rejectAggregates(j.on, 'JOIN conditions');
      const on = j.on ? compileCondition(j.on, new SourceScope(bound), env, 'JOIN/ON').eval : () => true;
      const nulls = b.table.columns.map(() => null);
      const out: Row[] = [];
      for (const l of rows) {
        let matched = false;
        for (const r of b.table.rows) {
          const combined = [...l, ...r];
          if (on(combined) === true) { out.push(combined); matched = true; }
        }
        if (!matched && j.type === 'left') out.push([...l, ...nulls]);
      }
      rows = out;
    }
  }
  const scope = new SourceScope(bound);
  if (sel.where) {
    rejectAggregates(sel.where, 'WHERE');
    const w = compileCondition(sel.where, scope, env, 'WHERE').eval;
    rows = rows.filter((r) => w(r) === true);
  }

  // Expand the select list.
  const items: { expr: Expr; name: string }[] = [];
  for (const it of sel.items) {
    if (it.kind === 'expr') { items.push({ expr: it.expr, name: it.alias ?? outputName(it.expr) }); continue; }
    const sources = it.qualifier ? bound.filter((b) => b.alias === it.qualifier) : bound;
    if (it.qualifier && sources.length === 0) throw new SqlError(`missing FROM-clause entry for table "${it.qualifier}"`, it.at, { code: '42P01' });
    if (bound.length === 0) throw new SqlError('SELECT * with no tables specified is not valid', it.at, { code: '42601' });
    for (const s of sources) for (const c of s.table.columns) items.push({ expr: { kind: 'column', at: it.at, name: c.name, quoted: true, qualifier: s.alias }, name: c.name });
  }
  const outputNames = items.map((i) => i.name);

  // GROUP BY keys may be ordinals or output aliases (Redshift, like PostgreSQL, allows both).
  const groupExprs = sel.groupBy.map((g) => {
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
  groupExprs.forEach((g) => rejectAggregates(g, 'GROUP BY'));

  const aggs: Extract<Expr, { kind: 'call' }>[] = [];
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
  const grouped = groupExprs.length > 0 || aggs.length > 0;
  if (sel.having && !grouped) collect(sel.having);

  let base: readonly Row[];
  let compileOut: (e: Expr) => Compiled;
  if (grouped) {
    const keys = groupExprs.map((g) => compileExpr(g, scope, env.functions, opts));
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
    base = [...groups.values()].map((g) => [...g.key, ...g.accs.map((a) => a.result())]);
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
        const col = bound.find((b) => b.alias === res.source)!;
        throw new SqlError(`column "${res.source}.${col.table.columns[res.index - col.offset]!.name}" must appear in the GROUP BY clause or be used in an aggregate function`, e.at, { code: '42803' });
      }
      return undefined;
    };
    compileOut = (e) => compileExpr(e, scope, env.functions, { now: env.now, intercept });
    if (sel.having) {
      const h = compileCondition(sel.having, scope, env, 'HAVING', intercept).eval;
      base = base.filter((r) => h(r) === true);
    }
  } else {
    base = rows;
    compileOut = (e) => compileExpr(e, scope, env.functions, opts);
  }

  const outputs = items.map((i) => compileOut(i.expr));
  const order = sel.orderBy.map((o) => {
    const e = o.expr;
    let fromOutput = -1;
    if (e.kind === 'number' && /^\d+$/.test(e.text)) {
      fromOutput = Number(e.text) - 1;
      if (!items[fromOutput]) throw new SqlError(`ORDER BY position ${e.text} is not in select list`, e.at, { code: '42P10' });
    } else if (e.kind === 'column' && !e.qualifier) {
      fromOutput = outputNames.indexOf(e.quoted ? e.name : e.name.toLowerCase());
    }
    const compiled = fromOutput >= 0 ? undefined : compileOut(e);
    // PostgreSQL's default: NULLs sort as larger than any value (last ascending, first descending).
    const nullsFirst = o.nullsFirst ?? o.desc;
    return { fromOutput, compiled, desc: o.desc, nullsFirst };
  });

  let result = base.map((r) => {
    const out = outputs.map((c) => c.eval(r));
    const keys = order.map((k) => (k.compiled ? k.compiled.eval(r) : out[k.fromOutput]!));
    return { out, keys };
  });
  if (sel.distinct) {
    const seen = new Set<string>();
    result = result.filter((x) => {
      const k = JSON.stringify(x.out);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  if (order.length > 0) {
    result.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const o = order[i]!;
        const x = a.keys[i]!;
        const y = b.keys[i]!;
        if (x === y) continue;
        if (x === null) return o.nullsFirst ? -1 : 1;
        if (y === null) return o.nullsFirst ? 1 : -1;
        const c = compareValues(x, y);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  const start = sel.offset ?? 0;
  const end = sel.limit !== undefined ? start + sel.limit : undefined;
  return {
    columns: items.map((it, i) => ({ name: it.name, type: outputs[i]!.type.kind === 'unknown' ? T.varchar : outputs[i]!.type })),
    rows: result.slice(start, end).map((x) => x.out),
  };
}

function sourceHas(scope: SourceScope, c: Extract<Expr, { kind: 'column' }>): boolean {
  const name = c.quoted ? c.name : c.name.toLowerCase();
  return scope.sources.some((s) => s.table.columns.some((col) => col.name === name));
}

