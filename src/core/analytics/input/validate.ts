/**
 * Checks of a SourceSchema the way CreateApplication / AddApplicationInput reject a bad one with
 * InvalidArgumentException. Constraints from the API model (botocore kinesisanalytics 2015-08-14):
 * RecordColumns 1..1000, SqlType and delimiters and RecordRowPath min length 1, RecordEncoding
 * "UTF-8"; Name pattern `[a-zA-Z_][a-zA-Z0-9_]*` (dev/API_RecordColumn.html); Mapping required for
 * JSON; JSONPath limits from dev/about-json-path.html (one `[0:]` level, one flattened array).
 * Unsure: the message texts are the simulator's own — AWS's wording for these is not published.
 */
import type { SourceSchema } from './types.js';
import { parseSqlType } from './sqlType.js';
import { parseJsonPath, type PathSegment } from './jsonPath.js';

const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const MAX_RECORD_COLUMNS = 1000;

/** The first problem with `schema` as an InvalidArgumentException message, or undefined if valid. */
export function validateSchema(schema: SourceSchema): string | undefined {
  const cols = schema.RecordColumns;
  if (!Array.isArray(cols) || cols.length < 1 || cols.length > MAX_RECORD_COLUMNS) {
    return `RecordColumns must have between 1 and ${MAX_RECORD_COLUMNS} columns.`;
  }
  if (schema.RecordEncoding !== undefined && schema.RecordEncoding !== 'UTF-8') {
    return `Unsupported RecordEncoding ${String(schema.RecordEncoding)}; only UTF-8 is supported.`;
  }
  const fmt = schema.RecordFormat;
  if (fmt?.RecordFormatType !== 'JSON' && fmt?.RecordFormatType !== 'CSV') {
    return 'RecordFormatType must be JSON or CSV.';
  }
  const seen = new Set<string>();
  for (const c of cols) {
    if (typeof c.Name !== 'string' || !NAME_RE.test(c.Name)) {
      return `Invalid column name ${JSON.stringify(c.Name)}: it must match [a-zA-Z_][a-zA-Z0-9_]*.`;
    }
    // Unsure: duplicate names are rejected here (SQL cannot address two columns of one name).
    if (seen.has(c.Name.toUpperCase())) return `Duplicate column name ${c.Name}.`;
    seen.add(c.Name.toUpperCase());
    if (typeof c.SqlType !== 'string' || !parseSqlType(c.SqlType)) {
      return `Invalid SqlType ${JSON.stringify(c.SqlType)} for column ${c.Name}.`;
    }
  }
  return fmt.RecordFormatType === 'JSON' ? validateJson(schema) : validateCsv(schema);
}

function validateJson(schema: SourceSchema): string | undefined {
  const rowPath = schema.RecordFormat.MappingParameters?.JSONMappingParameters?.RecordRowPath;
  if (rowPath !== undefined && (!parseJsonPath(rowPath) || /\s/.test(rowPath))) {
    return `Invalid RecordRowPath ${JSON.stringify(rowPath)}.`;
  }
  let flattened: string | undefined;
  for (const c of schema.RecordColumns) {
    if (c.Mapping === undefined || c.Mapping === '') return `Mapping is required for column ${c.Name} of a JSON record format.`;
    const path = parseJsonPath(c.Mapping);
    if (!path) return `Invalid Mapping ${JSON.stringify(c.Mapping)} for column ${c.Name}.`;
    const alls = path.filter((s) => s.kind === 'all').length;
    if (alls > 1) return `Mapping ${c.Mapping} of column ${c.Name}: only one level of array dereferencing is supported.`;
    const split = explodeSplit(path);
    if (split) {
      const prefix = JSON.stringify(split.prefix);
      if (flattened !== undefined && flattened !== prefix) return 'Only one array can be flattened in a schema.';
      flattened = prefix;
    }
  }
  return undefined;
}

function validateCsv(schema: SourceSchema): string | undefined {
  const p = schema.RecordFormat.MappingParameters?.CSVMappingParameters;
  if (p && (!p.RecordRowDelimiter || !p.RecordColumnDelimiter)) {
    return 'RecordRowDelimiter and RecordColumnDelimiter must not be empty.';
  }
  return undefined;
}

/** For `$.arr[0:].x` (an array flattened into rows): prefix `$.arr` and suffix `.x`; else undefined. */
export function explodeSplit(path: readonly PathSegment[]): { prefix: PathSegment[]; suffix: PathSegment[] } | undefined {
  const at = path.findIndex((s) => s.kind === 'all');
  if (at < 0 || at === path.length - 1) return undefined;
  return { prefix: path.slice(0, at), suffix: path.slice(at + 1) };
}
