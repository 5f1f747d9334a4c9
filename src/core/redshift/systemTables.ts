/**
 * The system tables a Redshift database answers queries on: stl_load_errors and stl_load_commits
 * (COPY's logs) and a subset of svv_table_info, with their column types as Redshift declares them.
 */
import { T, type SqlType, type SqlValue } from '../sql/types.js';
import type { DatabaseState } from './databaseState.js';
import type { SourceTable } from './sourceScope.js';
import type { QName } from './statementAst.js';
import type { Table } from './tables.js';

/** Column definitions of each system table, by name. */
const SYSTEM_TABLES: Record<string, { name: string; type: SqlType }[]> = {
  stl_load_errors: [
    ['userid', T.integer], ['slice', T.integer], ['tbl', T.integer], ['starttime', T.timestamp], ['session', T.integer], ['query', T.integer],
    ['filename', { kind: 'char', length: 256 }], ['line_number', T.bigint], ['colname', { kind: 'char', length: 127 }], ['type', { kind: 'char', length: 10 }],
    ['col_length', { kind: 'char', length: 10 }], ['position', T.integer], ['raw_line', { kind: 'char', length: 1024 }],
    ['raw_field_value', { kind: 'char', length: 1024 }], ['err_code', T.integer], ['err_reason', { kind: 'char', length: 100 }],
  ].map(([name, type]) => ({ name: name as string, type: type as SqlType })),
  stl_load_commits: [
    ['userid', T.integer], ['query', T.integer], ['slice', T.integer], ['name', { kind: 'char', length: 256 }], ['filename', { kind: 'char', length: 256 }],
    ['byte_offset', T.integer], ['lines_scanned', T.integer], ['errors', T.integer], ['curtime', T.timestamp], ['status', T.integer],
  ].map(([name, type]) => ({ name: name as string, type: type as SqlType })),
  // A subset of svv_table_info. Unsure: `size` is in 1 MB blocks in Redshift; here it is an estimate.
  svv_table_info: [
    ['database', T.varchar], ['schema', T.varchar], ['table_id', T.integer], ['table', T.varchar], ['diststyle', T.varchar],
    ['tbl_rows', T.bigint], ['size', T.bigint],
  ].map(([name, type]) => ({ name: name as string, type: type as SqlType })),
};

/** svv_table_info's rows for the user tables of database `database`. */
function tableInfo(database: string, tables: Iterable<Table>): Record<string, SqlValue>[] {
  return [...tables].map((t) => ({
    database, schema: t.schema, table_id: t.id, table: t.name, diststyle: 'AUTO(EVEN)',
    tbl_rows: t.rows.length, size: Math.max(1, Math.ceil((t.rows.length * t.columns.length * 8) / 1_048_576)) * t.columns.length,
  }));
}

/** The system table `q` names (unqualified or in pg_catalog) as a query source, or undefined. */
export function systemTableSource(q: QName, database: string, s: DatabaseState): SourceTable | undefined {
  const sys = SYSTEM_TABLES[q.name];
  if (sys && (q.schema === undefined || q.schema === 'pg_catalog')) {
    const rows = (q.name === 'stl_load_errors' ? s.loadErrors : q.name === 'stl_load_commits' ? s.loadCommits : tableInfo(database, s.tables.values())) as unknown as Record<string, SqlValue>[];
    return { name: q.name, columns: sys, rows: rows.map((r) => sys.map((c) => r[c.name] ?? null)) };
  }
  return undefined;
}
