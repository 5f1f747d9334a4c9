import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { SRC, at, demoApp, thrown } from './testing.js';

describe('sliding windows (OVER)', () => {
  it('AWS sliding-window example: a 5-second COUNT emits one row per input row, nothing when rows age out', () => {
    // Records at t1, t2, t6, t7 and three at t8 (sliding-window-concepts). RANGE includes the
    // current row and rows with ROWTIME ≥ t − 5 s; rows with the same ROWTIME enter in arrival
    // order (sql-reference-window-examples), so the three t8 rows see 3, 4 and 5 rows.
    const app = createSqlApplication(`
      CREATE STREAM "IN" (v INTEGER);
      CREATE STREAM "O" (n BIGINT);
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM COUNT(*) OVER W FROM "IN"
        WINDOW W AS (RANGE INTERVAL '5' SECOND PRECEDING);`);
    for (const s of [1, 2, 6, 7, 8, 8, 8]) app.insert('IN', { V: s }, s * 1000);
    app.advanceTo(60_000);
    expect(app.rows('O').map((r) => r.N)).toEqual([1, 2, 3, 3, 3, 4, 5]);
  });

  it('AVG OVER a partitioned one-minute window (spec §A.6 pump), per input row', () => {
    const app = demoApp(`
      CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), avg_price DOUBLE);
      CREATE OR REPLACE PUMP "STREAM_PUMP" AS
        INSERT INTO "DESTINATION_SQL_STREAM"
          SELECT STREAM ticker_symbol, AVG(price) OVER W1
          FROM "SOURCE_SQL_STREAM_001"
          WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING);`);
    app.insert(SRC, { TICKER_SYMBOL: 'A', PRICE: 10 }, at('10:00:00'));
    app.insert(SRC, { TICKER_SYMBOL: 'B', PRICE: 100 }, at('10:00:10'));
    app.insert(SRC, { TICKER_SYMBOL: 'A', PRICE: 20 }, at('10:00:30'));
    app.insert(SRC, { TICKER_SYMBOL: 'A', PRICE: 60 }, at('10:01:10')); // 10:00:00 has aged out
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([
      { TICKER: 'A', AVG_PRICE: 10, ROWTIME: at('10:00:00') },
      { TICKER: 'B', AVG_PRICE: 100, ROWTIME: at('10:00:10') },
      { TICKER: 'A', AVG_PRICE: 15, ROWTIME: at('10:00:30') },
      { TICKER: 'A', AVG_PRICE: 40, ROWTIME: at('10:01:10') },
    ]);
  });

  it('ROWS n PRECEDING holds the current row and n before it; MIN/MAX stay right as rows leave', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (v INTEGER);
      CREATE STREAM "O" (v INTEGER, mn INTEGER, mx INTEGER, s INTEGER);
      CREATE PUMP "P" AS INSERT INTO "O"
        SELECT STREAM v, MIN(v) OVER (ROWS 2 PRECEDING), MAX(v) OVER (ROWS 2 PRECEDING), SUM(v) OVER (ROWS 2 PRECEDING) FROM "IN";`);
    [5, 1, 4, 3, 9, 2, 2].forEach((v, i) => app.insert('IN', { V: v }, i));
    expect(app.rows('O').map((r) => [r.V, r.MN, r.MX, r.S])).toEqual([
      [5, 5, 5, 5], [1, 1, 5, 6], [4, 1, 5, 10], [3, 1, 4, 8], [9, 3, 9, 16], [2, 2, 9, 14], [2, 2, 9, 13],
    ]);
  });

  it('LAG, FIRST_VALUE and LAST_VALUE over a partition', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (k VARCHAR(1), v INTEGER);
      CREATE STREAM "O" (k VARCHAR(1), prev INTEGER, prev2 INTEGER, first_v INTEGER, last_v INTEGER);
      CREATE PUMP "P" AS INSERT INTO "O"
        SELECT STREAM k, LAG(v) OVER W, LAG(v, 2) OVER W, FIRST_VALUE(v) OVER W, LAST_VALUE(v) OVER W FROM "IN"
        WINDOW W AS (PARTITION BY k RANGE INTERVAL '10' SECOND PRECEDING);`);
    app.insert('IN', { K: 'a', V: 1 }, 0);
    app.insert('IN', { K: 'b', V: 7 }, 1000);
    app.insert('IN', { K: 'a', V: 2 }, 2000);
    app.insert('IN', { K: 'a', V: 3 }, 11_000); // the row at 0 left a's window, the one at 2000 did not
    expect(app.rows('O').map((r) => [r.K, r.PREV, r.PREV2, r.FIRST_V, r.LAST_V])).toEqual([
      // LAG(v, 2) of the last row would be the row at 0, which has left the window: NULL (AWS's LAG).
      ['a', null, null, 1, 1], ['b', null, null, 7, 7], ['a', 1, null, 1, 2], ['a', 2, null, 2, 3],
    ]);
  });

  it('LAG looks back within the frame only, gives its default past it, and skips NULLs with IGNORE NULLS', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (v INTEGER);
      CREATE STREAM "O" (r1 INTEGER, r2 INTEGER, d INTEGER, ign INTEGER);
      CREATE PUMP "P" AS INSERT INTO "O"
        SELECT STREAM LAG(v, 1) OVER R, LAG(v, 2) OVER R, LAG(v, 2, -1) OVER R, LAG(v, 1) IGNORE NULLS OVER W FROM "IN"
        WINDOW R AS (ROWS 1 PRECEDING), W AS (RANGE INTERVAL '1' MINUTE PRECEDING);`);
    app.insert('IN', { V: 1 }, 1000);
    app.insert('IN', { V: null }, 2000);
    app.insert('IN', { V: 3 }, 3000);
    expect(app.rows('O').map((r) => [r.R1, r.R2, r.D, r.IGN])).toEqual([
      [null, null, -1, null],
      [1, null, -1, 1], // ROWS 1 PRECEDING: two rows back is outside the frame → the default
      [null, null, -1, 1], // IGNORE NULLS skips the NULL row
    ]);
  });

  it('SUM and AVG of DISTINCT values count each value once, in sliding and tumbling windows', () => {
    const app = createSqlApplication(`
      CREATE STREAM "IN" (v INTEGER);
      CREATE STREAM "S" (s INTEGER, a DOUBLE);
      CREATE STREAM "T" (s INTEGER, a DOUBLE);
      CREATE PUMP "P1" AS INSERT INTO "S" SELECT STREAM SUM(DISTINCT v) OVER W, AVG(DISTINCT CAST(v AS DOUBLE)) OVER W FROM "IN"
        WINDOW W AS (RANGE INTERVAL '1' MINUTE PRECEDING);
      CREATE PUMP "P2" AS INSERT INTO "T" SELECT STREAM SUM(DISTINCT v), AVG(DISTINCT CAST(v AS DOUBLE)) FROM "IN"
        GROUP BY STEP("IN".ROWTIME BY INTERVAL '1' MINUTE);`);
    for (const [v, t] of [[1, 1000], [1, 2000], [4, 3000]] as const) app.insert('IN', { V: v }, t);
    app.advanceTo(60_000);
    expect(app.rows('S').map((r) => [r.S, r.A])).toEqual([[1, 1], [1, 1], [5, 2.5]]);
    expect(app.rows('T').map((r) => [r.S, r.A])).toEqual([[5, 2.5]]);
  });

  it('an unknown window name is a plan error at the call', () => {
    const e = thrown(() => createSqlApplication(`CREATE STREAM "IN" (v INTEGER); CREATE STREAM "O" (n BIGINT);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM COUNT(*) OVER nope FROM "IN";`));
    expect(e.message).toContain('window "NOPE" does not exist');
    expect([e.line, e.column]).toEqual([2, 50]);
  });

  it('an aggregate without a window is a plan error', () => {
    const e = thrown(() => createSqlApplication(`CREATE STREAM "IN" (v INTEGER); CREATE STREAM "O" (n BIGINT);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM SUM(v) FROM "IN";`));
    expect(e.message).toContain('needs a window');
    expect([e.line, e.column]).toEqual([2, 50]);
  });
});
