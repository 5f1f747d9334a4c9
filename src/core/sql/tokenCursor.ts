/**
 * The token cursor every SQL statement parser (Redshift, KDA) and the shared expression parser
 * walk: peek/next plus keyword helpers, and the reserved words that cannot be bare identifiers.
 */
import { syntaxErrorAt, type SqlError } from './errors.js';
import { lex, type Token } from './lexer.js';

/** Words that cannot be a bare column name inside an expression. */
export const RESERVED = new Set([
  'ALL', 'AND', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CROSS', 'DESC', 'DISTINCT', 'ELSE', 'END', 'EXCEPT',
  'FALSE', 'FROM', 'FULL', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER', 'INTERSECT', 'INTO', 'IS', 'JOIN', 'LEFT',
  'LIKE', 'LIMIT', 'NOT', 'NULL', 'OFFSET', 'ON', 'OR', 'ORDER', 'OUTER', 'RIGHT', 'SELECT', 'THEN', 'TRUE',
  'UNION', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'SET',
]);

/** A cursor over tokens with keyword helpers; keywords compare upper-case against 'ident' tokens only. */
export class TokenCursor {
  readonly tokens: readonly Token[];
  pos = 0;

  constructor(source: string | readonly Token[]) {
    this.tokens = typeof source === 'string' ? lex(source) : source;
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** True if the token `ahead` is the unquoted word `kw` (upper-case). */
  isKeyword(kw: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text.toUpperCase() === kw;
  }

  /** True if the token `ahead` is this keyword, operator or punctuation. */
  is(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    if (/^[A-Za-z_]/.test(text)) return t.kind === 'ident' && t.text.toUpperCase() === text;
    return (t.kind === 'op' || t.kind === 'punct') && t.text === text;
  }

  /** Consumes and returns the token if it is `text` (keyword, operator or punctuation). */
  accept(text: string): Token | undefined {
    return this.is(text) ? this.next() : undefined;
  }

  /** Consumes `text` or throws `syntax error at or near …, expected text`. */
  expect(text: string): Token {
    const t = this.accept(text);
    if (!t) throw syntaxErrorAt(this.peek(), [text]);
    return t;
  }

  /** A syntax error at the current token. */
  error(expected?: string[]): SqlError {
    return syntaxErrorAt(this.peek(), expected);
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Consumes an identifier (bare, not reserved, or double-quoted). */
  identifier(): { name: string; quoted: boolean; token: Token } {
    const t = this.peek();
    if (t.kind === 'quoted') return { name: this.next().text, quoted: true, token: t };
    if (t.kind === 'ident' && !RESERVED.has(t.text.toUpperCase())) return { name: this.next().text, quoted: false, token: t };
    throw this.error(['identifier']);
  }
}
