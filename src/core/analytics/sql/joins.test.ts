import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { DEMO_INPUT, SRC, at, thrown } from './testing.js';

// AWS app-add-reference-data example: enrich the demo stream with a company-name table.
const ENRICH = (join: string) => `
  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), "Company" VARCHAR(20), price DOUBLE);
  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, "c"."Company", price
    FROM "SOURCE_SQL_STREAM_001" ${join} "CompanyName" AS "c"
    ON "SOURCE_SQL_STREAM_001".ticker_symbol = "c"."Ticker";`;
const referenceTables = { CompanyName: [{ name: 'Ticker', type: 'VARCHAR(4)' }, { name: 'Company', type: 'VARCHAR(20)' }] };

describe('stream-to-table joins', () => {
  it('inner JOIN keeps only matched rows; LEFT JOIN keeps the others with NULLs', () => {
    for (const [join, expected] of [
      ['JOIN', [['AMZN', 'Amazon']]],
      ['LEFT JOIN', [['AMZN', 'Amazon'], ['XYZ', null]]],
    ] as const) {
      const app = createSqlApplication(ENRICH(join), { inputs: DEMO_INPUT, referenceTables });
      app.setReferenceTable('CompanyName', [{ Ticker: 'AMZN', Company: 'Amazon' }, { Ticker: 'MSFT', Company: 'Microsoft' }]);
      app.insert(SRC, { TICKER_SYMBOL: 'AMZN', PRICE: 10 }, at('10:00:00'));
      app.insert(SRC, { TICKER_SYMBOL: 'XYZ', PRICE: 5 }, at('10:00:01'));
      expect(app.rows('DESTINATION_SQL_STREAM').map((r) => [r.TICKER_SYMBOL, r.Company])).toEqual(expected);
    }
  });

  it('a replaced reference table is used from the next row on', () => {
    const app = createSqlApplication(ENRICH('LEFT OUTER JOIN'), { inputs: DEMO_INPUT, referenceTables });
    app.setReferenceTable('CompanyName', [{ Ticker: 'AMZN', Company: 'Amazon' }]);
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN' }, at('10:00:00'));
    app.setReferenceTable('CompanyName', [{ Ticker: 'AMZN', Company: 'Amazon.com' }]);
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN' }, at('10:00:01'));
    expect(app.rows('DESTINATION_SQL_STREAM').map((r) => r.Company)).toEqual(['Amazon', 'Amazon.com']);
  });

  it('every matching table row joins (duplicate keys, extra ON conditions); a NULL key matches nothing', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (k INTEGER, v INTEGER);
      CREATE STREAM "O" (k INTEGER, name VARCHAR(8));
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM s.k, r.name FROM "IN" AS s LEFT JOIN "R" AS r ON r.k = s.k AND r.min_v <= s.v;`, {
      referenceTables: { R: [{ name: 'K', type: 'INTEGER' }, { name: 'NAME', type: 'VARCHAR(8)' }, { name: 'MIN_V', type: 'INTEGER' }] },
    });
    app.setReferenceTable('R', [{ K: 1, NAME: 'one', MIN_V: 0 }, { K: 1, NAME: 'uno', MIN_V: 5 }, { K: 2, NAME: 'two', MIN_V: 0 }]);
    app.insert('IN', { K: 1, V: 9 }, 1);
    app.insert('IN', { K: 1, V: 1 }, 2);
    app.insert('IN', { K: null, V: 1 }, 3);
    expect(app.rows('O').map((r) => [r.K, r.NAME])).toEqual([[1, 'one'], [1, 'uno'], [1, 'one'], [null, null]]);
  });

  it('an unknown column of the table is a plan error at the reference', () => {
    const e = thrown(() => createSqlApplication(`CREATE STREAM "O" (a VARCHAR(4));
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "c"."Nope" FROM "SOURCE_SQL_STREAM_001" JOIN "CompanyName" AS "c" ON TRUE;`, { inputs: DEMO_INPUT, referenceTables }));
    expect(e.message).toContain('column c.Nope does not exist');
    expect([e.line, e.column]).toEqual([2, 50]);
  });
});

describe('stream-to-stream joins', () => {
  // AWS stream-joins-concepts example 1: orders with trades within one minute.
  const SQL = `
    CREATE STREAM "ORDERS" (order_id INTEGER, ticker VARCHAR(4), amount INTEGER);
    CREATE STREAM "TRADES" (trade_id INTEGER, order_id INTEGER, amount INTEGER);
    CREATE STREAM "O" (order_id INTEGER, order_amount INTEGER, trade_amount INTEGER);
    CREATE PUMP "P" AS INSERT INTO "O"
      SELECT STREAM o.order_id, o.amount, t.amount
      FROM "ORDERS" AS o JOIN "TRADES" OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t
      ON o.order_id = t.order_id;`;

  it('a row of the un-windowed side joins the windowed side rows of the last minute, at its ROWTIME', () => {
    const app = createSqlApplication(SQL);
    app.insert('TRADES', { TRADE_ID: 1, ORDER_ID: 7, AMOUNT: 100 }, at('10:00:00'));
    app.insert('TRADES', { TRADE_ID: 2, ORDER_ID: 8, AMOUNT: 50 }, at('10:00:30'));
    app.insert('ORDERS', { ORDER_ID: 7, TICKER: 'A', AMOUNT: 100 }, at('10:00:40'));
    app.insert('ORDERS', { ORDER_ID: 8, TICKER: 'B', AMOUNT: 60 }, at('10:01:20')); // trade 2 (10:00:30) still within 1 minute
    app.insert('ORDERS', { ORDER_ID: 7, TICKER: 'A', AMOUNT: 1 }, at('10:01:30')); // trade 1 aged out
    expect(app.rows('O')).toEqual([
      { ORDER_ID: 7, ORDER_AMOUNT: 100, TRADE_AMOUNT: 100, ROWTIME: at('10:00:40') },
      { ORDER_ID: 8, ORDER_AMOUNT: 60, TRADE_AMOUNT: 50, ROWTIME: at('10:01:20') },
    ]);
    expect(app.describe().pumps).toEqual([{ name: 'P', into: 'O', from: ['ORDERS', 'TRADES'], window: 'join' }]);
  });

  it('a windowed-side row joins driving rows of the same ROWTIME only', () => {
    const app = createSqlApplication(SQL);
    app.insert('ORDERS', { ORDER_ID: 1, AMOUNT: 10 }, at('10:00:00'));
    app.insert('ORDERS', { ORDER_ID: 2, AMOUNT: 20 }, at('10:00:05'));
    app.insert('TRADES', { ORDER_ID: 2, AMOUNT: 21 }, at('10:00:05')); // same time as order 2: joins
    app.insert('TRADES', { ORDER_ID: 1, AMOUNT: 11 }, at('10:00:06')); // order 1 is not current: nothing
    expect(app.rows('O')).toEqual([{ ORDER_ID: 2, ORDER_AMOUNT: 20, TRADE_AMOUNT: 21, ROWTIME: at('10:00:05') }]);
  });

  it('a stream-to-stream join without a window is a plan error', () => {
    const e = thrown(() => createSqlApplication(SQL.replace('OVER (RANGE INTERVAL \'1\' MINUTE PRECEDING) ', '')));
    expect(e.message).toContain('needs a window');
  });
});
