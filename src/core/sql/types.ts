/**
 * Static SQL types, values and the conversions between them. Values are deliberately plain
 * (`null | boolean | number | string`) so rows are cheap and JSON-able: DATE and TIMESTAMP are
 * epoch milliseconds (UTC) and INTERVAL is milliseconds; the static type says which is which.
 * DECIMAL is a JS number rounded to its scale. Unsure: Redshift keeps exact 38-digit decimals;
 * a double is exact to ~15 significant digits, enough for a simulator's sums of prices.
 * The text forms of DATE, TIMESTAMP and INTERVAL are in temporalText.ts.
 */
import type { TypeName } from './ast.js';
import { SqlRuntimeError } from './errors.js';
import { DAY, formatDate, formatInterval, formatTimestamp, parseDate, parseInterval, parseTimestamp } from './temporalText.js';

export type SqlValue = null | boolean | number | string;

export type TypeKind =
  | 'smallint' | 'integer' | 'bigint' | 'decimal' | 'real' | 'double'
  | 'boolean' | 'char' | 'varchar' | 'date' | 'timestamp' | 'timestamptz' | 'interval'
  /** The type of a bare NULL: coerces to anything. */
  | 'unknown';

export interface SqlType {
  readonly kind: TypeKind;
  /** CHAR/VARCHAR length (undefined = unbounded). */
  readonly length?: number;
  readonly precision?: number;
  /** DECIMAL scale. */
  readonly scale?: number;
}

export const T = {
  smallint: { kind: 'smallint' },
  integer: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  double: { kind: 'double' },
  real: { kind: 'real' },
  boolean: { kind: 'boolean' },
  varchar: { kind: 'varchar' },
  date: { kind: 'date' },
  timestamp: { kind: 'timestamp' },
  timestamptz: { kind: 'timestamptz' },
  interval: { kind: 'interval' },
  unknown: { kind: 'unknown' },
} as const satisfies Record<string, SqlType>;

export const decimal = (precision = 18, scale = 0): SqlType => ({ kind: 'decimal', precision, scale });

const NUMERIC_RANK: Partial<Record<TypeKind, number>> = { smallint: 1, integer: 2, bigint: 3, decimal: 4, real: 5, double: 6 };

export const isNumeric = (t: SqlType): boolean => NUMERIC_RANK[t.kind] !== undefined;
export const isIntegral = (t: SqlType): boolean => t.kind === 'smallint' || t.kind === 'integer' || t.kind === 'bigint';
export const isText = (t: SqlType): boolean => t.kind === 'varchar' || t.kind === 'char';
export const isTemporal = (t: SqlType): boolean => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamptz';

/** Implicit numeric promotion: int → bigint → decimal → double; decimals keep the larger scale. */
export function promote(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  const ra = NUMERIC_RANK[a.kind] ?? 0;
  const rb = NUMERIC_RANK[b.kind] ?? 0;
  if (a.kind === 'decimal' && b.kind === 'decimal') return decimal(Math.max(a.precision ?? 18, b.precision ?? 18), Math.max(a.scale ?? 0, b.scale ?? 0));
  if (a.kind === 'decimal' && isIntegral(b)) return a;
  if (b.kind === 'decimal' && isIntegral(a)) return b;
  return ra >= rb ? a : b;
}

/** PostgreSQL's display name, used in error messages (`operator does not exist: integer + boolean`). */
export function typeDisplayName(t: SqlType): string {
  switch (t.kind) {
    case 'double': return 'double precision';
    case 'decimal': return 'numeric';
    case 'char': return 'character';
    case 'varchar': return 'character varying';
    case 'timestamp': return 'timestamp without time zone';
    case 'timestamptz': return 'timestamp with time zone';
    default: return t.kind;
  }
}

/** The static type of a parsed type name. */
export function typeFromName(n: TypeName): SqlType {
  switch (n.name) {
    case 'SMALLINT': return T.smallint;
    case 'INTEGER': return T.integer;
    case 'BIGINT': return T.bigint;
    case 'DECIMAL': return decimal(n.args[0] ?? 18, n.args[1] ?? 0);
    case 'REAL': return T.real;
    case 'DOUBLE PRECISION': return T.double;
    case 'BOOLEAN': return T.boolean;
    // Redshift: CHAR without a length is CHAR(1); VARCHAR without one is VARCHAR(256).
    case 'CHAR': return { kind: 'char', length: n.args[0] ?? 1 };
    case 'VARCHAR': return n.args[0] !== undefined ? { kind: 'varchar', length: n.args[0] } : { kind: 'varchar' };
    case 'DATE': return T.date;
    case 'TIMESTAMP': return T.timestamp;
    case 'TIMESTAMPTZ': return T.timestamptz;
  }
}

/** Rounds half away from zero to `scale` decimals (PostgreSQL numeric rounding). */
export function roundTo(x: number, scale: number): number {
  const f = 10 ** scale;
  const r = Math.round(Math.abs(x) * f + 1e-9) / f;
  return x < 0 ? -r : r;
}

/** A value as text, the way PostgreSQL/Redshift print it. */
export function valueToText(v: SqlValue, t: SqlType): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  switch (t.kind) {
    case 'decimal': return v.toFixed(t.scale ?? 0);
    case 'date': return formatDate(v);
    case 'timestamp': return formatTimestamp(v);
    case 'timestamptz': return formatTimestamp(v) + '+00';
    case 'interval': return formatInterval(v);
    default: return String(v);
  }
}

const INT_RANGE: Record<string, [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Throws 22003 `integer out of range` when an integral result overflows its type. */
export function checkRange(v: number, t: SqlType): number {
  const r = INT_RANGE[t.kind];
  if (r && (v < r[0] || v > r[1] || Number.isNaN(v))) throw new SqlRuntimeError('22003', `${t.kind} out of range`);
  return v;
}

const BOOL_TEXT: Record<string, boolean> = { t: true, true: true, y: true, yes: true, on: true, '1': true, f: false, false: false, n: false, no: false, off: false, '0': false };

const invalid = (t: SqlType, text: string): SqlRuntimeError =>
  new SqlRuntimeError('22P02', `invalid input syntax for type ${typeDisplayName(t)}: "${text}"`);

/**
 * Converts `v` of type `from` to `to` (explicit CAST semantics: VARCHAR(n) truncates, DECIMAL
 * rounds to its scale, bad text throws 22P02). NULL stays NULL.
 */
export function castValue(v: SqlValue, from: SqlType, to: SqlType): SqlValue {
  if (v === null) return null;
  switch (to.kind) {
    case 'smallint': case 'integer': case 'bigint': {
      let n: number;
      if (typeof v === 'boolean') n = v ? 1 : 0;
      else if (typeof v === 'string') {
        const s = v.trim();
        if (!/^[+-]?\d+$/.test(s)) throw invalid(to, v);
        n = Number(s);
      } else n = isIntegral(from) ? v : roundTo(v, 0);
      return checkRange(n, to);
    }
    case 'decimal': case 'real': case 'double': {
      let n: number;
      if (typeof v === 'boolean') {
        if (to.kind !== 'decimal') throw new SqlRuntimeError('42846', `cannot cast type boolean to ${typeDisplayName(to)}`);
        n = v ? 1 : 0;
      } else if (typeof v === 'string') {
        const s = v.trim();
        if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) n = Number(s);
        else if (to.kind !== 'decimal' && /^[+-]?(nan|infinity|inf)$/i.test(s)) n = s.toLowerCase().includes('nan') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
        else throw invalid(to, v);
      } else n = v;
      if (to.kind === 'decimal') {
        n = roundTo(n, to.scale ?? 0);
        const p = to.precision ?? 18;
        if (Math.abs(n) >= 10 ** (p - (to.scale ?? 0))) throw new SqlRuntimeError('22003', 'numeric field overflow');
      } else if (to.kind === 'real') n = Math.fround(n);
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      const b = BOOL_TEXT[v.trim().toLowerCase()];
      if (b === undefined) throw invalid(to, v);
      return b;
    }
    case 'char': case 'varchar': {
      let s = typeof v === 'string' ? v : valueToText(v, from)!;
      if (to.kind === 'char') s = s.replace(/ +$/, '');
      return to.length !== undefined && s.length > to.length ? s.slice(0, to.length) : s;
    }
    case 'date': {
      if (typeof v === 'number') {
        if (!isTemporal(from)) throw new SqlRuntimeError('42846', `cannot cast type ${typeDisplayName(from)} to date`);
        return Math.floor(v / DAY) * DAY;
      }
      if (typeof v === 'boolean') throw new SqlRuntimeError('42846', 'cannot cast type boolean to date');
      const d = parseDate(v);
      if (d === undefined) throw invalid(to, v);
      return d;
    }
    case 'timestamp': case 'timestamptz': {
      if (typeof v === 'number') {
        if (!isTemporal(from)) throw new SqlRuntimeError('42846', `cannot cast type ${typeDisplayName(from)} to ${typeDisplayName(to)}`);
        return v;
      }
      if (typeof v === 'boolean') throw new SqlRuntimeError('42846', `cannot cast type boolean to ${typeDisplayName(to)}`);
      const ms = parseTimestamp(v);
      if (ms === undefined) throw invalid(to, v);
      return ms;
    }
    case 'interval': {
      if (typeof v === 'number') return v;
      const ms = typeof v === 'string' ? parseInterval(v) : undefined;
      if (ms === undefined) throw invalid(to, String(v));
      return ms;
    }
    case 'unknown': return v;
  }
}

/** Whether an explicit CAST from `from` to `to` is allowed at all (checked at compile time). */
export function canCast(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'unknown' || isText(from) || isText(to) || from.kind === to.kind) return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (from.kind === 'boolean') return isIntegral(to);
  if (to.kind === 'boolean') return isIntegral(from);
  if (isTemporal(from) && isTemporal(to)) return true;
  return false;
}
