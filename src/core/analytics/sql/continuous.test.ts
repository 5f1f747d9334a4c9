import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { SRC, at, demoApp } from './testing.js';

describe('continuous filter and projection', () => {

  it('emits each matching row at once with its ROWTIME and filters the others', () => {
    const app = demoApp(`
      CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), change REAL, price REAL);
      CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM ticker_symbol, change, price FROM "SOURCE_SQL_STREAM_001" WHERE change > 0;`);
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN', SECTOR: 'TECH', CHANGE: 1.5, PRICE: 100 }, at('10:00:00'));
    app.insert(SRC, { TICKER_SYMBOL: 'MSFT', SECTOR: 'TECH', CHANGE: -2, PRICE: 50 }, at('10:00:01'));
    app.insert(SRC, { TICKER_SYMBOL: 'INTC', SECTOR: 'TECH', CHANGE: 0.5, PRICE: 20 }, at('10:00:02'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([
      { TICKER_SYMBOL: 'AMZN', CHANGE: 1.5, PRICE: 100, ROWTIME: at('10:00:00') },
      { TICKER_SYMBOL: 'INTC', CHANGE: 0.5, PRICE: 20, ROWTIME: at('10:00:02') },
    ]);
  });

  it('SELECT STREAM * copies every column; CASE and CAST compute new ones', () => {
    const app = demoApp(`
      CREATE STREAM "ALL" ("TICKER_SYMBOL" VARCHAR(4), "SECTOR" VARCHAR(16), "CHANGE" REAL, "PRICE" REAL);
      CREATE PUMP "P1" AS INSERT INTO "ALL" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";
      CREATE STREAM "LABELS" (t VARCHAR(4), label VARCHAR(8), cents INTEGER);
      CREATE PUMP "P2" AS INSERT INTO "LABELS"
        SELECT STREAM ticker_symbol, CASE WHEN price > 50 THEN 'high' ELSE 'low' END, CAST(price * 100 AS INTEGER)
        FROM "SOURCE_SQL_STREAM_001";`);
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN', SECTOR: 'TECH', CHANGE: 1, PRICE: 60.25 }, at('10:00:00'));
    expect(app.rows('ALL')).toEqual([{ TICKER_SYMBOL: 'AMZN', SECTOR: 'TECH', CHANGE: 1, PRICE: 60.25, ROWTIME: at('10:00:00') }]);
    expect(app.rows('LABELS')).toEqual([{ T: 'AMZN', LABEL: 'high', CENTS: 6025, ROWTIME: at('10:00:00') }]);
  });

  it('folds unquoted identifiers to upper case and keeps quoted ones', () => {
    const inputs = { SOURCE_SQL_STREAM_001: [{ name: 'ticker_symbol', type: 'VARCHAR(4)' }, { name: 'PRICE', type: 'DOUBLE' }] };
    const app = createSqlApplication(`
      CREATE STREAM out_stream ("lower" VARCHAR(4), upper_col DOUBLE);
      CREATE PUMP p AS INSERT INTO out_stream SELECT STREAM "ticker_symbol", price FROM "SOURCE_SQL_STREAM_001";`, { inputs });
    app.insert(SRC, { ticker_symbol: 'AMZN', PRICE: 3 }, at('10:00:00'));
    expect(app.rows('OUT_STREAM')).toEqual([{ lower: 'AMZN', UPPER_COL: 3, ROWTIME: at('10:00:00') }]);
    // unquoted ticker_symbol means TICKER_SYMBOL, which this stream does not have
    expect(() => createSqlApplication(`CREATE STREAM o (a VARCHAR(4)); CREATE PUMP p AS INSERT INTO o SELECT STREAM ticker_symbol FROM "SOURCE_SQL_STREAM_001";`, { inputs }))
      .toThrow(/column "TICKER_SYMBOL" does not exist/);
  });

  it('chains pumps through streams, carrying ROWTIME', () => {
    const app = demoApp(`
      CREATE STREAM "S1" (t VARCHAR(4), p REAL);
      CREATE STREAM "S2" (t VARCHAR(4), doubled REAL);
      CREATE PUMP "B" AS INSERT INTO "S2" SELECT STREAM t, p * 2 FROM "S1" WHERE p > 1;
      CREATE PUMP "A" AS INSERT INTO "S1" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";`);
    app.insert(SRC, { TICKER_SYMBOL: 'X', PRICE: 1 }, at('10:00:00'));
    app.insert(SRC, { TICKER_SYMBOL: 'Y', PRICE: 4 }, at('10:00:05'));
    expect(app.rows('S1')).toHaveLength(2);
    expect(app.rows('S2')).toEqual([{ T: 'Y', DOUBLED: 8, ROWTIME: at('10:00:05') }]);
  });

  it('INSERT with a column list fills the named columns and leaves the others NULL', () => {
    const app = demoApp(`
      CREATE STREAM "O" (a VARCHAR(4), b REAL, c INTEGER);
      CREATE PUMP "P" AS INSERT INTO "O" (c, a) SELECT STREAM 7, ticker_symbol FROM "SOURCE_SQL_STREAM_001";`);
    app.insert(SRC, { TICKER_SYMBOL: 'Z' }, at('10:00:00'));
    expect(app.rows('O')).toEqual([{ A: 'Z', B: null, C: 7, ROWTIME: at('10:00:00') }]);
  });

  it('a stream created in SQL can be fed with insert(); ROWTIME and CURRENT_ROW_TIMESTAMP are the row time', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (v INTEGER);
      CREATE STREAM "OUT" (v INTEGER, rt TIMESTAMP, crt TIMESTAMP);
      CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM v, ROWTIME, CURRENT_ROW_TIMESTAMP FROM "IN";`);
    app.insert('IN', { V: 1 }, Date.parse(at('10:00:00')));
    expect(app.rows('OUT')).toEqual([{ V: 1, RT: at('10:00:00'), CRT: at('10:00:00'), ROWTIME: at('10:00:00') }]);
  });
});

describe('SQL types and NULLs', () => {
  const app = () => createSqlApplication(`
    CREATE STREAM "IN" (a INTEGER, b INTEGER, s VARCHAR(10));
    CREATE STREAM "OUT" (q INTEGER, r DOUBLE, n INTEGER, c VARCHAR(20), isnull BOOLEAN);
    CREATE PUMP "P" AS INSERT INTO "OUT"
      SELECT STREAM a / b, CAST(a AS DOUBLE) / b, a + NULL, s || '!', s IS NULL FROM "IN";`);

  it('INTEGER division truncates toward zero; DOUBLE division does not', () => {
    const a = app();
    a.insert('IN', { A: 7, B: 2, S: 'x' }, 1000);
    a.insert('IN', { A: -7, B: 2, S: 'y' }, 2000);
    expect(a.rows('OUT').map((r) => [r.Q, r.R])).toEqual([[3, 3.5], [-3, -3.5]]);
  });

  it('NULL propagates through arithmetic and concatenation; IS NULL tests it', () => {
    const a = app();
    a.insert('IN', { A: 1, B: 1, S: null }, 1000);
    expect(a.rows('OUT')).toEqual([{ Q: 1, R: 1, N: null, C: null, ISNULL: true, ROWTIME: new Date(1000).toISOString() }]);
  });

  it('WHERE treats an unknown (NULL) condition as false', () => {
    const a = createSqlApplication(`
      CREATE STREAM "IN" (a INTEGER);
      CREATE STREAM "OUT" (a INTEGER);
      CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM a FROM "IN" WHERE a > 1;`);
    a.insert('IN', { A: null }, 1);
    a.insert('IN', { A: 2 }, 2);
    expect(a.rows('OUT').map((r) => r.A)).toEqual([2]);
  });

  it('values are cast into the target column types (VARCHAR(n) truncates, DOUBLE → INTEGER rounds)', () => {
    const a = createSqlApplication(`
      CREATE STREAM "IN" (s VARCHAR(10), d DOUBLE);
      CREATE STREAM "OUT" (s VARCHAR(3), i INTEGER, t TINYINT, ts TIMESTAMP);
      CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM s, d, 1, TIMESTAMP '2026-01-01 00:00:00' FROM "IN";`);
    a.insert('IN', { S: 'abcdef', D: 2.6 }, 1);
    expect(a.rows('OUT')).toEqual([{ S: 'abc', I: 3, T: 1, TS: '2026-01-01T00:00:00.000Z', ROWTIME: new Date(1).toISOString() }]);
  });

  it('`expr AS ROWTIME` sets the output ROWTIME; going backwards is an error_stream row', () => {
    const a = createSqlApplication(`
      CREATE STREAM "IN" (ev TIMESTAMP, v INTEGER);
      CREATE STREAM "OUT" (v INTEGER);
      CREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM ev AS ROWTIME, v FROM "IN";`);
    a.insert('IN', { EV: '2026-01-01 00:00:05', V: 1 }, 10_000);
    a.insert('IN', { EV: '2026-01-01 00:00:01', V: 2 }, 20_000);
    expect(a.rows('OUT')).toEqual([{ V: 1, ROWTIME: '2026-01-01T00:00:05.000Z' }]);
    expect(a.rows('error_stream')[0]).toMatchObject({ ERROR_NAME: 'Out-of-order ROWTIME', PUMP_NAME: 'P' });
  });
});
