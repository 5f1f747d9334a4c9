import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { at, thrown } from './testing.js';

const inputs = { SOURCE_SQL_STREAM_001: [{ name: 'TICKER_SYMBOL', type: 'VARCHAR(4)' }, { name: 'PRICE', type: 'DOUBLE' }, { name: 'X', type: 'DOUBLE' }] };

describe('table functions over CURSOR(SELECT STREAM …)', () => {
  it('RANDOM_CUT_FOREST appends ANOMALY_SCORE; an outlier scores higher than the usual points', () => {
    const app = createSqlApplication(`
      CREATE OR REPLACE STREAM "TEMP_STREAM" (price DOUBLE, "ANOMALY_SCORE" DOUBLE);
      CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "TEMP_STREAM"
        SELECT STREAM PRICE, ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(
          CURSOR(SELECT STREAM PRICE FROM "SOURCE_SQL_STREAM_001"), 20, 64, 100000, 1));`, { inputs, seed: 7 });
    for (let i = 0; i < 300; i++) app.insert('SOURCE_SQL_STREAM_001', { PRICE: 10 + (i % 5) * 0.1 }, i * 1000);
    app.insert('SOURCE_SQL_STREAM_001', { PRICE: 500 }, 300_000);
    const rows = app.rows('TEMP_STREAM');
    expect(rows).toHaveLength(301);
    expect(rows[0]!.ANOMALY_SCORE).toBe(0); // warming up
    const usual = rows[299]!.ANOMALY_SCORE as number;
    const outlier = rows[300]!.ANOMALY_SCORE as number;
    expect(outlier).toBeGreaterThan(usual * 2);
    expect(app.describe().pumps[0]!.window).toBe('function');
  });

  it('RANDOM_CUT_FOREST is deterministic for a seed', () => {
    const run = (seed: number) => {
      const app = createSqlApplication(`CREATE STREAM "O" (s DOUBLE);
        CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM PRICE, X FROM "SOURCE_SQL_STREAM_001"), 10, 16));`, { inputs, seed });
      for (let i = 0; i < 60; i++) app.insert('SOURCE_SQL_STREAM_001', { PRICE: i % 7, X: i % 3 }, i);
      return app.rows('O').map((r) => r.S);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('HOTSPOTS appends HOTSPOTS_RESULT JSON', () => {
    const app = createSqlApplication(`CREATE STREAM "O" (x DOUBLE, y DOUBLE, r VARCHAR(10000));
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM "x", "y", HOTSPOTS_RESULT
      FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM "x", "y" FROM "S"), 100, 1.0, 3));`, {
      inputs: { S: [{ name: 'x', type: 'DOUBLE' }, { name: 'y', type: 'DOUBLE' }] },
    });
    for (let i = 0; i < 5; i++) app.insert('S', { x: 1 + i * 0.01, y: 1 }, i);
    const last = app.rows('O').at(-1)!;
    expect(JSON.parse(last.R as string).hotspots.length).toBeGreaterThan(0);
  });

  it('TOP_K_ITEMS_TUMBLING emits the K most frequent values per window at its end', () => {
    const app = createSqlApplication(`CREATE STREAM "O" (t VARCHAR(4), n BIGINT);
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(
        CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 'TICKER_SYMBOL', 2, 60));`, { inputs });
    for (const [t, s] of [['A', '10:00:01'], ['B', '10:00:02'], ['A', '10:00:03'], ['C', '10:00:04'], ['C', '10:00:05'], ['A', '10:00:06']] as const)
      app.insert('SOURCE_SQL_STREAM_001', { TICKER_SYMBOL: t }, at(s));
    expect(app.rows('O')).toEqual([]);
    app.advanceTo(at('10:01:00'));
    expect(app.rows('O')).toEqual([
      { T: 'A', N: 3, ROWTIME: at('10:01:00') },
      { T: 'C', N: 2, ROWTIME: at('10:01:00') },
    ]);
  });

  it('an unknown table function and a bad argument are plan errors at the function name', () => {
    const unknown = thrown(() => createSqlApplication(`CREATE STREAM "O" (a DOUBLE);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM TABLE(NOPE(CURSOR(SELECT STREAM PRICE FROM "SOURCE_SQL_STREAM_001")));`, { inputs }));
    expect([unknown.line, unknown.column]).toEqual([2, 63]);
    expect(unknown.message).toContain('table function NOPE does not exist');
    const bad = thrown(() => createSqlApplication(`CREATE STREAM "O" (a DOUBLE, s DOUBLE);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM PRICE FROM "SOURCE_SQL_STREAM_001"), 5000));`, { inputs }));
    expect(bad.message).toContain('numberOfTrees must be between 1 and 1000');
  });
});
