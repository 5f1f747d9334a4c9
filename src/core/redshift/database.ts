/**
 * A simulated Amazon Redshift database: tables in memory, PostgreSQL-flavoured SQL (through the
 * shared src/core/sql foundation), COPY from the simulated S3 with stl_load_errors /
 * stl_load_commits, and Redshift's error texts and SQLSTATEs. Deterministic: the clock is
 * injected, ids are counters.
 */
import { lex } from '../sql/lexer.js';
import { runCopy } from './copy.js';
import type { ObjectReader } from './copyFiles.js';
import { emptyState, restoreState, snapshotState, tableKey, type DatabaseState } from './databaseState.js';
import { RedshiftError, toRedshiftError } from './redshiftError.js';
import { redshiftFunctions } from './redshiftFunctions.js';
import { rewriteDateparts } from './rewriteDateparts.js';
import { runSelect } from './select.js';
import type { QueryEnv, SourceTable } from './sourceScope.js';
import type { QName, Statement } from './statementAst.js';
import { parseStatement, splitStatements } from './statements.js';
import { systemTableSource } from './systemTables.js';
import { createTable, dropTable } from './tableDdl.js';
import { columnDefaults, insertRows, keptRows, targetColumns, updatedRows } from './tableWrites.js';
import { columnMeta, outputValue, type RedshiftColumnMeta, type Table } from './tables.js';

export { RedshiftError } from './redshiftError.js';
export type { RedshiftColumnMeta } from './tables.js';
export type { LoadErrorRow, LoadCommitRow } from './copy.js';
export type { ObjectReader } from './copyFiles.js';

export type Cell = null | boolean | number | string;

export interface StatementResult {
  /** 'SELECT' | 'INSERT' | 'DELETE' | 'UPDATE' | 'CREATE TABLE' | 'DROP TABLE' | 'TRUNCATE' | 'COPY' */
  command: string;
  columns: RedshiftColumnMeta[];
  rows: Cell[][];
  rowsAffected: number;
}

export interface RedshiftDatabaseOptions {
  now(): number;
  readObject: ObjectReader;
  /** Database name, default 'dev'. */
  name?: string;
}

const display = (q: QName): string => (q.schema ? `${q.schema}.${q.name}` : q.name);

/** One Redshift database. */
export class RedshiftDatabase {
  readonly name: string;
  private s: DatabaseState = emptyState();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: RedshiftDatabaseOptions) {
    this.name = opts.name ?? 'dev';
  }

  /** Runs one statement (a trailing ';' is fine); throws RedshiftError. */
  execute(sql: string, opts: { user?: string } = {}): StatementResult {
    const stmts = this.split(sql);
    if (stmts.length !== 1) throw new RedshiftError('42601', 'cannot insert multiple commands into a prepared statement');
    return this.executeAll(sql, opts)[0]!;
  }

  /**
   * Runs ';'-separated statements as one transaction: the first error rolls back the earlier
   * statements' table changes and is thrown. stl_load_errors and the query counter are not rolled
   * back (system logs are not transactional in Redshift).
   */
  executeAll(sql: string, opts: { user?: string } = {}): StatementResult[] {
    return this.transaction(this.split(sql), opts);
  }

  /**
   * The Data API's BatchExecuteStatement: one statement per entry, all in one transaction; the
   * error thrown names the failing entry (`statementIndex`).
   */
  executeBatch(sqls: readonly string[], opts: { user?: string } = {}): StatementResult[] {
    const stmts = sqls.map((q, i) => {
      const one = this.split(q);
      if (one.length !== 1) {
        const err = new RedshiftError('42601', 'cannot insert multiple commands into a prepared statement');
        err.statementIndex = i;
        throw err;
      }
      return one[0]!;
    });
    return this.transaction(stmts, opts);
  }

  private transaction(stmts: ReturnType<RedshiftDatabase['split']>, opts: { user?: string }): StatementResult[] {
    const saved = new Map(this.s.tables);
    const savedCommits = this.s.loadCommits.length;
    const savedNextId = this.s.nextTableId;
    const before = this.s.loadErrors.length;
    const results: StatementResult[] = [];
    let changed = false;
    try {
      for (const tokens of stmts) {
        this.s.queryId++;
        const stmt = rewriteDateparts(parseStatement(tokens));
        const r = this.run(stmt, opts.user ?? 'awsuser');
        if (r.command !== 'SELECT') changed = true;
        results.push(r);
      }
    } catch (e) {
      const err = toRedshiftError(e);
      err.statementIndex = results.length;
      this.s.tables = saved;
      this.s.loadCommits.length = savedCommits;
      this.s.nextTableId = savedNextId;
      if (changed || this.s.loadErrors.length !== before) this.notify();
      throw err;
    }
    if (changed) this.notify();
    return results;
  }

  /** User tables (not system tables), sorted by schema and name. */
  tables(): { schema: string; name: string; columns: RedshiftColumnMeta[]; rows: number }[] {
    return [...this.s.tables.values()]
      .sort((a, b) => (tableKey(a.schema, a.name) < tableKey(b.schema, b.name) ? -1 : 1))
      .map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.map((c) => columnMeta(c.name, c.type, !c.notNull)), rows: t.rows.length }));
  }

  /** Calls `listener` after any change; returns the unsubscribe function. */
  observe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Plain JSON-able state. */
  snapshot(): unknown {
    return snapshotState(this.name, this.s);
  }

  /** Replaces the state with a `snapshot()`; throws on a snapshot of another version. */
  load(snapshot: unknown): void {
    this.s = restoreState(snapshot);
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  private split(sql: string): ReturnType<typeof splitStatements> {
    try {
      const stmts = splitStatements(lex(sql));
      if (stmts.length === 0) throw new RedshiftError('42601', 'syntax error at end of input', { line: 1, column: sql.length + 1 });
      return stmts;
    } catch (e) {
      throw toRedshiftError(e);
    }
  }

  private userId(user: string): number {
    const u = user.toLowerCase();
    let id = this.s.users.get(u);
    if (id === undefined) {
      id = 100 + this.s.users.size;
      this.s.users.set(u, id);
    }
    return id;
  }

  private table(q: QName): Table {
    const t = this.s.tables.get(tableKey(q.schema ?? 'public', q.name));
    if (!t) throw new RedshiftError('42P01', `relation "${display(q)}" does not exist`);
    return t;
  }

  private queryEnv(now: number): QueryEnv {
    return {
      functions: redshiftFunctions,
      now: () => now,
      resolveTable: (q) => this.source(q),
    };
  }

  private source(q: QName): SourceTable {
    const sys = systemTableSource(q, this.name, this.s);
    if (sys) return sys;
    const t = this.table(q);
    return { name: t.name, columns: t.columns, rows: t.rows };
  }

  private put(t: Table): void {
    this.s.tables.set(tableKey(t.schema, t.name), t);
  }

  private run(stmt: Statement, user: string): StatementResult {
    const now = this.opts.now();
    const done = (command: string, rowsAffected = 0): StatementResult => ({ command, columns: [], rows: [], rowsAffected });
    switch (stmt.kind) {
      case 'select': {
        const r = runSelect(stmt.select, this.queryEnv(now));
        return {
          command: 'SELECT',
          columns: r.columns.map((c) => columnMeta(c.name, c.type)),
          rows: r.rows.map((row) => row.map((v, i) => outputValue(v, r.columns[i]!.type))),
          rowsAffected: r.rows.length,
        };
      }
      case 'create':
        createTable(this.s, stmt, now);
        return done('CREATE TABLE');
      case 'drop':
        dropTable(this.s, stmt);
        return done('DROP TABLE');
      case 'truncate': {
        const t = this.table(stmt.table);
        this.put({ ...t, rows: [] });
        return done('TRUNCATE');
      }
      case 'insert': return this.insert(stmt, now);
      case 'delete': {
        const t = this.table(stmt.table);
        const keep = keptRows(t, stmt.where, this.queryEnv(now));
        this.put({ ...t, rows: keep });
        return done('DELETE', t.rows.length - keep.length);
      }
      case 'update': {
        const t = this.table(stmt.table);
        const { rows, changed } = updatedRows(t, stmt, this.queryEnv(now), now);
        this.put({ ...t, rows });
        return done('UPDATE', changed);
      }
      case 'copy': return this.copy(stmt, user, now);
    }
  }

  private insert(stmt: Extract<Statement, { kind: 'insert' }>, now: number): StatementResult {
    const t = this.table(stmt.table);
    const newRows = insertRows(t, stmt, this.queryEnv(now), now);
    this.put({ ...t, rows: [...t.rows, ...newRows] });
    return { command: 'INSERT', columns: [], rows: [], rowsAffected: newRows.length };
  }

  private copy(stmt: Extract<Statement, { kind: 'copy' }>, user: string, now: number): StatementResult {
    const t = this.table(stmt.table);
    const userid = this.userId(user);
    const outcome = runCopy(stmt.from, stmt.options, {
      readObject: this.opts.readObject, now, query: this.s.queryId, userid, session: 1_073_000_000 + userid,
      tableId: t.id, tableName: t.name, columns: t.columns, targets: targetColumns(t, stmt.columns), defaults: columnDefaults(t, now),
    });
    for (const e of outcome.errors) this.s.loadErrors.push(e); // not push(...): a bad file can log 100 000 rows
    if (outcome.errors.length > stmt.options.maxError) {
      // Unsure: Redshift prints two spaces after "failed."; the brief's single-space text is kept.
      throw new RedshiftError('XX000', `Load into table '${t.name}' failed. Check 'stl_load_errors' system table for details.`);
    }
    for (const c of outcome.commits) this.s.loadCommits.push(c);
    this.put({ ...t, rows: [...t.rows, ...outcome.rows] });
    return { command: 'COPY', columns: [], rows: [], rowsAffected: outcome.rows.length };
  }
}
