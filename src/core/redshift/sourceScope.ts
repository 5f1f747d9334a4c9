/**
 * What a Redshift query reads: source tables, the environment that resolves them, and the scope
 * that binds column references to row slots across FROM and JOINs (with PostgreSQL's ambiguity
 * and missing-entry errors); plus compiling a boolean condition against that scope.
 */
import type { Expr } from '../sql/ast.js';
import { compileExpr } from '../sql/compile.js';
import { columnNotFound, type Compiled, type Scope } from '../sql/compiled.js';
import { SqlError, type Pos } from '../sql/errors.js';
import type { FunctionRegistry } from '../sql/functions.js';
import { typeDisplayName, type SqlType, type SqlValue } from '../sql/types.js';
import type { QName } from './statementAst.js';

/** A column of a source table or of a query result. */
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

/** What a query needs from the database: tables, functions and the statement clock. */
export interface QueryEnv {
  /** The table for a name, or throws `relation "x" does not exist`. */
  resolveTable(q: QName): SourceTable;
  readonly functions: FunctionRegistry;
  now(): number;
}

/** A query's result: typed columns and rows of values. */
export interface QueryResult {
  readonly columns: SourceColumn[];
  readonly rows: SqlValue[][];
}

/** A source bound in FROM/JOIN: its alias and where its columns start in the joined row. */
export interface Bound {
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

/** Compiles a boolean condition (WHERE, ON, HAVING). */
export function compileCondition(e: Expr, scope: Scope, env: QueryEnv, clause: string, intercept?: (e: Expr) => Compiled | undefined): Compiled {
  const c = compileExpr(e, scope, env.functions, { now: env.now, ...(intercept ? { intercept } : {}) });
  if (c.type.kind !== 'boolean' && c.type.kind !== 'unknown') throw new SqlError(`argument of ${clause} must be type boolean, not type ${typeDisplayName(c.type)}`, e.at, { code: '42804' });
  return c;
}
