/**
 * SQL type inference over sample values, as schema discovery does it. What AWS shows:
 * - the console's demo stream (`{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-0.05,"PRICE":84.51}`)
 *   is discovered as `(TICKER_SYMBOL VARCHAR(4), SECTOR VARCHAR(16), CHANGE REAL, PRICE REAL)`
 *   (dev/continuous-queries-concepts.html) — decimals are REAL;
 * - the CSV of dev/sch-dis-ref.html gives INTEGER for 1, 2001 and 3020601 (no TINYINT/SMALLINT),
 *   VARCHAR(4) for "AK"/"Coal", VARCHAR(16) for "ShortTons" (9), VARCHAR(64) for a 35-character
 *   value — strings get the next power of two at least 4.
 * Unsure (not documented; what would settle it is a DiscoverInputSchema call): BIGINT beyond the
 * 32-bit range, DOUBLE beyond REAL's range, BOOLEAN for true/false, TIMESTAMP for date-time strings,
 * VARCHAR(4) for a column seen only as null, and VARCHAR for any mix of kinds other than numbers.
 */
import { looksLikeTimestamp } from './datetime.js';

export type ValueKind = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'REAL' | 'DOUBLE' | 'TIMESTAMP' | 'VARCHAR';

const INT32 = 2 ** 31, REAL_MAX = 3.4028234663852886e38;
const INT_RE = /^[+-]?\d+$/;
const DEC_RE = /^[+-]?(?:\d+\.\d*|\.\d+|\d+(?:\.\d*)?[eE][+-]?\d+)$/;

export function numberKind(n: number): ValueKind {
  if (Number.isInteger(n)) return n >= -INT32 && n < INT32 ? 'INTEGER' : Math.abs(n) < 2 ** 63 ? 'BIGINT' : 'DOUBLE';
  return Math.abs(n) > REAL_MAX ? 'DOUBLE' : 'REAL';
}

/** Kind of a JSON value (strings are only ever TIMESTAMP or VARCHAR: JSON says what they are). */
export function jsonKind(v: unknown): ValueKind | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'number') return numberKind(v);
  if (typeof v === 'string') return looksLikeTimestamp(v) ? 'TIMESTAMP' : 'VARCHAR';
  return 'VARCHAR';
}

/** Kind of a CSV field's text ('' carries no information). */
export function textKind(s: string): ValueKind | undefined {
  if (s === '') return undefined;
  if (INT_RE.test(s)) return numberKind(Number(s));
  if (DEC_RE.test(s)) return numberKind(Number(s));
  if (/^(true|false)$/i.test(s)) return 'BOOLEAN'; // Unsure
  return looksLikeTimestamp(s) ? 'TIMESTAMP' : 'VARCHAR';
}

/** Accumulates what one column's samples looked like. */
export class ColumnStats {
  readonly kinds = new Set<ValueKind>();
  maxLength = 0;

  add(kind: ValueKind | undefined, text: string): void {
    if (kind === undefined) return;
    this.kinds.add(kind);
    this.maxLength = Math.max(this.maxLength, Array.from(text).length);
  }

  /** The inferred SqlType string. */
  sqlType(): string {
    const k = this.kinds;
    const only = (...allowed: ValueKind[]) => k.size > 0 && [...k].every((x) => allowed.includes(x));
    if (only('BOOLEAN')) return 'BOOLEAN';
    if (only('TIMESTAMP')) return 'TIMESTAMP';
    if (only('INTEGER')) return 'INTEGER';
    if (only('INTEGER', 'BIGINT')) return 'BIGINT';
    if (only('INTEGER', 'REAL')) return 'REAL';
    if (only('INTEGER', 'BIGINT', 'REAL', 'DOUBLE')) return 'DOUBLE';
    return `VARCHAR(${varcharLength(this.maxLength)})`;
  }
}

/** Next power of two ≥ n, at least 4 (sch-dis-ref.html: 2→4, 4→4, 9→16, 35→64). */
export function varcharLength(n: number): number {
  let len = 4;
  while (len < n) len *= 2;
  return len;
}
