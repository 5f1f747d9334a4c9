/**
 * Mapping of source records to in-application rows: what Kinesis Data Analytics does between the
 * streaming source (or the S3 reference object) and the in-application input stream/table.
 * JSON: JSONPath per column (dev/about-json-path.html), `[0:].x` flattens one array into several
 * rows, non-array values repeated on each; CSV: rows split on RecordRowDelimiter, columns taken
 * positionally (dev/sch-mapping.html: trailing columns may be dropped, middle ones not skipped).
 * Values are coerced per dev/sch-mapping.html "Mapping JSON Data Types to SQL Data Types".
 */
import type { SourceSchema } from './types.js';
import { parseSqlType, type SqlType } from './sqlType.js';
import { coerce, type SqlValue } from './coerce.js';
import { evaluatePath, parseJsonDocuments, parseJsonPath, type PathSegment } from './jsonPath.js';
import { explodeSplit, validateSchema } from './validate.js';

export { parseSqlType, formatSqlType, type SqlType } from './sqlType.js';
export { validateSchema } from './validate.js';
export type { RecordColumn, RecordFormat, SourceSchema } from './types.js';

export type MappingResult = { rows: unknown[][] } | { error: { name: string; message: string } };

// Unsure: AWS's ERROR_NAME texts (VARCHAR(32)) for these cases are not published; the docs call the
// second case a "coercion error" (dev/error-handling.html).
export const PARSE_ERROR = 'Parse error';
export const COERCION_ERROR = 'Coercion error';
export const SCHEMA_ERROR = 'Schema error';

interface Column { readonly name: string; readonly sqlType: string; readonly type: SqlType }

const decoder = new TextDecoder('utf-8');

/** Compile `schema` into a function from one record's bytes to its rows (in RecordColumns order). */
export function compileMapping(schema: SourceSchema): (record: Uint8Array) => MappingResult {
  const invalid = validateSchema(schema);
  if (invalid) return () => ({ error: { name: SCHEMA_ERROR, message: invalid } });
  const columns: Column[] = schema.RecordColumns.map((c) => ({ name: c.Name, sqlType: c.SqlType, type: parseSqlType(c.SqlType)! }));
  return schema.RecordFormat.RecordFormatType === 'JSON' ? compileJson(schema, columns) : compileCsv(schema, columns);
}

function coercionError(col: Column, value: unknown, reason: string): MappingResult {
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return { error: { name: COERCION_ERROR, message: `Cannot coerce ${shown} to ${col.sqlType} for column "${col.name}": ${reason}` } };
}

/** Coerce one row of raw values, or report the first value that does not fit. */
function coerceRow(columns: readonly Column[], raw: readonly unknown[]): SqlValue[] | MappingResult {
  const out: SqlValue[] = [];
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!;
    const r = coerce(raw[i], col.type);
    if (!r.ok) return coercionError(col, raw[i], r.reason);
    out.push(r.value);
  }
  return out;
}

function compileJson(schema: SourceSchema, columns: readonly Column[]): (record: Uint8Array) => MappingResult {
  const rowPath = parseJsonPath(schema.RecordFormat.MappingParameters?.JSONMappingParameters?.RecordRowPath ?? '$')!;
  const paths = schema.RecordColumns.map((c) => parseJsonPath(c.Mapping!)!);
  const splits = paths.map(explodeSplit);
  const flat = splits.find((s) => s !== undefined)?.prefix;
  return (record) => {
    const docs = parseJsonDocuments(decoder.decode(record));
    if (!docs) return { error: { name: PARSE_ERROR, message: 'Record is not valid JSON' } };
    const rows: unknown[][] = [];
    for (const doc of docs) {
      // Unsure: AWS does not say what a JSON scalar record does; it cannot hold named elements, so
      // it is treated as a record that "does not conform to the input schema".
      if (doc === null || typeof doc !== 'object') return { error: { name: PARSE_ERROR, message: 'Record is not a JSON object or array' } };
      for (const ctx of rowContexts(doc, rowPath)) {
        for (const raw of rawRows(ctx, paths, splits, flat)) {
          const row = coerceRow(columns, raw);
          if (!Array.isArray(row)) return row;
          rows.push(row);
        }
      }
    }
    return { rows };
  };
}

/**
 * The row roots a RecordRowPath selects: `$` → the document; a `[0:]` step → each element.
 * Unsure: column Mappings are resolved against each row root (AWS: RecordRowPath is "the path to the
 * top-level parent that contains the records"); a path that resolves to nothing gives no rows.
 */
function rowContexts(doc: unknown, path: readonly PathSegment[]): unknown[] {
  let current: unknown[] = [doc];
  let pending: PathSegment[] = [];
  for (const s of path) {
    if (s.kind !== 'all') { pending.push(s); continue; }
    const steps = pending;
    current = current.flatMap((v) => {
      const arr = evaluatePath(v, steps);
      return Array.isArray(arr) ? arr : [];
    });
    pending = [];
  }
  return current.map((v) => evaluatePath(v, pending)).filter((v) => v !== undefined);
}

/** The raw (uncoerced) rows of one row root, flattening the one `[0:].x` array if any. */
function rawRows(
  ctx: unknown, paths: readonly PathSegment[][],
  splits: readonly ({ prefix: PathSegment[]; suffix: PathSegment[] } | undefined)[], flat: PathSegment[] | undefined,
): unknown[][] {
  if (!flat) return [paths.map((p) => evaluatePath(ctx, p))];
  const arr = evaluatePath(ctx, flat);
  // "An array is always flattened to at least one row": empty or missing → one row, nulls there.
  const elements: unknown[] = Array.isArray(arr) && arr.length > 0 ? arr : [undefined];
  return elements.map((el) => paths.map((p, i) => {
    const sp = splits[i];
    return sp ? (el === undefined ? undefined : evaluatePath(el, sp.suffix)) : evaluatePath(ctx, p);
  }));
}

function compileCsv(schema: SourceSchema, columns: readonly Column[]): (record: Uint8Array) => MappingResult {
  const p = schema.RecordFormat.MappingParameters?.CSVMappingParameters;
  const rowDelim = p?.RecordRowDelimiter ?? '\n', colDelim = p?.RecordColumnDelimiter ?? ',';
  return (record) => {
    const rows: unknown[][] = [];
    for (const line of splitLines(decoder.decode(record), rowDelim)) {
      const fields = line.split(colDelim);
      // Missing trailing fields are NULL; extra fields are ignored. Unsure: an empty field is NULL for
      // non-character columns and '' for CHAR/VARCHAR (AWS does not say).
      const raw = columns.map((c, i) => {
        const f = fields[i];
        return f === '' && c.type.base !== 'CHAR' && c.type.base !== 'VARCHAR' ? null : f;
      });
      const row = coerceRow(columns, raw);
      if (!Array.isArray(row)) return row;
      rows.push(row);
    }
    return { rows };
  };
}

/** Split on the row delimiter, tolerating a `\r` before `\n` and skipping empty lines. */
export function splitLines(text: string, delimiter: string): string[] {
  return text.split(delimiter)
    .map((l) => (delimiter === '\n' && l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l !== '');
}
