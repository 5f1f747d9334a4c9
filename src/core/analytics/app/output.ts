/**
 * An output row as the record KDA writes to a destination (spec §A.11): JSON — an object of the
 * in-application stream's columns, in their order — or CSV — the values in column order,
 * comma-separated, quoted when they must be. TIMESTAMPs are written as `yyyy-MM-dd HH:mm:ss.SSS`
 * (UTC); ROWTIME only when the stream has it as a column.
 * Unsure: AWS's exact timestamp text and whether a record ends with a newline; here JSON records
 * have none (Firehose concatenates them, as KDA's output to Firehose is known to), CSV records
 * end with "\n".
 */
export function formatOutputRecord(row: Readonly<Record<string, unknown>>, columns: readonly { name: string; type: string }[], format: 'JSON' | 'CSV'): Uint8Array {
  const cols = columns.length ? columns : Object.keys(row).filter((k) => k !== 'ROWTIME').map((name) => ({ name, type: '' }));
  const value = (c: { name: string; type: string }): unknown => {
    const v = row[c.name];
    if (v === undefined || v === null) return null;
    if (/^TIMESTAMP/i.test(c.type)) return timestampText(v);
    return v;
  };
  if (format === 'JSON') {
    const o: Record<string, unknown> = {};
    for (const c of cols) o[c.name] = value(c);
    return new TextEncoder().encode(JSON.stringify(o));
  }
  const cells = cols.map((c) => {
    const v = value(c);
    if (v === null) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  });
  return new TextEncoder().encode(`${cells.join(',')}\n`);
}

/** `2026-11-26T06:55:00.000Z` or epoch ms → `2026-11-26 06:55:00.000`. */
function timestampText(v: unknown): unknown {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) return v;
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
