/**
 * COPY's CSV format: RFC 4180 with a configurable quote character; quoted fields may hold
 * delimiters and span lines. Header skipping and column-count rules are the text reader's.
 */
import {
  CR,
  ERR_DELIMITER_NOT_FOUND,
  NL,
  RAW_MAX,
  clip,
  countNewlines,
  type CopyReadOptions,
  type DelimitedFormat,
  type ReadResult,
} from './copyFormat.js';
import { finishRow, skipHeader } from './readText.js';

/** CSV (RFC 4180) with a configurable quote character; quoted fields may span lines. */
export function readCsv(
  text: string,
  fmt: DelimitedFormat,
  columns: readonly string[],
  opts: CopyReadOptions,
): ReadResult {
  const out: ReadResult = { rows: [], errors: [] };
  const delim = fmt.delimiter.charCodeAt(0);
  const quoteCh = fmt.quote || '"';
  const quote = quoteCh.charCodeAt(0);
  const len = text.length;
  let { pos, line } = skipHeader(text, opts.ignoreHeader);

  rows: while (pos < len) {
    const rowStart = pos;
    const rowLine = line;
    const fields: string[] = [];
    const fieldStarts: number[] = [];

    for (;;) {
      // At the start of a field.
      fieldStarts.push(pos);
      if (pos < len && text.charCodeAt(pos) === quote) {
        let buf = '';
        let seg = pos + 1;
        let closed = -1;
        for (;;) {
          const q = text.indexOf(quoteCh, seg);
          if (q === -1) break;
          if (q + 1 < len && text.charCodeAt(q + 1) === quote) {
            buf += text.slice(seg, q + 1); // "" → "
            seg = q + 2;
            continue;
          }
          buf += text.slice(seg, q);
          closed = q;
          break;
        }
        if (closed === -1) {
          // Unsure: Redshift's code/reason for a quote that never closes; the rest of the
          // file belongs to this field, so reading stops here.
          out.errors.push({
            line: rowLine,
            raw: clip(text.slice(rowStart, Math.min(len, rowStart + RAW_MAX))),
            code: ERR_DELIMITER_NOT_FOUND,
            reason: 'Unterminated quoted field',
            column: columns[fields.length],
            position: pos - rowStart,
          });
          return out;
        }
        line += countNewlines(text, pos, closed);
        pos = closed + 1;
        fields.push(buf);
        const c = pos < len ? text.charCodeAt(pos) : -1;
        if (c === delim) {
          pos++;
          continue;
        }
        if (c === -1 || c === NL || (c === CR && text.charCodeAt(pos + 1) === NL)) {
          const rawEnd = pos;
          if (c === CR) pos++;
          if (c !== -1) {
            pos++;
            line++;
          }
          finishRow(fields, fieldStarts, rowStart, rawEnd, rowLine, text, fmt, columns, out);
          continue rows;
        }
        // Something other than a delimiter or line end after a closing quote.
        // Unsure: Redshift reports this as "Missing newline: Unexpected character 0x.. found at location n".
        let eol = text.indexOf('\n', pos);
        if (eol === -1) eol = len;
        out.errors.push({
          line: rowLine,
          raw: clip(text.slice(rowStart, Math.min(eol, rowStart + RAW_MAX)).replace(/\r$/, '')),
          code: ERR_DELIMITER_NOT_FOUND,
          reason: `Missing newline: Unexpected character 0x${c.toString(16)} found at location ${pos - rowStart}`,
          column: columns[fields.length - 1],
          position: pos - rowStart,
        });
        pos = eol === len ? len : eol + 1;
        if (eol !== len) line++;
        continue rows;
      }
      // Unquoted field: up to the next delimiter or line end.
      let i = pos;
      while (i < len) {
        const c = text.charCodeAt(i);
        if (c === delim || c === NL) break;
        i++;
      }
      if (i < len && text.charCodeAt(i) === delim) {
        fields.push(text.slice(pos, i));
        pos = i + 1;
        continue;
      }
      const end = i > pos && text.charCodeAt(i - 1) === CR ? i - 1 : i;
      fields.push(text.slice(pos, end));
      pos = i < len ? i + 1 : len;
      if (i < len) line++;
      finishRow(fields, fieldStarts, rowStart, end, rowLine, text, fmt, columns, out);
      continue rows;
    }
  }
  return out;
}
