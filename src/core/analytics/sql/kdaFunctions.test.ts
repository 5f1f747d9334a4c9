import { describe, expect, it } from 'vitest';
import { SqlError, SqlRuntimeError } from '../../sql/errors.js';
import { T, type SqlType, type SqlValue } from '../../sql/types.js';
import { formatJavaDate, parseJavaDate } from './javaDate.js';
import { javaRegex } from './javaRegex.js';
import { initcap, kdaFunctions, regexReplace } from './kdaFunctions.js';
import {
  LOG_PARSE_FUNCTIONS, fastRegexLogParse, regexLogParse, sysLogParse, variableColumnLogParse, w3cLogParse,
} from './logParse.js';

const at = { offset: 0, line: 1, column: 1 };
const typeOf = (v: SqlValue): SqlType =>
  v === null ? T.unknown : typeof v === 'string' ? T.varchar : typeof v === 'boolean' ? T.boolean : Number.isInteger(v) ? T.integer : T.double;

/** Type-checks and evaluates NAME(args) the way the engine will (NULL short-circuit unless nullCall). */
function call(name: string, args: SqlValue[], types: SqlType[] = args.map(typeOf)): SqlValue {
  const fn = kdaFunctions.get(name);
  if (!fn) throw new Error(`no ${name}`);
  const type = fn.returnType(types, at, args);
  if (!fn.nullCall && args.some((a) => a === null)) return null;
  return fn.impl(args, { argTypes: types, type, now: () => 0 });
}

const ts = (s: string): number => Date.parse(`${s}Z`);

describe('TSDIFF', () => {
  it('is the difference in ms of two timestamps (endTime - startTime), BIGINT, NULL-propagating', () => {
    expect(call('TSDIFF', [ts('2024-01-01T00:00:00'), ts('2024-01-01T00:01:30.250')], [T.timestamp, T.timestamp])).toBe(90_250);
    expect(call('TSDIFF', [1000, 400])).toBe(-600);
    expect(call('TSDIFF', [null, 5])).toBeNull();
    expect(kdaFunctions.get('TSDIFF')!.returnType([T.timestamp, T.timestamp], at, [])).toEqual(T.bigint);
    expect(() => call('TSDIFF', ['a', 'b'])).toThrow(SqlError);
  });
});

describe('CHAR_TO_TIMESTAMP / TIMESTAMP_TO_CHAR (SimpleDateFormat)', () => {
  it("parses AWS's example and defaults missing fields to 1970-01-01 00:00:00", () => {
    expect(call('CHAR_TO_TIMESTAMP', ['yyyy-MM-dd hh:mm:ss', '2009-09-16 03:15:24'])).toBe(ts('2009-09-16T03:15:24'));
    expect(call('CHAR_TO_TIMESTAMP', ['yyyy-MM', '2009-09'])).toBe(ts('2009-09-01T00:00:00'));
    expect(call('CHAR_TO_TIMESTAMP', ['HH:mm', '13:45'])).toBe(ts('1970-01-01T13:45:00'));
  });

  it('handles month names, AM/PM, milliseconds, quoted literals, zones and compact numbers', () => {
    expect(parseJavaDate('dd/MMM/yyyy:HH:mm:ss Z', '10/Oct/2000:13:55:36 -0700')).toBe(ts('2000-10-10T20:55:36'));
    expect(parseJavaDate('EEE, d MMMM yyyy h:mm a', 'Wed, 4 July 2001 12:08 PM')).toBe(ts('2001-07-04T12:08:00'));
    expect(parseJavaDate('h:mm a', '12:08 AM')).toBe(ts('1970-01-01T00:08:00'));
    expect(parseJavaDate("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-02-29T23:59:58.123Z')).toBe(ts('2024-02-29T23:59:58.123'));
    expect(parseJavaDate('yyyyMMddHHmmss', '20240102030405')).toBe(ts('2024-01-02T03:04:05'));
    expect(parseJavaDate("''yy''", "'09'")).toBe(ts('2009-01-01T00:00:00'));
  });

  it('raises a row-time error for unparseable text', () => {
    expect(() => call('CHAR_TO_TIMESTAMP', ['yyyy-MM-dd', 'yesterday'])).toThrow(SqlRuntimeError);
    expect(() => parseJavaDate('yyyy-MM-dd', '2024/01/01')).toThrow(/Unparseable date: "2024\/01\/01"/);
  });

  it('CHAR_TO_DATE keeps only the day', () => {
    expect(call('CHAR_TO_DATE', ['yyyy-MM-dd HH:mm', '2024-05-06 07:08'])).toBe(ts('2024-05-06T00:00:00'));
  });

  it('formats every common letter in UTC', () => {
    const t = ts('2024-03-05T15:04:05.007');
    expect(formatJavaDate('yyyy-MM-dd HH:mm:ss.SSS', t)).toBe('2024-03-05 15:04:05.007');
    expect(formatJavaDate("EEE, d MMM yy hh:mm a 'UTC' D", t)).toBe('Tue, 5 Mar 24 03:04 PM UTC 65');
    expect(formatJavaDate('EEEE MMMM k K Z', ts('2024-03-05T00:00:00'))).toBe('Tuesday March 24 0 +0000');
    expect(call('TIMESTAMP_TO_CHAR', ['yyyy-MM-dd', t], [T.varchar, T.timestamp])).toBe('2024-03-05');
  });

  it("TIMESTAMP_TO_CHAR of NULL is the string 'null' (AWS)", () => {
    expect(call('TIMESTAMP_TO_CHAR', ['yyyy', null], [T.varchar, T.timestamp])).toBe('null');
  });

  it('rejects unknown pattern letters', () => {
    expect(() => formatJavaDate('yyyy-qq', 0)).toThrow(/Illegal pattern character 'q'/);
  });
});

describe('REGEX_REPLACE', () => {
  it("replaces all matches with occurrence 0 (AWS's example)", () => {
    expect(call('REGEX_REPLACE', ['TECHNOLOGY', 'TECHNOLOGY', 'INFORMATION TECHNOLOGY', 1, 0])).toBe('INFORMATION TECHNOLOGY');
    expect(regexReplace('a1b22c333', '\\d+', '#', 1, 0)).toBe('a#b#c#');
  });

  it('replaces only the n-th match, searching from startPosition', () => {
    expect(regexReplace('a1b22c333', '\\d+', '#', 1, 2)).toBe('a1b#c333');
    expect(regexReplace('a1b22c333', '\\d+', '#', 4, 0)).toBe('a1b#c#');
    expect(regexReplace('abc', 'b', 'x', 9, 0)).toBe('abc');
  });

  it('uses Java replacement syntax ($n, ${name}, \\$)', () => {
    expect(regexReplace('John Smith', '(\\w+) (\\w+)', '$2, $1', 1, 0)).toBe('Smith, John');
    expect(regexReplace('ab', '(?<x>a)', '[${x}]', 1, 0)).toBe('[a]b');
    expect(regexReplace('5', '(\\d)', '\\$$1', 1, 0)).toBe('$5');
    expect(() => regexReplace('5', '(\\d)', '$2', 1, 0)).toThrow(/No group 2/);
  });

  it('writes bad positions to the error stream (SqlRuntimeError)', () => {
    expect(() => regexReplace('abc', 'b', 'x', 0, 0)).toThrow(SqlRuntimeError);
    expect(() => regexReplace('abc', 'b', 'x', 1, -1)).toThrow(SqlRuntimeError);
  });
});

describe('Java regex conversion', () => {
  it('converts \\Q…\\E, \\A, \\z, POSIX classes and leading inline flags', () => {
    expect(javaRegex('\\Q1+1=2\\E').test('1+1=2')).toBe(true);
    expect(javaRegex('\\Aab\\z').test('ab')).toBe(true);
    expect(javaRegex('^\\p{Alpha}+\\P{Digit}$').test('abc-')).toBe(true);
    expect(javaRegex('^[\\p{Digit}x]+$').test('12x')).toBe(true);
    expect(javaRegex('(?i)hello').test('HeLLo')).toBe(true);
  });

  it('rejects what JS cannot do with a clear error', () => {
    expect(() => javaRegex('a*+b')).toThrow(/possessive quantifier/);
    expect(() => javaRegex('(?>ab)')).toThrow(/atomic group/);
    expect(() => javaRegex('[a-z&&[^e]]')).toThrow(/nested character class|intersection/);
    expect(() => javaRegex('a(?i)b')).toThrow(/inline flags/);
    expect(() => javaRegex('(')).toThrow(SqlRuntimeError);
    // Lazy quantifiers and escaped pluses are fine.
    expect(javaRegex('a+?\\++').exec('aa++')![0]).toBe('aa++');
  });
});

describe('SUBSTRING, INITCAP, LOG10 and the standard string functions', () => {
  it("matches AWS's SUBSTRING examples", () => {
    const sub = (s: string, a: number, b: number): SqlValue => call('SUBSTRING', [s, a, b]);
    expect(sub('123456789', 3, 4)).toBe('3456');
    expect(sub('123456789', 17, 4)).toBe('');
    expect(sub('123456789', -1, 4)).toBe('12');
    expect(sub('123456789', 6, 0)).toBe('');
    expect(sub('123456789', 8, 4)).toBe('89');
    expect(call('SUBSTRING', ['TECHNOLOGY', 'L[A-Z]*'])).toBe('LOGY');
    expect(call('SUBSTRING', ['TECHNOLOGY', 'Z+'])).toBeNull();
  });

  it('INITCAP capitalises space-delimited words', () => {
    expect(initcap('aBc dEf  gHI')).toBe('Abc Def  Ghi');
    expect(call('INITCAP', ['hello-world foo'])).toBe('Hello-world Foo');
  });

  it('LOG10 and the inherited numeric/string functions', () => {
    expect(call('LOG10', [1000])).toBeCloseTo(3);
    expect(() => call('LOG10', [0])).toThrow(SqlRuntimeError);
    expect(call('UPPER', ['abc'])).toBe('ABC');
    expect(call('POSITION', ['b', 'abc'])).toBe(2);
    expect(call('CHAR_LENGTH', ['abc'])).toBe(3);
    expect(call('OVERLAY', ['abcdef', 'XY', 3])).toBe('abXYef');
    expect(call('TRIM', ['  x  '])).toBe('x');
  });
});

describe('log parsing', () => {
  it("REGEX_LOG_PARSE: groups → COLUMN1..n (AWS's example), NULL when no match", () => {
    expect(regexLogParse('ENERGY', '.*([E].).*([R].*)')).toEqual({ COLUMN1: 'EN', COLUMN2: 'RGY' });
    expect(regexLogParse('TECH', '.*([E].).*([R].*)')).toBeNull();
    expect(regexLogParse('a=1', '(\\w)=(\\d)(x)?', ['K', 'V', 'X'])).toEqual({ K: 'a', V: '1', X: null });
    expect(fastRegexLogParse('k:v', '(\\w+):(\\w+)')).toEqual({ COLUMN1: 'k', COLUMN2: 'v' });
  });

  const clf = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';

  it('W3C_LOG_PARSE COMMON and NCSA EXTENDED: one column per specifier', () => {
    expect(w3cLogParse(clf, 'COMMON')).toEqual({
      COLUMN1: '127.0.0.1', COLUMN2: null, COLUMN3: 'frank', COLUMN4: '10/Oct/2000:13:55:36 -0700',
      COLUMN5: 'GET /apache_pb.gif HTTP/1.0', COLUMN6: '200', COLUMN7: '2326',
    });
    const ncsa = w3cLogParse(`${clf} "http://ex.com/" "Mozilla/4.08 [en] (Win98)"`, 'NCSA EXTENDED');
    expect(ncsa).toMatchObject({ COLUMN8: 'http://ex.com/', COLUMN9: 'Mozilla/4.08 [en] (Win98)' });
    expect(w3cLogParse('vh1 ' + clf, 'common with vhost')).toMatchObject({ COLUMN1: 'vh1', COLUMN2: '127.0.0.1' });
    expect(w3cLogParse('http://a/ ---> /b.html', 'REFERER')).toEqual({ COLUMN1: 'http://a/', COLUMN2: '/b.html' });
    expect(w3cLogParse('not a log line', 'COMMON')).toBeNull();
    expect(w3cLogParse('1.2.3.4 200', '%h %>s')).toEqual({ COLUMN1: '1.2.3.4', COLUMN2: '200' });
    expect(LOG_PARSE_FUNCTIONS.W3C_LOG_PARSE!.columns([null, 'COMMON'])).toHaveLength(7);
  });

  it('W3C_LOG_PARSE IIS: 15 comma-separated fields', () => {
    const line = '192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,';
    const r = w3cLogParse(line, 'IIS')!;
    expect(r.COLUMN1).toBe('192.168.114.201');
    expect(r.COLUMN2).toBeNull();
    expect(r.COLUMN14).toBe('/DeptLogo.gif');
  });

  it('VARIABLE_COLUMN_LOG_PARSE: delimiter, escape, quotes, counts and names', () => {
    expect(variableColumnLogParse('a,b', 2)).toEqual({ COLUMN1: 'a', COLUMN2: 'b' });
    expect(variableColumnLogParse('a\\,b,c', 2, ',', '\\')).toEqual({ COLUMN1: 'a,b', COLUMN2: 'c' });
    expect(variableColumnLogParse('"x,y"|z', ['P', 'Q', 'R'], '|', undefined, '"')).toEqual({ P: 'x,y', Q: 'z', R: null });
    expect(variableColumnLogParse('[a|b]::c', 2, '::', undefined, '[]')).toEqual({ COLUMN1: 'a|b', COLUMN2: 'c' });
    const vcl = LOG_PARSE_FUNCTIONS.VARIABLE_COLUMN_LOG_PARSE!;
    expect(vcl.columns(['', 'id TYPE INTEGER, "Name" TYPE VARCHAR(10, 2)', ','])).toEqual(['ID', 'Name']);
    expect(vcl.parse(['1;bob', 'id TYPE INTEGER, "Name" TYPE VARCHAR(10)', ';'])).toEqual({ ID: '1', Name: 'bob' });
  });

  it('SYS_LOG_PARSE splits the timestamp from the message', () => {
    expect(sysLogParse('Oct  3 12:01:02 host1 sshd: hello')).toEqual({ COLUMN1: 'Oct  3 12:01:02', COLUMN2: 'host1 sshd: hello' });
    expect(sysLogParse('garbage')).toBeNull();
  });

  it('LOG_PARSE_FUNCTIONS plans REGEX_LOG_PARSE columns from the pattern or the column list', () => {
    const f = LOG_PARSE_FUNCTIONS.REGEX_LOG_PARSE!;
    expect(f.columns([null, '(a)(b)(?:c)(?<n>d)'])).toEqual(['COLUMN1', 'COLUMN2', 'COLUMN3']);
    expect(f.columns([null, '(a)', 'x VARCHAR(4)'])).toEqual(['X']);
    expect(f.parse(['abcd', '(a)(b)(?:c)(?<n>d)'])).toEqual({ COLUMN1: 'a', COLUMN2: 'b', COLUMN3: 'd' });
    expect(f.parse([null, '(a)'])).toBeNull();
    expect(Object.keys(LOG_PARSE_FUNCTIONS).sort()).toEqual(
      ['FAST_REGEX_LOG_PARSE', 'REGEX_LOG_PARSE', 'SYS_LOG_PARSE', 'VARIABLE_COLUMN_LOG_PARSE', 'W3C_LOG_PARSE'],
    );
  });
});
