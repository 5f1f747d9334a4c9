/**
 * The row work of INSERT, UPDATE and DELETE, as pure functions of a table: they type-check against
 * the columns (Redshift's 42804/42701/42703/23502 errors) and return the new rows; the database
 * stores them. Column targets and defaults are shared with COPY.
 */
import type { Expr } from '../sql/ast.js';
import { compileExpr } from '../sql/compile.js';
import type { Scope } from '../sql/compiled.js';
import { SqlError } from '../sql/errors.js';
import { typeDisplayName, type SqlType, type SqlValue } from '../sql/types.js';
import { rejectAggregates } from './aggregates.js';
import { RedshiftError } from './redshiftError.js';
import { redshiftFunctions } from './redshiftFunctions.js';
import { runSelect } from './select.js';
import { SourceScope, compileCondition, type QueryEnv } from './sourceScope.js';
import type { Statement } from './statementAst.js';
import { assignValue, assignable, type Table, type TableColumn } from './tables.js';

type Row = readonly SqlValue[];

/** A scope with no columns (VALUES and DEFAULT expressions): any column reference is 42703. */
export const NO_COLUMNS: Scope = {
  resolve(ref, at) {
    throw new SqlError(`column "${ref.quoted ? ref.name : ref.name.toLowerCase()}" does not exist`, at, { code: '42703' });
  },
};

function checkAssignable(col: TableColumn, from: SqlType, e: Expr): void {
  if (!assignable(from, col.type)) {
    throw new SqlError(`column "${col.name}" is of type ${typeDisplayName(col.type)} but expression is of type ${typeDisplayName(from)}`, e.at, { code: '42804' });
  }
}

/** The column indexes a column list names (all columns without one); unknown or repeated names throw. */
export function targetColumns(t: Table, cols: readonly { name: string; at: { line: number; column: number } }[] | undefined): number[] {
  if (!cols) return t.columns.map((_, i) => i);
  const seen = new Set<number>();
  return cols.map((c) => {
    const i = t.columns.findIndex((x) => x.name === c.name);
    if (i < 0) throw new RedshiftError('42703', `column "${c.name}" of relation "${t.name}" does not exist`, c.at);
    if (seen.has(i)) throw new RedshiftError('42701', `column "${c.name}" specified more than once`, c.at);
    seen.add(i);
    return i;
  });
}

/** Per column, a function giving its DEFAULT (NULL without one), evaluated at statement time `now`. */
export function columnDefaults(t: Table, now: number): (() => SqlValue)[] {
  return t.columns.map((c) => {
    if (!c.default) return () => null;
    const d = compileExpr(c.default, NO_COLUMNS, redshiftFunctions, { now: () => now });
    return () => assignValue(d.eval([]), d.type, { ...c, notNull: false });
  });
}

/** The rows an INSERT … VALUES or INSERT … SELECT adds to `t`, defaults filled and NOT NULL checked. */
export function insertRows(t: Table, stmt: Extract<Statement, { kind: 'insert' }>, env: QueryEnv, now: number): SqlValue[][] {
  const targets = targetColumns(t, stmt.columns);
  const defaults = columnDefaults(t, now);
  const newRows: SqlValue[][] = [];
  const finish = (row: SqlValue[]): void => {
    t.columns.forEach((c, i) => {
      if (c.notNull && row[i] === null) throw new RedshiftError('23502', `null value in column "${c.name}" violates not-null constraint`);
    });
    newRows.push(row);
  };
  if (stmt.values) {
    const width = stmt.values[0]?.length ?? 0;
    for (const vals of stmt.values) {
      if (vals.length !== width) throw new RedshiftError('42601', 'VALUES lists must all be the same length');
      if (vals.length > targets.length) throw new RedshiftError('42601', 'INSERT has more expressions than target columns');
      if (vals.length < targets.length && stmt.columns) throw new RedshiftError('42601', 'INSERT has more target columns than expressions');
      const row = defaults.map((d) => d());
      vals.forEach((v, j) => {
        const i = targets[j]!;
        const col = t.columns[i]!;
        if (v === 'default') return;
        const e = compileExpr(v, NO_COLUMNS, redshiftFunctions, { now: () => now });
        checkAssignable(col, e.type, v);
        row[i] = assignValue(e.eval([]), e.type, { ...col, notNull: false });
      });
      finish(row);
    }
  } else if (stmt.select) {
    const r = runSelect(stmt.select, env);
    if (r.columns.length > targets.length) throw new RedshiftError('42601', 'INSERT has more expressions than target columns');
    if (r.columns.length < targets.length && stmt.columns) throw new RedshiftError('42601', 'INSERT has more target columns than expressions');
    r.columns.forEach((c, j) => {
      const col = t.columns[targets[j]!]!;
      if (!assignable(c.type, col.type)) throw new RedshiftError('42804', `column "${col.name}" is of type ${typeDisplayName(col.type)} but expression is of type ${typeDisplayName(c.type)}`);
    });
    for (const src of r.rows) {
      const row = defaults.map((d) => d());
      src.forEach((v, j) => {
        const i = targets[j]!;
        row[i] = assignValue(v, r.columns[j]!.type, { ...t.columns[i]!, notNull: false });
      });
      finish(row);
    }
  }
  return newRows;
}

/** The rows of `t` a DELETE keeps (those its WHERE is not TRUE for). */
export function keptRows(t: Table, where: Expr | undefined, env: QueryEnv): Row[] {
  const scope = new SourceScope([{ alias: t.name, table: t, offset: 0 }]);
  rejectAggregates(where, 'WHERE');
  const w = where ? compileCondition(where, scope, env, 'WHERE').eval : () => true;
  return t.rows.filter((r) => w(r) !== true);
}

/** An UPDATE's result: every row of `t`, changed where WHERE is TRUE, and how many changed. */
export function updatedRows(t: Table, stmt: Extract<Statement, { kind: 'update' }>, env: QueryEnv, now: number): { rows: Row[]; changed: number } {
  const scope = new SourceScope([{ alias: t.name, table: t, offset: 0 }]);
  rejectAggregates(stmt.where, 'WHERE');
  const w = stmt.where ? compileCondition(stmt.where, scope, env, 'WHERE').eval : () => true;
  const sets = stmt.sets.map((s) => {
    const i = t.columns.findIndex((c) => c.name === s.column);
    if (i < 0) throw new RedshiftError('42703', `column "${s.column}" of relation "${t.name}" does not exist`, s.at);
    rejectAggregates(s.expr, 'UPDATE');
    const col = t.columns[i]!;
    const e = compileExpr(s.expr, scope, redshiftFunctions, { now: () => now });
    checkAssignable(col, e.type, s.expr);
    return { i, col, e };
  });
  let n = 0;
  const rows = t.rows.map((r) => {
    if (w(r) !== true) return r;
    n++;
    const out = [...r];
    for (const s of sets) out[s.i] = assignValue(s.e.eval(r), s.e.type, s.col);
    return out;
  });
  return { rows, changed: n };
}
