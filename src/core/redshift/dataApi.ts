/**
 * The Amazon Redshift Data API (AWS JSON 1.1, target prefix `RedshiftData`) over the simulated
 * clusters, so that `@aws-sdk/client-redshift-data` code — ExecuteStatement, DescribeStatement,
 * GetStatementResult — runs against Shardlab as it would against AWS.
 *
 * As on AWS, a statement is accepted first (ExecuteStatement answers an `Id`) and its SQL error,
 * if any, shows in DescribeStatement (`Status: FAILED`, `Error: "ERROR: …"`); GetStatementResult
 * of a failed or result-less statement is a ResourceNotFoundException. Statements run at once
 * (FINISHED by the time Describe is called). Unsure: AWS's exact texts where marked.
 */
import { fail, ok, type AwsError, type Result } from '../kinesis/errors.js';
import type { Random } from '../sim/random.js';
import type { RedshiftClusters } from './clusters.js';
import { RedshiftError, type RedshiftColumnMeta, type StatementResult } from './database.js';

export const REDSHIFT_DATA_TARGET_PREFIX = 'RedshiftData';

/** Rows per GetStatementResult page. Unsure: AWS pages by size (100 MB), not by rows. */
export const RESULT_PAGE_ROWS = 1000;

type Input = Record<string, unknown>;
type Cell = null | boolean | number | string;

interface Statement {
  readonly Id: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly Database: string;
  readonly DbUser?: string;
  readonly QueryString: string;
  readonly StatementName?: string;
  readonly CreatedAt: number;
  readonly UpdatedAt: number;
  readonly Status: 'FINISHED' | 'FAILED';
  readonly Error?: string;
  readonly Duration: number;
  readonly RedshiftQueryId: number;
  readonly results: StatementResult[];
  readonly IsBatchStatement: boolean;
  readonly queries: readonly string[];
  /** The failed statement of a batch (from 0). */
  readonly failedAt?: number;
}

const err = (type: 'ValidationException' | 'ResourceNotFoundException' | 'ExecuteStatementException', message: string, extra: Record<string, unknown> = {}): Result<never> => {
  const e: AwsError = { __type: type, message, status: 400, fields: { Message: message, ...extra } };
  return { ok: false, error: e };
};

export class RedshiftDataService {
  readonly targetPrefix = REDSHIFT_DATA_TARGET_PREFIX;
  private readonly statements = new Map<string, Statement>();
  private queryIds = 100;

  constructor(private readonly clusters: RedshiftClusters, private readonly opts: { readonly now: () => number; readonly random: Random }) {}

  async dispatch(operation: string, input: unknown): Promise<Result<unknown>> {
    const i = (input ?? {}) as Input;
    switch (operation) {
      case 'ExecuteStatement': return this.execute(i, false);
      case 'BatchExecuteStatement': return this.execute(i, true);
      case 'DescribeStatement': return this.describe(i);
      case 'GetStatementResult': return this.result(i);
      case 'ListStatements': return this.listStatements(i);
      case 'CancelStatement': return this.cancel(i);
      case 'ListDatabases': return this.withCluster(i, (c) => ok({ Databases: [this.clusters.get(c)!.database] }));
      case 'ListSchemas': return this.withCluster(i, () => ok({ Schemas: ['public', 'pg_catalog', 'information_schema'].filter((s) => like(s, i.SchemaPattern as string | undefined)) }));
      case 'ListTables': return this.withCluster(i, (c) => ok({
        Tables: this.clusters.get(c)!.tables
          .filter((t) => like(t.schema, i.SchemaPattern as string | undefined) && like(t.name, i.TablePattern as string | undefined))
          .map((t) => ({ name: t.name, schema: t.schema, type: 'TABLE' })),
      }));
      case 'DescribeTable': return this.withCluster(i, (c) => {
        const schema = (i.Schema as string | undefined) ?? 'public';
        const t = this.clusters.get(c)!.tables.find((x) => x.name === i.Table && x.schema === schema);
        return ok({ TableName: t ? `${schema}.${t.name}` : undefined, ColumnList: t ? t.columns.map((col) => columnMetadata(col, t.name, t.schema)) : [] });
      });
      default:
        return fail('UnknownOperationException', `Shardlab does not simulate ${REDSHIFT_DATA_TARGET_PREFIX}.${operation} (yet).`);
    }
  }

  /** The cluster a request names (ClusterIdentifier, or WorkgroupName for Serverless). */
  private withCluster(i: Input, f: (identifier: string) => Result<unknown>): Result<unknown> {
    const id = (i.ClusterIdentifier ?? i.WorkgroupName) as string | undefined;
    if (id === undefined) return err('ValidationException', 'Either ClusterIdentifier or WorkgroupName must be specified.'); // Unsure: AWS's text
    if (i.ClusterIdentifier !== undefined && i.WorkgroupName !== undefined) return err('ValidationException', 'ClusterIdentifier and WorkgroupName cannot both be specified.'); // Unsure
    const c = this.clusters.get(id);
    const kind = i.WorkgroupName !== undefined ? 'serverless' : 'provisioned';
    if (!c || c.kind !== kind) {
      return err('ValidationException', kind === 'serverless' ? `Workgroup ${id} not found.` : `Cluster ${id} not found.`); // Unsure: AWS's text
    }
    if (typeof i.Database === 'string' && i.Database.toLowerCase() !== c.database) {
      return err('ValidationException', `Database ${i.Database} does not exist in ${id}; it has database ${c.database}.`); // Unsure: AWS answers a failed connection
    }
    return f(id);
  }

  private execute(i: Input, batch: boolean): Result<unknown> {
    const queries = batch ? (i.Sqls as unknown) : (i.Sql as unknown);
    if (batch ? !Array.isArray(queries) || queries.length < 1 || queries.length > 40 || queries.some((q) => typeof q !== 'string') : typeof queries !== 'string') {
      return err('ValidationException', batch ? 'Sqls must be a list of 1 to 40 SQL statements.' : 'Sql is required.'); // Unsure
    }
    if (typeof i.Database !== 'string') return err('ValidationException', 'Database is required.'); // Unsure
    if (i.Parameters !== undefined) return err('ValidationException', 'Shardlab does not simulate SQL parameters (:name) yet: put the values in the SQL text.');
    return this.withCluster(i, (cluster) => {
      const list = batch ? (queries as string[]) : [queries as string];
      const started = this.opts.now();
      let results: StatementResult[] = [];
      let error: string | undefined;
      /** A batch runs as one transaction: the statement that failed, the others rolled back. */
      let failedAt: number | undefined;
      try {
        results = this.clusters.run(cluster, batch ? { batch: list } : { one: list[0]! }, i.DbUser as string | undefined);
      } catch (e) {
        if (!(e instanceof RedshiftError)) throw e;
        error = `ERROR: ${e.message}`;
        failedAt = e.statementIndex ?? 0;
      }
      const id = uuid(this.opts.random);
      const now = this.opts.now();
      const st: Statement = {
        Id: id,
        ...(i.ClusterIdentifier !== undefined ? { ClusterIdentifier: i.ClusterIdentifier as string } : {}),
        ...(i.WorkgroupName !== undefined ? { WorkgroupName: i.WorkgroupName as string } : {}),
        Database: i.Database as string,
        ...(i.DbUser !== undefined ? { DbUser: i.DbUser as string } : {}),
        QueryString: list.join('; '),
        ...(i.StatementName !== undefined ? { StatementName: i.StatementName as string } : {}),
        CreatedAt: started, UpdatedAt: now,
        Status: error ? 'FAILED' : 'FINISHED',
        ...(error ? { Error: error } : {}),
        Duration: Math.max(1, now - started) * 1_000_000,
        RedshiftQueryId: this.queryIds++,
        results,
        ...(failedAt !== undefined ? { failedAt } : {}),
        IsBatchStatement: batch,
        queries: list,
      };
      this.statements.set(id, st);
      return ok({
        Id: id, CreatedAt: st.CreatedAt / 1000, Database: st.Database,
        ...(st.ClusterIdentifier !== undefined ? { ClusterIdentifier: st.ClusterIdentifier } : {}),
        ...(st.WorkgroupName !== undefined ? { WorkgroupName: st.WorkgroupName } : {}),
        ...(st.DbUser !== undefined ? { DbUser: st.DbUser } : {}),
      });
    });
  }

  /** A statement by id, or `<id>:<n>` for a batch's sub-statement. */
  private find(id: unknown): { st: Statement; sub?: number } | undefined {
    if (typeof id !== 'string') return undefined;
    const m = /^(.+):(\d+)$/.exec(id);
    const st = this.statements.get(m ? m[1]! : id);
    if (!st) return undefined;
    return m ? (st.IsBatchStatement && Number(m[2]) >= 1 && Number(m[2]) <= st.queries.length ? { st, sub: Number(m[2]) } : undefined) : { st };
  }

  private describe(i: Input): Result<unknown> {
    const f = this.find(i.Id);
    if (!f) return err('ResourceNotFoundException', 'Query does not exist.', { ResourceId: i.Id }); // Unsure: AWS's text
    const { st } = f;
    const r = st.results[f.sub !== undefined ? f.sub - 1 : st.results.length - 1];
    return ok({
      Id: i.Id,
      ...(st.ClusterIdentifier !== undefined ? { ClusterIdentifier: st.ClusterIdentifier } : {}),
      ...(st.WorkgroupName !== undefined ? { WorkgroupName: st.WorkgroupName } : {}),
      Database: st.Database,
      ...(st.DbUser !== undefined ? { DbUser: st.DbUser } : {}),
      QueryString: f.sub !== undefined ? st.queries[f.sub - 1] : st.QueryString,
      Status: st.Status,
      ...(st.Error !== undefined ? { Error: st.Error } : {}),
      CreatedAt: st.CreatedAt / 1000,
      UpdatedAt: st.UpdatedAt / 1000,
      Duration: st.Duration,
      RedshiftQueryId: st.RedshiftQueryId,
      HasResultSet: r !== undefined && isQuery(r),
      ResultRows: r ? (isQuery(r) ? r.rows.length : r.rowsAffected) : -1,
      ResultSize: r && isQuery(r) ? JSON.stringify(r.rows).length : 0,
      ...(st.IsBatchStatement && f.sub === undefined ? {
        SubStatements: st.queries.map((q, k) => {
          const s = st.results[k];
          // A failed batch is rolled back: the statement that failed is FAILED, the others ABORTED. Unsure: AWS's statuses of the earlier ones.
          const status = st.failedAt === undefined ? 'FINISHED' : k === st.failedAt ? 'FAILED' : 'ABORTED';
          return {
            Id: `${st.Id}:${k + 1}`, QueryString: q, CreatedAt: st.CreatedAt / 1000, UpdatedAt: st.UpdatedAt / 1000, Status: status,
            ...(k === st.failedAt && st.Error ? { Error: st.Error } : {}),
            HasResultSet: s !== undefined && isQuery(s), ResultRows: s ? (isQuery(s) ? s.rows.length : s.rowsAffected) : -1,
            RedshiftQueryId: st.RedshiftQueryId,
          };
        }),
      } : {}),
    });
  }

  private result(i: Input): Result<unknown> {
    const f = this.find(i.Id);
    if (!f) return err('ResourceNotFoundException', 'Query does not exist.', { ResourceId: i.Id }); // Unsure
    const r = f.st.results[f.sub !== undefined ? f.sub - 1 : f.st.results.length - 1];
    if (f.st.Status === 'FAILED' || !r || !isQuery(r)) {
      return err('ResourceNotFoundException', 'Query does not have result. Please check query status with DescribeStatement.', { ResourceId: i.Id });
    }
    if (f.st.IsBatchStatement && f.sub === undefined) {
      return err('ValidationException', 'Batch statement Id is not supported, please use a sub-statement Id (<Id>:<n>).'); // Unsure
    }
    const start = typeof i.NextToken === 'string' ? Number(i.NextToken) : 0;
    if (!Number.isInteger(start) || start < 0 || start > r.rows.length) return err('ValidationException', 'Invalid NextToken.'); // Unsure
    const page = r.rows.slice(start, start + RESULT_PAGE_ROWS);
    const next = start + page.length < r.rows.length ? String(start + page.length) : undefined;
    return ok({
      Records: page.map((row) => row.map((v, k) => field(v, r.columns[k]!))),
      ColumnMetadata: r.columns.map((c) => columnMetadata(c)),
      TotalNumRows: r.rows.length,
      ...(next !== undefined ? { NextToken: next } : {}),
    });
  }

  private listStatements(i: Input): Result<unknown> {
    const status = (i.Status as string | undefined) ?? 'ALL';
    const list = [...this.statements.values()]
      .filter((s) => status === 'ALL' || s.Status === status)
      .filter((s) => i.StatementName === undefined || (s.StatementName ?? '').startsWith(i.StatementName as string))
      .sort((a, b) => b.CreatedAt - a.CreatedAt);
    const max = (i.MaxResults as number | undefined) ?? 100;
    const start = typeof i.NextToken === 'string' ? Number(i.NextToken) : 0;
    const page = list.slice(start, start + max);
    return ok({
      Statements: page.map((s) => ({
        Id: s.Id, QueryString: s.QueryString, Status: s.Status, CreatedAt: s.CreatedAt / 1000, UpdatedAt: s.UpdatedAt / 1000,
        IsBatchStatement: s.IsBatchStatement, ...(s.StatementName !== undefined ? { StatementName: s.StatementName } : {}),
        ...(s.IsBatchStatement ? { QueryStrings: s.queries } : {}),
      })),
      ...(start + page.length < list.length ? { NextToken: String(start + page.length) } : {}),
    });
  }

  private cancel(i: Input): Result<unknown> {
    const f = this.find(i.Id);
    if (!f) return err('ResourceNotFoundException', 'Query does not exist.', { ResourceId: i.Id }); // Unsure
    // Statements finish at once here: there is never one left to cancel.
    return err('ValidationException', `Could not cancel a query that is already in ${f.st.Status} state with ID: ${f.st.Id}`); // Unsure: AWS's text
  }
}

const isQuery = (r: StatementResult): boolean => r.command === 'SELECT';

/** A cell as the Data API's `Field` union. */
function field(v: Cell, c: RedshiftColumnMeta): Record<string, unknown> {
  if (v === null) return { isNull: true };
  if (typeof v === 'boolean') return { booleanValue: v };
  if (typeof v === 'number') return /^int[248]$/.test(c.typeName) ? { longValue: v } : { doubleValue: v };
  return { stringValue: v };
}

function columnMetadata(c: RedshiftColumnMeta, tableName = '', schemaName = ''): Record<string, unknown> {
  return {
    name: c.name, label: c.name, typeName: c.typeName, nullable: c.nullable ? 1 : 0,
    length: c.length ?? 0, precision: c.precision ?? 0, scale: c.scale ?? 0,
    isCaseSensitive: c.typeName === 'varchar' || c.typeName === 'bpchar', isCurrency: false, isSigned: /^(int|numeric|float)/.test(c.typeName),
    schemaName, tableName,
  };
}

/** A LIKE-style pattern of ListTables / ListSchemas (`%` any, `_` one); absent = everything. */
function like(value: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
  return re.test(value);
}

function uuid(r: Random): string {
  return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.hex(4)}-${r.hex(12)}`;
}
