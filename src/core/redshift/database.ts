/**
 * A simulated Amazon Redshift database: tables in memory, PostgreSQL-flavoured SQL (through the
 * shared src/core/sql foundation), COPY from the simulated S3 with stl_load_errors /
 * stl_load_commits, and Redshift's error texts and SQLSTATEs. Deterministic: the clock is
 * injected, ids are counters.
 */
import type { Expr } from '../sql/ast.js';
import { compileExpr, type Scope } from '../sql/compile.js';
import { SqlError } from '../sql/errors.js';
import { lex } from '../sql/lexer.js';
import { T, typeDisplayName, typeFromName, type SqlType, type SqlValue } from '../sql/types.js';
import { runCopy, type LoadCommitRow, type LoadErrorRow, type ObjectReader } from './copy.js';
import { RedshiftError, toRedshiftError } from './redshiftError.js';
import { DATEPART_FUNCTIONS, redshiftFunctions } from './redshiftFunctions.js';
import { SourceScope, compileCondition, rejectAggregates, runSelect, type QueryEnv, type SourceTable } from './select.js';
import { parseStatement, splitStatements, type QName, type Statement } from './statements.js';
import { assignValue, assignable, columnMeta, outputValue, storageType, type RedshiftColumnMeta, type Table, type TableColumn } from './tables.js';

export { RedshiftError } from './redshiftError.js';
export type { RedshiftColumnMeta } from './tables.js';
export type { ObjectReader, LoadErrorRow, LoadCommitRow } from './copy.js';

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

interface State {
  tables: Map<string, Table>;
  loadErrors: LoadErrorRow[];
  loadCommits: LoadCommitRow[];
  queryId: number;
  nextTableId: number;
  users: Map<string, number>;
}

const SNAPSHOT_VERSION = 1;

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

const key = (schema: string, name: string): string => `${schema}.${name}`;
const display = (q: QName): string => (q.schema ? `${q.schema}.${q.name}` : q.name);

/** Redshift's DATEADD(day, …): the bare date part becomes a string literal before compiling. */
function rewriteDateparts<X>(x: X): X {
  if (Array.isArray(x)) return x.map(rewriteDateparts) as X;
  if (!x || typeof x !== 'object') return x;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) o[k] = k === 'at' || k === 'opAt' || k === 'fromAt' ? v : rewriteDateparts(v);
  if (o.kind === 'call' && DATEPART_FUNCTIONS.has(o.name as string)) {
    const args = o.args as Expr[];
    const a = args[0];
    if (a?.kind === 'column' && !a.qualifier) o.args = [{ kind: 'string', at: a.at, value: a.name }, ...args.slice(1)];
  }
  return o as X;
}

const NO_COLUMNS: Scope = {
  resolve(ref, at) {
    throw new SqlError(`column "${ref.quoted ? ref.name : ref.name.toLowerCase()}" does not exist`, at, { code: '42703' });
  },
};

/** One Redshift database. */
export class RedshiftDatabase {
  readonly name: string;
  private s: State = { tables: new Map(), loadErrors: [], loadCommits: [], queryId: 0, nextTableId: 100_000, users: new Map() };
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
      .sort((a, b) => (key(a.schema, a.name) < key(b.schema, b.name) ? -1 : 1))
      .map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.map((c) => columnMeta(c.name, c.type, !c.notNull)), rows: t.rows.length }));
  }

  /** Calls `listener` after any change; returns the unsubscribe function. */
  observe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Plain JSON-able state. */
  snapshot(): unknown {
    return {
      version: SNAPSHOT_VERSION,
      name: this.name,
      queryId: this.s.queryId,
      nextTableId: this.s.nextTableId,
      users: [...this.s.users],
      tables: [...this.s.tables.values()].map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c })), rows: t.rows.map((r) => [...r]) })),
      loadErrors: this.s.loadErrors.map((r) => ({ ...r })),
      loadCommits: this.s.loadCommits.map((r) => ({ ...r })),
    };
  }

  /** Replaces the state with a `snapshot()`; throws on a snapshot of another version. */
  load(snapshot: unknown): void {
    const s = snapshot as { version?: number; queryId: number; nextTableId: number; users: [string, number][]; tables: Table[]; loadErrors: LoadErrorRow[]; loadCommits: LoadCommitRow[] };
    if (!s || s.version !== SNAPSHOT_VERSION) throw new Error(`unsupported Redshift snapshot version ${String(s?.version)}`);
    this.s = {
      tables: new Map(s.tables.map((t) => [key(t.schema, t.name), t])),
      loadErrors: [...s.loadErrors],
      loadCommits: [...s.loadCommits],
      queryId: s.queryId,
      nextTableId: s.nextTableId,
      users: new Map(s.users),
    };
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
    const t = this.s.tables.get(key(q.schema ?? 'public', q.name));
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
    const sys = SYSTEM_TABLES[q.name];
    if (sys && (q.schema === undefined || q.schema === 'pg_catalog')) {
      const rows = (q.name === 'stl_load_errors' ? this.s.loadErrors : q.name === 'stl_load_commits' ? this.s.loadCommits : this.tableInfo()) as unknown as Record<string, SqlValue>[];
      return { name: q.name, columns: sys, rows: rows.map((r) => sys.map((c) => r[c.name] ?? null)) };
    }
    const t = this.table(q);
    return { name: t.name, columns: t.columns, rows: t.rows };
  }

  private tableInfo(): Record<string, SqlValue>[] {
    return [...this.s.tables.values()].map((t) => ({
      database: this.name, schema: t.schema, table_id: t.id, table: t.name, diststyle: 'AUTO(EVEN)',
      tbl_rows: t.rows.length, size: Math.max(1, Math.ceil((t.rows.length * t.columns.length * 8) / 1_048_576)) * t.columns.length,
    }));
  }

  private put(t: Table): void {
    this.s.tables.set(key(t.schema, t.name), t);
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
      case 'create': {
        const schema = stmt.table.schema ?? 'public';
        if (schema !== 'public') throw new RedshiftError('3F000', `schema "${schema}" does not exist`);
        if (this.s.tables.has(key(schema, stmt.table.name))) {
          if (stmt.ifNotExists) return done('CREATE TABLE');
          throw new RedshiftError('42P07', `relation "${stmt.table.name}" already exists`);
        }
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
        this.put({ id: this.s.nextTableId++, schema, name: stmt.table.name, columns, rows: [] });
        return done('CREATE TABLE');
      }
      case 'drop': {
        const k = key(stmt.table.schema ?? 'public', stmt.table.name);
        if (!this.s.tables.has(k)) {
          if (stmt.ifExists) return done('DROP TABLE');
          throw new RedshiftError('42P01', `table "${stmt.table.name}" does not exist`);
        }
        this.s.tables.delete(k);
        return done('DROP TABLE');
      }
      case 'truncate': {
        const t = this.table(stmt.table);
        this.put({ ...t, rows: [] });
        return done('TRUNCATE');
      }
      case 'insert': return this.insert(stmt, now);
      case 'delete': {
        const t = this.table(stmt.table);
        const scope = new SourceScope([{ alias: t.name, table: t, offset: 0 }]);
        rejectAggregates(stmt.where, 'WHERE');
        const w = stmt.where ? compileCondition(stmt.where, scope, this.queryEnv(now), 'WHERE').eval : () => true;
        const keep = t.rows.filter((r) => w(r) !== true);
        this.put({ ...t, rows: keep });
        return done('DELETE', t.rows.length - keep.length);
      }
      case 'update': {
        const t = this.table(stmt.table);
        const scope = new SourceScope([{ alias: t.name, table: t, offset: 0 }]);
        const env = this.queryEnv(now);
        rejectAggregates(stmt.where, 'WHERE');
        const w = stmt.where ? compileCondition(stmt.where, scope, env, 'WHERE').eval : () => true;
        const sets = stmt.sets.map((s) => {
          const i = t.columns.findIndex((c) => c.name === s.column);
          if (i < 0) throw new RedshiftError('42703', `column "${s.column}" of relation "${t.name}" does not exist`, s.at);
          rejectAggregates(s.expr, 'UPDATE');
          const col = t.columns[i]!;
          const e = compileExpr(s.expr, scope, redshiftFunctions, { now: () => now });
          checkAssignable(col, e.type, s.expr);
          return { i, col, e };
        });
        let n = 0;
        const rows = t.rows.map((r) => {
          if (w(r) !== true) return r;
          n++;
          const out = [...r];
          for (const s of sets) out[s.i] = assignValue(s.e.eval(r), s.e.type, s.col);
          return out;
        });
        this.put({ ...t, rows });
        return done('UPDATE', n);
      }
      case 'copy': return this.copy(stmt, user, now);
    }
  }

  private targets(t: Table, cols: readonly { name: string; at: { line: number; column: number } }[] | undefined): number[] {
    if (!cols) return t.columns.map((_, i) => i);
    const seen = new Set<number>();
    return cols.map((c) => {
      const i = t.columns.findIndex((x) => x.name === c.name);
      if (i < 0) throw new RedshiftError('42703', `column "${c.name}" of relation "${t.name}" does not exist`, c.at);
      if (seen.has(i)) throw new RedshiftError('42701', `column "${c.name}" specified more than once`, c.at);
      seen.add(i);
      return i;
    });
  }

  private defaults(t: Table, now: number): (() => SqlValue)[] {
    return t.columns.map((c) => {
      if (!c.default) return () => null;
      const d = compileExpr(c.default, NO_COLUMNS, redshiftFunctions, { now: () => now });
      return () => assignValue(d.eval([]), d.type, { ...c, notNull: false });
    });
  }

  private insert(stmt: Extract<Statement, { kind: 'insert' }>, now: number): StatementResult {
    const t = this.table(stmt.table);
    const targets = this.targets(t, stmt.columns);
    const defaults = this.defaults(t, now);
    const newRows: SqlValue[][] = [];
    const finish = (row: SqlValue[]): void => {
      t.columns.forEach((c, i) => {
        if (c.notNull && row[i] === null) throw new RedshiftError('23502', `null value in column "${c.name}" violates not-null constraint`);
      });
      newRows.push(row);
    };
    if (stmt.values) {
      const width = stmt.values[0]?.length ?? 0;
      for (const vals of stmt.values) {
        if (vals.length !== width) throw new RedshiftError('42601', 'VALUES lists must all be the same length');
        if (vals.length > targets.length) throw new RedshiftError('42601', 'INSERT has more expressions than target columns');
        if (vals.length < targets.length && stmt.columns) throw new RedshiftError('42601', 'INSERT has more target columns than expressions');
        const row = defaults.map((d) => d());
        vals.forEach((v, j) => {
          const i = targets[j]!;
          const col = t.columns[i]!;
          if (v === 'default') return;
          const e = compileExpr(v, NO_COLUMNS, redshiftFunctions, { now: () => now });
          checkAssignable(col, e.type, v);
          row[i] = assignValue(e.eval([]), e.type, { ...col, notNull: false });
        });
        finish(row);
      }
    } else if (stmt.select) {
      const r = runSelect(stmt.select, this.queryEnv(now));
      if (r.columns.length > targets.length) throw new RedshiftError('42601', 'INSERT has more expressions than target columns');
      if (r.columns.length < targets.length && stmt.columns) throw new RedshiftError('42601', 'INSERT has more target columns than expressions');
      r.columns.forEach((c, j) => {
        const col = t.columns[targets[j]!]!;
        if (!assignable(c.type, col.type)) throw new RedshiftError('42804', `column "${col.name}" is of type ${typeDisplayName(col.type)} but expression is of type ${typeDisplayName(c.type)}`);
      });
      for (const src of r.rows) {
        const row = defaults.map((d) => d());
        src.forEach((v, j) => {
          const i = targets[j]!;
          row[i] = assignValue(v, r.columns[j]!.type, { ...t.columns[i]!, notNull: false });
        });
        finish(row);
      }
    }
    this.put({ ...t, rows: [...t.rows, ...newRows] });
    return { command: 'INSERT', columns: [], rows: [], rowsAffected: newRows.length };
  }

  private copy(stmt: Extract<Statement, { kind: 'copy' }>, user: string, now: number): StatementResult {
    const t = this.table(stmt.table);
    const userid = this.userId(user);
    const outcome = runCopy(stmt.from, stmt.options, {
      readObject: this.opts.readObject, now, query: this.s.queryId, userid, session: 1_073_000_000 + userid,
      tableId: t.id, tableName: t.name, columns: t.columns, targets: this.targets(t, stmt.columns), defaults: this.defaults(t, now),
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

function checkAssignable(col: TableColumn, from: SqlType, e: Expr): void {
  if (!assignable(from, col.type)) {
    throw new SqlError(`column "${col.name}" is of type ${typeDisplayName(col.type)} but expression is of type ${typeDisplayName(from)}`, e.at, { code: '42804' });
  }
}
