/**
 * How COPY reads a data file into fields (the data-format half of Redshift's COPY): the
 * default pipe-delimited text, DELIMITER / CSV, and JSON ('auto', 'auto ignorecase', a
 * JSONPaths file). Turning a field's text into a column's type is the database's job
 * (database.ts); this file only splits the bytes into rows of fields, or says why a line
 * could not be split (Redshift's stl_load_errors codes and reasons).
 */

/** The data-format options of a COPY command, as the statement parser resolved them. */
export type CopyFormat =
  | {
      readonly kind: 'delimited';
      /** `|` by default; `,` with CSV unless DELIMITER says otherwise. One character. */
      readonly delimiter: string;
      /** CSV: RFC 4180 quoting with `quote` (default `"`), quoted fields may hold delimiters and newlines. */
      readonly csv: boolean;
      readonly quote: string;
      /** ESCAPE: a backslash escapes the next character (delimiter, newline, backslash) in non-CSV text. */
      readonly escape: boolean;
      /** REMOVEQUOTES: surrounding double quotes of a field are removed (non-CSV). */
      readonly removeQuotes: boolean;
      /** FILLRECORD: missing trailing fields become NULL/empty instead of an error. */
      readonly fillRecord: boolean;
    }
  | {
      readonly kind: 'json';
      /** 'auto': object keys match column names (lower case); 'auto ignorecase': any case; or the JSONPaths expressions, one per column. */
      readonly mode: 'auto' | 'auto ignorecase' | { readonly jsonpaths: readonly string[] };
    };

/** Options that apply to every format before fields reach the database. */
export interface CopyReadOptions {
  /** IGNOREHEADER n: skip the first n lines of each file (delimited formats only). */
  readonly ignoreHeader: number;
}

/** One row read from a file: a field per target column (null = SQL NULL from JSON null / absent key). */
export interface ReadRow {
  /** 1-based line number in the file where the row starts. */
  readonly line: number;
  /** The raw line (or JSON text) the row came from, for stl_load_errors.raw_line (first 1024 chars). */
  readonly raw: string;
  /** In `columns` order; a JSON value that is an object/array is its JSON text; numbers/booleans their JSON text. */
  readonly fields: readonly (string | null)[];
}

/** A line that could not be split into fields. */
export interface ReadError {
  readonly line: number;
  readonly raw: string;
  /** Redshift's load error code (stl_load_errors.err_code), e.g. 1214 "Delimiter not found". */
  readonly code: number;
  readonly reason: string;
  /** The column concerned, if any. */
  readonly column?: string;
  /** 0-based character position in the line, if known. */
  readonly position?: number;
}

export interface ReadResult {
  readonly rows: ReadRow[];
  readonly errors: ReadError[];
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/** stl_load_errors.raw_line keeps the first 1024 characters. */
const RAW_MAX = 1024;

/** Redshift load error codes used here (docs: "Load error reference"). */
const ERR_EXTRA_COLUMNS = 1202;
const ERR_DELIMITER_NOT_FOUND = 1214;
const ERR_INVALID_LINE = 1216;
// Unsure: the docs list 8001 only for MANIFEST paths, but COPY's own "Number of jsonpaths and
// the number of columns should match" / JSONPath errors are reported with code 8001 in practice.
const ERR_COPY_COMMAND = 8001;

const NL = 10;
const CR = 13;
const BACKSLASH = 92;
const DQUOTE = 34;

function clip(s: string): string {
  return s.length > RAW_MAX ? s.slice(0, RAW_MAX) : s;
}

/** The text from `start` to the end of its line (without the line break), clipped. */
function lineFrom(text: string, start: number): string {
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === CR) end--;
  return clip(text.slice(start, Math.min(end, start + RAW_MAX)));
}

/** Splits a COPY data file into rows of fields (one per target column) and load errors. */
export function readCopyData(
  text: string,
  format: CopyFormat,
  columns: readonly string[],
  opts: CopyReadOptions,
): ReadResult {
  if (format.kind === 'json') return readJson(text, format.mode, columns);
  return format.csv ? readCsv(text, format, columns, opts) : readText(text, format, columns, opts);
}

type DelimitedFormat = Extract<CopyFormat, { kind: 'delimited' }>;

/** Position just after the first `n` lines, and the 1-based number of the next line. */
function skipHeader(text: string, n: number): { pos: number; line: number } {
  let pos = 0;
  let line = 1;
  for (let i = 0; i < n && pos < text.length; i++) {
    const nl = text.indexOf('\n', pos);
    pos = nl === -1 ? text.length : nl + 1;
    line++;
  }
  return { pos, line };
}

/** Applies the column-count rules to a finished row; pushes a row or an error. */
function finishRow(
  fields: string[],
  fieldStarts: number[],
  rowStart: number,
  rawEnd: number,
  line: number,
  text: string,
  fmt: DelimitedFormat,
  columns: readonly string[],
  out: ReadResult,
): void {
  const raw = clip(text.slice(rowStart, Math.min(rawEnd, rowStart + RAW_MAX)));
  if (fields.length > columns.length) {
    out.errors.push({
      line,
      raw,
      code: ERR_EXTRA_COLUMNS,
      reason: 'Extra column(s) found',
      position: (fieldStarts[columns.length] ?? rowStart) - rowStart,
    });
    return;
  }
  if (fields.length < columns.length) {
    if (!fmt.fillRecord) {
      out.errors.push({
        line,
        raw,
        code: ERR_DELIMITER_NOT_FOUND,
        reason: 'Delimiter not found',
        column: columns[fields.length],
        position: rawEnd - rowStart,
      });
      return;
    }
    // FILLRECORD (docs, "Data conversion parameters"): the missing trailing columns are
    // loaded as NULLs, except that for text and CSV a VARCHAR/CHAR column gets a
    // zero-length string (EMPTYASNULL turns those into NULL). So the reader supplies ''
    // and the database's usual empty-field rules (EMPTYASNULL, non-character column
    // → NULL) decide. Unsure: whether a non-character column's '' is NULL is database.ts's call.
    while (fields.length < columns.length) fields.push('');
  }
  out.rows.push({ line, raw, fields });
}

/** Default text format: delimiter, ESCAPE, REMOVEQUOTES, FILLRECORD. */
function readText(
  text: string,
  fmt: DelimitedFormat,
  columns: readonly string[],
  opts: CopyReadOptions,
): ReadResult {
  const out: ReadResult = { rows: [], errors: [] };
  const delim = fmt.delimiter.charCodeAt(0);
  const len = text.length;
  let { pos, line } = skipHeader(text, opts.ignoreHeader);

  while (pos < len) {
    const rowStart = pos;
    const rowLine = line;
    const fields: string[] = [];
    const fieldStarts: number[] = [pos];
    let buf = '';
    let seg = pos;
    let atFieldStart = true;
    let inQuotes = false;
    let rawEnd = len;
    let failed: string | null = null;

    for (;;) {
      if (pos >= len) {
        if (inQuotes) failed = 'Unterminated quoted string';
        buf += text.slice(seg, pos);
        fields.push(buf);
        rawEnd = len;
        break;
      }
      const c = text.charCodeAt(pos);
      if (fmt.escape && c === BACKSLASH && pos + 1 < len) {
        // ESCAPE: the next character is taken literally (delimiter, newline, backslash, quote).
        buf += text.slice(seg, pos);
        const next = text.charCodeAt(pos + 1);
        if (next === CR && text.charCodeAt(pos + 2) === NL) {
          buf += '\r\n';
          pos += 3;
          line++;
        } else {
          buf += text[pos + 1];
          if (next === NL) line++;
          pos += 2;
        }
        seg = pos;
        atFieldStart = false;
        continue;
      }
      if (fmt.removeQuotes && c === DQUOTE && (atFieldStart || inQuotes)) {
        // REMOVEQUOTES: the surrounding quotes go; what is inside (delimiters too) stays.
        buf += text.slice(seg, pos);
        inQuotes = !inQuotes;
        pos++;
        seg = pos;
        atFieldStart = false;
        continue;
      }
      if (c === NL) {
        const end = pos > seg && text.charCodeAt(pos - 1) === CR ? pos - 1 : pos;
        buf += text.slice(seg, end);
        fields.push(buf);
        rawEnd = end;
        pos++;
        line++;
        // Unsure: a line break inside REMOVEQUOTES quotes is not documented as allowed
        // (only ESCAPE continues a row); treat the row as broken.
        if (inQuotes) failed = 'Unterminated quoted string';
        break;
      }
      if (c === delim && !inQuotes) {
        buf += text.slice(seg, pos);
        fields.push(buf);
        buf = '';
        pos++;
        seg = pos;
        fieldStarts.push(pos);
        atFieldStart = true;
        continue;
      }
      atFieldStart = false;
      pos++;
    }

    if (failed !== null) {
      out.errors.push({
        line: rowLine,
        raw: clip(text.slice(rowStart, Math.min(rawEnd, rowStart + RAW_MAX))),
        // Unsure: Redshift's exact code/reason for an unclosed REMOVEQUOTES quote.
        code: ERR_DELIMITER_NOT_FOUND,
        reason: failed,
        column: columns[fields.length - 1],
      });
      continue;
    }
    finishRow(fields, fieldStarts, rowStart, rawEnd, rowLine, text, fmt, columns, out);
  }
  return out;
}

/** Line breaks in text[from, to) — a bounded loop (indexOf would run past `to` to the file's end). */
function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === NL) n++;
  return n;
}

/** CSV (RFC 4180) with a configurable quote character; quoted fields may span lines. */
function readCsv(
  text: string,
  fmt: DelimitedFormat,
  columns: readonly string[],
  opts: CopyReadOptions,
): ReadResult {
  const out: ReadResult = { rows: [], errors: [] };
  const delim = fmt.delimiter.charCodeAt(0);
  const quoteCh = fmt.quote || '"';
  const quote = quoteCh.charCodeAt(0);
  const len = text.length;
  let { pos, line } = skipHeader(text, opts.ignoreHeader);

  rows: while (pos < len) {
    const rowStart = pos;
    const rowLine = line;
    const fields: string[] = [];
    const fieldStarts: number[] = [];

    for (;;) {
      // At the start of a field.
      fieldStarts.push(pos);
      if (pos < len && text.charCodeAt(pos) === quote) {
        let buf = '';
        let seg = pos + 1;
        let closed = -1;
        for (;;) {
          const q = text.indexOf(quoteCh, seg);
          if (q === -1) break;
          if (q + 1 < len && text.charCodeAt(q + 1) === quote) {
            buf += text.slice(seg, q + 1); // "" → "
            seg = q + 2;
            continue;
          }
          buf += text.slice(seg, q);
          closed = q;
          break;
        }
        if (closed === -1) {
          // Unsure: Redshift's code/reason for a quote that never closes; the rest of the
          // file belongs to this field, so reading stops here.
          out.errors.push({
            line: rowLine,
            raw: clip(text.slice(rowStart, Math.min(len, rowStart + RAW_MAX))),
            code: ERR_DELIMITER_NOT_FOUND,
            reason: 'Unterminated quoted field',
            column: columns[fields.length],
            position: pos - rowStart,
          });
          return out;
        }
        line += countNewlines(text, pos, closed);
        pos = closed + 1;
        fields.push(buf);
        const c = pos < len ? text.charCodeAt(pos) : -1;
        if (c === delim) {
          pos++;
          continue;
        }
        if (c === -1 || c === NL || (c === CR && text.charCodeAt(pos + 1) === NL)) {
          const rawEnd = pos;
          if (c === CR) pos++;
          if (c !== -1) {
            pos++;
            line++;
          }
          finishRow(fields, fieldStarts, rowStart, rawEnd, rowLine, text, fmt, columns, out);
          continue rows;
        }
        // Something other than a delimiter or line end after a closing quote.
        // Unsure: Redshift reports this as "Missing newline: Unexpected character 0x.. found at location n".
        let eol = text.indexOf('\n', pos);
        if (eol === -1) eol = len;
        out.errors.push({
          line: rowLine,
          raw: clip(text.slice(rowStart, Math.min(eol, rowStart + RAW_MAX)).replace(/\r$/, '')),
          code: ERR_DELIMITER_NOT_FOUND,
          reason: `Missing newline: Unexpected character 0x${c.toString(16)} found at location ${pos - rowStart}`,
          column: columns[fields.length - 1],
          position: pos - rowStart,
        });
        pos = eol === len ? len : eol + 1;
        if (eol !== len) line++;
        continue rows;
      }
      // Unquoted field: up to the next delimiter or line end.
      let i = pos;
      while (i < len) {
        const c = text.charCodeAt(i);
        if (c === delim || c === NL) break;
        i++;
      }
      if (i < len && text.charCodeAt(i) === delim) {
        fields.push(text.slice(pos, i));
        pos = i + 1;
        continue;
      }
      const end = i > pos && text.charCodeAt(i - 1) === CR ? i - 1 : i;
      fields.push(text.slice(pos, end));
      pos = i < len ? i + 1 : len;
      if (i < len) line++;
      finishRow(fields, fieldStarts, rowStart, end, rowLine, text, fmt, columns, out);
      continue rows;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

/** A parsed JSON value that remembers where its text is (s..e) in the file. */
type JNode =
  | { readonly k: 'o'; readonly s: number; readonly e: number; readonly keys: string[]; readonly vals: JNode[] }
  | { readonly k: 'a'; readonly s: number; readonly e: number; readonly items: JNode[] }
  | { readonly k: 's'; readonly s: number; readonly e: number; readonly v: string }
  /** number, true, false: the value is the source text. */
  | { readonly k: 'n'; readonly s: number; readonly e: number }
  | { readonly k: 'z'; readonly s: number; readonly e: number };

class JsonSyntaxError {
  constructor(
    readonly pos: number,
    readonly message: string,
  ) {}
}

const MAX_DEPTH = 512;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** A small JSON parser over the whole file that keeps value positions (numbers stay as written). */
class JsonReader {
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
function resyncAfter(text: string, s: number): number {
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

function nodeText(text: string, n: JNode | undefined): string | null {
  if (n === undefined) return null;
  switch (n.k) {
    case 's':
      return n.v;
    case 'z':
      return null;
    default:
      // Numbers/booleans as written (no float round trip: 12.50 stays "12.50", big integers
      // keep their digits); objects/arrays as their JSON text.
      // Unsure: Redshift may re-serialise nested values (e.g. without whitespace); kept as written.
      return text.slice(n.s, n.e);
  }
}

type PathSeg = string | number;

function evalPath(node: JNode, segs: readonly PathSeg[]): JNode | undefined {
  let cur: JNode | undefined = node;
  for (const seg of segs) {
    if (cur === undefined) return undefined;
    if (typeof seg === 'number') {
      // Unsure: an index into a non-array (or a name into a non-object) gives NULL, not an error.
      cur = cur.k === 'a' ? cur.items[seg] : undefined;
    } else if (cur.k === 'o') {
      const idx: number = cur.keys.lastIndexOf(seg);
      cur = idx === -1 ? undefined : cur.vals[idx];
    } else cur = undefined;
  }
  return cur;
}

/** Line number lookup for monotonically increasing positions (O(file) in total). */
function lineCounter(text: string): (pos: number) => number {
  let at = 0;
  let line = 1;
  return (pos: number) => {
    if (pos < at) {
      at = 0;
      line = 1;
    }
    line += countNewlines(text, at, pos);
    at = pos;
    return line;
  };
}

function readJson(
  text: string,
  mode: Extract<CopyFormat, { kind: 'json' }>['mode'],
  columns: readonly string[],
): ReadResult {
  const out: ReadResult = { rows: [], errors: [] };
  let paths: PathSeg[][] | null = null;
  if (typeof mode === 'object') {
    paths = [];
    for (const p of mode.jsonpaths) {
      const parsed = parseJsonPath(p);
      if (!parsed.ok) {
        out.errors.push({ line: 1, raw: lineFrom(text, 0), code: ERR_COPY_COMMAND, reason: parsed.message });
        return out;
      }
      paths.push(parsed.segs);
    }
    if (paths.length !== columns.length) {
      out.errors.push({
        line: 1,
        raw: lineFrom(text, 0),
        code: ERR_COPY_COMMAND,
        reason: `Number of jsonpaths and the number of columns should match. JSONPath size: ${paths.length}, Number of columns in table or column list: ${columns.length}`,
      });
      return out;
    }
  }
  const ignoreCase = mode === 'auto ignorecase';
  const colIndex = new Map<string, number>();
  columns.forEach((c, i) => {
    const key = c.toLowerCase();
    if (!colIndex.has(key)) colIndex.set(key, i);
  });

  const r = new JsonReader(text);
  const lineAt = lineCounter(text);
  const len = text.length;
  const errorAt = (s: number, end: number, reason: string, position?: number): void => {
    const raw = clip(text.slice(s, Math.min(end, s + RAW_MAX)).trimEnd());
    const err: ReadError =
      position === undefined
        ? { line: lineAt(s), raw, code: ERR_INVALID_LINE, reason }
        : { line: lineAt(s), raw, code: ERR_INVALID_LINE, reason, position };
    out.errors.push(err);
  };

  for (;;) {
    r.ws();
    const s = r.pos;
    if (s >= len) break;
    const c = text.charCodeAt(s);
    if (c !== 123 && c !== 91) {
      // Not the start of an object/array: report the stray text up to the next one.
      let next = s + 1;
      while (next < len) {
        const d = text.charCodeAt(next);
        if (d === 123 || d === 91) break;
        next++;
      }
      errorAt(s, next, `Invalid JSON: unexpected ${r.describe(s)} between records`, 0);
      r.pos = next;
      continue;
    }
    let node: JNode;
    try {
      node = r.value(0);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      const next = resyncAfter(text, s);
      errorAt(s, next === -1 ? len : next, `Invalid JSON: ${e.message}`, e.pos - s);
      if (next === -1) break;
      r.pos = next;
      continue;
    }
    const raw = clip(text.slice(s, Math.min(node.e, s + RAW_MAX)));
    if (paths !== null) {
      const fields = paths.map((segs) => nodeText(text, evalPath(node, segs)));
      out.rows.push({ line: lineAt(s), raw, fields });
      continue;
    }
    if (node.k !== 'o') {
      // Unsure: Redshift's reason text; 'auto' needs each record to be an object.
      errorAt(s, node.e, "Invalid JSON: a record must be an object for 'auto'");
      continue;
    }
    const found: (JNode | undefined)[] = new Array<JNode | undefined>(columns.length).fill(undefined);
    for (let i = 0; i < node.keys.length; i++) {
      const key = node.keys[i]!;
      const idx = colIndex.get(ignoreCase ? key.toLowerCase() : key);
      if (idx !== undefined) found[idx] = node.vals[i]; // a repeated key: the last one wins
    }
    out.rows.push({ line: lineAt(s), raw, fields: found.map((n) => nodeText(text, n)) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// JSONPaths
// ---------------------------------------------------------------------------------------

/**
 * One JSONPath expression of Redshift's subset: `$` then `.name`, `['name']` / `["name"]`
 * or `[n]` steps. No wildcards, filters, recursive descent, slices or unions.
 */
function parseJsonPath(path: string): { ok: true; segs: PathSeg[] } | { ok: false; message: string } {
  const bad = (why: string) => ({ ok: false as const, message: `Invalid JSONPath format: ${why}: ${path}` });
  if (path.charCodeAt(0) !== 36 /* $ */) return bad("a path must start with '$'");
  const segs: PathSeg[] = [];
  const len = path.length;
  let i = 1;
  while (i < len) {
    const c = path[i];
    if (c === '.') {
      i++;
      if (path[i] === '.') return bad('recursive descent (..) is not supported');
      const start = i;
      while (i < len && path[i] !== '.' && path[i] !== '[') i++;
      const name = path.slice(start, i);
      if (name === '') return bad("a name is missing after '.'");
      if (name === '*') return bad('wildcards are not supported');
      if (/[\]'"*\s]/.test(name)) return bad(`invalid character in member name '${name}'`);
      segs.push(name);
    } else if (c === '[') {
      i++;
      const q = path[i];
      if (q === "'" || q === '"') {
        i++;
        let name = '';
        for (;;) {
          if (i >= len) return bad('unterminated quoted name');
          const d = path[i]!;
          if (d === '\\' && i + 1 < len) {
            name += path[i + 1];
            i += 2;
            continue;
          }
          if (d === q) break;
          name += d;
          i++;
        }
        i++;
        if (path[i] !== ']') return bad("expected ']' after a quoted name");
        i++;
        if (name === '') return bad('an empty member name');
        segs.push(name);
      } else if (q !== undefined && q >= '0' && q <= '9') {
        const start = i;
        while (i < len && path[i]! >= '0' && path[i]! <= '9') i++;
        if (path[i] !== ']') return bad("expected ']' after an array index");
        const n = Number(path.slice(start, i));
        if (!Number.isSafeInteger(n)) return bad('array index out of range');
        segs.push(n);
        i++;
      } else if (q === '*') return bad('wildcards are not supported');
      else if (q === '?' || q === '(') return bad('filter expressions are not supported');
      else if (q === '-') return bad('negative array indexes are not supported');
      else return bad("expected a quoted name or an array index after '['");
    } else return bad(`unexpected character '${c}'`);
  }
  // Unsure: Redshift requires every expression to name an element; a bare '$' is refused.
  if (segs.length === 0) return bad('the path does not reference an element');
  return { ok: true, segs };
}

/** Parses a JSONPaths file: `{"jsonpaths": ["$.a", "$['b']", "$.c[0]"]}`. */
export function parseJsonPaths(text: string): { ok: true; paths: string[] } | { ok: false; message: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Invalid JSONPath format: the JSONPaths file is not valid JSON (${(e as Error).message})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Object.hasOwn(doc, 'jsonpaths')) {
    return { ok: false, message: 'Invalid JSONPath format: the JSONPaths file must be an object with a "jsonpaths" array' };
  }
  const list = (doc as { jsonpaths: unknown }).jsonpaths;
  if (!Array.isArray(list)) return { ok: false, message: 'Invalid JSONPath format: "jsonpaths" must be an array of strings' };
  if (list.length === 0) return { ok: false, message: 'Invalid JSONPath format: "jsonpaths" is empty' };
  const paths: string[] = [];
  for (const p of list) {
    if (typeof p !== 'string') return { ok: false, message: `Invalid JSONPath format: not a string: ${JSON.stringify(p)}` };
    const parsed = parseJsonPath(p);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    paths.push(p);
  }
  return { ok: true, paths };
}
