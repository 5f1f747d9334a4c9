import { describe, expect, it } from 'vitest';
import { SRC, at, demoApp, thrown } from './testing.js';

describe('ROW-valued log-parse functions and subqueries in FROM', () => {
  it('AWS REGEX_LOG_PARSE example 1: T.REC.COLUMN1 over a subquery', () => {
    const app = demoApp(`
      CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (match1 VARCHAR(1024), match2 VARCHAR(1024));
      CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM T.REC.COLUMN1, T.REC.COLUMN2
        FROM (SELECT STREAM SECTOR, REGEX_LOG_PARSE(SECTOR, '.*([E].).*([R].*)') AS REC
              FROM SOURCE_SQL_STREAM_001) AS T;`);
    app.insert(SRC, { TICKER_SYMBOL: 'A', SECTOR: 'ENERGY' }, at('10:00:00'));
    app.insert(SRC, { TICKER_SYMBOL: 'B', SECTOR: 'TECH' }, at('10:00:01'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([
      { MATCH1: 'EN', MATCH2: 'RGY', ROWTIME: at('10:00:00') },
      { MATCH1: null, MATCH2: null, ROWTIME: at('10:00:01') },
    ]);
  });

  it('FN(…).COLUMN directly in the select list', () => {
    const app = demoApp(`
      CREATE STREAM "O" (c1 VARCHAR(20));
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM VARIABLE_COLUMN_LOG_PARSE(sector, 2, '-').COLUMN2 FROM "SOURCE_SQL_STREAM_001";`);
    app.insert(SRC, { SECTOR: 'HEALTH-CARE' }, at('10:00:00'));
    expect(app.rows('O').map((r) => r.C1)).toEqual(['CARE']);
  });

  it('an unknown field is a plan error at the field name', () => {
    const e = thrown(() => demoApp(`CREATE STREAM "O" (c1 VARCHAR(20));
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM REGEX_LOG_PARSE(sector, '(a)').COLUMN9 FROM "SOURCE_SQL_STREAM_001";`));
    expect(e.message).toContain('field "COLUMN9" does not exist');
    expect([e.line, e.column]).toEqual([2, 81]);
  });

  it('a windowed subquery feeds the outer query when its windows close', () => {
    const app = demoApp(`
      CREATE STREAM "O" (t VARCHAR(4), n BIGINT);
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM s.t, s.n FROM (
        SELECT STREAM ticker_symbol AS t, COUNT(*) AS n FROM "SOURCE_SQL_STREAM_001"
        GROUP BY ticker_symbol, STEP(ROWTIME BY INTERVAL '1' MINUTE)) AS s WHERE s.n > 1;`);
    for (const [t, s] of [['A', '10:00:01'], ['A', '10:00:02'], ['B', '10:00:03']]) app.insert(SRC, { TICKER_SYMBOL: t }, at(s!));
    app.advanceTo(at('10:01:00'));
    expect(app.rows('O')).toEqual([{ T: 'A', N: 2, ROWTIME: at('10:01:00') }]);
    expect(app.describe().pumps[0]!.window).toBe('tumbling');
  });
});
