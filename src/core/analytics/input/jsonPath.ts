/**
 * The JSONPath subset Kinesis Data Analytics accepts in RecordRowPath and column Mappings
 * (dev/about-json-path.html): `$`, `$.a`, `$.a.b`, `$["key with space"]`, `$.arr[0]`, and `[0:]`
 * ("all elements" — the only wildcard AWS supports). Paths are case-sensitive; a missing element
 * evaluates to undefined (the mapping turns it into NULL).
 */
import { endOfJsonContainer } from '../../util/jsonScan.js';

export type PathSegment =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' };

/** Parse a JSONPath of the subset; undefined when it is not one. */
export function parseJsonPath(text: string): PathSegment[] | undefined {
  if (!text.startsWith('$')) return undefined;
  const out: PathSegment[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const m = /^[^.[\]\s]+/.exec(text.slice(i + 1));
      if (!m) return undefined;
      out.push({ kind: 'key', name: m[0] });
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = text.slice(i);
      const quoted = /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/.exec(rest);
      const index = /^\[\s*(\d+)\s*\]/.exec(rest);
      const all = /^\[\s*0\s*:\s*\]/.exec(rest);
      if (quoted) {
        out.push({ kind: 'key', name: (quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1') });
        i += quoted[0].length;
      } else if (all) {
        out.push({ kind: 'all' });
        i += all[0].length;
      } else if (index) {
        out.push({ kind: 'index', index: Number(index[1]) });
        i += index[0].length;
      } else return undefined;
    } else return undefined;
  }
  return out;
}

/** The value at `path` (which must hold no `[0:]`), or undefined when it is missing. */
export function evaluatePath(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const s of path) {
    if (s.kind === 'key') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(v, s.name)) return undefined;
      v = (v as Record<string, unknown>)[s.name];
    } else if (s.kind === 'index') {
      if (!Array.isArray(v) || s.index >= v.length) return undefined;
      v = v[s.index];
    } else {
      // `[0:]` as the last step returns the whole array as one value (about-json-path.html).
      if (!Array.isArray(v)) return undefined;
    }
  }
  return v;
}

/** Render a path back, e.g. for discovered Mappings: `$.a.b`, `$["odd key"]`, `$.arr[0:]`. */
export function formatJsonPath(path: readonly PathSegment[]): string {
  let s = '$';
  for (const p of path) {
    if (p.kind === 'all') s += '[0:]';
    else if (p.kind === 'index') s += `[${p.index}]`;
    else s += /^[A-Za-z0-9_$-]+$/.test(p.name) ? `.${p.name}` : `[${JSON.stringify(p.name)}]`;
  }
  return s;
}

/**
 * Parse one record's text as JSON — a single document, or several concatenated/newline-separated
 * objects or arrays (a Lambda preprocessor may return "several JSON docs" in one record, and an S3
 * reference object is usually JSON lines). Undefined when the text is not JSON.
 */
export function parseJsonDocuments(text: string): unknown[] | undefined {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    // fall through: maybe several documents
  }
  const docs: unknown[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const end = endOfJsonContainer(text, i);
    if (end < 0) return undefined;
    try {
      docs.push(JSON.parse(text.slice(i, end)) as unknown);
    } catch {
      return undefined;
    }
    i = end;
  }
  return docs.length > 1 ? docs : undefined;
}

