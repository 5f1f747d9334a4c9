/**
 * COPY's default text format (DELIMITER, ESCAPE, REMOVEQUOTES, FILLRECORD), and the row rules
 * the CSV reader shares with it: IGNOREHEADER and the column-count checks.
 */
import {
  BACKSLASH,
  CR,
  DQUOTE,
  ERR_DELIMITER_NOT_FOUND,
  ERR_EXTRA_COLUMNS,
  NL,
  RAW_MAX,
  clip,
  type CopyReadOptions,
  type DelimitedFormat,
  type ReadResult,
} from './copyFormat.js';

/** Position just after the first `n` lines, and the 1-based number of the next line. */
export function skipHeader(text: string, n: number): { pos: number; line: number } {
  let pos = 0;
  let line = 1;
  for (let i = 0; i < n && pos < text.length; i++) {
    const nl = text.indexOf('\n', pos);
    pos = nl === -1 ? text.length : nl + 1;
    line++;
  }
  return { pos, line };
}

/** Applies the column-count rules to a finished row; pushes a row or an error. */
export function finishRow(
  fields: string[],
  fieldStarts: number[],
  rowStart: number,
  rawEnd: number,
  line: number,
  text: string,
  fmt: DelimitedFormat,
  columns: readonly string[],
  out: ReadResult,
): void {
  const raw = clip(text.slice(rowStart, Math.min(rawEnd, rowStart + RAW_MAX)));
  if (fields.length > columns.length) {
    out.errors.push({
      line,
      raw,
      code: ERR_EXTRA_COLUMNS,
      reason: 'Extra column(s) found',
      position: (fieldStarts[columns.length] ?? rowStart) - rowStart,
    });
    return;
  }
  if (fields.length < columns.length) {
    if (!fmt.fillRecord) {
      out.errors.push({
        line,
        raw,
        code: ERR_DELIMITER_NOT_FOUND,
        reason: 'Delimiter not found',
        column: columns[fields.length],
        position: rawEnd - rowStart,
      });
      return;
    }
    // FILLRECORD (docs, "Data conversion parameters"): the missing trailing columns are
    // loaded as NULLs, except that for text and CSV a VARCHAR/CHAR column gets a
    // zero-length string (EMPTYASNULL turns those into NULL). So the reader supplies ''
    // and the database's usual empty-field rules (EMPTYASNULL, non-character column
    // → NULL) decide. Unsure: whether a non-character column's '' is NULL is database.ts's call.
    while (fields.length < columns.length) fields.push('');
  }
  out.rows.push({ line, raw, fields });
}

/** Default text format: delimiter, ESCAPE, REMOVEQUOTES, FILLRECORD. */
export function readText(
  text: string,
  fmt: DelimitedFormat,
  columns: readonly string[],
  opts: CopyReadOptions,
): ReadResult {
  const out: ReadResult = { rows: [], errors: [] };
  const delim = fmt.delimiter.charCodeAt(0);
  const len = text.length;
  let { pos, line } = skipHeader(text, opts.ignoreHeader);

  while (pos < len) {
    const rowStart = pos;
    const rowLine = line;
    const fields: string[] = [];
    const fieldStarts: number[] = [pos];
    let buf = '';
    let seg = pos;
    let atFieldStart = true;
    let inQuotes = false;
    let rawEnd = len;
    let failed: string | null = null;

    for (;;) {
      if (pos >= len) {
        if (inQuotes) failed = 'Unterminated quoted string';
        buf += text.slice(seg, pos);
        fields.push(buf);
        rawEnd = len;
        break;
      }
      const c = text.charCodeAt(pos);
      if (fmt.escape && c === BACKSLASH && pos + 1 < len) {
        // ESCAPE: the next character is taken literally (delimiter, newline, backslash, quote).
        buf += text.slice(seg, pos);
        const next = text.charCodeAt(pos + 1);
        if (next === CR && text.charCodeAt(pos + 2) === NL) {
          buf += '\r\n';
          pos += 3;
          line++;
        } else {
          buf += text[pos + 1];
          if (next === NL) line++;
          pos += 2;
        }
        seg = pos;
        atFieldStart = false;
        continue;
      }
      if (fmt.removeQuotes && c === DQUOTE && (atFieldStart || inQuotes)) {
        // REMOVEQUOTES: the surrounding quotes go; what is inside (delimiters too) stays.
        buf += text.slice(seg, pos);
        inQuotes = !inQuotes;
        pos++;
        seg = pos;
        atFieldStart = false;
        continue;
      }
      if (c === NL) {
        const end = pos > seg && text.charCodeAt(pos - 1) === CR ? pos - 1 : pos;
        buf += text.slice(seg, end);
        fields.push(buf);
        rawEnd = end;
        pos++;
        line++;
        // Unsure: a line break inside REMOVEQUOTES quotes is not documented as allowed
        // (only ESCAPE continues a row); treat the row as broken.
        if (inQuotes) failed = 'Unterminated quoted string';
        break;
      }
      if (c === delim && !inQuotes) {
        buf += text.slice(seg, pos);
        fields.push(buf);
        buf = '';
        pos++;
        seg = pos;
        fieldStarts.push(pos);
        atFieldStart = true;
        continue;
      }
      atFieldStart = false;
      pos++;
    }

    if (failed !== null) {
      out.errors.push({
        line: rowLine,
        raw: clip(text.slice(rowStart, Math.min(rawEnd, rowStart + RAW_MAX))),
        // Unsure: Redshift's exact code/reason for an unclosed REMOVEQUOTES quote.
        code: ERR_DELIMITER_NOT_FOUND,
        reason: failed,
        column: columns[fields.length - 1],
      });
      continue;
    }
    finishRow(fields, fieldStarts, rowStart, rawEnd, rowLine, text, fmt, columns, out);
  }
  return out;
}
