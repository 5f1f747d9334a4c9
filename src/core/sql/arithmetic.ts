/**
 * Arithmetic operator semantics: numeric promotion, Redshift's DECIMAL result scales, integer
 * overflow checks, division by zero (22012) and date/timestamp/interval arithmetic in epoch ms;
 * plus the UTC rounding of timestamps to a unit boundary (FLOOR(x TO unit), DATE_TRUNC).
 */
import type { BinaryOp } from './ast.js';
import { SqlRuntimeError } from './errors.js';
import { unitMillis } from './temporalText.js';
import { T, checkRange, decimal, isIntegral, isNumeric, isTemporal, promote, type SqlType, type SqlValue } from './types.js';

const DAY = 86_400_000;

function divZero(): never {
  throw new SqlRuntimeError('22012', 'division by zero');
}

/** Decimal result scale of a division: Redshift's max(4, s1 + p2 − s2 + 1), capped at 37. */
function divScale(a: SqlType, b: SqlType): number {
  const p2 = b.kind === 'decimal' ? b.precision ?? 18 : b.kind === 'smallint' ? 5 : b.kind === 'integer' ? 10 : 19;
  return Math.min(37, Math.max(4, (a.scale ?? 0) + p2 - (b.scale ?? 0) + 1));
}

/** The result type and function of an arithmetic operator, or undefined if there is none. */
export function arithmetic(op: BinaryOp, a: SqlType, b: SqlType): { type: SqlType; f: (x: number, y: number) => SqlValue } | undefined {
  if (a.kind === 'unknown' && b.kind === 'unknown') return { type: T.unknown, f: () => null };
  if ((isNumeric(a) || a.kind === 'unknown') && (isNumeric(b) || b.kind === 'unknown')) {
    let type = promote(a, b);
    const integral = isIntegral(type);
    if (type.kind === 'decimal') {
      const sa = a.scale ?? 0;
      const sb = b.scale ?? 0;
      if (op === '*') type = decimal(38, Math.min(37, sa + sb));
      else if (op === '/') type = decimal(38, divScale(a, b));
    }
    const t = type;
    switch (op) {
      case '+': return { type: t, f: integral ? (x, y) => checkRange(x + y, t) : (x, y) => x + y };
      case '-': return { type: t, f: integral ? (x, y) => checkRange(x - y, t) : (x, y) => x - y };
      case '*': return { type: t, f: integral ? (x, y) => checkRange(x * y, t) : (x, y) => x * y };
      case '/': return { type: t, f: integral ? (x, y) => (y === 0 ? divZero() : Math.trunc(x / y) + 0) : (x, y) => (y === 0 ? divZero() : x / y) };
      case '%': return { type: t, f: (x, y) => (y === 0 ? divZero() : (x % y) + 0) };
      default: return undefined;
    }
  }
  const ts = (t: SqlType): boolean => t.kind === 'timestamp' || t.kind === 'timestamptz';
  if (op === '+' || op === '-') {
    if ((ts(a) || a.kind === 'date') && b.kind === 'interval') return { type: a.kind === 'date' ? T.timestamp : a, f: op === '+' ? (x, y) => x + y : (x, y) => x - y };
    if (op === '+' && a.kind === 'interval' && (ts(b) || b.kind === 'date')) return { type: b.kind === 'date' ? T.timestamp : b, f: (x, y) => x + y };
    if (a.kind === 'date' && isIntegral(b)) return { type: T.date, f: op === '+' ? (x, y) => x + y * DAY : (x, y) => x - y * DAY };
    if (op === '+' && isIntegral(a) && b.kind === 'date') return { type: T.date, f: (x, y) => y + x * DAY };
    if (op === '-' && a.kind === 'date' && b.kind === 'date') return { type: T.integer, f: (x, y) => Math.round((x - y) / DAY) };
    if (op === '-' && isTemporal(a) && isTemporal(b)) return { type: T.interval, f: (x, y) => x - y };
    if (a.kind === 'interval' && b.kind === 'interval') return { type: T.interval, f: op === '+' ? (x, y) => x + y : (x, y) => x - y };
  }
  if (op === '*' && a.kind === 'interval' && isNumeric(b)) return { type: T.interval, f: (x, y) => x * y };
  if (op === '*' && isNumeric(a) && b.kind === 'interval') return { type: T.interval, f: (x, y) => x * y };
  if (op === '/' && a.kind === 'interval' && isNumeric(b)) return { type: T.interval, f: (x, y) => (y === 0 ? divZero() : x / y) };
  return undefined;
}

/** Rounds epoch ms down (or up) to a unit boundary, UTC. */
export function floorTime(ms: number, unit: string, ceil = false): number {
  const u = unit.toUpperCase();
  let floor: number;
  if (u === 'MONTH' || u === 'YEAR') {
    const d = new Date(ms);
    floor = Date.UTC(d.getUTCFullYear(), u === 'YEAR' ? 0 : d.getUTCMonth(), 1);
    if (ceil && floor !== ms) return Date.UTC(d.getUTCFullYear() + (u === 'YEAR' ? 1 : 0), u === 'YEAR' ? 0 : d.getUTCMonth() + 1, 1);
    return floor;
  }
  const step = unitMillis(u) ?? 1;
  floor = ms - (((ms % step) + step) % step);
  return ceil && floor !== ms ? floor + step : floor;
}
