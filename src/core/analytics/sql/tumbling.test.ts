import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { SRC, at, demoApp, thrown } from './testing.js';

// AWS, tumbling-window-concepts: MIN/MAX price per ticker over one-minute windows.
const MINMAX = `
  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (rt TIMESTAMP, ticker_symbol VARCHAR(4), min_price REAL, max_price REAL);
  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ROWTIME, Ticker_Symbol, MIN(Price) AS Price, MAX(Price) AS Price
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY Ticker_Symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`;

describe('tumbling windows (GROUP BY STEP / FLOOR of ROWTIME)', () => {
  it('emits nothing before the bucket closes, then every group of the bucket with ROWTIME = bucket end', () => {
    const app = demoApp(MINMAX);
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN', PRICE: 10 }, at('11:00:05'));
    app.insert(SRC, { TICKER_SYMBOL: 'MSFT', PRICE: 30 }, at('11:00:20'));
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN', PRICE: 14 }, at('11:00:59'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([]);
    // A later row (ROWTIME ≥ 11:01:00) closes the 11:00 bucket; it starts the next one.
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN', PRICE: 99 }, at('11:01:00'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([
      { RT: at('11:01:00'), TICKER_SYMBOL: 'AMZN', MIN_PRICE: 10, MAX_PRICE: 14, ROWTIME: at('11:01:00') },
      { RT: at('11:01:00'), TICKER_SYMBOL: 'MSFT', MIN_PRICE: 30, MAX_PRICE: 30, ROWTIME: at('11:01:00') },
    ]);
  });

  it('advanceTo closes a bucket only at or after its end; nothing is emitted at end of input', () => {
    const app = demoApp(MINMAX);
    app.insert(SRC, { TICKER_SYMBOL: 'AMZN', PRICE: 10 }, at('11:00:05'));
    app.advanceTo(at('11:00:59'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toHaveLength(0);
    expect(app.openWindows()).toEqual([{ pump: 'STREAM_PUMP', kind: 'tumbling', start: Date.parse(at('11:00:00')), end: Date.parse(at('11:01:00')), groups: 1, rows: 1 }]);
    app.advanceTo(at('11:01:00'));
    expect(app.rows('DESTINATION_SQL_STREAM').map((r) => r.ROWTIME)).toEqual([at('11:01:00')]);
    expect(app.openWindows()).toEqual([]);
    app.advanceTo(at('11:05:00'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toHaveLength(1);
  });

  it('FLOOR(ROWTIME TO MINUTE) groups like STEP; in the select list it is the bucket start', () => {
    const app = demoApp(`
      CREATE STREAM "O" (minute_start TIMESTAMP, ticker VARCHAR(4), n BIGINT);
      CREATE PUMP "P" AS INSERT INTO "O"
        SELECT STREAM FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE), ticker_symbol, COUNT(*)
        FROM "SOURCE_SQL_STREAM_001" GROUP BY ticker_symbol, FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);`);
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('11:00:01'));
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('11:00:02'));
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('11:01:30'));
    app.advanceTo(at('11:02:00'));
    expect(app.rows('O')).toEqual([
      { MINUTE_START: at('11:00:00'), TICKER: 'A', N: 2, ROWTIME: at('11:01:00') },
      { MINUTE_START: at('11:01:00'), TICKER: 'A', N: 1, ROWTIME: at('11:02:00') },
    ]);
  });

  it('STEP in the select list yields the bucket start; 10-second buckets are epoch-aligned', () => {
    const app = demoApp(`
      CREATE STREAM "O" (win TIMESTAMP, n BIGINT);
      CREATE PUMP "P" AS INSERT INTO "O"
        SELECT STREAM STEP(ROWTIME BY INTERVAL '10' SECOND), COUNT(*) FROM "SOURCE_SQL_STREAM_001"
        GROUP BY STEP(ROWTIME BY INTERVAL '10' SECOND);`);
    for (const s of ['11:00:03', '11:00:09', '11:00:10', '11:00:25']) app.insert(SRC, { TICKER_SYMBOL: 'A' }, at(s));
    expect(app.rows('O')).toEqual([
      { WIN: at('11:00:00'), N: 2, ROWTIME: at('11:00:10') },
      { WIN: at('11:00:10'), N: 1, ROWTIME: at('11:00:20') },
    ]);
  });

  it('HAVING filters groups; COUNT(DISTINCT), SUM, AVG (integer AVG truncates), STDDEV', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (k VARCHAR(4), v INTEGER, u VARCHAR(4));
      CREATE STREAM "O" (k VARCHAR(4), n BIGINT, d BIGINT, s INTEGER, a INTEGER, sd DOUBLE, vs DOUBLE);
      CREATE PUMP "P" AS INSERT INTO "O"
        SELECT STREAM k, COUNT(v), COUNT(DISTINCT u), SUM(v), AVG(v), STDDEV_POP(v), VAR_SAMP(v)
        FROM "IN" GROUP BY k, STEP("IN".ROWTIME BY INTERVAL '1' MINUTE) HAVING COUNT(*) > 1;`);
    app.insert('IN', { K: 'a', V: 1, U: 'x' }, at('00:00:01'));
    app.insert('IN', { K: 'a', V: 2, U: 'x' }, at('00:00:02'));
    app.insert('IN', { K: 'a', V: null, U: 'y' }, at('00:00:03'));
    app.insert('IN', { K: 'b', V: 5, U: 'z' }, at('00:00:04'));
    app.advanceTo(at('00:01:00'));
    const rows = app.rows('O');
    expect(rows).toHaveLength(1); // b has one row: HAVING drops it
    expect(rows[0]).toMatchObject({ K: 'a', N: 2, D: 2, S: 3, A: 1, SD: 0.5, VS: 0.5 });
  });

  it('a GROUP BY without a ROWTIME bucket is a plan error at the GROUP BY expression', () => {
    const e = thrown(() => demoApp(`CREATE STREAM "O" (t VARCHAR(4), n BIGINT);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY ticker_symbol;`));
    expect([e.line, e.column]).toEqual([3, 10]);
    expect(e.message).toContain('monotonic');
  });

  it('a selected column that is neither grouped nor aggregated is a plan error at the column', () => {
    const e = thrown(() => demoApp(`CREATE STREAM "O" (t VARCHAR(4), n REAL);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001"
GROUP BY ticker_symbol, STEP(ROWTIME BY INTERVAL '1' MINUTE);`));
    expect([e.line, e.column]).toEqual([2, 65]);
    expect(e.message).toContain('must appear in the GROUP BY clause');
  });

  it('a chained tumbling pump closes after the first one emits (pumps advance in data-flow order)', () => {
    const app = demoApp(`
      CREATE STREAM "PER_MIN" (t VARCHAR(4), n BIGINT);
      CREATE STREAM "PER_5MIN" (n BIGINT);
      CREATE PUMP "SECOND" AS INSERT INTO "PER_5MIN" SELECT STREAM SUM(n) FROM "PER_MIN" GROUP BY STEP(ROWTIME BY INTERVAL '5' MINUTE);
      CREATE PUMP "FIRST" AS INSERT INTO "PER_MIN" SELECT STREAM ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
        GROUP BY ticker_symbol, STEP(ROWTIME BY INTERVAL '1' MINUTE);`);
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('00:00:10'));
    app.insert(SRC, { TICKER_SYMBOL: 'B' }, at('00:04:10'));
    app.advanceTo(at('00:05:00'));
    // PER_MIN rows at 00:01:00 and 00:05:00; the 00:05:00 row belongs to the next 5-minute bucket.
    expect(app.rows('PER_MIN').map((r) => r.ROWTIME)).toEqual([at('00:01:00'), at('00:05:00')]);
    expect(app.rows('PER_5MIN')).toEqual([{ N: 1, ROWTIME: at('00:05:00') }]);
  });
});
