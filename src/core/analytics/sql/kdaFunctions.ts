/**
 * Kinesis Data Analytics (SQLstream-based) scalar functions, added to the dialect-neutral set,
 * plus the log-parsing functions as pure helpers (they return ROW values, which the foundation
 * has no type for: the engine wraps `LOG_PARSE_FUNCTIONS` to plan `REGEX_LOG_PARSE(c, 'p').COLUMN1`).
 *
 * Sources: Amazon Kinesis Data Analytics SQL Reference pages TSDIFF, CHAR_TO_TIMESTAMP,
 * TIMESTAMP_TO_CHAR, REGEX_REPLACE, SUBSTRING, INITCAP, REGEX_LOG_PARSE, FAST_REGEX_LOG_PARSE,
 * W3C_LOG_PARSE, VARIABLE_COLUMN_LOG_PARSE, SYS_LOG_PARSE. Java regex and SimpleDateFormat
 * semantics are emulated by helpers at the end of this file. The file is longer than the house
 * ~250 lines on purpose: sql/ belongs to the engine, and this module is one file in it.
 *
 * Not here: CURRENT_ROW_TIMESTAMP / ROWTIME / STEP / FLOOR(ts TO unit) (the engine's), CHAR_TO_TIME
 * and TIME_TO_CHAR (the foundation has no TIME type), FIXED_COLUMN_LOG_PARSE.
 */
import { checkArgs, simple, standardFunctions, substring, type FunctionRegistry, type SqlFunction } from '../../sql/functions.js';
import { SqlRuntimeError } from '../../sql/errors.js';
import { T, type SqlValue } from '../../sql/types.js';

const str = (v: SqlValue): string => v as string;
const num = (v: SqlValue): number => v as number;
const DAY = 86_400_000;

/**
 * REGEX_REPLACE(original, regex, replacement, startPosition, occurrence): Java
 * `String.replaceAll` semantics from the 1-based startPosition; occurrence 0 replaces every
 * match, n > 0 only the n-th. AWS writes startPosition < 1 and occurrence < 0 to the error
 * stream (SqlRuntimeError here); startPosition past the end returns the original.
 */
export function regexReplace(original: string, regex: string, replacement: string, startPosition: number, occurrence: number): string {
  if (startPosition < 1) throw new SqlRuntimeError('22023', `REGEX_REPLACE: startPosition must be >= 1, got ${startPosition}`);
  if (occurrence < 0) throw new SqlRuntimeError('22023', `REGEX_REPLACE: occurrence must be >= 0, got ${occurrence}`);
  if (startPosition > original.length) return original;
  const re = javaRegex(regex, 'g');
  const head = original.slice(0, startPosition - 1);
  let n = 0;
  const tail = original.slice(startPosition - 1).replace(re, (...m: unknown[]) => {
    n++;
    const whole = m[0] as string;
    if (occurrence !== 0 && n !== occurrence) return whole;
    const named = typeof m[m.length - 1] === 'object' ? (m[m.length - 1] as Record<string, string | undefined>) : undefined;
    const groups = m.slice(0, named ? m.length - 3 : m.length - 2) as (string | undefined)[];
    return javaReplacement(replacement, groups, named);
  });
  return head + tail;
}

/** INITCAP: the first character of each space-delimited word upper-case, the rest lower-case (AWS). */
export function initcap(s: string): string {
  return s.toLowerCase().replace(/(^|\s)(\S)/g, (_m, sp: string, c: string) => sp + c.toUpperCase());
}

const timeOrMillis: ('time' | 'int')[][] = [['time', 'time'], ['int', 'int'], ['time', 'int'], ['int', 'time']];

const kdaOnly: Record<string, SqlFunction> = {
  // Unsure: AWS documents TSDIFF(startTime, endTime) as "the difference between the two
  // timestamps in milliseconds" without a sign; endTime - startTime (a duration) is assumed.
  TSDIFF: simple('tsdiff', T.bigint, timeOrMillis, (a) => num(a[1]!) - num(a[0]!)),
  CHAR_TO_TIMESTAMP: simple('char_to_timestamp', T.timestamp, [['text', 'text']], (a) => parseJavaDate(str(a[0]!), str(a[1]!))),
  CHAR_TO_DATE: simple('char_to_date', T.date, [['text', 'text']], (a) => {
    const ms = parseJavaDate(str(a[0]!), str(a[1]!));
    return Math.floor(ms / DAY) * DAY;
  }),
  // AWS: "If the input is null, the output will be the string 'null'".
  TIMESTAMP_TO_CHAR: {
    nullCall: true,
    returnType(types, at) {
      checkArgs('timestamp_to_char', types, at, ['text', 'time'], ['text', 'int']);
      return T.varchar;
    },
    impl: (a) => (a[0] === null ? null : a[1] === null ? 'null' : formatJavaDate(str(a[0]!), num(a[1]!))),
  },
  REGEX_REPLACE: simple('regex_replace', T.varchar, [['text', 'text', 'text', 'int', 'int']], (a) =>
    regexReplace(str(a[0]!), str(a[1]!), str(a[2]!), num(a[3]!), num(a[4]!))),
  INITCAP: simple('initcap', T.varchar, [['text']], (a) => initcap(str(a[0]!))),
  LOG10: simple('log10', T.double, [['num']], (a) => {
    const x = num(a[0]!);
    if (x <= 0) throw new SqlRuntimeError('2201E', `cannot take logarithm of ${x === 0 ? 'zero' : 'a negative number'}`);
    return Math.log10(x);
  }),
  // AWS SUBSTRING adds `SUBSTRING(s FROM regex)`: the first match of the (Java) regex, or NULL.
  // Positional forms keep the SQL-standard semantics of the foundation, which match AWS's
  // examples ('123456789' FROM -1 FOR 4 → '12', FROM 17 FOR 4 → '').
  SUBSTRING: {
    returnType(types, at) {
      checkArgs('substring', types, at, ['text', 'int'], ['text', 'int', 'int'], ['text', 'text']);
      return T.varchar;
    },
    impl(a, env) {
      if (a.length === 2 && (env.argTypes[1]!.kind === 'varchar' || env.argTypes[1]!.kind === 'char' || typeof a[1] === 'string')) {
        const m = javaRegex(str(a[1]!)).exec(str(a[0]!));
        return m ? m[0] : null;
      }
      return substring(str(a[0]!), num(a[1]!), a.length > 2 ? num(a[2]!) : undefined);
    },
  },
};

/** The KDA registry: the standard functions plus KDA's (same-named entries replaced). */
export const kdaFunctions: FunctionRegistry = standardFunctions.with(kdaOnly);

// ---------------------------------------------------------------------------------------------
// Log parsing: pure functions returning a row (column name → text) or null when nothing matched.

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

// ---------------------------------------------------------------------------------------------
// Java compatibility: java.util.regex → JS RegExp, Matcher replacement strings, SimpleDateFormat.

const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};
const regexCache = new Map<string, RegExp>();

const unsupported = (what: string, pattern: string): SqlRuntimeError =>
  new SqlRuntimeError('2201B', `invalid regular expression: ${what} is not supported by this simulator in "${pattern}"`);

/**
 * A JS RegExp for a java.util.regex pattern. Converted: `\Q…\E`, `\A`, `\z`, `\Z`, POSIX
 * `\p{Alpha}`-style classes, leading inline flags `(?i)`, `(?s)`, `(?m)`. Named groups, lookaround,
 * lazy quantifiers and backreferences are the same in both. Unsupported (a clear 2201B error):
 * possessive quantifiers (`a*+`), atomic groups `(?>…)`, inline flags elsewhere or scoped, `(?x)`,
 * class intersection `[a&&b]` and nested classes, other `\p{…}` properties.
 */
export function javaRegex(pattern: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}/${pattern}`;
  const hit = regexCache.get(key);
  if (hit) return new RegExp(hit);
  let flags = extraFlags;
  let p = pattern;
  const lead = /^\(\?([ism]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  let quantified: boolean = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    const wasQuantified: boolean = quantified;
    quantified = false;
    if (ch === '\\') {
      const n = p[i + 1];
      if (n === 'Q') {
        const endQ = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, endQ < 0 ? p.length : endQ);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = endQ < 0 ? p.length : endQ + 1;
      } else if (!inClass && n === 'A') { out += '^'; i++; }
      else if (!inClass && n === 'z') { out += '$'; i++; }
      else if (!inClass && n === 'Z') { out += '(?=\\n?$)'; i++; }
      else if (n === 'p' || n === 'P') {
        const m = /^\{(?:Is)?(\w+)\}/.exec(p.slice(i + 2));
        const cls = m ? POSIX[m[1]!] : undefined;
        if (!m || cls === undefined) throw unsupported(`\\${n}{…}`, pattern);
        if (n === 'P' && inClass) throw unsupported('\\P{…} inside a class', pattern);
        out += inClass ? cls : `[${n === 'P' ? '^' : ''}${cls}]`;
        i += 1 + m[0].length;
      } else {
        out += ch + (n ?? '');
        i++;
      }
      continue;
    }
    if (inClass) {
      if (ch === '[') throw unsupported('a nested character class', pattern);
      if (ch === '&' && p[i + 1] === '&') throw unsupported('class intersection (&&)', pattern);
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (ch === '+' && wasQuantified) throw unsupported('a possessive quantifier', pattern);
    if (ch === '(' && p[i + 1] === '?') {
      const n = p[i + 2];
      if (n === '>') throw unsupported('an atomic group (?>…)', pattern);
      if (n !== ':' && n !== '=' && n !== '!' && n !== '<') throw unsupported('inline flags (?…) after the start', pattern);
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '}') quantified = !(ch === '?' && wasQuantified);
    out += ch;
  }
  let re: RegExp;
  try {
    re = new RegExp(out, flags);
  } catch (e) {
    throw new SqlRuntimeError('2201B', `invalid regular expression: ${(e as Error).message}`);
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(key, re);
  return new RegExp(re);
}

/** Expands a java.util.regex.Matcher replacement: `$n`, `${name}`, `\x` (literal x). */
export function javaReplacement(repl: string, groups: readonly (string | undefined)[], named?: Record<string, string | undefined>): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch === '\\') {
      out += repl[++i] ?? '';
    } else if (ch === '$') {
      const nm = /^\{(\w+)\}/.exec(repl.slice(i + 1));
      if (nm) {
        if (!named || !(nm[1]! in named)) throw new SqlRuntimeError('22023', `No group with name {${nm[1]}}`);
        out += named[nm[1]!] ?? '';
        i += nm[0].length;
        continue;
      }
      const d = /^\d/.exec(repl.slice(i + 1));
      if (!d) throw new SqlRuntimeError('22023', 'Illegal group reference in replacement');
      // Java takes further digits only while the group number stays valid.
      let g = Number(d[0]);
      let j = i + 2;
      while (j < repl.length && /\d/.test(repl[j]!) && g * 10 + Number(repl[j]) < groups.length) g = g * 10 + Number(repl[j++]);
      if (g >= groups.length) throw new SqlRuntimeError('22023', `No group ${g}`);
      out += groups[g] ?? '';
      i = j - 1;
    } else out += ch;
  }
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type DateToken = { letter: string; count: number } | { literal: string };

/** Splits a SimpleDateFormat pattern into letter runs and literals ('…' quoting, '' = a quote). */
function dateTokens(fmt: string): DateToken[] {
  const out: DateToken[] = [];
  for (let i = 0; i < fmt.length;) {
    const ch = fmt[i]!;
    if (ch === "'") {
      if (fmt[i + 1] === "'") { out.push({ literal: "'" }); i += 2; continue; }
      let lit = '';
      i++;
      while (i < fmt.length) {
        if (fmt[i] === "'" && fmt[i + 1] === "'") { lit += "'"; i += 2; } else if (fmt[i] === "'") { i++; break; } else lit += fmt[i++];
      }
      out.push({ literal: lit });
    } else if (/[a-zA-Z]/.test(ch)) {
      let n = 1;
      while (fmt[i + n] === ch) n++;
      if (!'GyMdHkKhmsSEaDzZXu'.includes(ch)) throw new SqlRuntimeError('22007', `Illegal pattern character '${ch}'`);
      out.push({ letter: ch, count: n });
      i += n;
    } else {
      out.push({ literal: ch });
      i++;
    }
  }
  return out;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Formats epoch ms (UTC) with a java.text.SimpleDateFormat pattern. */
export function formatJavaDate(fmt: string, ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return dateTokens(fmt).map((t) => {
    if ('literal' in t) return t.literal;
    const c = t.count;
    switch (t.letter) {
      case 'G': return d.getUTCFullYear() > 0 ? 'AD' : 'BC';
      case 'y': return c === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), c);
      case 'M': return c >= 4 ? MONTHS[d.getUTCMonth()]! : c === 3 ? MONTHS[d.getUTCMonth()]!.slice(0, 3) : pad(d.getUTCMonth() + 1, c);
      case 'd': return pad(d.getUTCDate(), c);
      case 'H': return pad(h, c);
      case 'k': return pad(h === 0 ? 24 : h, c);
      case 'K': return pad(h % 12, c);
      case 'h': return pad(h % 12 === 0 ? 12 : h % 12, c);
      case 'm': return pad(d.getUTCMinutes(), c);
      case 's': return pad(d.getUTCSeconds(), c);
      case 'S': return pad(d.getUTCMilliseconds(), c);
      case 'E': return c >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'u': return pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), c);
      case 'a': return h < 12 ? 'AM' : 'PM';
      case 'D': return pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1, c);
      case 'z': return c >= 4 ? 'Coordinated Universal Time' : 'UTC';
      case 'Z': return '+0000';
      default: return 'Z'; // X: ISO 8601 zone, UTC
    }
  }).join('');
}

const NUMERIC_LETTERS = 'yMdHkKhmsSDu';

/**
 * Parses text with a SimpleDateFormat pattern into epoch ms (UTC). Fields absent from the pattern
 * default to 1970-01-01 00:00:00.000 (AWS CHAR_TO_TIMESTAMP); text after the pattern is ignored
 * and out-of-range values roll over, as Java's lenient parse(String) does. A zone (z, Z, X)
 * shifts the result to UTC. Unsure: two-digit years map to 2000–2049 / 1950–1999 (Java uses a
 * window around "now", which a deterministic simulator has no business reading).
 */
export function parseJavaDate(fmt: string, text: string): number {
  const toks = dateTokens(fmt);
  let pos = 0;
  let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, milli = 0, offsetMin = 0;
  let pm: boolean | undefined;
  let twelveHour = false;
  const fail = (): never => {
    throw new SqlRuntimeError('22007', `Unparseable date: "${text}"`);
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if ('literal' in t) {
      if (!text.startsWith(t.literal, pos)) fail();
      pos += t.literal.length;
      continue;
    }
    const next = toks[k + 1];
    const fixed = next !== undefined && 'letter' in next && NUMERIC_LETTERS.includes(next.letter);
    const word = (): string => {
      const m = /^[A-Za-z]+/.exec(text.slice(pos)) ?? fail();
      pos += m[0].length;
      return m[0].toLowerCase();
    };
    if (t.letter === 'M' && t.count >= 3 || t.letter === 'E' || t.letter === 'a' || t.letter === 'G') {
      const w = word();
      if (t.letter === 'M') {
        const i = MONTHS.findIndex((m) => m.toLowerCase() === w || m.slice(0, 3).toLowerCase() === w);
        if (i < 0) fail();
        month = i;
      } else if (t.letter === 'E') {
        if (!DAYS.some((dn) => dn.toLowerCase() === w || dn.slice(0, 3).toLowerCase() === w)) fail();
      } else if (t.letter === 'a') {
        if (w !== 'am' && w !== 'pm') fail();
        pm = w === 'pm';
      }
      continue;
    }
    if (t.letter === 'z' || t.letter === 'Z' || t.letter === 'X') {
      const m = /^(?:Z|UTC|GMT)?(?:([+-])(\d{2}):?(\d{2})?)?/.exec(text.slice(pos));
      if (!m || m[0] === '') fail();
      if (m![1]) offsetMin = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 60 + Number(m![3] ?? 0));
      pos += m![0].length;
      continue;
    }
    const m = (fixed ? new RegExp(`^\\d{1,${t.count}}`) : /^[+-]?\d+/).exec(text.slice(pos)) ?? fail();
    pos += m[0].length;
    const v = Number(m[0]);
    switch (t.letter) {
      case 'y': year = t.count <= 2 && m[0].length === 2 ? (v < 50 ? 2000 + v : 1900 + v) : v; break;
      case 'M': month = v - 1; break;
      case 'd': day = v; break;
      case 'H': hour = v; break;
      case 'k': hour = v === 24 ? 0 : v; break;
      case 'K': case 'h': hour = t.letter === 'h' && v === 12 ? 0 : v; twelveHour = true; break;
      case 'm': minute = v; break;
      case 's': second = v; break;
      case 'S': milli = v; break;
      case 'D': month = 0; day = v; break;
      default: break; // u: day of week, informational
    }
  }
  if (twelveHour && pm) hour += 12;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month, day);
  utc.setUTCHours(hour, minute, second, milli);
  return utc.getTime() - offsetMin * 60_000;
}
