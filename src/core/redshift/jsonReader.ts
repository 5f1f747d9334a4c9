/**
 * The JSON parser behind COPY's JSON format. JSON.parse would lose what COPY needs: where each
 * value's text is (numbers are loaded as written, raw_line is the record's own text) and where
 * a syntax error is, so reading can go on at the next record.
 */
import { BACKSLASH, CR, DQUOTE, NL } from './copyFormat.js';

/** A parsed JSON value that remembers where its text is (s..e) in the file. */
export type JNode =
  | { readonly k: 'o'; readonly s: number; readonly e: number; readonly keys: string[]; readonly vals: JNode[] }
  | { readonly k: 'a'; readonly s: number; readonly e: number; readonly items: JNode[] }
  | { readonly k: 's'; readonly s: number; readonly e: number; readonly v: string }
  /** number, true, false: the value is the source text. */
  | { readonly k: 'n'; readonly s: number; readonly e: number }
  | { readonly k: 'z'; readonly s: number; readonly e: number };

/** A syntax error at `pos` (thrown by JsonReader, caught by the COPY reader to resynchronise). */
export class JsonSyntaxError {
  constructor(
    readonly pos: number,
    readonly message: string,
  ) {}
}

const MAX_DEPTH = 512;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** A small JSON parser over the whole file that keeps value positions (numbers stay as written). */
export class JsonReader {
  pos = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === NL || c === CR || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  fail(msg: string, pos = this.pos): never {
    throw new JsonSyntaxError(pos, msg);
  }

  describe(pos: number): string {
    return pos >= this.text.length ? 'end of data' : `character '${this.text[pos]}'`;
  }

  value(depth: number): JNode {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.ws();
    const t = this.text;
    const s = this.pos;
    const c = t.charCodeAt(s);
    if (c === 123 /* { */) {
      this.pos++;
      const keys: string[] = [];
      const vals: JNode[] = [];
      this.ws();
      if (t.charCodeAt(this.pos) === 125 /* } */) {
        this.pos++;
        return { k: 'o', s, e: this.pos, keys, vals };
      }
      for (;;) {
        this.ws();
        if (t.charCodeAt(this.pos) !== DQUOTE) this.fail(`expected a member name, found ${this.describe(this.pos)}`);
        keys.push(this.string().v);
        this.ws();
        if (t.charCodeAt(this.pos) !== 58 /* : */) this.fail(`expected ':', found ${this.describe(this.pos)}`);
        this.pos++;
        vals.push(this.value(depth + 1));
        this.ws();
        const d = t.charCodeAt(this.pos);
        if (d === 44 /* , */) {
          this.pos++;
          continue;
        }
        if (d === 125) {
          this.pos++;
          return { k: 'o', s, e: this.pos, keys, vals };
        }
        this.fail(`expected ',' or '}', found ${this.describe(this.pos)}`);
      }
    }
    if (c === 91 /* [ */) {
      this.pos++;
      const items: JNode[] = [];
      this.ws();
      if (t.charCodeAt(this.pos) === 93 /* ] */) {
        this.pos++;
        return { k: 'a', s, e: this.pos, items };
      }
      for (;;) {
        items.push(this.value(depth + 1));
        this.ws();
        const d = t.charCodeAt(this.pos);
        if (d === 44) {
          this.pos++;
          continue;
        }
        if (d === 93) {
          this.pos++;
          return { k: 'a', s, e: this.pos, items };
        }
        this.fail(`expected ',' or ']', found ${this.describe(this.pos)}`);
      }
    }
    if (c === DQUOTE) return this.string();
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      NUMBER_RE.lastIndex = s;
      if (!NUMBER_RE.test(t)) this.fail('invalid number');
      this.pos = NUMBER_RE.lastIndex;
      return { k: 'n', s, e: this.pos };
    }
    if (t.startsWith('true', s)) {
      this.pos = s + 4;
      return { k: 'n', s, e: this.pos };
    }
    if (t.startsWith('false', s)) {
      this.pos = s + 5;
      return { k: 'n', s, e: this.pos };
    }
    if (t.startsWith('null', s)) {
      this.pos = s + 4;
      return { k: 'z', s, e: this.pos };
    }
    return this.fail(`unexpected ${this.describe(s)}`);
  }

  string(): { k: 's'; s: number; e: number; v: string } {
    const t = this.text;
    const s = this.pos;
    let p = s + 1;
    let escaped = false;
    for (;;) {
      if (p >= t.length) this.fail('unterminated string', s);
      const c = t.charCodeAt(p);
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      if (c < 32) this.fail('control character in string', p);
      p++;
    }
    this.pos = p + 1;
    if (!escaped) return { k: 's', s, e: this.pos, v: t.slice(s + 1, p) };
    let v: string;
    try {
      v = JSON.parse(t.slice(s, p + 1)) as string;
    } catch {
      return this.fail('invalid escape in string', s);
    }
    return { k: 's', s, e: this.pos, v };
  }
}

/**
 * After a syntax error in a value starting at `s`: where to go on. First the end of the
 * value by brace counting (string-aware) — a bad value with balanced braces is skipped
 * whole; else the next line that starts with `{` or `[`; else -1 (stop).
 */
export function resyncAfter(text: string, s: number): number {
  const len = text.length;
  let depth = 0;
  let p = s;
  scan: while (p < len) {
    const c = text.charCodeAt(p);
    if (c === DQUOTE) {
      p++;
      for (;;) {
        if (p >= len) break scan;
        const d = text.charCodeAt(p);
        if (d === BACKSLASH) p += 2;
        else if (d === DQUOTE) break;
        else if (d === NL) break scan; // a raw line break cannot be inside a JSON string
        else p++;
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return p + 1;
    }
    p++;
  }
  // Unbalanced: restart at the next line that opens an object or array.
  let nl = text.indexOf('\n', s);
  while (nl !== -1) {
    let j = nl + 1;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (c === 32 || c === 9 || c === CR) j++;
      else break;
    }
    const c = text.charCodeAt(j);
    if (c === 123 || c === 91) return j;
    nl = text.indexOf('\n', j);
  }
  return -1;
}
