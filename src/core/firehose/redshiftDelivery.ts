/**
 * Loading into Amazon Redshift as Firehose does it (spec §6): the data is first delivered to the
 * intermediate S3 bucket exactly like an S3 destination's objects; then Firehose writes a
 * **manifest** listing the objects delivered since the last COPY and issues
 * `COPY <table> FROM 's3://…/manifest' … MANIFEST <CopyOptions>`. One COPY at a time: the next
 * starts as soon as the previous finishes, with every object that arrived meanwhile. A failed
 * COPY is tried again every 5 minutes until `RetryOptions.DurationInSeconds` has passed since the
 * first failure; then the batch is skipped and its manifest is written under `errors/` for a
 * manual backfill — the records are not lost, they stay in the intermediate bucket.
 *
 * Records are settled (forgotten by a durable host) only once their COPY succeeded or their
 * manifest is under `errors/`; a worker that restarts before that delivers them again (at least
 * once, as on AWS).
 *
 * Unsure: the manifests' keys. AWS documents a `manifests/` folder and an `errors/` folder in the
 * intermediate bucket; here `<Prefix>manifests/YYYY/MM/DD/HH/<object name>` and the same key
 * under `<Prefix>errors/`.
 */
import { s3ErrorCode } from './objectWrites.js';
import type { PipelineHost, PipelineRecord } from './pipelineTypes.js';
import type { DeliveryStreamState } from './model.js';
import { objectName } from './objectKey.js';
import { formatTimestamp } from './javaDateFormat.js';
import { copyStatement } from './redshiftConfig.js';

/** What runs SQL on a (simulated) cluster for the pipeline: the host's connection to Redshift. */
export interface RedshiftConnector {
  /**
   * Runs one statement as `user` on the cluster and database the JDBC URL names. A failure
   * carries Firehose's error code (`Redshift.ConnectionFailed`, `Redshift.TableNotFound`, …).
   */
  execute(jdbcUrl: string, user: string, password: string, sql: string): Promise<RedshiftOutcome>;
}

export type RedshiftOutcome = { readonly ok: true; readonly rowsAffected: number } | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

/** Spec §8: Redshift is retried "every ~5 min". */
export const REDSHIFT_RETRY_MS = 5 * 60_000;

/** An object in the intermediate bucket waiting to be loaded. */
export interface LoadableObject {
  readonly bucket: string;
  readonly key: string;
  readonly records: readonly PipelineRecord[];
  readonly bytes: number;
  readonly oldest: number;
}

export interface RedshiftLoaderContext {
  readonly host: PipelineHost;
  readonly state: DeliveryStreamState;
  settle(records: readonly PipelineRecord[]): void;
  track(p: Promise<void>): void;
  readonly closed: boolean;
}

interface Batch {
  readonly objects: LoadableObject[];
  readonly bucket: string;
  readonly manifestKey: string;
  /** The bucket prefix the manifest key starts with (the errors/ copy goes under the same one). */
  readonly prefix: string;
  readonly manifest: Uint8Array;
  firstFailure?: number;
  attempts: number;
  /** When it is tried again; undefined while an attempt is running. */
  retryAt?: number;
  manifestWritten: boolean;
  /** Set once the retry window is over: only the errors/ manifest remains to be written. */
  errorKey?: string;
}

export class RedshiftLoader {
  private readonly queue: LoadableObject[] = [];
  private batch: Batch | undefined;
  private running = false;

  constructor(private readonly ctx: RedshiftLoaderContext) {}

  /** Records of objects delivered but not loaded yet (for the UI's "retrying" count when failing). */
  get retrying(): number {
    return this.batch?.firstFailure !== undefined ? count(this.batch.objects) : 0;
  }

  /** Records waiting for, or in, a COPY. */
  get loading(): number {
    return count(this.queue) + (this.batch ? count(this.batch.objects) : 0);
  }

  add(o: LoadableObject): void {
    this.queue.push(o);
    this.next();
  }

  tick(now: number): void {
    const b = this.batch;
    if (b && !this.running && b.retryAt !== undefined && now >= b.retryAt) this.attempt(b);
    else this.next();
  }

  /** Starts the next COPY when none is running. */
  private next(): void {
    if (this.batch || this.running || this.ctx.closed || this.queue.length === 0) return;
    const objects = this.queue.splice(0);
    const h = this.ctx.host;
    const d = this.ctx.state.destination;
    const at = h.now();
    const bucket = objects[0]!.bucket;
    const manifestKey = `${d.Prefix ?? ''}manifests/${formatTimestamp('yyyy/MM/dd/HH/', at, 'UTC')}${objectName(this.ctx.state.name, this.ctx.state.versionId, at, () => h.random.next(), '')}`;
    const manifest = new TextEncoder().encode(JSON.stringify({ entries: objects.map((o) => ({ url: `s3://${o.bucket}/${o.key}`, mandatory: true })) }));
    this.batch = { objects, bucket, manifestKey, prefix: d.Prefix ?? '', manifest, attempts: 0, manifestWritten: false };
    this.attempt(this.batch);
  }

  private attempt(b: Batch): void {
    this.running = true;
    delete b.retryAt;
    this.ctx.track(this.run(b).finally(() => {
      this.running = false;
      this.next();
    }));
  }

  private async run(b: Batch): Promise<void> {
    const h = this.ctx.host;
    if (b.errorKey !== undefined) return this.writeErrorManifest(b, b.errorKey);
    const config = this.ctx.state.redshift;
    if (!config) {
      // The destination was changed away from Redshift: these objects stay in the bucket, unloaded.
      this.done(b);
      return;
    }
    b.attempts++;
    let outcome: RedshiftOutcome;
    if (!b.manifestWritten) {
      const put = await h.s3.putObject(b.bucket, b.manifestKey, b.manifest);
      b.manifestWritten = put.ok;
      outcome = put.ok ? await this.copy(b) : { ok: false, errorCode: s3ErrorCode(put.error.__type), errorMessage: put.error.message };
    } else {
      outcome = await this.copy(b);
    }
    const now = h.now();
    const records = count(b.objects);
    if (outcome.ok) {
      const bytes = b.objects.reduce((a, o) => a + o.bytes, 0);
      this.done(b); // first: the figures sent with the event no longer count the batch as retrying
      h.events.emit({
        type: 'redshiftLoaded', t: now, deliveryStream: this.ctx.state.name, table: config.CopyCommand.DataTableName, bucket: b.bucket, manifestKey: b.manifestKey,
        objects: b.objects.length, records, bytes, rowsLoaded: outcome.rowsAffected, attempts: b.attempts, oldestArrival: Math.min(...b.objects.map((o) => o.oldest)),
      });
      return;
    }
    const first = b.firstFailure ?? now;
    b.firstFailure = first;
    const windowMs = config.RetryOptions.DurationInSeconds * 1000;
    // Retried every 5 minutes while the retry duration lasts — the last try at its very end.
    if (now - first < windowMs && !this.ctx.closed) {
      const nextAt = Math.min(now + REDSHIFT_RETRY_MS, first + windowMs);
      b.retryAt = nextAt;
      h.events.emit({ type: 'deliveryFailed', t: now, deliveryStream: this.ctx.state.name, destination: 'Redshift', errorCode: outcome.errorCode, errorMessage: outcome.errorMessage, records, attempt: b.attempts, nextAttemptAt: nextAt });
      return;
    }
    // The retry window is over: skip the batch, its manifest to errors/ for a manual backfill.
    h.events.emit({ type: 'deliveryFailed', t: now, deliveryStream: this.ctx.state.name, destination: 'Redshift', errorCode: outcome.errorCode, errorMessage: outcome.errorMessage, records, attempt: b.attempts, outcome: 'backedUp' });
    b.errorKey = `${b.prefix}errors/${b.manifestKey.slice(b.prefix.length)}`;
    await this.writeErrorManifest(b, b.errorKey);
  }

  private async copy(b: Batch): Promise<RedshiftOutcome> {
    const h = this.ctx.host;
    const c = this.ctx.state.redshift!;
    if (!h.redshift) return { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: 'No Amazon Redshift cluster is reachable from this simulation.' };
    return h.redshift.execute(c.ClusterJDBCURL, c.Username, c.Password, copyStatement(c, b.bucket, b.manifestKey)).catch((err: unknown) => ({
      ok: false as const, errorCode: 'Redshift.ConnectionFailed', errorMessage: err instanceof Error ? err.message : String(err),
    }));
  }

  /** The skipped batch's manifest under errors/; written until it succeeds (S3's own 24-hour rule applies to nothing else here). */
  private async writeErrorManifest(b: Batch, key: string): Promise<void> {
    const h = this.ctx.host;
    const put = await h.s3.putObject(b.bucket, key, b.manifest);
    if (put.ok) {
      this.done(b);
      h.events.emit({ type: 'errorOutput', t: h.now(), deliveryStream: this.ctx.state.name, bucket: b.bucket, key, records: count(b.objects), errorOutputType: 'redshift-copy-failed' });
      return;
    }
    // Unsure: what AWS does when even the errors/ manifest cannot be written; retried here, never dropped.
    b.retryAt = h.now() + REDSHIFT_RETRY_MS;
  }

  private done(b: Batch): void {
    for (const o of b.objects) this.ctx.settle(o.records);
    if (this.batch === b) this.batch = undefined;
  }
}

const count = (objects: readonly LoadableObject[]): number => objects.reduce((a, o) => a + o.records.length, 0);
