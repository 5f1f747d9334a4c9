/**
 * The Redshift statement AST the parser produces and the database runs: CREATE/DROP/TRUNCATE
 * TABLE, INSERT, DELETE, UPDATE, SELECT and COPY. Expressions inside are the shared SQL AST.
 */
import type { Expr, OrderItem, TypeName } from '../sql/ast.js';
import type { Token } from '../sql/lexer.js';

/** A table name as written, `[schema.]name`, folded; `at` is where it starts. */
export interface QName {
  readonly schema?: string;
  readonly name: string;
  readonly at: Token;
}

/** A CREATE TABLE column: name, declared type, NOT NULL and DEFAULT. */
export interface ColumnDef {
  readonly name: string;
  readonly type: TypeName;
  readonly notNull: boolean;
  readonly default?: Expr;
}

/** A select-list entry: `*` / `t.*`, or an expression with an optional alias. */
export type SelectItem =
  | { readonly kind: 'star'; readonly qualifier?: string; readonly at: Token }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: string };

/** A table in FROM with its optional alias. */
export interface FromItem {
  readonly table: QName;
  readonly alias?: string;
}

/** A JOINed (or comma-listed, as CROSS) table; `on` is absent for CROSS. */
export interface Join extends FromItem {
  readonly type: 'inner' | 'left' | 'cross';
  readonly on?: Expr;
}

/** A parsed SELECT. */
export interface Select {
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: FromItem;
  readonly joins: readonly Join[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
}

/** COPY options as written; database.ts/copy.ts resolve them into a CopyFormat. */
export interface CopyOptions {
  manifest: boolean;
  format: 'text' | 'csv' | 'json';
  json?: string;
  quote?: string;
  delimiter?: string;
  gzip: boolean;
  ignoreHeader: number;
  maxError: number;
  timeFormat?: string;
  dateFormat?: string;
  emptyAsNull: boolean;
  blanksAsNull: boolean;
  truncateColumns: boolean;
  acceptInvChars?: string;
  nullAs?: string;
  escape: boolean;
  removeQuotes: boolean;
  fillRecord: boolean;
  trimBlanks: boolean;
  roundDec: boolean;
  region?: string;
}

/** One parsed statement. */
export type Statement =
  | { readonly kind: 'create'; readonly table: QName; readonly ifNotExists: boolean; readonly columns: readonly ColumnDef[] }
  | { readonly kind: 'drop'; readonly table: QName; readonly ifExists: boolean }
  | { readonly kind: 'truncate'; readonly table: QName }
  | { readonly kind: 'insert'; readonly table: QName; readonly columns?: readonly { name: string; at: Token }[]; readonly values?: readonly (readonly (Expr | 'default')[])[]; readonly select?: Select }
  | { readonly kind: 'delete'; readonly table: QName; readonly where?: Expr }
  | { readonly kind: 'update'; readonly table: QName; readonly sets: readonly { column: string; at: Token; expr: Expr }[]; readonly where?: Expr }
  | { readonly kind: 'select'; readonly select: Select }
  | { readonly kind: 'copy'; readonly table: QName; readonly columns?: readonly { name: string; at: Token }[]; readonly from: string; readonly fromAt: Token; readonly options: CopyOptions };
