/**
 * JSONPaths for COPY's JSON format: Redshift's subset of JSONPath (`$`, `.name`, `['name']`,
 * `[n]`), checked when the JSONPaths file is read and again when the expressions are applied.
 */

/** One step of a parsed JSONPath: a member name or an array index. */
export type PathSeg = string | number;

/**
 * One JSONPath expression of Redshift's subset: `$` then `.name`, `['name']` / `["name"]`
 * or `[n]` steps. No wildcards, filters, recursive descent, slices or unions.
 */
export function parseJsonPath(path: string): { ok: true; segs: PathSeg[] } | { ok: false; message: string } {
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
