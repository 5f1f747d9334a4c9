/** Figures and tables of the browser bench. */
export { fmtInt, median } from '../kds/report.js';

/** The p-th percentile (0–100), nearest rank, of `xs`. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank] ?? Number.NaN;
}

export const fmtFixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');
export const fmtPct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(0)} %` : '—');

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('   ').trimEnd();
  const [head, ...body] = rows;
  const rule = widths.map((w) => '─'.repeat(w)).join('───');
  return [line(head ?? []), rule, ...body.map(line)].join('\n');
}
