/**
 * The KDA log-parsing functions (REGEX_LOG_PARSE, FAST_REGEX_LOG_PARSE, W3C_LOG_PARSE,
 * VARIABLE_COLUMN_LOG_PARSE, SYS_LOG_PARSE) as pure helpers. They return ROW values, which the
 * foundation has no type for: the engine wraps `LOG_PARSE_FUNCTIONS` to plan
 * `REGEX_LOG_PARSE(c, 'p').COLUMN1`.
 *
 * Sources: Amazon Kinesis Data Analytics SQL Reference pages REGEX_LOG_PARSE,
 * FAST_REGEX_LOG_PARSE, W3C_LOG_PARSE, VARIABLE_COLUMN_LOG_PARSE, SYS_LOG_PARSE.
 * Not here: FIXED_COLUMN_LOG_PARSE.
 */
import type { SqlValue } from '../../sql/types.js';
import { javaRegex } from './javaRegex.js';

const str = (v: SqlValue): string => v as string;

/** A parsed line: column name → text; the parsers return null when nothing matched. */
export type ParsedRow = Record<string, string | null>;

const numbered = (n: number): string[] => Array.from({ length: n }, (_, i) => `COLUMN${i + 1}`);

/** The number of capture groups of a (converted) regex. */
const groupCount = (re: RegExp): number => new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('')!.length - 1;

/**
 * REGEX_LOG_PARSE(input, pattern[, columns]): the pattern must match the whole input (Java
 * `Matcher.matches()`); each capture group becomes COLUMN1…COLUMNn (or the given names); a group
 * that did not participate is NULL; no match gives NULL.
 * Unsure: whole-input match is inferred from AWS's examples, which wrap patterns in `.*`.
 */
export function regexLogParse(input: string, pattern: string, columns?: string[]): ParsedRow | null {
  const re = javaRegex(`^(?:${pattern})$`);
  const names = columns && columns.length > 0 ? columns : numbered(groupCount(re));
  const m = re.exec(input);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? null]));
}

/**
 * FAST_REGEX_LOG_PARSE: AWS's faster parser with lazy, no-backtracking semantics. Here it is the
 * same backtracking match as REGEX_LOG_PARSE — the results agree whenever the fast parser
 * finds a match. Unsure: inputs where lazy matching fails but backtracking succeeds.
 */
export function fastRegexLogParse(input: string, pattern: string, columns?: string[]): ParsedRow | null {
  return regexLogParse(input, pattern, columns);
}


/** What the engine needs to plan `FN(args).COLUMN`: the output columns and the row parser. */
export interface LogParseFunction {
  columns(args: SqlValue[]): string[];
  parse(args: SqlValue[]): ParsedRow | null;
}

const regexColumns = (args: SqlValue[]): string[] => {
  const given = typeof args[2] === 'string' ? parseColumnNames(args[2]) : [];
  return given.length > 0 ? given : numbered(groupCount(javaRegex(str(args[1] ?? ''))));
};
const regexParse = (args: SqlValue[]): ParsedRow | null =>
  args[0] === null || args[1] === null ? null : regexLogParse(str(args[0]!), str(args[1]!), regexColumns(args));
const vclNames = (spec: SqlValue): string[] | number => (typeof spec === 'number' ? spec : parseColumnNames(str(spec)));

/** Log-parse functions by upper-case name. Args are the SQL call's values (constants at plan time). */
export const LOG_PARSE_FUNCTIONS: Record<string, LogParseFunction> = {
  REGEX_LOG_PARSE: { columns: regexColumns, parse: regexParse },
  FAST_REGEX_LOG_PARSE: { columns: regexColumns, parse: regexParse },
  W3C_LOG_PARSE: {
    columns: (args) => w3cColumns(str(args[1] ?? 'COMMON')),
    parse: (args) => (args[0] === null || args[1] === null ? null : w3cLogParse(str(args[0]!), str(args[1]!))),
  },
  VARIABLE_COLUMN_LOG_PARSE: {
    columns: (args) => {
      const c = vclNames(args[1] ?? 0);
      return typeof c === 'number' ? numbered(c) : c;
    },
    parse: (args) => (args[0] === null ? null : variableColumnLogParse(
      str(args[0]!), vclNames(args[1] ?? 0), args[2] == null ? ',' : str(args[2]),
      args[3] == null ? undefined : str(args[3]), args[4] == null ? undefined : str(args[4]),
    )),
  },
  SYS_LOG_PARSE: {
    columns: () => ['COLUMN1', 'COLUMN2'],
    parse: (args) => (args[0] === null ? null : sysLogParse(str(args[0]!))),
  },
};

/** The column names of a `name [TYPE] type, …` list (unquoted names upper-cased, as SQL folds them). */
export function parseColumnNames(spec: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of spec) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '').map((p) => {
    const q = /^"((?:[^"]|"")*)"/.exec(p);
    return q ? q[1]!.replace(/""/g, '"') : p.split(/\s+/)[0]!.toUpperCase();
  });
}

/**
 * W3C_LOG_PARSE(input, format): a predefined format name (COMMON, COMMON WITH VHOST,
 * NCSA EXTENDED, REFERER — also spelled REFERRER —, AGENT, IIS) or an Apache mod_log_config
 * format string. One column per specifier, COLUMN1…COLUMNn.
 * Unsure: AWS's reference says only "one column for each specifier"; the COLUMNn names follow
 * its other parsers (REGEX_LOG_PARSE, SYS_LOG_PARSE). Values stay text (the brackets of %t are
 * dropped, e.g. `10/Oct/2000:13:55:36 -0700`; convert with CHAR_TO_TIMESTAMP('dd/MMM/yyyy:HH:mm:ss Z', …));
 * Apache's `-` placeholder becomes NULL. IIS is the 15 comma-separated fields of Microsoft's IIS
 * log format (Unsure: AWS does not list its specifiers). No match gives NULL.
 */
export function w3cLogParse(input: string, format: string): ParsedRow | null {
  const f = w3cFormat(format);
  if (f === 'IIS') {
    const fields = input.replace(/,\s*$/, '').split(/,\s*/);
    if (fields.length !== IIS_FIELDS) return null;
    return Object.fromEntries(fields.map((v, i) => [`COLUMN${i + 1}`, v === '-' ? null : v]));
  }
  const m = f.regex.exec(input);
  if (!m) return null;
  return Object.fromEntries(numbered(f.count).map((n, i) => [n, m[i + 1] === '-' || m[i + 1] === undefined ? null : m[i + 1]!]));
}

/** The output columns of W3C_LOG_PARSE for a format. */
export function w3cColumns(format: string): string[] {
  const f = w3cFormat(format);
  return numbered(f === 'IIS' ? IIS_FIELDS : f.count);
}

const IIS_FIELDS = 15;
const W3C_PREDEFINED: Record<string, string> = {
  COMMON: '%h %l %u %t "%r" %>s %b',
  'COMMON WITH VHOST': '%v %h %l %u %t "%r" %>s %b',
  'NCSA EXTENDED': '%h %l %u %t "%r" %>s %b "%[Referer]i" "%[User-agent]i"',
  REFERER: '%[Referer]i ---> %U',
  REFERRER: '%[Referer]i ---> %U',
  AGENT: '%[User-agent]i',
};
const w3cCache = new Map<string, { regex: RegExp; count: number } | 'IIS'>();

function w3cFormat(format: string): { regex: RegExp; count: number } | 'IIS' {
  const key = format.trim().toUpperCase().replace(/\s+/g, ' ');
  if (key === 'IIS') return 'IIS';
  const spec = W3C_PREDEFINED[key] ?? format;
  const hit = w3cCache.get(spec);
  if (hit) return hit;
  let src = '';
  let count = 0;
  let quoted = false;
  const tok = /%([<>!,0-9]*)(\{[^}]*\}|\[[^\]]*\])?([a-zA-Z%])/y;
  for (let i = 0; i < spec.length;) {
    tok.lastIndex = i;
    const m = tok.exec(spec);
    if (m) {
      i = tok.lastIndex;
      if (m[3] === '%') src += '%';
      else {
        count++;
        src += m[3] === 't' && !quoted ? '\\[([^\\]]*)\\]' : quoted ? '((?:[^"\\\\]|\\\\.)*)' : '(\\S*)';
      }
      continue;
    }
    const ch = spec[i++]!;
    if (ch === '"') quoted = !quoted;
    src += ch === ' ' ? ' +' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  const out = { regex: new RegExp(`^${src}$`), count };
  w3cCache.set(spec, out);
  return out;
}

/**
 * VARIABLE_COLUMN_LOG_PARSE(input, columns, delimiter[, escape, quote]): splits on a delimiter
 * character or string; an escape character makes the next character literal; a quote string
 * of one or two characters (begin[, end]) hides delimiters inside, and the quotes are dropped.
 * `columns` is a count (COLUMN1…n) or names. Missing fields are NULL; extra fields are dropped
 * (Unsure: AWS does not say what happens to them). An empty field is the empty string.
 */
export function variableColumnLogParse(input: string, columns: string[] | number, delimiter = ',', escape?: string, quote?: string): ParsedRow {
  const names = typeof columns === 'number' ? numbered(columns) : columns;
  const begin = quote?.[0];
  const end = quote?.[1] ?? begin;
  const fields: string[] = [];
  let cur = '';
  let inQuote = false;
  for (let i = 0; i < input.length;) {
    const ch = input[i]!;
    if (escape && input.startsWith(escape, i) && i + escape.length < input.length) {
      cur += input[i + escape.length]!;
      i += escape.length + 1;
    } else if (inQuote) {
      if (ch === end) inQuote = false;
      else cur += ch;
      i++;
    } else if (begin !== undefined && ch === begin) {
      inQuote = true;
      i++;
    } else if (delimiter !== '' && input.startsWith(delimiter, i)) {
      fields.push(cur);
      cur = '';
      i += delimiter.length;
    } else {
      cur += ch;
      i++;
    }
  }
  fields.push(cur);
  return Object.fromEntries(names.map((n, i) => [n, fields[i] ?? null]));
}

/**
 * SYS_LOG_PARSE(input): `Mon DD HH:MM:SS rest` → COLUMN1 (the timestamp text; AWS types it
 * TIMESTAMP — convert with CHAR_TO_TIMESTAMP('MMM d HH:mm:ss', …)) and COLUMN2 (the rest).
 */
export function sysLogParse(input: string): ParsedRow | null {
  const m = /^([A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}) (.*)$/s.exec(input);
  return m ? { COLUMN1: m[1]!, COLUMN2: m[2]! } : null;
}
