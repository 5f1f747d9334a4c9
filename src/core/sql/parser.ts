/**
 * The expression parser (precedence climbing) shared by the dialects.
 * Precedence, loosest first, as in standard SQL / PostgreSQL:
 * OR < AND < NOT < comparison, IS, LIKE, BETWEEN, IN < || < + - < * / % < unary ± < :: cast.
 * Statement parsers (Redshift, KDA) build on `TokenCursor` (tokenCursor.ts) and call
 * `parseExpression`; special call syntax, window specs and type names live in their own modules.
 */
import type { BinaryOp, Expr, OrderItem, TypeNameKey } from './ast.js';
import { SqlError, type Pos } from './errors.js';
import type { Token } from './lexer.js';
import { normUnit, parseSpecialCall } from './parseSpecialCall.js';
import { parseTypeName } from './parseTypeName.js';
import { parseOrderItem, parseWindowSpec } from './parseWindowSpec.js';
import { RESERVED, type TokenCursor } from './tokenCursor.js';

export interface ParseOptions {
  /** Function names callable without parentheses (CURRENT_TIMESTAMP, SYSDATE, …), upper-case. */
  readonly niladic?: ReadonlySet<string>;
}

const DEFAULT_NILADIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'CURRENT_ROW_TIMESTAMP']);
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

/** Parses one expression at the cursor (stops before the first token that cannot continue it). */
export function parseExpression(cur: TokenCursor, opts: ParseOptions = {}): Expr {
  return new ExprParser(cur, opts.niladic ?? DEFAULT_NILADIC).or();
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
    const special = parseSpecialCall(c, this, t, name);
    if (special) return special;
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
    const over = c.accept('OVER') ? parseWindowSpec(c, this) : undefined;
    return { kind: 'call', at: t, name, args, distinct, star, ...(ignoreNulls ? { ignoreNulls } : {}), ...(over ? { over } : {}) };
  }
}

/** Parses `expr [ASC|DESC] [NULLS FIRST|LAST]` (ORDER BY items for statement parsers). */
export function parseOrderBy(cur: TokenCursor, opts: ParseOptions = {}): OrderItem {
  return parseOrderItem(cur, new ExprParser(cur, opts.niladic ?? DEFAULT_NILADIC));
}

/** Just the position of a token (keeps token text out of the AST). */
const pos = (t: Token): Pos => ({ offset: t.offset, line: t.line, column: t.column });

/** Re-exported so statement parsers can raise errors without importing errors.ts. */
export { SqlError };
