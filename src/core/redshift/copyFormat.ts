/**
 * How COPY reads a data file into fields (the data-format half of Redshift's COPY): the
 * default pipe-delimited text, DELIMITER / CSV, and JSON ('auto', 'auto ignorecase', a
 * JSONPaths file). Turning a field's text into a column's type is the database's job
 * (database.ts); the readers only split the bytes into rows of fields, or say why a line
 * could not be split (Redshift's stl_load_errors codes and reasons).
 *
 * This module holds the format types and what every reader shares; it imports nothing, so the
 * readers (readText.ts, readCsv.ts, readJson.ts) and their dispatcher (readCopyData.ts) can all
 * depend on it without an import cycle.
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

/** What a reader makes of one file: the rows it could split and the lines it could not. */
export interface ReadResult {
  readonly rows: ReadRow[];
  readonly errors: ReadError[];
}

/** The delimited formats (default text and CSV), which share the column-count rules. */
export type DelimitedFormat = Extract<CopyFormat, { kind: 'delimited' }>;

// ---------------------------------------------------------------------------------------
// Shared by the readers
// ---------------------------------------------------------------------------------------

/** stl_load_errors.raw_line keeps the first 1024 characters. */
export const RAW_MAX = 1024;

/** Redshift load error codes used here (docs: "Load error reference"). */
export const ERR_EXTRA_COLUMNS = 1202;
export const ERR_DELIMITER_NOT_FOUND = 1214;
export const ERR_INVALID_LINE = 1216;
// Unsure: the docs list 8001 only for MANIFEST paths, but COPY's own "Number of jsonpaths and
// the number of columns should match" / JSONPath errors are reported with code 8001 in practice.
export const ERR_COPY_COMMAND = 8001;

/** Character codes the readers compare against (charCodeAt keeps the scans allocation-free). */
export const NL = 10;
export const CR = 13;
export const BACKSLASH = 92;
export const DQUOTE = 34;

/** A raw line cut to what stl_load_errors.raw_line keeps. */
export function clip(s: string): string {
  return s.length > RAW_MAX ? s.slice(0, RAW_MAX) : s;
}

/** Line breaks in text[from, to) — a bounded loop (indexOf would run past `to` to the file's end). */
export function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === NL) n++;
  return n;
}
