/**
 * A token cursor and the expression parser (precedence climbing) shared by the dialects.
 * Precedence, loosest first, as in standard SQL / PostgreSQL:
 * OR < AND < NOT < comparison, IS, LIKE, BETWEEN, IN < || < + - < * / % < unary ± < :: cast.
 * Statement parsers (Redshift, KDA) build on `TokenCursor` and call `parseExpression`.
 */
import type { BinaryOp, Expr, IntervalUnit, OrderItem, TypeName, TypeNameKey, WindowSpec } from './ast.js';
import { SqlError, syntaxErrorAt, type Pos } from './errors.js';
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

export interface ParseOptions {
  /** Function names callable without parentheses (CURRENT_TIMESTAMP, SYSDATE, …), upper-case. */
  readonly niladic?: ReadonlySet<string>;
}

const DEFAULT_NILADIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'CURRENT_ROW_TIMESTAMP']);
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const UNITS = new Set<IntervalUnit>(['SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR']);

/** Parses one expression at the cursor (stops before the first token that cannot continue it). */
export function parseExpression(cur: TokenCursor, opts: ParseOptions = {}): Expr {
  return new ExprParser(cur, opts.niladic ?? DEFAULT_NILADIC).or();
}

/** Parses a type name: INT4, VARCHAR(10), DOUBLE PRECISION, TIMESTAMP WITH TIME ZONE, … */
export function parseTypeName(cur: TokenCursor): TypeName {
  const t = cur.peek();
  if (t.kind !== 'ident') throw cur.error(['type name']);
  cur.next();
  const w = t.text.toUpperCase();
  let name: TypeNameKey;
  switch (w) {
    // TINYINT (KDA) is read as SMALLINT. Unsure: SQLstream's TINYINT range is −128..127.
    case 'SMALLINT': case 'INT2': case 'TINYINT': name = 'SMALLINT'; break;
    case 'INTEGER': case 'INT': case 'INT4': name = 'INTEGER'; break;
    case 'BIGINT': case 'INT8': name = 'BIGINT'; break;
    case 'DECIMAL': case 'NUMERIC': name = 'DECIMAL'; break;
    case 'REAL': case 'FLOAT4': name = 'REAL'; break;
    case 'FLOAT': case 'FLOAT8': name = 'DOUBLE PRECISION'; break;
    // KDA/SQLstream write plain DOUBLE; PostgreSQL requires DOUBLE PRECISION (accepting both is harmless).
    case 'DOUBLE': cur.accept('PRECISION'); name = 'DOUBLE PRECISION'; break;
    case 'BOOLEAN': case 'BOOL': name = 'BOOLEAN'; break;
    case 'CHAR': case 'CHARACTER': case 'NCHAR': case 'BPCHAR':
      if (cur.accept('VARYING')) name = 'VARCHAR';
      else name = 'CHAR';
      break;
    case 'VARCHAR': case 'NVARCHAR': case 'TEXT': case 'STRING': name = 'VARCHAR'; break;
    case 'DATE': name = 'DATE'; break;
    case 'TIMESTAMPTZ': name = 'TIMESTAMPTZ'; break;
    case 'TIMESTAMP':
      if (cur.isKeyword('WITH') && cur.isKeyword('TIME', 1)) {
        cur.next(); cur.next(); cur.expect('ZONE');
        name = 'TIMESTAMPTZ';
      } else {
        if (cur.isKeyword('WITHOUT')) { cur.next(); cur.expect('TIME'); cur.expect('ZONE'); }
        name = 'TIMESTAMP';
      }
      break;
    default:
      throw syntaxErrorAt(t, ['type name']);
  }
  const args: number[] = [];
  if (cur.accept('(')) {
    do {
      const a = cur.peek();
      if (a.kind === 'number' && /^\d+$/.test(a.text)) args.push(Number(cur.next().text));
      else if (a.kind === 'ident' && a.text.toUpperCase() === 'MAX' && name === 'VARCHAR') { cur.next(); args.push(65535); }
      else throw cur.error(['integer']);
    } while (cur.accept(','));
    cur.expect(')');
  }
  return { name, args };
}

class ExprParser {
  constructor(private readonly c: TokenCursor, private readonly niladic: ReadonlySet<string>) {}

  or(): Expr {
    let left = this.and();
    for (let t = this.c.accept('OR'); t; t = this.c.accept('OR')) left = { kind: 'binary', at: left.at, opAt: pos(t), op: 'OR', left, right: this.and() };
    return left;
  }

  and(): Expr {
    let left = this.not();
    for (let t = this.c.accept('AND'); t; t = this.c.accept('AND')) left = { kind: 'binary', at: left.at, opAt: pos(t), op: 'AND', left, right: this.not() };
    return left;
  }

  not(): Expr {
    const t = this.c.accept('NOT');
    if (t) return { kind: 'unary', at: t, op: 'NOT', operand: this.not() };
    return this.comparison();
  }

  comparison(): Expr {
    let left = this.concat();
    for (;;) {
      const t = this.c.peek();
      if (t.kind === 'op' && COMPARISONS.has(t.text)) {
        this.c.next();
        const op = (t.text === '!=' ? '<>' : t.text) as BinaryOp;
        left = { kind: 'binary', at: left.at, opAt: pos(t), op, left, right: this.concat() };
        continue;
      }
      if (this.c.accept('IS')) {
        const not = !!this.c.accept('NOT');
        this.c.expect('NULL');
        left = { kind: 'isNull', at: left.at, not, operand: left };
        continue;
      }
      const not = this.c.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE', 'ILIKE'].some((k) => this.c.isKeyword(k, 1));
      if (not) this.c.next();
      if (this.c.accept('BETWEEN')) {
        const low = this.concat();
        this.c.expect('AND');
        left = { kind: 'between', at: left.at, not, operand: left, low, high: this.concat() };
        continue;
      }
      if (this.c.accept('IN')) {
        this.c.expect('(');
        const list = [this.or()];
        while (this.c.accept(',')) list.push(this.or());
        this.c.expect(')');
        left = { kind: 'in', at: left.at, not, operand: left, list };
        continue;
      }
      const like = this.c.accept('LIKE') ?? this.c.accept('ILIKE');
      if (like) {
        left = { kind: 'like', at: left.at, not, caseInsensitive: like.text.toUpperCase() === 'ILIKE', operand: left, pattern: this.concat() };
        continue;
      }
      return left;
    }
  }

  concat(): Expr {
    let left = this.additive();
    while (this.c.is('||')) {
      const t = this.c.next();
      left = { kind: 'binary', at: left.at, opAt: pos(t), op: '||', left, right: this.additive() };
    }
    return left;
  }

  additive(): Expr {
    let left = this.multiplicative();
    while (this.c.is('+') || this.c.is('-')) {
      const t = this.c.next();
      left = { kind: 'binary', at: left.at, opAt: pos(t), op: t.text as BinaryOp, left, right: this.multiplicative() };
    }
    return left;
  }

  multiplicative(): Expr {
    let left = this.unary();
    while (this.c.is('*') || this.c.is('/') || this.c.is('%')) {
      const t = this.c.next();
      left = { kind: 'binary', at: left.at, opAt: pos(t), op: t.text as BinaryOp, left, right: this.unary() };
    }
    return left;
  }

  unary(): Expr {
    if (this.c.is('-') || this.c.is('+')) {
      const t = this.c.next();
      const operand = this.unary();
      // Fold "-5" into a literal so integer ranges and type inference see a negative constant.
      if (t.text === '-' && operand.kind === 'number') return { kind: 'number', at: t, text: '-' + operand.text };
      return { kind: 'unary', at: t, op: t.text as '-' | '+', operand };
    }
    return this.postfix();
  }

  postfix(): Expr {
    let e = this.primary();
    while (this.c.is('::')) {
      this.c.next();
      e = { kind: 'cast', at: e.at, operand: e, type: parseTypeName(this.c) };
    }
    return e;
  }

  primary(): Expr {
    const c = this.c;
    const t = c.peek();
    switch (t.kind) {
      case 'number': c.next(); return { kind: 'number', at: t, text: t.text };
      case 'string': c.next(); return { kind: 'string', at: t, value: t.text };
      case 'quoted': return this.columnRef();
      case 'punct':
        if (t.text === '(') {
          c.next();
          const e = this.or();
          c.expect(')');
          return e;
        }
        throw c.error();
      case 'ident': break;
      default: throw c.error();
    }
    const w = t.text.toUpperCase();
    switch (w) {
      case 'NULL': c.next(); return { kind: 'null', at: t };
      case 'TRUE': case 'FALSE': c.next(); return { kind: 'boolean', at: t, value: w === 'TRUE' };
      case 'CASE': return this.caseExpr();
      case 'CAST': {
        c.next(); c.expect('(');
        const operand = this.or();
        c.expect('AS');
        const type = parseTypeName(c);
        c.expect(')');
        return { kind: 'cast', at: t, operand, type };
      }
      case 'INTERVAL': {
        if (c.peek(1).kind !== 'string') break;
        c.next();
        const text = c.next().text;
        const u = c.peek();
        const unit = u.kind === 'ident' ? normUnit(u.text) : undefined;
        if (unit) c.next();
        return unit ? { kind: 'interval', at: t, text, unit } : { kind: 'interval', at: t, text };
      }
      case 'TIMESTAMP': case 'DATE': case 'TIMESTAMPTZ':
        if (c.peek(1).kind === 'string') {
          c.next();
          const text = c.next().text;
          return { kind: 'typed', at: t, type: { name: w as TypeNameKey, args: [] }, text };
        }
        break;
    }
    if (c.peek(1).kind === 'punct' && c.peek(1).text === '(') return this.call();
    if (this.niladic.has(w)) {
      c.next();
      return { kind: 'call', at: t, name: w, args: [], distinct: false, star: false };
    }
    // A reserved word where a value belongs: PostgreSQL says just "syntax error at or near".
    if (RESERVED.has(w)) throw c.error();
    return this.columnRef();
  }

  columnRef(): Expr {
    const first = this.c.identifier();
    if (this.c.is('.') ) {
      this.c.next();
      const second = this.c.identifier();
      return { kind: 'column', at: first.token, qualifier: first.quoted ? first.name : first.name, name: second.name, quoted: second.quoted };
    }
    return { kind: 'column', at: first.token, name: first.name, quoted: first.quoted };
  }

  caseExpr(): Expr {
    const at = this.c.next();
    const operand = this.c.is('WHEN') ? undefined : this.or();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.c.accept('WHEN')) {
      const when = this.or();
      this.c.expect('THEN');
      whens.push({ when, then: this.or() });
    }
    if (whens.length === 0) throw this.c.error(['WHEN']);
    const els = this.c.accept('ELSE') ? this.or() : undefined;
    this.c.expect('END');
    return { kind: 'case', at, whens, ...(operand ? { operand } : {}), ...(els ? { else: els } : {}) };
  }

  call(): Expr {
    const c = this.c;
    const t = c.next();
    const name = t.text.toUpperCase();
    c.expect('(');
    const mk = (args: Expr[]): Expr => ({ kind: 'call', at: t, name, args, distinct: false, star: false });
    switch (name) {
      case 'EXTRACT': {
        const f = c.next();
        if (f.kind !== 'ident' && f.kind !== 'string') throw syntaxErrorAt(f, ['field name']);
        c.expect('FROM');
        const operand = this.or();
        c.expect(')');
        return { kind: 'extract', at: t, field: f.text.toUpperCase(), operand };
      }
      case 'POSITION': {
        const needle = this.concat();
        if (c.accept('IN')) {
          const hay = this.or();
          c.expect(')');
          return mk([needle, hay]);
        }
        c.expect(',');
        const hay = this.or();
        c.expect(')');
        return mk([needle, hay]);
      }
      case 'SUBSTRING': case 'SUBSTR': {
        const x = this.or();
        const args = [x];
        if (c.accept('FROM')) {
          args.push(this.or());
          if (c.accept('FOR')) args.push(this.or());
        } else if (c.accept('FOR')) {
          args.push({ kind: 'number', at: x.at, text: '1' }, this.or());
        } else {
          while (c.accept(',')) args.push(this.or());
        }
        c.expect(')');
        return { kind: 'call', at: t, name: 'SUBSTRING', args, distinct: false, star: false };
      }
      case 'OVERLAY': {
        const x = this.or();
        c.expect('PLACING');
        const y = this.or();
        c.expect('FROM');
        const args = [x, y, this.or()];
        if (c.accept('FOR')) args.push(this.or());
        c.expect(')');
        return mk(args);
      }
      case 'TRIM': {
        let fn = 'BTRIM';
        if (c.accept('LEADING')) fn = 'LTRIM';
        else if (c.accept('TRAILING')) fn = 'RTRIM';
        else c.accept('BOTH');
        let chars: Expr | undefined;
        let x: Expr;
        if (c.accept('FROM')) x = this.or();
        else {
          const first = this.or();
          if (c.accept('FROM')) { chars = first; x = this.or(); }
          else if (c.accept(',')) { x = first; chars = this.or(); }
          else x = first;
        }
        c.expect(')');
        return { kind: 'call', at: t, name: fn, args: chars ? [x, chars] : [x], distinct: false, star: false };
      }
      case 'FLOOR': case 'CEIL': case 'CEILING': {
        const x = this.or();
        if (c.accept('TO')) {
          const u = c.next();
          const unit = u.kind === 'ident' ? normUnit(u.text) : undefined;
          if (!unit) throw syntaxErrorAt(u, ['SECOND', 'MINUTE', 'HOUR', 'DAY']);
          c.expect(')');
          return { kind: 'floorTo', at: t, ceil: name !== 'FLOOR', operand: x, unit };
        }
        const args = [x];
        while (c.accept(',')) args.push(this.or());
        c.expect(')');
        return mk(args);
      }
    }
    let star = false;
    let distinct = false;
    const args: Expr[] = [];
    if (c.is('*')) {
      c.next();
      star = true;
    } else if (!c.is(')')) {
      if (c.accept('DISTINCT')) distinct = true;
      else c.accept('ALL');
      args.push(this.or());
      while (c.accept(',')) args.push(this.or());
    }
    c.expect(')');
    // LAG(x) IGNORE NULLS / RESPECT NULLS OVER … (SQL:2011, KDA's LAG).
    let ignoreNulls = false;
    if (c.isKeyword('IGNORE') && c.isKeyword('NULLS', 1)) {
      c.next();
      c.next();
      ignoreNulls = true;
    } else if (c.isKeyword('RESPECT') && c.isKeyword('NULLS', 1)) {
      c.next();
      c.next();
    }
    const over = c.accept('OVER') ? this.windowSpec() : undefined;
    return { kind: 'call', at: t, name, args, distinct, star, ...(ignoreNulls ? { ignoreNulls } : {}), ...(over ? { over } : {}) };
  }

  windowSpec(): WindowSpec {
    const c = this.c;
    if (!c.is('(')) return { name: c.identifier().name, partitionBy: [], orderBy: [] };
    c.next();
    const partitionBy: Expr[] = [];
    const orderBy: OrderItem[] = [];
    let frame: WindowSpec['frame'];
    if (c.accept('PARTITION')) {
      c.expect('BY');
      do partitionBy.push(this.or()); while (c.accept(','));
    }
    if (c.accept('ORDER')) {
      c.expect('BY');
      do orderBy.push(parseOrderItem(c, this)); while (c.accept(','));
    }
    if (c.accept('RANGE')) {
      const interval = this.primary();
      c.expect('PRECEDING');
      frame = { kind: 'range', interval };
    } else if (c.accept('ROWS')) {
      const n = c.next();
      if (n.kind !== 'number') throw syntaxErrorAt(n, ['integer']);
      c.expect('PRECEDING');
      frame = { kind: 'rows', count: Number(n.text) };
    }
    c.expect(')');
    return { partitionBy, orderBy, ...(frame ? { frame } : {}) };
  }
}

function parseOrderItem(c: TokenCursor, p: ExprParser): OrderItem {
  const expr = p.or();
  let desc = false;
  if (c.accept('DESC')) desc = true;
  else c.accept('ASC');
  let nullsFirst: boolean | undefined;
  if (c.accept('NULLS')) {
    if (c.accept('FIRST')) nullsFirst = true;
    else { c.expect('LAST'); nullsFirst = false; }
  }
  return nullsFirst === undefined ? { expr, desc } : { expr, desc, nullsFirst };
}

/** Parses `expr [ASC|DESC] [NULLS FIRST|LAST]` (ORDER BY items for statement parsers). */
export function parseOrderBy(cur: TokenCursor, opts: ParseOptions = {}): OrderItem {
  return parseOrderItem(cur, new ExprParser(cur, opts.niladic ?? DEFAULT_NILADIC));
}

/** Just the position of a token (keeps token text out of the AST). */
const pos = (t: Token): Pos => ({ offset: t.offset, line: t.line, column: t.column });

function normUnit(w: string): IntervalUnit | undefined {
  let u = w.toUpperCase();
  if (u.endsWith('S')) u = u.slice(0, -1);
  return UNITS.has(u as IntervalUnit) ? (u as IntervalUnit) : undefined;
}

/** Re-exported so statement parsers can raise errors without importing errors.ts. */
export { SqlError };
