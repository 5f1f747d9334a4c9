/**
 * The SQL lexer shared by every dialect. Keeps each token's original text and position so
 * parsers can report PostgreSQL-style `line L, column C` errors; keywords are not a token kind
 * (an identifier is a keyword when its upper-cased text says so), which keeps it dialect-neutral.
 */
import { SqlError } from './errors.js';

export type TokenKind = 'ident' | 'quoted' | 'number' | 'string' | 'op' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Original text; for 'quoted' and 'string' the unescaped contents without the quotes. */
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** Length in the source (quotes and escapes included). */
  readonly length: number;
}

const OPS2 = new Set(['<>', '!=', '<=', '>=', '||', '::']);
const OPS1 = new Set(['+', '-', '*', '/', '%', '=', '<', '>']);
const PUNCT = new Set(['(', ')', ',', '.', ';', '[', ']']);

const isIdentStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Splits `text` into tokens, ending with one 'eof' token. Throws SqlError on an unterminated string/comment/identifier. */
export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const posAt = (offset: number) => ({ offset, line, column: offset - lineStart + 1 });
  /** Advances over text[from, to), counting newlines. */
  const advance = (to: number): void => {
    for (; i < to; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
      advance(i + 1);
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      advance(j);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const start = posAt(i);
      const j = text.indexOf('*/', i + 2);
      if (j < 0) throw new SqlError('unterminated /* comment', start, { length: 2 });
      advance(j + 2);
      continue;
    }
    const start = posAt(i);
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= n) {
          const what = c === "'" ? 'unterminated quoted string' : 'unterminated quoted identifier';
          throw new SqlError(`${what} at or near "${text.slice(i, i + 10)}"`, start, { length: n - i });
        }
        const d = text[j]!;
        if (d === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += d;
        j++;
      }
      out.push({ kind: c === "'" ? 'string' : 'quoted', text: value, ...start, length: j + 1 - i });
      advance(j + 1);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      let j = i;
      while (isDigit(text[j])) j++;
      if (text[j] === '.') {
        j++;
        while (isDigit(text[j])) j++;
      }
      if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1]) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2])))) {
        j += 2;
        while (isDigit(text[j])) j++;
      }
      out.push({ kind: 'number', text: text.slice(i, j), ...start, length: j - i });
      advance(j);
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j]!)) j++;
      out.push({ kind: 'ident', text: text.slice(i, j), ...start, length: j - i });
      advance(j);
      continue;
    }
    const two = text.slice(i, i + 2);
    if (OPS2.has(two)) {
      out.push({ kind: 'op', text: two, ...start, length: 2 });
      advance(i + 2);
      continue;
    }
    if (OPS1.has(c)) {
      out.push({ kind: 'op', text: c, ...start, length: 1 });
      advance(i + 1);
      continue;
    }
    if (PUNCT.has(c)) {
      out.push({ kind: 'punct', text: c, ...start, length: 1 });
      advance(i + 1);
      continue;
    }
    throw new SqlError(`syntax error at or near "${c}"`, start, { length: 1 });
  }
  out.push({ kind: 'eof', text: '', ...posAt(n), length: 0 });
  return out;
}
