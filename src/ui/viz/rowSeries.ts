/**
 * An in-application stream's rows as lines for the analytics chart: one line per key (a text
 * column, e.g. the ticker) of a numeric column over ROWTIME. Pure, so it is tested without a
 * browser; the chart maths are `chart.ts`'s.
 */
import type { EmittedRow } from '../../core/analytics/app/runtime';
import type { ChartPoint } from './chart';

export interface RowSeries {
  readonly key: string;
  readonly points: readonly ChartPoint[];
}

/** The columns a chart can use: text ones as keys, numeric ones as values (from the rows seen). */
export function chartColumns(rows: readonly EmittedRow[]): { keys: string[]; values: string[] } {
  const keys = new Set<string>(), values = new Set<string>();
  for (const r of rows.slice(-50)) {
    for (const [k, v] of Object.entries(r.row)) {
      if (k === 'ROWTIME') continue;
      if (typeof v === 'number') values.add(k);
      else if (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(v)) keys.add(k);
    }
  }
  return { keys: [...keys], values: [...values] };
}

/** Lines per key (at most `maxKeys`, the most frequent), points in ROWTIME order. */
export function rowSeries(rows: readonly EmittedRow[], keyColumn: string | undefined, valueColumn: string, maxKeys = 8): RowSeries[] {
  const by = new Map<string, ChartPoint[]>();
  for (const r of rows) {
    const v = r.row[valueColumn];
    if (typeof v !== 'number') continue;
    const k = keyColumn === undefined ? valueColumn : String(r.row[keyColumn] ?? 'NULL');
    let list = by.get(k);
    if (!list) by.set(k, (list = []));
    list.push({ t: r.rowtime, value: v });
  }
  return [...by].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).slice(0, maxKeys)
    .map(([key, points]) => ({ key, points: points.sort((a, b) => a.t - b.t) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}
