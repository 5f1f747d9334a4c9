import { describe, expect, it } from 'vitest';
import { compileExpr } from './compile.js';
import { columnNotFound, type Scope } from './compiled.js';
import { SqlError, SqlRuntimeError } from './errors.js';
import { simple, standardFunctions } from './functions.js';
import { parseExpression } from './parser.js';
import { TokenCursor } from './tokenCursor.js';
import { formatTimestamp } from './temporalText.js';
import { T, decimal, valueToText, type SqlType, type SqlValue } from './types.js';

const NOW = Date.UTC(2026, 10, 26, 6, 45, 1, 250);
const COLS: [string, SqlType, SqlValue][] = [
  ['i', T.integer, 7],
  ['n', T.integer, null],
  ['s', T.varchar, 'abc'],
  ['b', T.boolean, true],
  ['nb', T.boolean, null],
  ['ts', T.timestamp, Date.UTC(2026, 10, 26, 6, 45, 1)],
  ['d', decimal(10, 2), 12.5],
  ['f', T.double, 2.5],
];
const ROW = COLS.map((c) => c[2]);
const scope: Scope = {
  resolve(ref, at) {
    const i = COLS.findIndex((c) => c[0] === (ref.quoted ? ref.name : ref.name.toLowerCase()));
    if (i < 0) throw columnNotFound(ref, at);
    return { index: i, type: COLS[i]![1] };
  },
};
const compile = (src: string) => compileExpr(parseExpression(new TokenCursor(src)), scope, standardFunctions, { now: () => NOW });
const ev = (src: string): SqlValue => compile(src).eval(ROW);
/** The value as PostgreSQL would print it (to check decimals and timestamps). */
const text = (src: string): string | null => {
  const c = compile(src);
  return valueToText(c.eval(ROW), c.type);
};
const compileError = (src: string): SqlError => {
  try {
    compile(src);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('compiled');
};
const runtimeError = (src: string): SqlRuntimeError => {
  try {
    ev(src);
  } catch (e) {
    if (e instanceof SqlRuntimeError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('three-valued logic and NULL propagation', () => {
  it.each([
    ['true AND nb', null], ['false AND nb', false], ['true OR nb', true], ['false OR nb', null],
    ['NOT nb', null], ['nb AND nb', null], ['nb OR true', true], ['nb AND false', false],
    ['n + 1', null], ['n = n', null], ['n <> 1', null], ['n IS NULL', true], ['i IS NOT NULL', true],
    ["s || n", null], ['n BETWEEN 1 AND 10', null], ['i BETWEEN 1 AND n', null], ['i BETWEEN 8 AND n', false],
    ['1 IN (2, n)', null], ['1 IN (1, n)', true], ['1 NOT IN (2, n)', null], ['3 NOT IN (1, 2)', true],
    ["NULLIF(s, s) LIKE 'a%'", null], ['UPPER(NULL)', null], ['COALESCE(n, i, 0)', 7], ['NULLIF(i, 7)', null], ['NULLIF(i, 8)', 7],
    ['CASE WHEN nb THEN 1 ELSE 2 END', 2], ['CASE n WHEN 1 THEN 1 END', null],
  ])('%s → %s', (src, want) => {
    expect(ev(src)).toBe(want);
  });
});

describe('arithmetic', () => {
  it('truncates integer division and modulo toward zero', () => {
    expect(ev('7/2')).toBe(3);
    expect(ev('-7/2')).toBe(-3);
    expect(ev('7/-2')).toBe(-3);
    expect(ev('-7 % 3')).toBe(-1);
    expect(ev('i / 2')).toBe(3);
  });

  it('does not truncate when either operand is not integral', () => {
    expect(ev('7/2.0')).toBe(3.5);
    expect(ev('f * 2')).toBe(5);
    expect(compile('i / 2.0').type.kind).toBe('decimal');
    expect(compile('i + f').type).toEqual(T.double);
  });

  it('throws 22012 on division by zero, also for modulo', () => {
    expect(runtimeError('1/0')).toMatchObject({ code: '22012', message: 'division by zero' });
    expect(runtimeError('i % 0')).toMatchObject({ code: '22012' });
    expect(runtimeError('f / 0')).toMatchObject({ code: '22012' });
  });

  it('promotes integer to bigint and checks integer overflow', () => {
    expect(compile('3000000000 + 1').type).toEqual(T.bigint);
    expect(runtimeError('2147483647 + 1')).toMatchObject({ code: '22003', message: 'integer out of range' });
  });

  it('keeps decimal scales', () => {
    expect(text('d + 1')).toBe('13.50');
    expect(text('d * 1.5')).toBe('18.750');
  });

  it('does timestamp ± interval and timestamp − timestamp', () => {
    expect(text("ts + INTERVAL '5' SECOND")).toBe('2026-11-26 06:45:06');
    expect(text("ts - INTERVAL '1' DAY")).toBe('2026-11-25 06:45:01');
    expect(text("ts - TIMESTAMP '2026-11-26 06:40:00'")).toBe('00:05:01');
    expect(text("DATE '2026-11-26' + 1")).toBe('2026-11-27');
    expect(ev("DATE '2026-11-26' - DATE '2026-11-20'")).toBe(6);
  });

  it('concatenates anything with a string', () => {
    expect(ev("s || 1")).toBe('abc1');
    expect(ev("'x' || b")).toBe('xtrue');
    expect(ev("'at ' || ts")).toBe('at 2026-11-26 06:45:01');
  });
});

describe('comparisons', () => {
  it('compares numbers across types, strings and timestamps', () => {
    expect(ev('i = 7.0')).toBe(true);
    expect(ev('d > i')).toBe(true);
    expect(ev("s < 'abd'")).toBe(true);
    expect(ev("ts > TIMESTAMP '2026-01-01 00:00:00'")).toBe(true);
    expect(ev("ts > '2026-11-26'")).toBe(true);
    expect(ev("i = '7'")).toBe(true);
  });

  it('does LIKE and ILIKE with % and _', () => {
    expect(ev("s LIKE 'a_c'")).toBe(true);
    expect(ev("s LIKE 'A%'")).toBe(false);
    expect(ev("s ILIKE 'A%'")).toBe(true);
    expect(ev("s NOT LIKE '%b%'")).toBe(false);
    expect(ev("'a.c' LIKE 'a.c'")).toBe(true);
    expect(ev("'abc' LIKE 'a.c'")).toBe(false);
  });
});

describe('casts', () => {
  it.each([
    ["CAST('42' AS INTEGER)", 42],
    ["' 42 '::int", 42],
    ['CAST(2.5 AS INTEGER)', 3],
    ['CAST(-2.5 AS INTEGER)', -3],
    ["CAST('abcdef' AS VARCHAR(3))", 'abc'],
    ['CAST(i AS VARCHAR)', '7'],
    ["'true'::boolean", true],
    ["'off'::bool", false],
    ['CAST(1 AS BOOLEAN)', true],
    ["CAST('1.5e2' AS DOUBLE PRECISION)", 150],
  ])('%s → %s', (src, want) => {
    expect(ev(src)).toBe(want);
  });

  it('rounds to a DECIMAL scale and prints it', () => {
    expect(text('CAST(2.345 AS DECIMAL(5,2))')).toBe('2.35');
    expect(text("CAST('7' AS NUMERIC(4,1))")).toBe('7.0');
  });

  it('casts text to dates and timestamps (UTC) and back', () => {
    expect(text("CAST('2026-11-26T06:45:01Z' AS TIMESTAMP)")).toBe('2026-11-26 06:45:01');
    expect(text("CAST('2026-11-26 08:45:01+02' AS TIMESTAMP)")).toBe('2026-11-26 06:45:01');
    expect(text("'2026-11-26 06:45:01.5'::timestamp")).toBe('2026-11-26 06:45:01.5');
    expect(text('CAST(ts AS DATE)')).toBe('2026-11-26');
    expect(text("CAST('2026-02-03' AS DATE)")).toBe('2026-02-03');
  });

  it('throws 22P02 with PostgreSQL wording for bad text', () => {
    expect(runtimeError("CAST('abc' AS INTEGER)")).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
    expect(runtimeError("'1.5'::bigint").message).toBe('invalid input syntax for type bigint: "1.5"');
    expect(runtimeError("'x'::numeric").message).toBe('invalid input syntax for type numeric: "x"');
    expect(runtimeError("'maybe'::boolean").message).toBe('invalid input syntax for type boolean: "maybe"');
    expect(runtimeError("'2026-13-01'::date").message).toBe('invalid input syntax for type date: "2026-13-01"');
  });

  it('rejects impossible casts at compile time', () => {
    const e = compileError('CAST(b AS DATE)');
    expect(e).toMatchObject({ code: '42846', reason: 'cannot cast type boolean to date', line: 1, column: 1 });
  });
});

describe('functions', () => {
  it.each([
    ["UPPER('abc')", 'ABC'], ["LOWER('AbC')", 'abc'], ["TRIM('  x  ')", 'x'], ["TRIM(LEADING 'x' FROM 'xxaxx')", 'axx'],
    ["TRIM(TRAILING FROM '  a  ')", '  a'], ["LTRIM('  a')", 'a'], ["RTRIM('a  ')", 'a'], ["BTRIM('xax', 'x')", 'a'],
    ["SUBSTRING('hello' FROM 2 FOR 3)", 'ell'], ["SUBSTRING('hello', 0, 3)", 'he'], ["SUBSTRING('hello' FROM 4)", 'lo'],
    ["POSITION('l' IN 'hello')", 3], ["POSITION('z' IN 'hello')", 0], ["CHAR_LENGTH('héllo')", 5], ["LENGTH('')", 0],
    ["OVERLAY('Txxxxas' PLACING 'hom' FROM 2 FOR 4)", 'Thomas'], ["REPLACE('a-b-c', '-', '+')", 'a+b+c'],
    ['ABS(-3)', 3], ['ROUND(2.5)', 3], ['ROUND(-2.5)', -3], ['ROUND(1.2345, 2)', 1.23], ['FLOOR(-1.5)', -2], ['CEIL(1.2)', 2],
    ['CEILING(1.2)', 2], ['MOD(-7, 3)', -1], ['POWER(2, 10)', 1024], ['SQRT(16)', 4], ['LN(1)', 0], ['EXP(0)', 1],
    ['EXTRACT(YEAR FROM ts)', 2026], ['EXTRACT(MONTH FROM ts)', 11], ['EXTRACT(DAY FROM ts)', 26], ['EXTRACT(HOUR FROM ts)', 6],
    ['EXTRACT(MINUTE FROM ts)', 45], ['EXTRACT(SECOND FROM ts)', 1], ['EXTRACT(DOW FROM ts)', 4], ['EXTRACT(DOY FROM ts)', 330],
    ['EXTRACT(EPOCH FROM ts)', Date.UTC(2026, 10, 26, 6, 45, 1) / 1000],
  ])('%s → %s', (src, want) => {
    expect(ev(src)).toBe(want);
  });

  it('formats ROUND of a decimal at the requested scale', () => {
    expect(text('ROUND(d, 1)')).toBe('12.5');
    expect(text('ROUND(2.345, 2)')).toBe('2.35');
  });

  it('reads CURRENT_TIMESTAMP and CURRENT_DATE from the context clock', () => {
    expect(ev('CURRENT_TIMESTAMP')).toBe(NOW);
    expect(text('CURRENT_DATE')).toBe('2026-11-26');
  });

  it('rounds timestamps with FLOOR/CEIL(x TO unit)', () => {
    expect(text('FLOOR(ts TO MINUTE)')).toBe('2026-11-26 06:45:00');
    expect(text('CEIL(ts TO HOUR)')).toBe('2026-11-26 07:00:00');
    expect(text('FLOOR(ts TO DAY)')).toBe('2026-11-26 00:00:00');
  });

  it('lets a dialect add functions with registry.with', () => {
    const reg = standardFunctions.with({ TWICE: simple('twice', T.integer, [['int']], (a) => (a[0] as number) * 2) });
    const c = compileExpr(parseExpression(new TokenCursor('twice(i)')), scope, reg);
    expect(c.eval(ROW)).toBe(14);
    expect(standardFunctions.has('TWICE')).toBe(false);
  });

  it('raises runtime errors of math functions with SQLSTATEs', () => {
    expect(runtimeError('SQRT(-1)').code).toBe('2201F');
    expect(runtimeError('LN(0)').code).toBe('2201E');
    expect(runtimeError('MOD(1, 0)').code).toBe('22012');
  });
});

describe('compile-time errors carry positions', () => {
  it('reports an unknown column at its reference', () => {
    const e = compileError('i +\n  nope');
    expect(e).toMatchObject({ code: '42703', reason: 'column "nope" does not exist', line: 2, column: 3 });
    expect(e.message).toBe('line 2, column 3: column "nope" does not exist');
  });

  it('reports an operator with no matching types at the operator', () => {
    expect(compileError('i + b')).toMatchObject({ code: '42883', reason: 'operator does not exist: integer + boolean', line: 1, column: 3 });
    expect(compileError('ts * 2').reason).toBe('operator does not exist: timestamp without time zone * integer');
    expect(compileError('s = i + 0 OR b = 1').reason).toBe('operator does not exist: character varying = integer');
  });

  it('reports an unknown function or a bad signature', () => {
    expect(compileError('nosuch(1)')).toMatchObject({ code: '42883', reason: 'function nosuch(integer) does not exist' });
    expect(compileError('UPPER(i)').reason).toBe('function upper(integer) does not exist');
  });

  it('requires booleans for AND/OR/NOT', () => {
    expect(compileError('b AND i')).toMatchObject({ code: '42804', reason: 'argument of AND must be type boolean, not type integer', column: 7 });
  });

  it('rejects mismatched CASE branches', () => {
    expect(compileError("CASE WHEN b THEN 1 ELSE 'x' = s END").reason).toBe('CASE types integer and boolean cannot be matched');
  });

  it('rejects bad typed literals at compile time', () => {
    expect(compileError("TIMESTAMP 'nope'")).toMatchObject({ code: '22007', reason: 'invalid input syntax for type timestamp without time zone: "nope"' });
  });
});

describe('formatting', () => {
  it('prints fractional seconds only when non-zero', () => {
    expect(formatTimestamp(Date.UTC(2026, 0, 1))).toBe('2026-01-01 00:00:00');
    expect(formatTimestamp(Date.UTC(2026, 0, 1, 0, 0, 0, 120))).toBe('2026-01-01 00:00:00.12');
  });
});
