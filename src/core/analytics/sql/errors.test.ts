import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { utf8Hex } from './streams.js';
import { DEMO_INPUT, at, thrown } from './testing.js';

const fromHex = (h: string): string => decodeURIComponent(h.replace(/(..)/g, '%$1'));

describe('error_stream', () => {
  const app = () => createSqlApplication(`
    CREATE STREAM "IN" (a INTEGER, b INTEGER, s VARCHAR(10));
    CREATE STREAM "O" (q INTEGER, n INTEGER, small SMALLINT);
    CREATE PUMP "DIV_PUMP" AS INSERT INTO "O" SELECT STREAM a / b, CAST(s AS INTEGER), a FROM "IN";`);

  it('division by zero becomes an error_stream row with AWS columns and the application goes on', () => {
    const a = app();
    a.insert('IN', { A: 1, B: 0, S: '1' }, at('10:00:00'));
    a.insert('IN', { A: 4, B: 2, S: '2' }, at('10:00:01'));
    expect(a.rows('O')).toEqual([{ Q: 2, N: 2, SMALL: 4, ROWTIME: at('10:00:01') }]);
    const [err, ...rest] = a.rows('error_stream');
    expect(rest).toEqual([]);
    expect(err).toMatchObject({
      ERROR_TIME: at('10:00:00'), ERROR_LEVEL: 'ERROR', ERROR_NAME: 'Division by zero', MESSAGE: 'division by zero',
      DATA_ROWTIME: at('10:00:00'), PUMP_NAME: 'DIV_PUMP', ROWTIME: at('10:00:00'),
    });
    expect(JSON.parse(fromHex(err!.DATA_ROW as string))).toEqual({ A: 1, B: 0, S: '1', ROWTIME: at('10:00:00') });
  });

  it('a bad cast and a value out of its column type go to error_stream', () => {
    const a = app();
    a.insert('IN', { A: 1, B: 1, S: 'abc' }, at('10:00:00'));
    a.insert('IN', { A: 40000, B: 1, S: '1' }, at('10:00:01')); // 40000 does not fit SMALLINT
    expect(a.rows('O')).toEqual([]);
    expect(a.rows('error_stream').map((r) => [r.ERROR_NAME, r.MESSAGE])).toEqual([
      ['Cast error', 'invalid input syntax for type integer: "abc"'],
      ['Numeric value out of range', 'smallint out of range'],
    ]);
  });

  it('an out-of-order ROWTIME given to insert is rejected into error_stream', () => {
    const a = app();
    a.insert('IN', { A: 1, B: 1, S: '1' }, at('10:00:05'));
    a.insert('IN', { A: 2, B: 1, S: '1' }, at('10:00:01'));
    a.insert('IN', { A: 3, B: 1, S: '1' }, at('10:00:06'));
    expect(a.rows('O').map((r) => r.Q)).toEqual([1, 3]);
    expect(a.rows('error_stream')).toHaveLength(1);
    expect(a.rows('error_stream')[0]).toMatchObject({ ERROR_NAME: 'Out-of-order ROWTIME', DATA_ROWTIME: at('10:00:01'), PUMP_NAME: null });
  });

  it('an input value that cannot be coerced to its column is an error row', () => {
    const a = app();
    a.insert('IN', { A: 'x', B: 1 }, at('10:00:00'));
    expect(a.rows('error_stream')[0]).toMatchObject({ ERROR_NAME: 'Cast error' });
    expect(a.rows('O')).toEqual([]);
  });

  it('reportError (a record the input mapping rejected) writes hex-encoded bytes', () => {
    const a = app();
    a.reportError({ name: 'Parse error', message: 'not JSON', rowtime: Date.parse(at('10:00:00')), data: '{bad é' });
    expect(a.rows('error_stream')[0]).toMatchObject({ ERROR_NAME: 'Parse error', MESSAGE: 'not JSON', DATA_ROW: utf8Hex('{bad é'), DATA_ROWTIME: at('10:00:00') });
    expect(utf8Hex('é')).toBe('c3a9');
  });

  it('error_stream cannot be written by insert or by a pump', () => {
    expect(() => app().insert('error_stream', {})).toThrow(/cannot be written/);
    const e = thrown(() => createSqlApplication(`CREATE STREAM "IN" (a INTEGER);
CREATE PUMP "P" AS INSERT INTO "error_stream" SELECT STREAM a FROM "IN";`));
    expect([e.line, e.column]).toEqual([2, 32]);
  });
});

describe('parse and plan errors carry line, column and what was expected', () => {
  it('a syntax error points at the token and lists what could come', () => {
    const e = thrown(() => createSqlApplication(`CREATE STREAM "O" (a INTEGER);
CREATE PUMP "P" AS INSERT INTO "O"
  SELECT STREAM a b c FROM "IN";`));
    expect(e.message).toBe('line 3, column 21: syntax error at or near "c", expected "," or FROM');
    expect([e.line, e.column]).toEqual([3, 21]);
    expect(e.expected).toEqual([',', 'FROM']);
  });

  it('a column list that does not close is reported with what could come', () => {
    const e = thrown(() => createSqlApplication('CREATE STREAM "S" (a INTEGER b INTEGER)'));
    expect([e.line, e.column, e.expected]).toEqual([1, 30, [',', ')']]);
  });

  it('HAVING without GROUP BY or WINDOWED BY is a plan error', () => {
    const e = thrown(() => createSqlApplication(`CREATE STREAM "IN" (a INTEGER); CREATE STREAM "O" (a INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM a FROM "IN" HAVING a > 1;`));
    expect([e.line, e.column]).toEqual([2, 69]);
  });

  it('CREATE must be followed by STREAM or PUMP', () => {
    const e = thrown(() => createSqlApplication('CREATE TABLE t (a INTEGER)'));
    expect(e.message).toBe('line 1, column 8: syntax error at or near "TABLE", expected STREAM or PUMP');
  });

  it('an unknown stream is reported at its name', () => {
    const e = thrown(() => createSqlApplication(`CREATE STREAM "O" (a INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM a FROM "NOPE";`));
    expect(e.message).toBe('line 2, column 57: stream "NOPE" does not exist');
  });

  it('an unknown column and an unknown function are reported at their position', () => {
    const col = thrown(() => createSqlApplication(`CREATE STREAM "IN" (a INTEGER); CREATE STREAM "O" (a INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM zz FROM "IN";`, {}));
    expect([col.line, col.column, col.message]).toEqual([2, 50, 'line 2, column 50: column "ZZ" does not exist']);
    const fn = thrown(() => createSqlApplication(`CREATE STREAM "IN" (a INTEGER); CREATE STREAM "O" (a INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM NOSUCH(a) FROM "IN";`));
    expect([fn.line, fn.column]).toEqual([2, 50]);
    expect(fn.message).toContain('function nosuch(integer) does not exist');
  });

  it('a select list that does not match the target stream is a plan error', () => {
    const count = thrown(() => createSqlApplication(`CREATE STREAM "IN" (a INTEGER); CREATE STREAM "O" (a INTEGER, b INTEGER);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM a FROM "IN";`));
    expect([count.line, count.column]).toEqual([2, 36]);
    expect(count.message).toContain('fewer expressions than target columns');
    const type = thrown(() => createSqlApplication(`CREATE STREAM "IN" (a BOOLEAN); CREATE STREAM "O" (t TIMESTAMP);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM a FROM "IN";`));
    expect([type.line, type.column]).toEqual([2, 50]);
    expect(type.message).toContain('cannot insert boolean into column "T"');
  });

  it('unknown input types are rejected', () => {
    expect(() => createSqlApplication('', { inputs: { S: [{ name: 'a', type: 'BLOB' }] } })).toThrow(/unknown type "BLOB"/);
    expect(createSqlApplication('', { inputs: DEMO_INPUT }).describe().streams[0]!.columns[0]).toEqual({ name: 'TICKER_SYMBOL', type: 'VARCHAR(4)' });
  });
});
