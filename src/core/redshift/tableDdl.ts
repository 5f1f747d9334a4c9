/**
 * CREATE TABLE and DROP TABLE on a database's state. Only the `public` schema exists; column
 * types are stored as Redshift stores them (VARCHAR → VARCHAR(256)) and defaults type-checked.
 */
import { compileExpr } from '../sql/compile.js';
import { typeDisplayName, typeFromName } from '../sql/types.js';
import { tableKey, type DatabaseState } from './databaseState.js';
import { RedshiftError } from './redshiftError.js';
import { redshiftFunctions } from './redshiftFunctions.js';
import type { Statement } from './statementAst.js';
import { NO_COLUMNS } from './tableWrites.js';
import { assignable, storageType, type TableColumn } from './tables.js';

/** CREATE TABLE: adds the table to `s`; does nothing if it exists and IF NOT EXISTS was given. */
export function createTable(s: DatabaseState, stmt: Extract<Statement, { kind: 'create' }>, now: number): void {
  const schema = stmt.table.schema ?? 'public';
  if (schema !== 'public') throw new RedshiftError('3F000', `schema "${schema}" does not exist`);
  if (s.tables.has(tableKey(schema, stmt.table.name))) {
    if (stmt.ifNotExists) return;
    throw new RedshiftError('42P07', `relation "${stmt.table.name}" already exists`);
  }
  const columns = createColumns(stmt, now);
  s.tables.set(tableKey(schema, stmt.table.name), { id: s.nextTableId++, schema, name: stmt.table.name, columns, rows: [] });
}

/** DROP TABLE: removes the table from `s`; does nothing if it is missing and IF EXISTS was given. */
export function dropTable(s: DatabaseState, stmt: Extract<Statement, { kind: 'drop' }>): void {
  const k = tableKey(stmt.table.schema ?? 'public', stmt.table.name);
  if (!s.tables.has(k)) {
    if (stmt.ifExists) return;
    throw new RedshiftError('42P01', `table "${stmt.table.name}" does not exist`);
  }
  s.tables.delete(k);
}

/** CREATE TABLE's columns: unique names, Redshift's storage types, defaults type-checked against them. */
export function createColumns(stmt: Extract<Statement, { kind: 'create' }>, now: number): TableColumn[] {
  const columns: TableColumn[] = [];
  for (const c of stmt.columns) {
    if (columns.some((x) => x.name === c.name)) throw new RedshiftError('42701', `column "${c.name}" specified more than once`);
    const type = storageType(typeFromName(c.type));
    if (c.default) {
      const d = compileExpr(c.default, NO_COLUMNS, redshiftFunctions, { now: () => now });
      if (!assignable(d.type, type)) throw new RedshiftError('42804', `column "${c.name}" is of type ${typeDisplayName(type)} but default expression is of type ${typeDisplayName(d.type)}`);
    }
    columns.push({ name: c.name, type, notNull: c.notNull, ...(c.default ? { default: c.default } : {}) });
  }
  return columns;
}
