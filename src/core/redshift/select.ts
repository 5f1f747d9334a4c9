/**
 * SELECT execution: FROM/JOIN (nested loops), WHERE, GROUP BY with aggregates, HAVING,
 * ORDER BY (ordinals, output names, expressions), DISTINCT, LIMIT/OFFSET. Expressions compile
 * once per statement through the shared SQL compiler; grouping and aggregates are in groupBy.ts
 * and aggregates.ts, sources and the column scope in sourceScope.ts.
 */
import type { Expr } from '../sql/ast.js';
import type { Compiled, Row } from '../sql/compiled.js';
import { SqlError } from '../sql/errors.js';
import { T, type SqlValue } from '../sql/types.js';
import { rejectAggregates } from './aggregates.js';
import { groupRows } from './groupBy.js';
import { SourceScope, compileCondition, type Bound, type QueryEnv, type QueryResult } from './sourceScope.js';
import type { QName, Select, SelectItem } from './statementAst.js';

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

interface OrderKey {
  /** The output column it sorts by, or -1 when `compiled` computes it. */
  readonly fromOutput: number;
  readonly compiled: Compiled | undefined;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** Runs a SELECT; throws SqlError (compile) or SqlRuntimeError (evaluation). */
export function runSelect(sel: Select, env: QueryEnv): QueryResult {
  const bound: Bound[] = [];
  let rows = joinSources(sel, env, bound);
  const scope = new SourceScope(bound);
  if (sel.where) {
    rejectAggregates(sel.where, 'WHERE');
    const w = compileCondition(sel.where, scope, env, 'WHERE').eval;
    rows = rows.filter((r) => w(r) === true);
  }
  const items = expandItems(sel.items, bound);
  const outputNames = items.map((i) => i.name);
  const { base, compileOut } = groupRows(sel, items, rows, scope, env);

  const outputs = items.map((i) => compileOut(i.expr));
  const order = sel.orderBy.map((o): OrderKey => {
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

  const result = evaluateRows(base, outputs, order, sel.distinct);
  const start = sel.offset ?? 0;
  const end = sel.limit !== undefined ? start + sel.limit : undefined;
  return {
    columns: items.map((it, i) => ({ name: it.name, type: outputs[i]!.type.kind === 'unknown' ? T.varchar : outputs[i]!.type })),
    rows: result.slice(start, end).map((x) => x.out),
  };
}

/** FROM and JOINs as nested loops; binds each source into `bound` (in order) and returns the joined rows. */
function joinSources(sel: Select, env: QueryEnv, bound: Bound[]): readonly Row[] {
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
  return rows;
}

/** The select list with `*` and `t.*` expanded to the bound sources' columns. */
function expandItems(selectItems: readonly SelectItem[], bound: readonly Bound[]): { expr: Expr; name: string }[] {
  const items: { expr: Expr; name: string }[] = [];
  for (const it of selectItems) {
    if (it.kind === 'expr') { items.push({ expr: it.expr, name: it.alias ?? outputName(it.expr) }); continue; }
    const sources = it.qualifier ? bound.filter((b) => b.alias === it.qualifier) : bound;
    if (it.qualifier && sources.length === 0) throw new SqlError(`missing FROM-clause entry for table "${it.qualifier}"`, it.at, { code: '42P01' });
    if (bound.length === 0) throw new SqlError('SELECT * with no tables specified is not valid', it.at, { code: '42601' });
    for (const s of sources) for (const c of s.table.columns) items.push({ expr: { kind: 'column', at: it.at, name: c.name, quoted: true, qualifier: s.alias }, name: c.name });
  }
  return items;
}

/** Output values and sort keys per row, DISTINCT applied, sorted by ORDER BY. */
function evaluateRows(base: readonly Row[], outputs: readonly Compiled[], order: readonly OrderKey[], distinct: boolean): { out: SqlValue[]; keys: SqlValue[] }[] {
  let result = base.map((r) => {
    const out = outputs.map((c) => c.eval(r));
    const keys = order.map((k) => (k.compiled ? k.compiled.eval(r) : out[k.fromOutput]!));
    return { out, keys };
  });
  if (distinct) {
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
  return result;
}
