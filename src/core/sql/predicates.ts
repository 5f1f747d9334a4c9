/**
 * The boolean side of the compiler: comparison tests, PostgreSQL's three-valued AND/OR/NOT (NULL
 * is "unknown": FALSE AND NULL is FALSE, TRUE OR NULL is TRUE) and LIKE patterns as RegExps.
 */
import type { BinaryOp } from './ast.js';
import type { Row } from './compiled.js';
import type { SqlValue } from './types.js';

/** Orders two non-null values of comparable types (numbers, epoch ms, strings, booleans). */
export const cmp = (a: SqlValue, b: SqlValue): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

/** The comparison operators as tests of a `cmp` result; undefined for other operators. */
export const COMPARE: Partial<Record<BinaryOp, (c: number) => boolean>> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** A compiled row evaluator. */
export type Ev = (r: Row) => SqlValue;
/** NOT with NULL staying NULL. */
export const not3 = (v: SqlValue): SqlValue => (v === null ? null : !v);
/** AND: FALSE wins over NULL; evaluates `b` only when `a` is not FALSE. */
export const and3 = (a: Ev, b: Ev): Ev => (r) => {
  const x = a(r);
  if (x === false) return false;
  const y = b(r);
  if (y === false) return false;
  return x === null || y === null ? null : true;
};
/** OR: TRUE wins over NULL; evaluates `b` only when `a` is not TRUE. */
export const or3 = (a: Ev, b: Ev): Ev => (r) => {
  const x = a(r);
  if (x === true) return true;
  const y = b(r);
  if (y === true) return true;
  return x === null || y === null ? null : false;
};

/** A LIKE pattern as a RegExp (`%`, `_`, backslash escape). */
export function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '');
}
const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
