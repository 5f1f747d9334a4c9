/**
 * Typing of literals: a number's type from its text (INTEGER, BIGINT, DECIMAL(p,s) or DOUBLE, as
 * PostgreSQL types numeric constants), and untyped string literals read as other types.
 */
import { constant, type Compiled } from './compiled.js';
import { parseTimestamp } from './temporalText.js';
import { T, castValue, decimal, type SqlType } from './types.js';

/** A numeric literal's type and value: INTEGER if it fits, then BIGINT, DECIMAL(38,0); DOUBLE with an exponent. */
export function numberLiteral(text: string): Compiled {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (n >= -2147483648 && n <= 2147483647) return constant(T.integer, n);
    if (Number.isSafeInteger(n)) return constant(T.bigint, n);
    return constant(decimal(38, 0), n);
  }
  if (/e/i.test(text)) return constant(T.double, Number(text));
  const frac = text.split('.')[1] ?? '';
  const digits = text.replace(/[^0-9]/g, '').length;
  return constant(decimal(Math.max(digits, 1), frac.length), Number(text));
}

/** A string literal read as a timestamp or a number, if it is one. */
export function guessLiteral(text: string): Compiled | undefined {
  const ts = parseTimestamp(text);
  if (ts !== undefined) return constant(T.timestamp, ts);
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t) && Math.abs(Number(t)) <= 2147483647) return constant(T.integer, Number(t));
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return constant(T.double, Number(t));
  return undefined;
}

/** `text` cast to `type`, or undefined if it is not valid input for it. */
export function safeCast(text: string, type: SqlType): number | undefined {
  try {
    return castValue(text, T.varchar, type) as number;
  } catch {
    return undefined;
  }
}
