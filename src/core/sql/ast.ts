/**
 * The expression AST shared by the SQL dialects. Every node keeps `at` (where it starts) so the
 * compiler can report type errors where PostgreSQL would. Special syntax (POSITION(a IN b),
 * SUBSTRING(x FROM a FOR b), TRIM(LEADING c FROM x), OVERLAY) is lowered to plain `call` nodes
 * with positional arguments; EXTRACT and FLOOR/CEIL(x TO unit) keep their own nodes because their
 * first operand is a field name, not a value.
 */
import type { Pos } from './errors.js';

/** A type as written: `VARCHAR(10)` → {name: 'VARCHAR', args: [10]}; names are canonical (INT4 → INTEGER). */
export interface TypeName {
  readonly name: TypeNameKey;
  readonly args: readonly number[];
}

export type TypeNameKey =
  | 'SMALLINT'
  | 'INTEGER'
  | 'BIGINT'
  | 'DECIMAL'
  | 'REAL'
  | 'DOUBLE PRECISION'
  | 'BOOLEAN'
  | 'CHAR'
  | 'VARCHAR'
  | 'DATE'
  | 'TIMESTAMP'
  | 'TIMESTAMPTZ';

export type IntervalUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '||'
  | '=' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR';

/** OVER (PARTITION BY … ORDER BY … [frame]) or OVER name. Parsed for dialects that support windows. */
export interface WindowSpec {
  readonly name?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?:
    | { readonly kind: 'range'; readonly interval: Expr }
    | { readonly kind: 'rows'; readonly count: number };
}

export interface OrderItem {
  readonly expr: Expr;
  readonly desc: boolean;
  /** undefined = the dialect's default (PostgreSQL: NULLS LAST ascending, FIRST descending). */
  readonly nullsFirst?: boolean;
}

export type Expr =
  | { readonly kind: 'number'; readonly at: Pos; readonly text: string }
  | { readonly kind: 'string'; readonly at: Pos; readonly value: string }
  | { readonly kind: 'boolean'; readonly at: Pos; readonly value: boolean }
  | { readonly kind: 'null'; readonly at: Pos }
  /** TIMESTAMP '…', DATE '…' (a literal of that type). */
  | { readonly kind: 'typed'; readonly at: Pos; readonly type: TypeName; readonly text: string }
  /** INTERVAL '5' SECOND, or INTERVAL '5 minutes' (unit undefined: the text says it). */
  | { readonly kind: 'interval'; readonly at: Pos; readonly text: string; readonly unit?: IntervalUnit }
  | { readonly kind: 'column'; readonly at: Pos; readonly name: string; readonly quoted: boolean; readonly qualifier?: string }
  | { readonly kind: 'unary'; readonly at: Pos; readonly op: '-' | '+' | 'NOT'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly at: Pos; /** Where the operator is (PostgreSQL points type errors there). */ readonly opAt: Pos; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'isNull'; readonly at: Pos; readonly not: boolean; readonly operand: Expr }
  | { readonly kind: 'between'; readonly at: Pos; readonly not: boolean; readonly operand: Expr; readonly low: Expr; readonly high: Expr }
  | { readonly kind: 'in'; readonly at: Pos; readonly not: boolean; readonly operand: Expr; readonly list: readonly Expr[] }
  | { readonly kind: 'like'; readonly at: Pos; readonly not: boolean; readonly caseInsensitive: boolean; readonly operand: Expr; readonly pattern: Expr }
  | { readonly kind: 'case'; readonly at: Pos; readonly operand?: Expr; readonly whens: readonly { readonly when: Expr; readonly then: Expr }[]; readonly else?: Expr }
  | { readonly kind: 'cast'; readonly at: Pos; readonly operand: Expr; readonly type: TypeName }
  | {
      readonly kind: 'call';
      readonly at: Pos;
      /** Upper-case. */
      readonly name: string;
      readonly args: readonly Expr[];
      readonly distinct: boolean;
      /** COUNT(*). */
      readonly star: boolean;
      /** LAG(…) IGNORE NULLS. */
      readonly ignoreNulls?: boolean;
      readonly over?: WindowSpec;
    }
  | { readonly kind: 'extract'; readonly at: Pos; readonly field: string; readonly operand: Expr }
  /** FLOOR(x TO MINUTE) / CEIL(x TO HOUR): Kinesis Data Analytics' timestamp rounding. */
  | { readonly kind: 'floorTo'; readonly at: Pos; readonly ceil: boolean; readonly operand: Expr; readonly unit: IntervalUnit };

/** Structural equality ignoring positions; unquoted column names compare case-insensitively (GROUP BY matching). */
export function sameExpr(a: Expr, b: Expr): boolean {
  return exprKey(a) === exprKey(b);
}

/** A position-free canonical string for an expression. */
export function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => {
    if (k === 'at' || k === 'opAt') return undefined;
    if (v && typeof v === 'object' && (v as { kind?: string }).kind === 'column') {
      const c = v as { name: string; quoted: boolean; qualifier?: string };
      return { kind: 'column', name: c.quoted ? c.name : c.name.toLowerCase(), q: c.qualifier?.toLowerCase() };
    }
    return v;
  });
}

/** Calls `f` on each direct sub-expression (planners walk the tree with it). */
export function forEachChild(e: Expr, f: (c: Expr) => void): void {
  switch (e.kind) {
    case 'unary': case 'isNull': case 'cast': case 'extract': case 'floorTo': f(e.operand); break;
    case 'binary': f(e.left); f(e.right); break;
    case 'between': f(e.operand); f(e.low); f(e.high); break;
    case 'in': f(e.operand); e.list.forEach(f); break;
    case 'like': f(e.operand); f(e.pattern); break;
    case 'case': if (e.operand) f(e.operand); e.whens.forEach((w) => { f(w.when); f(w.then); }); if (e.else) f(e.else); break;
    case 'call': e.args.forEach(f); break;
    default: break;
  }
}
