/**
 * COPY execution: finds the files (key prefix, or a manifest), decompresses GZIP, hands the
 * text to readCopyData.ts to split into fields, converts each field to its column's type with
 * COPY's own rules (not SQL casts: COPY has load error codes, truncates decimals unless
 * ROUNDEC, loads empty non-text fields as NULL), and logs failures like stl_load_errors.
 * All-or-nothing: the caller inserts the rows only if errors ≤ MAXERROR.
 */
import { gunzipSync } from 'fflate';
import { parseDate, parseTimestamp, roundTo, type SqlValue } from '../sql/types.js';
import type { CopyFormat } from './copyFormat.js';
import { parseJsonPaths } from './jsonPaths.js';
import { readCopyData } from './readCopyData.js';
import { RedshiftError } from './redshiftError.js';
import type { CopyOptions } from './statementAst.js';
import { redshiftTypeName, truncateBytes, type TableColumn } from './tables.js';
import { utf8Length } from '../util/utf8.js';

/**
 * Reads S3 objects for COPY. Called as a function to get one object; the optional `list`
 * returns the keys under a prefix (sorted). Without `list`, a COPY FROM names exactly one key.
 */
export interface ObjectReader {
  (bucket: string, key: string): { ok: true; body: Uint8Array } | { ok: false; code: string /* 'NoSuchBucket' | 'NoSuchKey' */; message: string };
  list?(bucket: string, prefix: string): string[];
}

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

export interface CopyOutcome {
  readonly rows: SqlValue[][];
  readonly errors: LoadErrorRow[];
  readonly commits: LoadCommitRow[];
}

const s3Error = (code: string): string =>
  code === 'NoSuchBucket'
    ? 'S3ServiceException:The specified bucket does not exist,Status 404,Error NoSuchBucket'
    : 'S3ServiceException:The specified key does not exist.,Status 404,Error NoSuchKey';

function parseUrl(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  if (!m) throw new RedshiftError('XX000', `Invalid S3 URL: ${url}. The URL must start with s3://`); // Unsure: exact text
  return { bucket: m[1]!, key: m[2]! };
}

function read(reader: ObjectReader, url: string): Uint8Array | { code: string } {
  const { bucket, key } = parseUrl(url);
  const r = reader(bucket, key);
  return r.ok ? r.body : { code: r.code };
}

/** The files a COPY reads, in order, with `mandatory` flags resolved. */
function listFiles(from: string, o: CopyOptions, reader: ObjectReader): string[] {
  if (o.manifest) {
    const body = read(reader, from);
    if (!(body instanceof Uint8Array)) throw new RedshiftError('XX000', `Problem reading manifest file - ${s3Error(body.code)}`);
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new RedshiftError('XX000', 'Manifest file is not in correct format');
    }
    const entries = (doc as { entries?: unknown }).entries;
    if (!Array.isArray(entries)) throw new RedshiftError('XX000', 'Manifest file is not in correct format');
    const files: string[] = [];
    for (const e of entries as { url?: unknown; mandatory?: unknown }[]) {
      if (typeof e?.url !== 'string') throw new RedshiftError('XX000', 'Manifest file is not in correct format');
      const got = read(reader, e.url);
      if (got instanceof Uint8Array) files.push(e.url);
      // Unsure: Redshift's wording for a missing mandatory manifest entry; it names the file.
      else if (e.mandatory === true) throw new RedshiftError('XX000', `${s3Error(got.code)},Manifest entry '${e.url}' is mandatory`);
    }
    return files;
  }
  const { bucket, key } = parseUrl(from);
  const keys = reader.list ? reader.list(bucket, key) : [key];
  const present = keys.filter((k) => reader(bucket, k).ok);
  if (present.length === 0) {
    const r = reader(bucket, key);
    if (!r.ok && r.code === 'NoSuchBucket') throw new RedshiftError('XX000', s3Error('NoSuchBucket'));
    throw new RedshiftError('XX000', `The specified S3 prefix '${key}' does not exist`);
  }
  return present.map((k) => `s3://${bucket}/${k}`);
}

function resolveFormat(o: CopyOptions, reader: ObjectReader, ncols: number): CopyFormat {
  if (o.format === 'json') {
    const j = o.json ?? 'auto';
    if (j.toLowerCase() === 'auto') return { kind: 'json', mode: 'auto' };
    if (j.toLowerCase() === 'auto ignorecase') return { kind: 'json', mode: 'auto ignorecase' };
    if (!j.startsWith('s3://')) throw new RedshiftError('XX000', `Invalid JSONPath format: ${j}`); // Unsure: exact text
    const body = read(reader, j);
    if (!(body instanceof Uint8Array)) throw new RedshiftError('XX000', `Problem reading JSONPaths file - ${s3Error(body.code)}`);
    const parsed = parseJsonPaths(new TextDecoder().decode(body));
    if (!parsed.ok) throw new RedshiftError('XX000', parsed.message);
    if (parsed.paths.length !== ncols) {
      throw new RedshiftError('XX000', `Number of jsonpaths and the number of columns should match. JSONPath size: ${parsed.paths.length}, Number of columns in table or column list: ${ncols}`);
    }
    return { kind: 'json', mode: { jsonpaths: parsed.paths } };
  }
  const csv = o.format === 'csv';
  return {
    kind: 'delimited', delimiter: o.delimiter ?? (csv ? ',' : '|'), csv, quote: o.quote ?? '"',
    escape: o.escape, removeQuotes: o.removeQuotes, fillRecord: o.fillRecord,
  };
}

type Converted = { ok: true; value: SqlValue } | { ok: false; code: number; reason: string; position?: number };

const TYPE_WORD: Record<string, string> = { smallint: 'Short', integer: 'Integer', bigint: 'Long', decimal: 'Decimal', real: 'Float', double: 'Double' };

/** Converts one field's text for `col`, as COPY does. */
export function convertField(text: string | null, col: TableColumn, o: CopyOptions, isJson: boolean): Converted {
  const t = col.type;
  const text_ = t.kind === 'char' || t.kind === 'varchar';
  if (text === null) return { ok: true, value: null };
  if (!isJson && text === (o.nullAs ?? '\\N')) return { ok: true, value: null };
  if (text_ && o.emptyAsNull && text === '') return { ok: true, value: null };
  if (text_ && o.blanksAsNull && text.trim() === '') return { ok: true, value: null };
  // Empty fields of non-character columns load as NULL (Redshift's rule for delimited data).
  if (!text_ && text.trim() === '') return { ok: true, value: null };
  switch (t.kind) {
    case 'char': case 'varchar': {
      let s = o.trimBlanks || t.kind === 'char' ? text.replace(/\s+$/, '') : text;
      if (t.length !== undefined && utf8Length(s) > t.length) {
        if (!o.truncateColumns) return { ok: false, code: 1204, reason: 'String length exceeds DDL length' };
        s = truncateBytes(s, t.length);
      }
      return { ok: true, value: s };
    }
    case 'smallint': case 'integer': case 'bigint': {
      const s = text.trim();
      const bad = firstBad(s, /^[+-]?\d+$/, /[0-9]/);
      if (bad !== undefined) return invalidDigit(text, bad, t.kind);
      const n = Number(s);
      const max = t.kind === 'smallint' ? 32767 : t.kind === 'integer' ? 2147483647 : Number.MAX_SAFE_INTEGER;
      // Unsure: the code/reason Redshift logs for an out-of-range integer.
      if (n > max || n < -max - 1) return { ok: false, code: 1216, reason: `Overflow, Value '${text}', Pos 0, Type: ${TYPE_WORD[t.kind]}` };
      return { ok: true, value: n };
    }
    case 'decimal': case 'real': case 'double': {
      const s = text.trim();
      const bad = firstBad(s, /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, /[0-9.eE]/);
      if (bad !== undefined) return { ...invalidDigit(text, bad, t.kind), code: t.kind === 'decimal' ? 1207 : 1208 };
      let n = Number(s);
      if (t.kind === 'decimal') {
        const scale = t.scale ?? 0;
        // COPY truncates extra fractional digits unless ROUNDEC.
        n = o.roundDec ? roundTo(n, scale) : Math.trunc(n * 10 ** scale + (n < 0 ? -1e-9 : 1e-9)) / 10 ** scale;
        if (Math.abs(n) >= 10 ** ((t.precision ?? 18) - scale)) return { ok: false, code: 1216, reason: `Overflow, Value '${text}', Pos 0, Type: Decimal` };
      }
      return { ok: true, value: n };
    }
    case 'boolean': {
      const b = BOOLS[text.trim().toLowerCase()];
      // Unsure: Redshift's reason text for a bad boolean.
      return b === undefined ? { ok: false, code: 1210, reason: `Invalid boolean value, Value '${text}', Type: Boolean` } : { ok: true, value: b };
    }
    case 'date': {
      const v = parseWithFormat(text.trim(), o.dateFormat, true);
      if (v !== undefined) return { ok: true, value: Math.floor(v / 86_400_000) * 86_400_000 };
      return { ok: false, code: 1205, reason: text.trim().length < 10 && !o.dateFormat ? 'Invalid Date Format - length must be 10 or more' : 'Invalid date format - Invalid digit encountered' };
    }
    case 'timestamp': case 'timestamptz': {
      const v = parseWithFormat(text.trim(), o.timeFormat, false);
      if (v !== undefined) return { ok: true, value: v };
      const fmt = o.timeFormat && !['auto', 'epochsecs', 'epochmillisecs'].includes(o.timeFormat.toLowerCase()) ? o.timeFormat : 'YYYY-MM-DD HH24:MI:SS';
      return { ok: false, code: 1206, reason: `Invalid timestamp format or value [${fmt}]` };
    }
    default:
      return { ok: true, value: text };
  }
}

const BOOLS: Record<string, boolean> = { t: true, true: true, '1': true, y: true, yes: true, on: true, f: false, false: false, '0': false, n: false, no: false, off: false };

function firstBad(s: string, whole: RegExp, allowed: RegExp): number | undefined {
  if (whole.test(s)) return undefined;
  for (let i = 0; i < s.length; i++) if (!allowed.test(s[i]!) && !(i === 0 && (s[i] === '-' || s[i] === '+'))) return i;
  return 0;
}

function invalidDigit(text: string, pos: number, kind: string): { ok: false; code: number; reason: string; position: number } {
  const ch = text.trim()[pos] ?? '';
  return { ok: false, code: 1207, reason: `Invalid digit, Value '${ch}', Pos ${pos}, Type: ${TYPE_WORD[kind] ?? kind}`, position: pos };
}

/** Parses a date/time field with DATEFORMAT/TIMEFORMAT ('auto', 'epochsecs', 'epochmillisecs' or a pattern). */
export function parseWithFormat(text: string, format: string | undefined, isDate: boolean): number | undefined {
  const f = format?.toLowerCase();
  if (f === 'epochsecs' || f === 'epochmillisecs') {
    if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return undefined;
    return Math.round(Number(text) * (f === 'epochsecs' ? 1000 : 1));
  }
  if (f === 'auto') return isDate ? parseDate(text) : parseTimestamp(text);
  if (format) return parsePattern(text, format);
  // Defaults: DATEFORMAT 'YYYY-MM-DD', TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' (fraction allowed; a date alone is midnight).
  if (isDate) return /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseDate(text) : undefined;
  return /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?)?$/.test(text) ? parseTimestamp(text) : undefined;
}

/** A Redshift datetime pattern (YYYY MM DD HH24 HH12 HH MI SS MS US, others literal) → epoch ms. */
function parsePattern(text: string, pattern: string): number | undefined {
  const fields: string[] = [];
  let re = '';
  const toks: [string, string][] = [['YYYY', '(\\d{4})'], ['YY', '(\\d{2})'], ['MM', '(\\d{1,2})'], ['DD', '(\\d{1,2})'], ['HH24', '(\\d{1,2})'], ['HH12', '(\\d{1,2})'], ['HH', '(\\d{1,2})'], ['MI', '(\\d{1,2})'], ['SS', '(\\d{1,2})'], ['MS', '(\\d{1,3})'], ['US', '(\\d{1,6})']];
  outer: for (let i = 0; i < pattern.length;) {
    for (const [tok, g] of toks) {
      if (pattern.toUpperCase().startsWith(tok, i)) {
        fields.push(tok);
        re += g;
        i += tok.length;
        continue outer;
      }
    }
    re += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  const m = new RegExp(`^${re}(?:\\.(\\d{1,6}))?$`).exec(text);
  if (!m) return undefined;
  const v: Record<string, number> = { YYYY: 1970, MM: 1, DD: 1, HH24: 0, MI: 0, SS: 0, MS: 0 };
  fields.forEach((f, i) => {
    const n = Number(m[i + 1]);
    if (f === 'YY') v.YYYY = 2000 + n;
    else if (f === 'HH' || f === 'HH12') v.HH24 = n;
    else if (f === 'US') v.MS = Math.floor(n / 1000);
    else v[f] = n;
  });
  const frac = m[fields.length + 1];
  if (frac) v.MS = Math.round(Number('0.' + frac) * 1000);
  if (v.MM! < 1 || v.MM! > 12 || v.DD! < 1 || v.DD! > 31 || v.HH24! > 23 || v.MI! > 59 || v.SS! > 59) return undefined;
  return Date.UTC(v.YYYY!, v.MM! - 1, v.DD!, v.HH24!, v.MI!, v.SS!, v.MS!);
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
    let body = read(ctx.readObject, url) as Uint8Array;
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
    const base = { userid: ctx.userid, slice: 0, tbl: ctx.tableId, starttime: ctx.now, session: ctx.session, query: ctx.query, filename: url };
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
      const row: SqlValue[] = ctx.defaults.map((d) => d());
      let failed = false;
      for (let i = 0; i < targetCols.length && !failed; i++) {
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
        failed = true;
      }
      if (!failed) {
        const missing = ctx.columns.findIndex((c, i) => c.notNull && row[i] === null);
        if (missing >= 0) {
          const col = ctx.columns[missing]!;
          errors.push({ ...base, line_number: r.line, colname: col.name, type: redshiftTypeName(col.type), col_length: colLength(col), position: 0, raw_line: r.raw, raw_field_value: '', err_code: 1213, err_reason: 'Missing data for not-null field' });
          failed = true;
        }
      }
      if (failed) fileErrors++;
      else rows.push(row);
    }
    commits.push({ userid: ctx.userid, query: ctx.query, slice: 0, name: url, filename: url, byte_offset: 0, lines_scanned: read_.rows.length + read_.errors.length, errors: fileErrors, curtime: ctx.now, status: 1 });
  }
  return { rows, errors, commits };
}

const colLength = (c: TableColumn): string => (c.type.kind === 'decimal' ? `${c.type.precision ?? 18} ${c.type.scale ?? 0}` : c.type.length !== undefined ? String(c.type.length) : '0');
