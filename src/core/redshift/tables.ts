/**
 * Table storage types and the rules for putting a value into a column (INSERT/UPDATE/COPY):
 * Redshift's type names, column metadata, and assignment conversion with its errors
 * (22001 value too long, 23502 not-null, 22P02 bad input).
 */
import type { Expr } from '../sql/ast.js';
import { SqlRuntimeError } from '../sql/errors.js';
import { utf8Length } from '../util/utf8.js';
import { castValue, isIntegral, isNumeric, isText, roundTo, typeDisplayName, valueToText, type SqlType, type SqlValue } from '../sql/types.js';

/** Column metadata as the Data API returns it (Redshift's internal type names). */
export interface RedshiftColumnMeta {
  name: string;
  /** int2 int4 int8 numeric float4 float8 bool bpchar varchar date timestamp timestamptz */
  typeName: string;
  nullable: boolean;
  length?: number;
  precision?: number;
  scale?: number;
}

export interface TableColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  readonly default?: Expr;
}

export interface Table {
  readonly id: number;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TableColumn[];
  /** Replaced, never mutated, so a batch can roll back by restoring the old Table objects. */
  readonly rows: readonly (readonly SqlValue[])[];
}

const TYPE_NAMES: Record<string, string> = {
  smallint: 'int2', integer: 'int4', bigint: 'int8', decimal: 'numeric', real: 'float4', double: 'float8',
  boolean: 'bool', char: 'bpchar', varchar: 'varchar', date: 'date', timestamp: 'timestamp', timestamptz: 'timestamptz',
  interval: 'interval', unknown: 'varchar',
};

export const redshiftTypeName = (t: SqlType): string => TYPE_NAMES[t.kind] ?? t.kind;

/** Redshift's defaults: VARCHAR without a length is VARCHAR(256), TEXT too. */
export function storageType(t: SqlType): SqlType {
  if (t.kind === 'varchar' && t.length === undefined) return { kind: 'varchar', length: 256 };
  return t;
}

export function columnMeta(name: string, t: SqlType, nullable = true): RedshiftColumnMeta {
  const m: RedshiftColumnMeta = { name, typeName: redshiftTypeName(t), nullable };
  if (isText(t) && t.length !== undefined) m.length = t.length;
  if (t.kind === 'decimal') {
    m.precision = t.precision ?? 18;
    m.scale = t.scale ?? 0;
  }
  return m;
}

/** A stored value as the Data API returns it: numbers, booleans, or text (numeric, dates, timestamps). */
export function outputValue(v: SqlValue, t: SqlType): SqlValue {
  if (v === null || typeof v !== 'number') return v;
  if (t.kind === 'decimal' || t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamptz' || t.kind === 'interval') return valueToText(v, t);
  return v;
}

/** Cuts a string to at most `bytes` UTF-8 bytes without splitting a character. */
export function truncateBytes(s: string, bytes: number): string {
  let n = 0;
  let i = 0;
  for (const ch of s) {
    const l = utf8Length(ch);
    if (n + l > bytes) break;
    n += l;
    i += ch.length;
  }
  return s.slice(0, i);
}

/**
 * Converts a value of type `from` for storage in `col` (assignment: PostgreSQL rounds numbers
 * into integer columns, rejects over-long strings with 22001 rather than truncating).
 */
export function assignValue(v: SqlValue, from: SqlType, col: TableColumn): SqlValue {
  if (v === null) {
    if (col.notNull) throw new SqlRuntimeError('23502', `null value in column "${col.name}" violates not-null constraint`);
    return null;
  }
  const t = col.type;
  if (isText(t)) {
    let s = typeof v === 'string' ? v : valueToText(v, from)!;
    if (t.kind === 'char') s = s.replace(/ +$/, '');
    if (t.length !== undefined && utf8Length(s) > t.length) {
      // PostgreSQL allows the excess if it is only spaces (they are cut).
      if (/^ *$/.test(truncateBytesRest(s, t.length))) s = truncateBytes(s, t.length);
      else throw new SqlRuntimeError('22001', `value too long for type ${typeDisplayName(t)}(${t.length})`);
    }
    return s;
  }
  if (isIntegral(t) && isNumeric(from) && !isIntegral(from)) return castValue(roundTo(v as number, 0), from, t);
  return castValue(v, from, t);
}

const truncateBytesRest = (s: string, bytes: number): string => s.slice(truncateBytes(s, bytes).length);

/** Whether a value of `from` may be assigned to a column of `to` (else 42804 at compile time). */
export function assignable(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'unknown' || isText(from) || isText(to)) return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (from.kind === 'boolean' || to.kind === 'boolean') return from.kind === to.kind;
  const temporal = (k: string): boolean => k === 'date' || k === 'timestamp' || k === 'timestamptz';
  return temporal(from.kind) && temporal(to.kind);
}
