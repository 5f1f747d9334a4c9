/**
 * Errors of the SQL foundation. A `SqlError` is a compile-time problem (syntax, unknown column,
 * type mismatch) with the position where PostgreSQL would report it; a `SqlRuntimeError` is
 * raised while evaluating a row (division by zero, bad cast input) and carries a SQLSTATE.
 */
import type { Token } from './lexer.js';

/** A source position: 0-based offset, 1-based line and column. */
export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A compile-time error at a position; `message` is prefixed with `line L, column C: `. */
export class SqlError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length?: number;
  readonly expected?: string[];
  /** The message without the position prefix (what PostgreSQL prints as ERROR: …). */
  readonly reason: string;
  /** SQLSTATE: 42601 syntax, 42703 unknown column, 42883 no such operator/function, 42804 type mismatch. */
  readonly code: string;

  constructor(reason: string, at: Pos, opts: { code?: string; length?: number; expected?: string[] } = {}) {
    // Punctuation is quoted so it reads as a token: expected "," or FROM.
    const shown = (opts.expected ?? []).map((e) => (/^[A-Za-z_]/.test(e) ? e : `"${e}"`));
    const exp = shown.length > 0 ? `, expected ${shown.length > 2 ? `one of ${shown.join(', ')}` : shown.join(' or ')}` : '';
    super(`line ${at.line}, column ${at.column}: ${reason}${exp}`);
    this.name = 'SqlError';
    this.reason = reason;
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
    this.code = opts.code ?? '42601';
    if (opts.length !== undefined) this.length = opts.length;
    if (opts.expected !== undefined) this.expected = opts.expected;
  }
}

/** PostgreSQL's wording for an unexpected token: `syntax error at or near "X"` / `at end of input`. */
export function syntaxErrorAt(tok: Token, expected?: string[]): SqlError {
  const reason = tok.kind === 'eof' ? 'syntax error at end of input' : `syntax error at or near "${tok.text}"`;
  return new SqlError(reason, tok, {
    code: '42601',
    length: Math.max(1, tok.text.length),
    ...(expected ? { expected } : {}),
  });
}

/** An error raised while evaluating (division by zero 22012, invalid input 22P02, out of range 22003, …). */
export class SqlRuntimeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SqlRuntimeError';
    this.code = code;
  }
}
