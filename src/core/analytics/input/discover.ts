/**
 * Schema discovery from sample records — DiscoverInputSchema, and the console's "Discover schema"
 * (dev/sch-dis.html, dev/sch-dis-ref.html). Returns the inferred SourceSchema with the samples as
 * the API returns them: RawInputRecords (`raw`, the decoded records) and ParsedInputRecords
 * (`parsed`, one string array per row, null where a value does not fit its column — the header row
 * of the CSV example in sch-dis-ref.html comes back as [null, null, "state", …]).
 */
import type { RecordColumn, SourceSchema } from './types.js';
import { parseJsonDocuments, evaluatePath, formatJsonPath, type PathSegment } from './jsonPath.js';
import { ColumnStats, jsonKind, textKind } from './infer.js';
import { suggestColumnName, uniqueNames } from './names.js';
import { parseSqlType } from './sqlType.js';
import { coerce } from './coerce.js';
import { splitLines } from './mapping.js';

export type { RecordColumn, RecordFormat, SourceSchema } from './types.js';

export type DiscoverResult =
  | { ok: true; schema: SourceSchema; parsed: (string | null)[][]; raw: string[] }
  | { ok: false; error: { __type: 'UnableToDetectSchemaException'; message: string }; raw: string[] };

// Unsure: AWS's message texts for UnableToDetectSchemaException are not published.
const fail = (raw: string[], message: string): DiscoverResult =>
  ({ ok: false, error: { __type: 'UnableToDetectSchemaException', message }, raw });

const decoder = new TextDecoder('utf-8');

/** Infer a SourceSchema from sample records (JSON objects, or delimited text). */
export function discoverSchema(samples: readonly Uint8Array[]): DiscoverResult {
  const raw = samples.map((s) => decoder.decode(s));
  if (raw.every((r) => r.trim() === '')) return fail(raw, 'No records were found to infer a schema from.');
  const docs = raw.map((r) => parseJsonDocuments(r));
  if (docs.every((d) => d !== undefined)) {
    const all = docs.flatMap((d) => d!);
    if (all.every(isObject)) return discoverJson(raw, all, '$');
    // A record that is a JSON array of objects: its elements are the rows.
    if (all.every((d) => Array.isArray(d) && d.every(isObject))) return discoverJson(raw, (all as unknown[][]).flat(), '$[0:]');
    return fail(raw, 'The JSON sample records are not objects, so no columns could be inferred.');
  }
  if (docs.some((d) => d !== undefined && d.some((x) => x !== null && typeof x === 'object'))) {
    return fail(raw, 'The sample records mix JSON and non-JSON data.');
  }
  return discoverCsv(raw);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Found { path: PathSegment[]; key: string; stats: ColumnStats }

function discoverJson(raw: string[], rows: unknown[], rowPath: string): DiscoverResult {
  const found = new Map<string, Found>();
  const visit = (obj: Record<string, unknown>, base: PathSegment[]) => {
    for (const [key, v] of Object.entries(obj)) {
      const path: PathSegment[] = [...base, { kind: 'key', name: key }];
      // Unsure: nested objects become one column per leaf, named after the leaf key, mapped with
      // the full path ($.a.b); arrays become one VARCHAR column of their JSON text ($.arr[0:]).
      if (isObject(v) && Object.keys(v).length > 0) { visit(v, path); continue; }
      if (Array.isArray(v)) path.push({ kind: 'all' });
      const mapping = formatJsonPath(path);
      let f = found.get(mapping);
      if (!f) found.set(mapping, (f = { path, key, stats: new ColumnStats() }));
      f.stats.add(jsonKind(v), textOf(v) ?? '');
    }
  };
  for (const r of rows) visit(r as Record<string, unknown>, []);
  if (found.size === 0) return fail(raw, 'The sample records hold no fields to infer columns from.');
  const list = [...found.values()];
  const names = uniqueNames(list.map((f, i) => suggestColumnName(f.key, i)));
  const columns: RecordColumn[] = list.map((f, i) => ({ Name: names[i]!, Mapping: formatJsonPath(f.path), SqlType: f.stats.sqlType() }));
  const parsed = rows.map((r) => list.map((f, i) => fitted(evaluatePath(r, f.path), columns[i]!.SqlType)));
  const schema: SourceSchema = {
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: rowPath } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns,
  };
  return { ok: true, schema, parsed, raw };
}

// Unsure: AWS documents only comma-separated discovery; tab, pipe and semicolon are tried after it.
const COLUMN_DELIMITERS = [',', '\t', '|', ';'] as const;

function discoverCsv(raw: string[]): DiscoverResult {
  // sch-dis-ref.html: a file with CRLF line ends is discovered with RecordRowDelimiter "\r\n".
  const rowDelim = raw.some((r) => r.includes('\r\n')) ? '\r\n' : '\n';
  const lines = raw.flatMap((r) => splitLines(r, rowDelim));
  const colDelim = pickDelimiter(lines);
  if (!colDelim) return fail(raw, 'Unable to detect a record format: the samples are neither JSON nor delimited text.');
  const table = lines.map((l) => l.split(colDelim));
  const width = Math.max(...table.map((r) => r.length));
  const header = hasHeader(table, width);
  const data = header ? table.slice(1) : table;
  const stats = Array.from({ length: width }, () => new ColumnStats());
  for (const r of data) r.forEach((f, i) => stats[i]!.add(textKind(f), f));
  // Unsure: headerless columns are named COL_0, COL_1… (the COL_# form of sch-dis.html).
  const names = uniqueNames(stats.map((_, i) => (header ? suggestColumnName(table[0]![i] ?? '', i) : `COL_${i}`)));
  const columns: RecordColumn[] = stats.map((s, i) => ({ Name: names[i]!, SqlType: s.sqlType() }));
  const parsed = table.map((r) => columns.map((c, i) => fitted(r[i] === '' ? null : r[i], c.SqlType)));
  const schema: SourceSchema = {
    RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: rowDelim, RecordColumnDelimiter: colDelim } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns,
  };
  return { ok: true, schema, parsed, raw };
}

/** The first delimiter that splits every line into the same number (≥ 2) of fields; else ',' if it splits any. */
function pickDelimiter(lines: readonly string[]): string | undefined {
  if (lines.length === 0) return undefined;
  for (const d of COLUMN_DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length);
    if (counts[0]! >= 2 && counts.every((c) => c === counts[0])) return d;
  }
  return lines.some((l) => l.includes(',')) ? ',' : undefined;
}

/**
 * A first line is a header when the data below has at least one non-text column and the first line
 * is all non-empty text (the sch-dis-ref.html example: "year,month,…" above numbers).
 * Unsure: AWS's heuristic is not documented; an all-text file is read as headerless.
 */
function hasHeader(table: readonly string[][], width: number): boolean {
  if (table.length < 2) return false;
  const first = table[0]!;
  if (first.length !== width || first.some((f) => textKind(f) !== 'VARCHAR')) return false;
  for (let i = 0; i < width; i++) {
    const s = new ColumnStats();
    for (const r of table.slice(1)) s.add(textKind(r[i] ?? ''), r[i] ?? '');
    if (s.kinds.size > 0 && !s.sqlType().startsWith('VARCHAR')) return true;
  }
  return false;
}

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The value's text when it fits the column's type, else null (as ParsedInputRecords shows it). */
function fitted(v: unknown, sqlType: string): string | null {
  const t = parseSqlType(sqlType);
  if (v === null || v === undefined || !t || !coerce(v, t).ok) return null;
  return textOf(v);
}
