/**
 * COPY's data-format entry point: picks the reader for a file's format. The readers live one a
 * file (readText.ts, readCsv.ts, readJson.ts); the format types are in copyFormat.ts.
 */
import type { CopyFormat, CopyReadOptions, ReadResult } from './copyFormat.js';
import { readCsv } from './readCsv.js';
import { readJson } from './readJson.js';
import { readText } from './readText.js';

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
