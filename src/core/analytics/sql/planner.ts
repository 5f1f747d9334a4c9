/**
 * Plans a pump's SELECT STREAM: binds the FROM clause (stream, joins, table function) into one
 * row layout, picks the operator from the query's shape — WINDOWED BY STAGGER → stagger,
 * GROUP BY with a ROWTIME bucket → tumbling, aggregates OVER a window → sliding, else a
 * continuous filter/projection — and compiles every expression once. All name and type problems
 * surface here as SqlError at the offending token, before any row flows.
 */
import type { Expr } from '../../sql/ast.js';
import { SqlError, SqlRuntimeError, type Pos } from '../../sql/errors.js';
import type { FunctionRegistry } from '../../sql/functions.js';
import { isTemporal, type SqlType, type SqlValue } from '../../sql/types.js';
import { ContinuousOp } from './exec/continuous.js';
import { planSliding } from './exec/sliding.js';
import { planStagger } from './exec/stagger.js';
import { planTumbling } from './exec/tumbling.js';
import { findCalls, isWindowCall } from './exprs.js';
import { bindFrom } from './from.js';
import { compiler, condition } from './kdaCompiler.js';
import type { KdaScope } from './scope.js';
import type { SelectStream } from './statements.js';
import type { StreamColumn, StreamState } from './streams.js';

export { findStream } from './from.js';

export type PumpWindow = 'none' | 'tumbling' | 'sliding' | 'stagger' | 'join' | 'function';

export interface OpenWindow {
  readonly kind: 'tumbling' | 'stagger';
  readonly start: number;
  readonly end: number;
  readonly groups: number;
  readonly rows: number;
}

/** Rows between operators: a layout array (ROWTIME inside it) and the row's ROWTIME. */
export type Push = (row: unknown[], rowtime: number) => void;
/** Reports a row that failed (the pump goes on). */
export type Fail = (e: unknown, row: readonly unknown[] | undefined, rowtime: number) => void;
/** A projected output row: values in select-list order. */
export type Out = (values: SqlValue[], rowtime: number, source: readonly unknown[]) => void;

/** A running operator. */
export interface Operator {
  push(row: unknown[], rowtime: number): void;
  advance(time: number): void;
  windows(): OpenWindow[];
}

export interface RefTable {
  readonly name: string;
  readonly columns: readonly StreamColumn[];
  /** Rows as [values…, null] (a table has no ROWTIME). */
  rows: unknown[][];
}

export interface PlanContext {
  readonly streams: ReadonlyMap<string, StreamState>;
  readonly refs: ReadonlyMap<string, RefTable>;
  readonly functions: FunctionRegistry;
  now(): number;
  random(): number;
}

export interface OutColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly at: Pos;
}

/** A planned SELECT STREAM, ready to run. */
export interface PlannedSelect {
  readonly columns: readonly OutColumn[];
  readonly window: PumpWindow;
  readonly from: readonly string[];
  /** Wires it to its input streams; `out` receives projected rows. */
  start(out: Out, fail: Fail): { advance(time: number): void; windows(): OpenWindow[] };
}

/** A bound FROM clause. */
export interface Source {
  readonly scope: KdaScope;
  readonly from: string[];
  readonly kind: 'plain' | 'join' | 'function';
  /** The window of a subquery source, shown when the outer query has none. */
  readonly window?: PumpWindow;
  /** Connects to the input streams; rows go to `push`. */
  connect(push: Push, fail: Fail): { advance(time: number): void };
}

/** Plans one SELECT STREAM. */
export function planSelect(sel: SelectStream, ctx: PlanContext, pump: string): PlannedSelect {
  const source = bindFrom(sel, ctx, pump);
  const scope = source.scope;
  const items = expandItems(sel, scope);
  const overCalls = items.flatMap((i) => findCalls(i.expr, isWindowCall));
  let body: { columns: OutColumn[]; window: PumpWindow; create(out: Out, fail: Fail): Operator };
  if (sel.stagger) body = planStagger(sel, sel.stagger, items, ctx, scope);
  else if (sel.groupBy) body = planTumbling(sel, sel.groupBy, items, ctx, scope);
  else if (overCalls.length > 0) body = planSliding(sel, items, ctx, scope);
  else {
    if (sel.having) throw new SqlError('HAVING needs GROUP BY or WINDOWED BY', sel.having.at, { code: '42803' });
    body = planContinuous(sel, items, ctx, scope);
  }
  const where = sel.where ? condition(compiler(ctx, scope), sel.where, 'WHERE') : undefined;
  const window: PumpWindow = body.window !== 'none' ? body.window : source.kind === 'join' ? 'join' : source.kind === 'function' ? 'function' : source.window ?? 'none';
  // `expr AS ROWTIME` overrides the output row's ROWTIME instead of naming a column (SQL Reference, ROWTIME).
  const rtIndex = items.findIndex((i) => i.aliased && i.name === 'ROWTIME');
  if (rtIndex >= 0 && !isTemporal(body.columns[rtIndex]!.type)) throw new SqlError('a value AS ROWTIME must be a TIMESTAMP', items[rtIndex]!.at, { code: '42804' });
  return {
    columns: rtIndex >= 0 ? body.columns.filter((_c, i) => i !== rtIndex) : body.columns,
    window,
    from: source.from,
    start(out0, fail) {
      const out: Out = rtIndex < 0 ? out0 : (values, _rowtime, src) => {
        const rt = values[rtIndex];
        values.splice(rtIndex, 1);
        if (typeof rt !== 'number') fail(new SqlRuntimeError('22004', 'the value given AS ROWTIME is NULL'), src, _rowtime);
        else out0(values, rt, src);
      };
      const op = body.create(out, fail);
      const push: Push = where ? (row, rt) => { if (where(row) === true) op.push(row, rt); } : (row, rt) => op.push(row, rt);
      const src = source.connect(push, fail);
      return {
        advance(t) { src.advance(t); op.advance(t); },
        windows: () => op.windows(),
      };
    },
  };
}

export interface Item {
  readonly expr: Expr;
  readonly name: string;
  readonly at: Pos;
  /** Named with AS (only `… AS ROWTIME` overrides the row time; a bare ROWTIME is a column). */
  readonly aliased?: boolean;
}

/** Select items with `*` expanded and output names decided (alias, column name, or EXPR$n). */
function expandItems(sel: SelectStream, scope: KdaScope): Item[] {
  const out: Item[] = [];
  sel.items.forEach((it, i) => {
    if (it.star) {
      for (const c of scope.star()) out.push({ expr: { kind: 'column', at: it.at, name: c.name, quoted: true }, name: c.name, at: it.at });
      return;
    }
    const e = it.expr!;
    const name = it.alias?.name ?? (e.kind === 'column' ? (e.quoted ? e.name : e.name.toUpperCase()) : `EXPR$${i}`);
    out.push({ expr: e, name, at: e.at, ...(it.alias ? { aliased: true } : {}) });
  });
  return out;
}

function planContinuous(_sel: SelectStream, items: Item[], ctx: PlanContext, scope: KdaScope) {
  const compile = compiler(ctx, scope);
  const compiled = items.map((i) => compile(i.expr));
  return {
    columns: items.map((i, k) => ({ name: i.name, type: compiled[k]!.type, at: i.at })),
    window: 'none' as const,
    create: (out: Out, fail: Fail) => new ContinuousOp(compiled.map((c) => c.eval), out, fail),
  };
}

