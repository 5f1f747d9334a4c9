/**
 * The Kinesis Agent's dataProcessingOptions, applied in order to each record (spec §3.3).
 * Ported from awslabs/amazon-kinesis-agent `processing/`: PatternConstants.java (the regexes),
 * ApacheLogParser/SysLogParser (field names; Apache's "-" becomes null), SingleLine-,
 * CSVToJSON-, LogToJSON- and AddMetadataConverter. Converters see the record with its trailing
 * newline and return one ending in a newline. A line LOGTOJSON cannot parse is dropped and
 * counted (LogToJSONDataConverter returns null → AbstractParser's TotalRecordsSkipped).
 */
import type { ConfigIssue } from './config.js';

export const LogFormats = ['COMMONAPACHELOG', 'COMBINEDAPACHELOG', 'APACHEERRORLOG', 'SYSLOG', 'RFC3339SYSLOG'] as const;
export type LogFormat = (typeof LogFormats)[number];

export type ProcessingOption =
  | { readonly optionName: 'SINGLELINE' }
  | { readonly optionName: 'CSVTOJSON'; readonly customFieldNames: readonly string[]; readonly delimiter?: string }
  | { readonly optionName: 'LOGTOJSON'; readonly logFormat: LogFormat; readonly matchPattern?: string; readonly customFieldNames?: readonly string[] }
  | { readonly optionName: 'ADDMETADATA'; readonly timestamp?: string | boolean; readonly metadata?: unknown };

// PatternConstants.java, as JavaScript regex source (the syntax used is common to both).
const INT = '(?:[+-]?(?:[0-9]+))';
const POSINT = '(?:[1-9][0-9]*)';
const NONNEGINT = '(?:[0-9]+)';
const WORD = '\\w+';
const NOQUOTE = '[^"]+';
const IP = '(?:[\\d\\.]+)';
const HOSTNAME = '(?:[\\w\\-]+)(?:\\.(?:[\\w\\-]+))*(?:\\.?|\\b)';
const IPORHOST = `(?:${HOSTNAME}|${IP})`;
const URIHOST = `(?:${IPORHOST}(?::${POSINT})?)`;
const USER = '(?:[a-zA-Z0-9._-]+)';
const MONTHDAY = '(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])';
const DAY = '(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)';
const MONTH = '\\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b';
const YEAR = '(?:[1-9]\\d*)';
const TIME = '(?:(?:2[0123]|[01]?[0-9]):(?:[0-5][0-9]):(?:(?:[0-5]?[0-9]|60)(?:[:\\.,][0-9]+)?))';
const HTTPDATE = `(?:${MONTHDAY}/${MONTH}/${YEAR}:${TIME}\\s${INT})`;
const ERRORTIMESTAMP = `(?:${DAY}\\s+${MONTH}\\s+${MONTHDAY}\\s+${TIME}\\s+${YEAR})`;
const SYSLOGTIMESTAMP = `(?:${MONTH}\\s+${MONTHDAY}\\s+${TIME})`;
const RFC3339 = '(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(?:Z|(?:[-+]\\d{2}:\\d{2}))';
const SYSLOGFACILITY = `<${NONNEGINT}.${NONNEGINT}>`;
const SYSLOGPROG = `([\\w\\._/%-]+)(?:\\[(${POSINT})\\])?`;
const COMMON = `^(${IPORHOST}) (${USER}) (${USER}) \\[(${HTTPDATE})\\] "(${NOQUOTE})" (${INT}|\\-) (${INT}|\\-)`;
const COMBINED = `${COMMON} "(${NOQUOTE})" "(${NOQUOTE})"`;

const COMMON_FIELDS = ['host', 'ident', 'authuser', 'datetime', 'request', 'response', 'bytes'];
/** ApacheLogParser.COMBINED_LOG_FIELDS spells it "referer" (as HTTP does). */
const COMBINED_FIELDS = [...COMMON_FIELDS, 'referer', 'agent'];
const ERROR_FIELDS = ['timestamp', 'module', 'severity', 'processid', 'threadid', 'client', 'message'];
const SYSLOG_FIELDS = ['timestamp', 'hostname', 'program', 'processid', 'message'];

/** Each format's pattern (whole-line match, as Java's `Matcher.matches`) and default fields. */
export const logFormatPatterns: Readonly<Record<LogFormat, { readonly pattern: string; readonly fields: readonly string[] }>> = {
  COMMONAPACHELOG: { pattern: `${COMMON}.*`, fields: COMMON_FIELDS },
  COMBINEDAPACHELOG: { pattern: `${COMBINED}.*`, fields: COMBINED_FIELDS },
  APACHEERRORLOG: {
    pattern: `^\\[(${ERRORTIMESTAMP})\\] \\[(?:(${WORD}):)?(${WORD})\\] \\[pid (${NONNEGINT})(?::tid (${NONNEGINT}))?\\] \\[client (${URIHOST})\\] (.*)`,
    fields: ERROR_FIELDS,
  },
  SYSLOG: { pattern: `^(${SYSLOGTIMESTAMP}) (?:${SYSLOGFACILITY} )?(${USER}) ${SYSLOGPROG}: (.*)`, fields: SYSLOG_FIELDS },
  RFC3339SYSLOG: { pattern: `^(${RFC3339}) (?:${SYSLOGFACILITY} )?(${USER}) ${SYSLOGPROG}: (.*)`, fields: SYSLOG_FIELDS },
};

const isApache = (f: LogFormat): boolean => f === 'COMMONAPACHELOG' || f === 'COMBINEDAPACHELOG' || f === 'APACHEERRORLOG';
const groupCount = (re: RegExp): number => new RegExp(`${re.source}|`).exec('')!.length - 1;

interface LogParser {
  readonly re: RegExp;
  readonly fields: readonly string[];
  readonly dashIsNull: boolean;
}

/** Builds the parser a LOGTOJSON option describes; a string is a configuration error. */
export function logParser(o: { logFormat: LogFormat; matchPattern?: string; customFieldNames?: readonly string[] }): LogParser | string {
  const dashIsNull = isApache(o.logFormat);
  if (o.matchPattern !== undefined) {
    if (o.customFieldNames === undefined) return 'customFieldNames must be specified when matchPattern is specified';
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${o.matchPattern})$`);
    } catch (err) {
      return `matchPattern is not a valid regular expression: ${(err as Error).message}`;
    }
    if (groupCount(re) !== o.customFieldNames.length) {
      return `matchPattern has ${groupCount(re)} capturing groups but customFieldNames has ${o.customFieldNames.length} names`;
    }
    return { re, fields: o.customFieldNames, dashIsNull };
  }
  const def = logFormatPatterns[o.logFormat];
  if (o.customFieldNames !== undefined && o.customFieldNames.length !== def.fields.length) {
    // BaseLogParser's check, with its message.
    return 'Invalid custom field names for the selected log format. Please modify the field names or specify the matchPattern';
  }
  return { re: new RegExp(`^(?:${def.pattern})$`), fields: o.customFieldNames ?? def.fields, dashIsNull };
}

/** Parses one line (no newline) into fields, or null when it does not match. */
export function parseLogLine(
  line: string,
  o: { logFormat: LogFormat; matchPattern?: string; customFieldNames?: readonly string[] },
): Record<string, string | null> | null {
  const p = logParser(o);
  if (typeof p === 'string') throw new Error(p);
  return parseWith(p, line);
}

function parseWith(p: LogParser, line: string): Record<string, string | null> | null {
  const m = p.re.exec(line);
  if (!m) return null;
  const out: Record<string, string | null> = {};
  p.fields.forEach((f, i) => {
    const v = m[i + 1];
    out[f] = v === undefined || (p.dashIsNull && v === '-') ? null : v;
  });
  return out;
}

/** Java's String.trim: strips characters up to U+0020. */
const javaTrim = (s: string): string => s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');

/** Java's String.split(regex): trailing empty strings are dropped. */
function javaSplit(s: string, regex: string): string[] {
  const parts = s.split(new RegExp(regex));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const chomp = (s: string): string => (s.endsWith('\n') ? s.slice(0, -1) : s);

/** One converter: the new record, or null to drop it. */
export type Converter = (record: string, now: number) => string | null;

/** Builds a converter; options are assumed validated (see validateProcessingOptions). */
export function converter(o: ProcessingOption): Converter {
  switch (o.optionName) {
    case 'SINGLELINE':
      // SingleLineDataConverter: split on "\n", trim each line, join with nothing.
      return (r) => `${javaSplit(r, '\n').map(javaTrim).join('')}\n`;
    case 'CSVTOJSON': {
      const delimiter = o.delimiter ?? ',';
      return (r) => {
        const cols = javaSplit(chomp(r), delimiter);
        const out: Record<string, string | null> = {};
        o.customFieldNames.forEach((f, i) => (out[f] = cols[i] ?? null));
        return `${JSON.stringify(out)}\n`;
      };
    }
    case 'LOGTOJSON': {
      const p = logParser(o);
      if (typeof p === 'string') throw new Error(p);
      return (r) => {
        const fields = parseWith(p, chomp(r));
        return fields === null ? null : `${JSON.stringify(fields)}\n`;
      };
    }
    case 'ADDMETADATA': {
      const withTs = o.timestamp === true || o.timestamp === 'true';
      return (r, now) => {
        const out: Record<string, unknown> = { metadata: o.metadata ?? null, data: chomp(r) };
        if (withTs) out.ts = new Date(now).toISOString();
        return `${JSON.stringify(out)}\n`;
      };
    }
  }
}

/** The chain of a flow's options: the final record, or null when one converter dropped it. */
export function converterChain(options: readonly ProcessingOption[]): Converter {
  const chain = options.map(converter);
  return (record, now) => {
    let r: string | null = record;
    for (const c of chain) {
      r = c(r, now);
      if (r === null) return null;
    }
    return r;
  };
}

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Validates a flow's `dataProcessingOptions` array. */
export function validateProcessingOptions(v: unknown, path: string): { options: ProcessingOption[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const options: ProcessingOption[] = [];
  if (!Array.isArray(v)) return { options, issues: [{ path, message: 'must be an array of processing options' }] };
  v.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const err = (message: string, sub = ''): void => void issues.push({ path: at + sub, message });
    if (typeof raw !== 'object' || raw === null) return err('must be an object with an optionName');
    const o = raw as Record<string, unknown>;
    switch (o.optionName) {
      case 'SINGLELINE':
        return void options.push({ optionName: 'SINGLELINE' });
      case 'CSVTOJSON':
        if (!stringList(o.customFieldNames)) return err('customFieldNames is required: an array of field names', '.customFieldNames');
        if (o.delimiter !== undefined && typeof o.delimiter !== 'string') return err('delimiter must be a string', '.delimiter');
        return void options.push({ optionName: 'CSVTOJSON', customFieldNames: o.customFieldNames, ...(o.delimiter !== undefined ? { delimiter: o.delimiter as string } : {}) });
      case 'LOGTOJSON': {
        if (!LogFormats.includes(o.logFormat as LogFormat)) return err(`logFormat is required: one of ${LogFormats.join(', ')}`, '.logFormat');
        if (o.customFieldNames !== undefined && !stringList(o.customFieldNames)) return err('customFieldNames must be an array of strings', '.customFieldNames');
        if (o.matchPattern !== undefined && typeof o.matchPattern !== 'string') return err('matchPattern must be a string', '.matchPattern');
        const opt = {
          optionName: 'LOGTOJSON' as const,
          logFormat: o.logFormat as LogFormat,
          ...(o.matchPattern !== undefined ? { matchPattern: o.matchPattern as string } : {}),
          ...(o.customFieldNames !== undefined ? { customFieldNames: o.customFieldNames as string[] } : {}),
        };
        const p = logParser(opt);
        if (typeof p === 'string') return err(p);
        return void options.push(opt);
      }
      case 'ADDMETADATA':
        if (o.timestamp !== undefined && !['true', 'false', true, false].includes(o.timestamp as string)) return err('timestamp must be "true" or "false"', '.timestamp');
        return void options.push({ optionName: 'ADDMETADATA', ...(o.timestamp !== undefined ? { timestamp: o.timestamp as string } : {}), metadata: o.metadata ?? null });
      default:
        return err(`optionName must be one of SINGLELINE, CSVTOJSON, LOGTOJSON, ADDMETADATA (got ${JSON.stringify(o.optionName)})`, '.optionName');
    }
  });
  return { options, issues };
}
