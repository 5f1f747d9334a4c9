/**
 * What the expression compiler produces and needs: a typed closure over a row array (`Compiled`),
 * the column-resolving `Scope` a query supplies, and compile options. Shared by the compiler's
 * modules and the dialects' planners (Redshift SELECT, KDA) without importing the compiler.
 */
import type { Expr } from './ast.js';
import { SqlError, type Pos } from './errors.js';
import type { SqlType, SqlValue } from './types.js';

/** A row as compiled expressions read it: values by column slot. */
export type Row = readonly unknown[];

/** A type-checked expression: its SQL type and an evaluator over a row. */
export interface Compiled {
  readonly type: SqlType;
  readonly eval: (row: Row) => SqlValue;
  /** Present when the value does not depend on the row (literals, folded casts of literals). */
  readonly constant?: { readonly value: SqlValue };
}

/** A column reference as written (`name`, `"Name"`, `t.name`). */
export interface ColumnRef {
  readonly name: string;
  readonly quoted: boolean;
  readonly qualifier?: string;
}

/** Resolves a column reference to a row index and type, or throws (see `columnNotFound`). */
export interface Scope {
  resolve(ref: ColumnRef, at: Pos): { index: number; type: SqlType };
}

/** Options of `compileExpr`. */
export interface CompileOptions {
  /** The statement clock for CURRENT_TIMESTAMP etc. (epoch ms). Default: 0. */
  readonly now?: () => number;
  /**
   * Called for every node before the default compilation; return a Compiled to take it over
   * (aggregates and GROUP BY keys in a grouped query), or undefined to compile normally.
   */
  readonly intercept?: (e: Expr) => Compiled | undefined;
}

/** PostgreSQL's `column "x" does not exist` (42703) at the reference. */
export function columnNotFound(ref: ColumnRef, at: Pos): SqlError {
  const name = ref.qualifier ? `${ref.qualifier}.${ref.name}` : `"${ref.name}"`;
  return new SqlError(`column ${name} does not exist`, at, { code: '42703' });
}

/** A row-independent value of `type` (literals, folded casts), marked `constant` for folding. */
export const constant = (type: SqlType, value: SqlValue): Compiled => ({ type, eval: () => value, constant: { value } });
