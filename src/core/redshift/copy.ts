/**
 * COPY execution: finds the files (key prefix, or a manifest; copyFiles.ts), decompresses GZIP,
 * hands the text to readCopyData.ts to split into fields, converts each field to its column's type
 * with COPY's own rules (convertField.ts), and logs failures like stl_load_errors.
 * All-or-nothing: the caller inserts the rows only if errors ≤ MAXERROR.
 */
import { gunzipSync } from 'fflate';
import type { SqlValue } from '../sql/types.js';
import { convertField } from './convertField.js';
import { listFiles, readUrl, resolveFormat, type ObjectReader } from './copyFiles.js';
import type { ReadRow } from './copyFormat.js';
import { readCopyData } from './readCopyData.js';
import { RedshiftError } from './redshiftError.js';
import type { CopyOptions } from './statementAst.js';
import { redshiftTypeName, type TableColumn } from './tables.js';

/** A row of stl_load_errors (column order = the system table's). */
export interface LoadErrorRow {
  userid: number; slice: number; tbl: number; starttime: number; session: number; query: number; filename: string;
  line_number: number; colname: string; type: string; col_length: string; position: number; raw_line: string;
  raw_field_value: string; err_code: number; err_reason: string;
}

/** A row of stl_load_commits. */
export interface LoadCommitRow {
  userid: number; query: number; slice: number; name: string; filename: string; byte_offset: number;
  lines_scanned: number; errors: number; curtime: number; status: number;
}

/** What a COPY needs of its database: the reader, the clock and ids, the target table. */
export interface CopyContext {
  readonly readObject: ObjectReader;
  readonly now: number;
  readonly query: number;
  readonly userid: number;
  readonly session: number;
  readonly tableId: number;
  readonly tableName: string;
  /** Table columns; `targets` are indexes of the COPY column list into them. */
  readonly columns: readonly TableColumn[];
  readonly targets: readonly number[];
  /** Values of the non-target columns (their DEFAULT, else NULL). */
  readonly defaults: readonly (() => SqlValue)[];
}

/** What a COPY produced, for the caller to insert and log. */
export interface CopyOutcome {
  readonly rows: SqlValue[][];
  readonly errors: LoadErrorRow[];
  readonly commits: LoadCommitRow[];
}

/** Runs the load; returns rows to insert, error rows and commit rows. Throws RedshiftError for command-level failures. */
export function runCopy(from: string, o: CopyOptions, ctx: CopyContext): CopyOutcome {
  const targetCols = ctx.targets.map((i) => ctx.columns[i]!);
  const format = resolveFormat(o, ctx.readObject, targetCols.length);
  const files = listFiles(from, o, ctx.readObject);
  const rows: SqlValue[][] = [];
  const errors: LoadErrorRow[] = [];
  const commits: LoadCommitRow[] = [];
  const isJson = format.kind === 'json';
  for (const url of files) {
    let body = readUrl(ctx.readObject, url) as Uint8Array;
    if (o.gzip) {
      try {
        body = gunzipSync(body);
      } catch {
        // Unsure: Redshift's text for a file that is not gzip.
        throw new RedshiftError('XX000', `gzip: invalid compressed data in file ${url}`);
      }
    }
    let text = new TextDecoder().decode(body);
    if (o.acceptInvChars !== undefined) text = text.replace(/\uFFFD/g, o.acceptInvChars);
    const read_ = readCopyData(text, format, targetCols.map((c) => c.name), { ignoreHeader: o.ignoreHeader });
    const base: LoadErrorBase = { userid: ctx.userid, slice: 0, tbl: ctx.tableId, starttime: ctx.now, session: ctx.session, query: ctx.query, filename: url };
    let fileErrors = 0;
    for (const e of read_.errors) {
      fileErrors++;
      const col = e.column ? ctx.columns.find((c) => c.name === e.column) : undefined;
      errors.push({
        ...base, line_number: e.line, colname: e.column ?? '', type: col ? redshiftTypeName(col.type) : '', col_length: col ? colLength(col) : '',
        position: e.position ?? 0, raw_line: e.raw, raw_field_value: '', err_code: e.code, err_reason: e.reason,
      });
    }
    for (const r of read_.rows) {
      const row = loadRow(r, o, ctx, targetCols, isJson, base, errors);
      if (row === undefined) fileErrors++;
      else rows.push(row);
    }
    commits.push({ userid: ctx.userid, query: ctx.query, slice: 0, name: url, filename: url, byte_offset: 0, lines_scanned: read_.rows.length + read_.errors.length, errors: fileErrors, curtime: ctx.now, status: 1 });
  }
  return { rows, errors, commits };
}

/** The stl_load_errors columns shared by every error of one file. */
type LoadErrorBase = Pick<LoadErrorRow, 'userid' | 'slice' | 'tbl' | 'starttime' | 'session' | 'query' | 'filename'>;

/** One read row converted into a table row, or undefined after logging its (first) error. */
function loadRow(
  r: ReadRow, o: CopyOptions, ctx: CopyContext, targetCols: readonly TableColumn[], isJson: boolean, base: LoadErrorBase, errors: LoadErrorRow[],
): SqlValue[] | undefined {
  const row: SqlValue[] = ctx.defaults.map((d) => d());
  for (let i = 0; i < targetCols.length; i++) {
    const col = targetCols[i]!;
    const field = r.fields[i] ?? null;
    const c = convertField(field, col, o, isJson);
    if (c.ok && !(c.value === null && col.notNull)) {
      row[ctx.targets[i]!] = c.value;
      continue;
    }
    const err = c.ok ? { code: 1213, reason: 'Missing data for not-null field', position: 0 } : c;
    errors.push({
      ...base, line_number: r.line, colname: col.name, type: redshiftTypeName(col.type), col_length: colLength(col),
      position: err.position ?? 0, raw_line: r.raw, raw_field_value: (field ?? '').slice(0, 1024), err_code: err.code, err_reason: err.reason,
    });
    return undefined;
  }
  const missing = ctx.columns.findIndex((c, i) => c.notNull && row[i] === null);
  if (missing >= 0) {
    const col = ctx.columns[missing]!;
    errors.push({ ...base, line_number: r.line, colname: col.name, type: redshiftTypeName(col.type), col_length: colLength(col), position: 0, raw_line: r.raw, raw_field_value: '', err_code: 1213, err_reason: 'Missing data for not-null field' });
    return undefined;
  }
  return row;
}

const colLength = (c: TableColumn): string => (c.type.kind === 'decimal' ? `${c.type.precision ?? 18} ${c.type.scale ?? 0}` : c.type.length !== undefined ? String(c.type.length) : '0');
