/** Medians and the side-by-side table the KDS bench prints. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export const fmtInt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
export const fmtRatio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');

export interface TableRow {
  label: string;
  baseline: number;
  subject: number;
}

/** A plain-text table: label, baseline, subject, subject/baseline. */
export function formatTable(baselineName: string, subjectName: string, rows: readonly TableRow[]): string {
  const header = ['', baselineName, subjectName, `${subjectName}/${baselineName}`];
  const body = rows.map((r) => [r.label, fmtInt(r.baseline), fmtInt(r.subject), fmtRatio(r.subject / r.baseline)]);
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]): string =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('   ');
  const rule = widths.map((w) => '─'.repeat(w)).join('───');
  return [line(header), rule, ...body.map(line)].join('\n');
}
