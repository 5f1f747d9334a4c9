/**
 * The simulated Amazon Redshift clusters (and Serverless workgroups) of the account: each holds
 * one `RedshiftDatabase` and is reached by its JDBC URL, as Firehose reaches it —
 * `jdbc:redshift://<id>.<hash>.<region>.redshift.amazonaws.com:5439/<db>` for a provisioned
 * cluster, `jdbc:redshift://<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com:5439/<db>`
 * for a workgroup. The Data API (dataApi.ts) and the app's query panel run statements on them.
 *
 * Decisions: a cluster has one database (its `database`, default `dev`); Firehose logs in with
 * the master user name and password given at creation (no other users); the Data API trusts
 * its caller (IAM temporary credentials, any DbUser); a paused cluster refuses connections,
 * so Firehose's COPY fails with `Redshift.ConnectionFailed` and is retried — the way to watch
 * Firehose's retry window and its `errors/` manifests.
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import { EventHub } from '../observe/events.js';
import type { RedshiftConnector, RedshiftOutcome } from '../firehose/redshiftDelivery.js';
import { RedshiftDatabase, RedshiftError, type ObjectReader, type StatementResult } from './database.js';
import type { S3Store } from '../s3/store.js';

/** COPY's view of the simulated S3: one object, or the keys under a prefix (sorted, every page). */
export function s3ObjectReader(s3: S3Store): ObjectReader {
  const get = ((bucket: string, key: string) => {
    const r = s3.getObject(bucket, key);
    return r.ok ? { ok: true as const, body: r.value.body } : { ok: false as const, code: r.error.__type, message: r.error.message };
  }) as ObjectReader;
  get.list = (bucket, prefix) => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = s3.listObjects(bucket, { prefix, ...(token !== undefined ? { continuationToken: token } : {}) });
      if (!page.ok) return keys;
      keys.push(...page.value.contents.map((o) => o.key));
      token = page.value.nextContinuationToken;
    } while (token !== undefined);
    return keys;
  };
  return get;
}

export type ClusterKind = 'provisioned' | 'serverless';
export type ClusterStatus = 'available' | 'paused';

export interface ClusterSnapshot {
  readonly identifier: string;
  readonly kind: ClusterKind;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly jdbcUrl: string;
  readonly masterUsername: string;
  readonly status: ClusterStatus;
  readonly tables: ReturnType<RedshiftDatabase['tables']>;
}

interface Cluster {
  readonly identifier: string;
  readonly kind: ClusterKind;
  readonly host: string;
  readonly database: string;
  readonly masterUsername: string;
  readonly masterPassword: string;
  status: ClusterStatus;
  readonly db: RedshiftDatabase;
  readonly unobserve: () => void;
}

interface SavedCluster {
  readonly identifier: string;
  readonly kind: ClusterKind;
  readonly database: string;
  readonly masterUsername: string;
  readonly masterPassword: string;
  readonly status: ClusterStatus;
  readonly data: unknown;
}

export interface SavedClusters {
  readonly clusters: SavedCluster[];
}

export const REDSHIFT_PORT = 5439;

/** A cluster identifier (Redshift's rules): 1–63 lower-case letters, digits, hyphens; starts with a letter; no `--`, no trailing `-`. */
export function clusterIdentifierProblem(id: string): string | undefined {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(id) || id.includes('--') || id.endsWith('-')) {
    return 'The identifier must be 1–63 lower-case letters, digits or hyphens, start with a letter, and not contain two hyphens in a row or end with one.';
  }
  return undefined;
}

/** Redshift's master password rules: 8–64 characters, an upper-case letter, a lower-case letter and a digit; no `'`, `"`, `\`, `/`, `@` or space. */
export function passwordProblem(p: string): string | undefined {
  if (p.length < 8 || p.length > 64 || !/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/[0-9]/.test(p) || /['"\\/@ ]/.test(p)) {
    return 'The password must be 8–64 characters with an upper-case letter, a lower-case letter and a digit, and none of \' " \\ / @ or space.';
  }
  return undefined;
}

/** Firehose's error code for a database error (spec §8: `Redshift.…`). */
export function firehoseErrorCode(e: RedshiftError): string {
  switch (e.code) {
    case '42P01': return 'Redshift.TableNotFound';
    case '42703': return 'Redshift.ColumnNotFound';
    case '42601': return 'Redshift.SyntaxError';
    case '28000': case '28P01': return 'Redshift.AuthenticationFailed';
    default: return 'Redshift.DataLoadFailed'; // Unsure: AWS's code for the other load failures
  }
}

export class RedshiftClusters {
  private readonly clusters = new Map<string, Cluster>();
  private readonly hub = new EventHub<void>((err) => void Promise.reject(err));

  constructor(private readonly opts: { readonly now: () => number; readonly region: string; readonly accountId: string; readonly readObject: ObjectReader }) {}

  create(identifier: string, o: { masterUsername?: string; masterPassword: string; database?: string; kind?: ClusterKind }): Result<ClusterSnapshot> {
    const problem = clusterIdentifierProblem(identifier) ?? passwordProblem(o.masterPassword);
    if (problem) return fail('ValidationException', problem);
    if (this.clusters.has(identifier)) return fail('ResourceInUseException', `Cluster ${identifier} already exists.`);
    const user = o.masterUsername ?? 'awsuser';
    if (!/^[a-z_][a-z0-9_$]{0,126}$/i.test(user)) return fail('ValidationException', 'The master user name must start with a letter or underscore and hold only letters, digits, _ or $.');
    const database = (o.database ?? 'dev').toLowerCase();
    if (!/^[a-z_][a-z0-9_$]{0,63}$/.test(database)) return fail('ValidationException', 'The database name must start with a letter or underscore and hold only letters, digits, _ or $.');
    this.add({ identifier, kind: o.kind ?? 'provisioned', database, masterUsername: user.toLowerCase(), masterPassword: o.masterPassword, status: 'available', data: undefined });
    this.changed();
    return ok(this.snapshot(this.clusters.get(identifier)!));
  }

  delete(identifier: string): boolean {
    const c = this.clusters.get(identifier);
    if (!c) return false;
    c.unobserve();
    this.clusters.delete(identifier);
    this.changed();
    return true;
  }

  /** Pauses (connections refused) or resumes a cluster. */
  setPaused(identifier: string, paused: boolean): void {
    const c = this.clusters.get(identifier);
    if (!c) return;
    c.status = paused ? 'paused' : 'available';
    this.changed();
  }

  list(): ClusterSnapshot[] {
    return [...this.clusters.values()].map((c) => this.snapshot(c)).sort((a, b) => (a.identifier < b.identifier ? -1 : 1));
  }

  get(identifier: string): ClusterSnapshot | undefined {
    const c = this.clusters.get(identifier);
    return c ? this.snapshot(c) : undefined;
  }

  /** The cluster's database (the Data API and the query panel run statements on it). */
  database(identifier: string): RedshiftDatabase | undefined {
    return this.clusters.get(identifier)?.db;
  }

  /**
   * Runs SQL on a cluster; throws RedshiftError. A string is a script (`;`-separated statements,
   * one transaction — the query panel's); `{ one }` must be exactly one statement
   * (ExecuteStatement's rule); `{ batch }` is BatchExecuteStatement's list, one transaction.
   */
  run(identifier: string, sql: string | { readonly one: string } | { readonly batch: readonly string[] }, user?: string): StatementResult[] {
    const c = this.clusters.get(identifier);
    if (!c) throw new Error(`Cluster ${identifier} not found.`);
    if (c.status === 'paused') throw new RedshiftError('57P03', `Cluster ${identifier} is paused: resume it to run queries.`);
    const as = { user: user ?? c.masterUsername };
    if (typeof sql === 'string') return c.db.executeAll(sql, as);
    return 'one' in sql ? [c.db.execute(sql.one, as)] : c.db.executeBatch(sql.batch, as);
  }

  /** The cluster a JDBC URL reaches, and the database it names. */
  resolve(jdbcUrl: string): { cluster: ClusterSnapshot; database: string } | undefined {
    const m = /^jdbc:(?:redshift|postgresql):\/\/([^:/]+):(\d{1,5})\/([A-Za-z0-9_$]+)/.exec(jdbcUrl);
    if (!m) return undefined;
    const c = [...this.clusters.values()].find((x) => x.host === m[1]!.toLowerCase() && Number(m[2]) === REDSHIFT_PORT);
    return c ? { cluster: this.snapshot(c), database: m[3]!.toLowerCase() } : undefined;
  }

  /** Firehose's connection: COPY and friends by JDBC URL, with the destination's credentials. */
  connector(): RedshiftConnector {
    return { execute: (url, user, password, sql) => Promise.resolve(this.connect(url, user, password, sql)) };
  }

  private connect(url: string, user: string, password: string, sql: string): RedshiftOutcome {
    const found = this.resolve(url);
    // Unsure: the exact texts Firehose logs for these; the JDBC driver's messages are like these.
    if (!found) return { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: `Unable to connect to ${url}: no such cluster or workgroup.` };
    const c = this.clusters.get(found.cluster.identifier)!;
    if (c.status === 'paused') return { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: `Unable to connect to ${url}: cluster ${c.identifier} is paused.` };
    if (found.database !== c.database) return { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: `FATAL: database "${found.database}" does not exist` };
    if (user.toLowerCase() !== c.masterUsername || password !== c.masterPassword) {
      return { ok: false, errorCode: 'Redshift.AuthenticationFailed', errorMessage: `FATAL: password authentication failed for user "${user.toLowerCase()}"` };
    }
    try {
      const r = c.db.execute(sql, { user: c.masterUsername });
      return { ok: true, rowsAffected: r.rowsAffected };
    } catch (e) {
      if (e instanceof RedshiftError) return { ok: false, errorCode: firehoseErrorCode(e), errorMessage: `ERROR: ${e.message}` };
      throw e;
    }
  }

  observe(listener: () => void): () => void {
    return this.hub.observe(listener);
  }

  save(): SavedClusters {
    return {
      clusters: [...this.clusters.values()].map((c) => ({
        identifier: c.identifier, kind: c.kind, database: c.database, masterUsername: c.masterUsername, masterPassword: c.masterPassword, status: c.status, data: c.db.snapshot(),
      })),
    };
  }

  load(saved: SavedClusters | undefined): void {
    for (const c of saved?.clusters ?? []) if (!this.clusters.has(c.identifier)) this.add(c);
    this.changed();
  }

  private add(s: SavedCluster): void {
    const db = new RedshiftDatabase({ now: this.opts.now, readObject: this.opts.readObject, name: s.database });
    if (s.data !== undefined) db.load(s.data);
    const host = s.kind === 'serverless'
      ? `${s.identifier}.${this.opts.accountId}.${this.opts.region}.redshift-serverless.amazonaws.com`
      : `${s.identifier}.${clusterHash(s.identifier, this.opts.accountId)}.${this.opts.region}.redshift.amazonaws.com`;
    const unobserve = db.observe(() => this.changed());
    this.clusters.set(s.identifier, { identifier: s.identifier, kind: s.kind, host, database: s.database, masterUsername: s.masterUsername, masterPassword: s.masterPassword, status: s.status, db, unobserve });
  }

  private snapshot(c: Cluster): ClusterSnapshot {
    return {
      identifier: c.identifier, kind: c.kind, host: c.host, port: REDSHIFT_PORT, database: c.database,
      jdbcUrl: `jdbc:redshift://${c.host}:${REDSHIFT_PORT}/${c.database}`, masterUsername: c.masterUsername, status: c.status, tables: c.db.tables(),
    };
  }

  private changed(): void {
    this.hub.emit();
  }
}

/** The 12-character label AWS puts after a cluster's identifier (stable per identifier and account here). */
function clusterHash(id: string, account: string): string {
  let h = 2166136261;
  for (const ch of `${account}/${id}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = 'c';
  for (let i = 0; i < 11; i++) {
    h = Math.imul(h ^ (h >>> 13), 2654435761) >>> 0;
    out += 'abcdefghijklmnopqrstuvwxyz0123456789'[h % 36];
  }
  return out;
}
