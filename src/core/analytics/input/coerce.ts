/**
 * Coercion of one source value (a JSON value, or a CSV field's text) into a column's SQL type,
 * following AWS's table "Mapping JSON Data Types to SQL Data Types" (dev/sch-mapping.html).
 * Row values are null | boolean | number | string; DATE/TIME/TIMESTAMP are epoch-ms numbers;
 * BINARY/VARBINARY are upper-case hex strings (Unsure: the engine has no binary value yet).
 */
import type { SqlType } from './sqlType.js';
import { parseDate, parseTime, parseTimestamp } from './datetime.js';

export type SqlValue = null | boolean | number | string;
export type Coerced = { ok: true; value: SqlValue } | { ok: false; reason: string };

const INT_RANGE = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INTEGER: [-2147483648, 2147483647],
  // As doubles: 2^63 − 1024 is the largest double below 2^63; precision beyond 2^53 is lost.
  BIGINT: [-(2 ** 63), 2 ** 63 - 1024],
} as const;
const REAL_MAX = 3.4028234663852886e38;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const fail = (reason: string): Coerced => ({ ok: false, reason });
const ok = (value: SqlValue): Coerced => ({ ok: true, value });

/** Coerce `value` (undefined/null → NULL) into `type`. */
export function coerce(value: unknown, type: SqlType): Coerced {
  if (value === undefined || value === null) return ok(null);
  if (typeof value === 'boolean') return fromBoolean(value, type);
  if (typeof value === 'number') return fromNumber(value, type);
  if (typeof value === 'string') return fromString(value, type);
  // Arrays and objects convert only to CHAR/VARCHAR, as their source text.
  if (type.base === 'CHAR' || type.base === 'VARCHAR') return ok(fitText(JSON.stringify(value), type));
  return fail(Array.isArray(value) ? 'an array' : 'an object');
}

function fromBoolean(b: boolean, type: SqlType): Coerced {
  switch (type.base) {
    case 'BOOLEAN': return ok(b);
    case 'CHAR': case 'VARCHAR': return ok(fitText(b ? 'true' : 'false', type));
    // "true: lowest bit set, remaining bits cleared"; VARBINARY gets 1 byte.
    case 'BINARY': case 'VARBINARY': return ok(fitHex(b ? '01' : '00', type));
    case 'DATE': case 'TIME': case 'TIMESTAMP': return fail('a boolean');
    default: return fromNumber(b ? 1 : 0, type);
  }
}

function fromNumber(n: number, type: SqlType): Coerced {
  switch (type.base) {
    case 'BOOLEAN': return ok(n !== 0);
    case 'CHAR': case 'VARCHAR': return ok(fitText(String(n), type));
    case 'BINARY': case 'VARBINARY': case 'DATE': case 'TIME': case 'TIMESTAMP': return fail('a number');
    case 'REAL': return Math.abs(n) > REAL_MAX ? fail('out of range') : ok(n);
    case 'DOUBLE': return Number.isFinite(n) ? ok(n) : fail('out of range');
    case 'DECIMAL': return fitDecimal(n, type);
    default: {
      const [lo, hi] = INT_RANGE[type.base];
      // "converting 123.4 to INT" fails: a fraction does not fit an integer type.
      if (!Number.isInteger(n)) return fail('not an integer');
      return n < lo || n > hi ? fail('out of range') : ok(n);
    }
  }
}

// Unsure: AWS says a number exceeding "the size or precision" of the target fails; here that means
// more integer digits than precision−scale, or more fraction digits than scale (no rounding).
function fitDecimal(n: number, type: SqlType): Coerced {
  const p = type.precision ?? 19, s = type.scale ?? 0;
  if (!Number.isFinite(n)) return fail('out of range');
  if (Math.abs(Math.trunc(n)) >= 10 ** (p - s)) return fail('out of range');
  const scaled = n * 10 ** s;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-9 * Math.max(1, Math.abs(scaled))) return fail('too many decimal places');
  return ok(n);
}

function fromString(s: string, type: SqlType): Coerced {
  switch (type.base) {
    // "If the source string is "true", converts to true (case-insensitive). Otherwise, false."
    case 'BOOLEAN': return ok(s.toLowerCase() === 'true');
    case 'CHAR': case 'VARCHAR': return ok(fitText(s, type));
    case 'BINARY': case 'VARBINARY': {
      const m = /^[Xx]'((?:[0-9A-Fa-f]{2})*)'$/.exec(s.trim()); // a binary literal, even digit count
      return m ? ok(fitHex(m[1]!.toUpperCase(), type)) : fail('not a binary literal');
    }
    case 'DATE': return orFail(parseDate(s), 'not a date');
    case 'TIME': return orFail(parseTime(s), 'not a time');
    case 'TIMESTAMP': return orFail(parseTimestamp(s), 'not a timestamp');
    default: {
      const t = s.trim();
      if (!NUMBER_RE.test(t)) return fail('not a number');
      return fromNumber(Number(t), type);
    }
  }
}

const orFail = (v: number | undefined, reason: string): Coerced => (v === undefined ? fail(reason) : ok(v));

/** VARCHAR(n): silently truncated (AWS: "truncated and no error is written"); CHAR(n) also padded. */
function fitText(s: string, type: SqlType): string {
  const chars = Array.from(s);
  const n = type.length;
  if (n === undefined) return s;
  if (chars.length > n) return chars.slice(0, n).join('');
  // Unsure: CHAR(n) blank-padding on input follows standard SQL; AWS does not say.
  return type.base === 'CHAR' ? s + ' '.repeat(n - chars.length) : s;
}

/** BINARY(n) zero-padded, both truncated to n bytes. Unsure: AWS does not say what overlong binary does. */
function fitHex(hex: string, type: SqlType): string {
  const n = type.length;
  if (n === undefined) return hex;
  const cut = hex.slice(0, 2 * n);
  return type.base === 'BINARY' ? cut.padEnd(2 * n, '0') : cut;
}
