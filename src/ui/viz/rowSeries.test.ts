import { describe, expect, it } from 'vitest';
import { chartColumns, rowSeries } from './rowSeries';

const rows = [
  { rowtime: 3000, row: { TICKER: 'B', QUOTES: 2, AT: '2026-01-01T00:00:00.000Z' } },
  { rowtime: 1000, row: { TICKER: 'A', QUOTES: 5, AT: '2026-01-01T00:00:00.000Z' } },
  { rowtime: 2000, row: { TICKER: 'A', QUOTES: 7, AT: '2026-01-01T00:00:00.000Z' } },
  { rowtime: 2000, row: { TICKER: 'C', QUOTES: null, AT: '2026-01-01T00:00:00.000Z' } },
];

describe('the analytics chart\'s series', () => {
  it('offers text columns as keys (not timestamps) and numeric ones as values', () => {
    expect(chartColumns(rows)).toEqual({ keys: ['TICKER'], values: ['QUOTES'] });
  });

  it('makes one line per key in ROWTIME order, skipping NULL values, the most frequent keys first kept', () => {
    expect(rowSeries(rows, 'TICKER', 'QUOTES')).toEqual([
      { key: 'A', points: [{ t: 1000, value: 5 }, { t: 2000, value: 7 }] },
      { key: 'B', points: [{ t: 3000, value: 2 }] },
    ]);
    expect(rowSeries(rows, 'TICKER', 'QUOTES', 1).map((s) => s.key)).toEqual(['A']);
    expect(rowSeries(rows, undefined, 'QUOTES')).toEqual([{ key: 'QUOTES', points: [{ t: 1000, value: 5 }, { t: 2000, value: 7 }, { t: 3000, value: 2 }] }]);
  });
});
