/**
 * Kinesis Data Analytics (SQLstream-based) scalar functions, added to the dialect-neutral set.
 * The ROW-valued log-parsing functions are in logParse.ts; Java regex and SimpleDateFormat
 * semantics are emulated in javaRegex.ts and javaDate.ts.
 *
 * Sources: Amazon Kinesis Data Analytics SQL Reference pages TSDIFF, CHAR_TO_TIMESTAMP,
 * TIMESTAMP_TO_CHAR, REGEX_REPLACE, SUBSTRING, INITCAP.
 *
 * Not here: CURRENT_ROW_TIMESTAMP / ROWTIME / STEP / FLOOR(ts TO unit) (the engine's), CHAR_TO_TIME
 * and TIME_TO_CHAR (the foundation has no TIME type).
 */
import { checkArgs, simple, standardFunctions, substring, type FunctionRegistry, type SqlFunction } from '../../sql/functions.js';
import { SqlRuntimeError } from '../../sql/errors.js';
import { T, type SqlValue } from '../../sql/types.js';
import { formatJavaDate, parseJavaDate } from './javaDate.js';
import { javaRegex, javaReplacement } from './javaRegex.js';

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
