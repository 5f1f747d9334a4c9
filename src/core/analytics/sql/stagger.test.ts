import { describe, expect, it } from 'vitest';
import { createSqlApplication } from '../index.js';
import { at } from './testing.js';

const SQL = `
  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (event_time TIMESTAMP, ticker_symbol VARCHAR(4), ticker_count INTEGER);
  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL, COUNT(*) AS TICKER_COUNT
    FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL RANGE INTERVAL '1' MINUTE);`;
const inputs = { SOURCE_SQL_STREAM_001: [{ name: 'EVENT_TIME', type: 'TIMESTAMP' }, { name: 'TICKER_SYMBOL', type: 'VARCHAR(4)' }] };

describe('stagger windows (WINDOWED BY STAGGER)', () => {
  it("spec §A.7 / AWS stagger-window-concepts example: one row per partition at open + RANGE", () => {
    const app = createSqlApplication(SQL, { inputs });
    const feed: [string, string][] = [['11:00:20', '11:00:10'], ['11:00:30', '11:00:20'], ['11:01:05', '11:00:55'], ['11:01:15', '11:01:05']];
    for (const [rowtime, ev] of feed) app.insert('SOURCE_SQL_STREAM_001', { EVENT_TIME: at(ev), TICKER_SYMBOL: 'AMZN' }, at(rowtime));
    // The 11:00 window opened at 11:00:20 closes at 11:01:20: not yet.
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([]);
    expect(app.openWindows().map((w) => [w.kind, w.rows])).toEqual([['stagger', 3], ['stagger', 1]]);
    app.advanceTo(at('11:01:20'));
    expect(app.rows('DESTINATION_SQL_STREAM')).toEqual([
      { EVENT_TIME: at('11:00:00'), TICKER_SYMBOL: 'AMZN', TICKER_COUNT: 3, ROWTIME: at('11:01:20') },
    ]);
    app.advanceTo(at('11:02:15'));
    expect(app.rows('DESTINATION_SQL_STREAM').slice(1)).toEqual([
      { EVENT_TIME: at('11:01:00'), TICKER_SYMBOL: 'AMZN', TICKER_COUNT: 1, ROWTIME: at('11:02:15') },
    ]);
  });

  it('a row arriving after its window closed opens a new window for the same key', () => {
    const app = createSqlApplication(SQL, { inputs });
    app.insert('SOURCE_SQL_STREAM_001', { EVENT_TIME: at('11:00:10'), TICKER_SYMBOL: 'A' }, at('11:00:20'));
    app.insert('SOURCE_SQL_STREAM_001', { EVENT_TIME: at('11:00:50'), TICKER_SYMBOL: 'A' }, at('11:01:30')); // closes the first
    expect(app.rows('DESTINATION_SQL_STREAM').map((r) => [r.TICKER_COUNT, r.ROWTIME])).toEqual([[1, at('11:01:20')]]);
    app.advanceTo(at('11:02:30'));
    expect(app.rows('DESTINATION_SQL_STREAM').map((r) => [r.TICKER_COUNT, r.ROWTIME])).toEqual([[1, at('11:01:20')], [1, at('11:02:30')]]);
  });
});
