import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { SRC, at, demoApp, thrown } from './testing.js';

const SQL = `
  /* a two-pump application */
  CREATE OR REPLACE STREAM "DEST" (ticker VARCHAR(4), n BIGINT) DESCRIPTION 'per-minute counts';
  CREATE OR REPLACE PUMP "COUNTS" AS INSERT INTO "DEST"
    SELECT STREAM ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
  CREATE OR REPLACE PUMP "OFF" STOPPED AS INSERT INTO "DEST"
    SELECT STREAM ticker_symbol, 0 FROM "SOURCE_SQL_STREAM_001";`;

describe('SqlApplication API', () => {
  it('describe() lists input, created and error streams, pumps and reference tables', () => {
    const app = demoApp(SQL, { referenceTables: { REF: [{ name: 'A', type: 'INTEGER' }] } });
    const d = app.describe();
    expect(d.streams.map((s) => [s.name, s.kind])).toEqual([['SOURCE_SQL_STREAM_001', 'input'], ['error_stream', 'error'], ['DEST', 'stream']]);
    expect(d.streams[2]!.columns).toEqual([{ name: 'TICKER', type: 'VARCHAR(4)' }, { name: 'N', type: 'BIGINT' }]);
    expect(d.streams[1]!.columns.map((c) => c.name)).toEqual(['ERROR_TIME', 'ERROR_LEVEL', 'ERROR_NAME', 'MESSAGE', 'DATA_ROWTIME', 'DATA_ROW', 'PUMP_NAME']);
    expect(d.pumps).toEqual([
      { name: 'COUNTS', into: 'DEST', from: ['SOURCE_SQL_STREAM_001'], window: 'tumbling' },
      { name: 'OFF', into: 'DEST', from: ['SOURCE_SQL_STREAM_001'], window: 'none' },
    ]);
    expect(d.referenceTables).toEqual(['REF']);
  });

  it('a STOPPED pump does not run', () => {
    const app = demoApp(SQL);
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('10:00:00'));
    expect(app.rows('DEST')).toEqual([]);
  });

  it('observe() sees emitted rows as they happen, until unsubscribed', () => {
    const app = demoApp(SQL);
    const seen: [string, unknown, number][] = [];
    const off = app.observe((e) => { if (e.stream === 'DEST') seen.push([e.stream, e.row.N, e.rowtime]); });
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('10:00:00'));
    app.advanceTo(at('10:01:00'));
    off();
    app.insert(SRC, { TICKER_SYMBOL: 'A' }, at('10:01:30'));
    app.advanceTo(at('10:02:00'));
    expect(seen).toEqual([['DEST', 1, Date.parse(at('10:01:00'))]]);
    expect(app.rows('DEST')).toHaveLength(2);
  });

  it('insertRows() takes arrays in column order and epoch-ms rowtimes', () => {
    const app = demoApp(SQL);
    app.insertRows(SRC, [['A', 'TECH', 0, 1], ['B', 'TECH', 0, 2], ['A', 'TECH', 0, 3]], [1000, 2000, 3000]);
    app.advanceTo(60_000);
    expect(app.rows('DEST')).toEqual([
      { TICKER: 'A', N: 2, ROWTIME: '1970-01-01T00:01:00.000Z' },
      { TICKER: 'B', N: 1, ROWTIME: '1970-01-01T00:01:00.000Z' },
    ]);
    expect(app.rows(SRC)[0]).toEqual({ TICKER_SYMBOL: 'A', SECTOR: 'TECH', CHANGE: 0, PRICE: 1, ROWTIME: '1970-01-01T00:00:01.000Z' });
  });

  it('retain(n) keeps only the last n rows per stream for rows()', () => {
    const app = demoApp(SQL);
    app.retain(2);
    for (let i = 0; i < 5; i++) app.insert(SRC, { TICKER_SYMBOL: String(i) }, i);
    expect(app.rows(SRC).map((r) => r.TICKER_SYMBOL)).toEqual(['3', '4']);
    app.retain(0);
    expect(app.rows(SRC)).toEqual([]);
  });

  it('insert() without a rowtime uses the application time; APPROXIMATE_ARRIVAL_TIME is always selectable', () => {
    const app = demoApp(`CREATE STREAM "O" (t VARCHAR(4), arrival TIMESTAMP);
      CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM ticker_symbol, APPROXIMATE_ARRIVAL_TIME FROM "SOURCE_SQL_STREAM_001";`);
    app.advanceTo(at('09:00:00'));
    app.insert(SRC, { TICKER_SYMBOL: 'A', APPROXIMATE_ARRIVAL_TIME: Date.parse(at('08:59:59')) });
    expect(app.rows('O')).toEqual([{ T: 'A', ARRIVAL: at('08:59:59'), ROWTIME: at('09:00:00') }]);
  });

  it('an interval-qualified expression in FLOOR gets a clear error pointing to STEP', () => {
    const e = thrown(() => demoApp(`CREATE STREAM "O" (n BIGINT);
CREATE PUMP "P" AS INSERT INTO "O" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND / 10 TO SECOND);`));
    expect([e.line, e.column]).toEqual([3, 60]);
    expect(e.message).toContain('STEP(ROWTIME BY INTERVAL');
  });

  it('unknown streams passed to insert() and rows() throw', () => {
    const app = createSqlApplication('');
    expect(() => app.insert('NOPE', {})).toThrow(/no in-application stream "NOPE"/);
    expect(() => app.rows('NOPE')).toThrow(/no in-application stream/);
  });
});
