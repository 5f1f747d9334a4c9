/**
 * The expression language inside a template placeholder: JSON literals (numbers, strings,
 * arrays, objects, true/false/null), single-quoted strings, and helper calls `a.b.c(arg, …)`
 * whose arguments are expressions themselves. A bare name without parentheses (`{{t}}`) parses
 * as a call without arguments; the template compiler reads it as a variable when one has that
 * name. KDG's templates pass JSON to faker.js helpers (`{{random.number({"min":10,"max":150})}}`);
 * nesting calls is Shardlab's own.
 */

/** A parsed expression; `at` is its offset in the template source. */
export type Expr =
  | { readonly k: 'lit'; readonly value: unknown; readonly at: number }
  | { readonly k: 'call'; readonly path: string; readonly args: readonly Expr[]; readonly parens: boolean; readonly at: number }
  | { readonly k: 'arr'; readonly items: readonly Expr[]; readonly at: number }
  | { readonly k: 'obj'; readonly entries: readonly (readonly [string, Expr])[]; readonly at: number };

/** A syntax error at `offset` in the source. */
export class ExprSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

const IDENT = /[A-Za-z_$][\w$]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A recursive-descent parser over `src` starting at `pos`. */
export class ExprParser {
  constructor(readonly src: string, public pos: number) {}

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  peek(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  expect(s: string): void {
    this.skipSpace();
    if (!this.peek(s)) throw new ExprSyntaxError(`expected "${s}" but found ${this.describe()}`, this.pos);
    this.pos += s.length;
  }

  describe(): string {
    return this.pos >= this.src.length ? 'the end of the template' : JSON.stringify(this.src.slice(this.pos, this.pos + 12));
  }

  ident(): string | undefined {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.src);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** Parses one expression. */
  expr(): Expr {
    this.skipSpace();
    const at = this.pos;
    const c = this.src[this.pos];
    if (c === '"' || c === "'") return { k: 'lit', value: this.string(), at };
    if (c === '[') return this.array();
    if (c === '{') return this.object();
    NUMBER.lastIndex = this.pos;
    const num = NUMBER.exec(this.src);
    if (num) {
      this.pos += num[0].length;
      return { k: 'lit', value: Number(num[0]), at };
    }
    const first = this.ident();
    if (first === undefined) throw new ExprSyntaxError(`expected a value or a helper name but found ${this.describe()}`, at);
    if (first === 'true' || first === 'false') return { k: 'lit', value: first === 'true', at };
    if (first === 'null') return { k: 'lit', value: null, at };
    let path = first;
    while (this.peek('.')) {
      this.pos++;
      const next = this.ident();
      if (next === undefined) throw new ExprSyntaxError(`expected a name after "${path}."`, this.pos);
      path += `.${next}`;
    }
    this.skipSpace();
    if (!this.peek('(')) return { k: 'call', path, args: [], parens: false, at };
    this.pos++;
    const args = this.list(')');
    return { k: 'call', path, args, parens: true, at };
  }

  private list(close: string): Expr[] {
    const items: Expr[] = [];
    this.skipSpace();
    if (this.peek(close)) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.expr());
      this.skipSpace();
      if (this.peek(',')) {
        this.pos++;
        continue;
      }
      this.expect(close);
      return items;
    }
  }

  private array(): Expr {
    const at = this.pos;
    this.pos++;
    return { k: 'arr', items: this.list(']'), at };
  }

  private object(): Expr {
    const at = this.pos;
    this.pos++;
    const entries: [string, Expr][] = [];
    this.skipSpace();
    if (this.peek('}')) {
      this.pos++;
      return { k: 'obj', entries, at };
    }
    for (;;) {
      this.skipSpace();
      const q = this.src[this.pos];
      const key = q === '"' || q === "'" ? this.string() : this.ident();
      if (key === undefined) throw new ExprSyntaxError(`expected a property name but found ${this.describe()}`, this.pos);
      this.expect(':');
      entries.push([key, this.expr()]);
      this.skipSpace();
      if (this.peek(',')) {
        this.pos++;
        continue;
      }
      this.expect('}');
      return { k: 'obj', entries, at };
    }
  }

  private string(): string {
    const at = this.pos;
    const quote = this.src[this.pos]!;
    let i = this.pos + 1;
    let raw = '';
    while (i < this.src.length && this.src[i] !== quote) {
      if (this.src[i] === '\\') {
        raw += this.src.slice(i, i + 2);
        i += 2;
      } else raw += this.src[i++];
    }
    if (i >= this.src.length) throw new ExprSyntaxError('unterminated string', at);
    this.pos = i + 1;
    // Single-quoted strings are read as JSON after swapping their quoting.
    const json = quote === '"' ? raw : raw.replace(/\\'/g, "'").replace(/"/g, '\\"');
    try {
      return JSON.parse(`"${json}"`) as string;
    } catch {
      throw new ExprSyntaxError('invalid escape in string', at);
    }
  }
}
