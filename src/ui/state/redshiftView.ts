/**
 * The Redshift panel's plain parts (tested without a browser): the query templates a class
 * starts from — made for the records the Firehose panel sends (`{id, ticker, price, at}`) — and
 * how a result cell reads.
 */
import type { StatementResult } from '../../core/redshift/database';

export interface QueryTemplate {
  readonly id: string;
  readonly label: string;
  readonly sql: (table: string) => string;
}

export const QUERY_TEMPLATES: readonly QueryTemplate[] = [
  {
    id: 'create', label: 'Create the table Firehose loads',
    sql: (t) => `-- The columns match the JSON keys of the records (COPY … JSON 'auto').\nCREATE TABLE IF NOT EXISTS ${t} (\n  id     INTEGER,\n  ticker VARCHAR(8),\n  price  DECIMAL(10,2),\n  at     TIMESTAMP\n);`,
  },
  { id: 'latest', label: 'Latest rows', sql: (t) => `SELECT *\nFROM ${t}\nORDER BY at DESC, id DESC\nLIMIT 50;` },
  { id: 'per-ticker', label: 'Count and average per ticker', sql: (t) => `SELECT ticker, COUNT(*) AS quotes, AVG(price) AS avg_price, MAX(at) AS last_at\nFROM ${t}\nGROUP BY ticker\nORDER BY quotes DESC;` },
  { id: 'load-errors', label: 'Why did a COPY fail? (stl_load_errors)', sql: () => `SELECT starttime, filename, line_number, colname, err_code, TRIM(err_reason) AS reason, TRIM(raw_line) AS raw_line\nFROM stl_load_errors\nORDER BY starttime DESC\nLIMIT 20;` },
  { id: 'load-commits', label: 'Files loaded (stl_load_commits)', sql: () => `SELECT query, TRIM(filename) AS filename, lines_scanned, curtime\nFROM stl_load_commits\nORDER BY curtime DESC\nLIMIT 20;` },
];

/** A cell as the result table shows it (NULL spelled out, as a SQL client does). */
export function cellText(v: null | boolean | number | string): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** One line about a statement that returned no rows (what psql prints). */
export function commandTag(r: StatementResult): string {
  switch (r.command) {
    case 'SELECT': return `${r.rows.length} row${r.rows.length === 1 ? '' : 's'}`;
    case 'INSERT': return `INSERT 0 ${r.rowsAffected}`;
    case 'COPY': return `COPY: ${r.rowsAffected} row${r.rowsAffected === 1 ? '' : 's'} loaded`;
    case 'DELETE': case 'UPDATE': return `${r.command} ${r.rowsAffected}`;
    default: return r.command;
  }
}
