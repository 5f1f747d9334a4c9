/**
 * COPY's conversion of one field's text to its column's type — COPY's own rules, not SQL casts:
 * load error codes (stl_load_errors.err_code), decimals truncated unless ROUNDEC, empty non-text
 * fields loaded as NULL, DATEFORMAT / TIMEFORMAT patterns.
 */
import { parseDate, parseTimestamp } from '../sql/temporalText.js';
import { roundTo, type SqlValue } from '../sql/types.js';
import type { CopyOptions } from './statementAst.js';
import { truncateBytes, type TableColumn } from './tables.js';
import { utf8Length } from '../util/utf8.js';

/** A converted field, or why it failed (its stl_load_errors code, reason and position). */
export type Converted = { ok: true; value: SqlValue } | { ok: false; code: number; reason: string; position?: number };

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
