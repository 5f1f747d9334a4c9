/**
 * COPY's JSON format: a file of JSON objects or arrays (one after another, not one document),
 * read with 'auto' (keys match column names), 'auto ignorecase', or a JSONPaths expression per
 * column. A record that is not valid JSON is a load error; reading goes on at the next record.
 */
import {
  CR,
  ERR_COPY_COMMAND,
  ERR_INVALID_LINE,
  RAW_MAX,
  clip,
  countNewlines,
  type CopyFormat,
  type ReadError,
  type ReadResult,
} from './copyFormat.js';
import { parseJsonPath, type PathSeg } from './jsonPaths.js';
import { JsonReader, JsonSyntaxError, resyncAfter, type JNode } from './jsonReader.js';

/** The text from `start` to the end of its line (without the line break), clipped. */
function lineFrom(text: string, start: number): string {
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === CR) end--;
  return clip(text.slice(start, Math.min(end, start + RAW_MAX)));
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

/** Reads a JSON data file into rows of fields (one per column) and load errors. */
export function readJson(
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
