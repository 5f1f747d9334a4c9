/**
 * A delivery stream's worker: the core `Pipeline` (every Firehose rule) made durable by a
 * `FirehoseLog`. `workers/firehose.worker.ts` only exposes one of these over Comlink; tests drive
 * it in Node over a MessageChannel.
 *
 * Durability (STYLE §7): `accept` commits the records to the log first, then hands them to the
 * pipeline and answers — so the broker acknowledges a put only once it survives a crash, and a
 * failed commit leaves nothing behind. The pipeline's `onSettled` (delivered, written to the
 * error output, dropped by the transform) removes records from the log. `init` replays the log
 * into a fresh pipeline with the records' original arrival times, so buffers come back as they
 * were and their deadlines hold. Commits are grouped: at most one transaction in flight, and
 * whatever queued meanwhile (records in, records settled) goes in the next one.
 *
 * Delivery is at least once, as on AWS: a worker that dies after an object was written but
 * before its records left the log delivers them again after the restart.
 */
import { Pipeline } from '../core/firehose/delivery.js';
import type { InRecord, PipelineHost } from '../core/firehose/pipelineTypes.js';
import type { DeliveryStreamState } from '../core/firehose/model.js';
import type { SavedDeliveryStream } from '../core/firehose/persist.js';
import { createRandom } from '../core/sim/random.js';
import { vendorOf } from '../core/firehose/receivers.js';
import type { HttpTransport } from '../core/firehose/httpEndpoint.js';
import { fetchTransport } from '../adapters/http/fetchTransport.js';
import { isDomainUrl } from '../core/opensearch/domains.js';
import type { FirehoseLog, LoggedRecord } from '../adapters/firehoseLog.js';
import {
  FIREHOSE_PROTOCOL_VERSION, type FirehoseWorkerApi, type FirehoseWorkerHost, type FirehoseWorkerInit, type FirehoseWorkerReady, type PipelineStats,
} from './protocol.js';

/** Makes the (unopened) log of the delivery stream described by `init`. */
export type FirehoseLogFactory = (init: FirehoseWorkerInit) => FirehoseLog;

/** How many settled record ids are remembered, so that a retried accept does not take them again. */
export const RECENT_IDS = 20_000;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Pending {
  puts: LoggedRecord[];
  deletes: number[];
  waiters: Waiter[];
}

const nothing = (): Pending => ({ puts: [], deletes: [], waiters: [] });

/** A saved delivery stream (plain data) as the pipeline's state. */
export const stateOf = (s: SavedDeliveryStream): DeliveryStreamState => ({ ...s, tags: new Map(s.tags) });

export class FirehoseWorker implements FirehoseWorkerApi {
  private pipeline: Pipeline | undefined;
  private state: DeliveryStreamState | undefined;
  private log: FirehoseLog | undefined;
  private now = -Infinity;
  private nextSeq = 0;
  /** Log position of every record held, by record id. */
  private readonly held = new Map<string, number>();
  /** Ids settled lately (insertion-ordered, oldest first). */
  private readonly recent = new Set<string>();
  private queued: Pending = nothing();
  /** Deletes whose commit failed: they go with the next commit (they are idempotent). */
  private retryDeletes: number[] = [];
  private writing: Promise<void> | undefined;
  /** Events on their way to the broker (idle waits for them too). */
  private readonly emitting = new Set<Promise<unknown>>();

  /** `fetch` for real endpoints (tests give another). */
  constructor(private readonly makeLog: FirehoseLogFactory, private readonly fetch: HttpTransport = fetchTransport()) {}

  async init(init: FirehoseWorkerInit, host: FirehoseWorkerHost): Promise<FirehoseWorkerReady> {
    if (init.protocolVersion !== FIREHOSE_PROTOCOL_VERSION) {
      throw new Error(`firehose worker protocol mismatch: the broker speaks version ${init.protocolVersion}, this worker version ${FIREHOSE_PROTOCOL_VERSION} (reload the page)`);
    }
    if (this.pipeline) throw new Error('firehose worker already initialised');
    const log = this.makeLog(init);
    await log.open();
    const rows = await log.loadAll();
    this.now = init.now;
    this.log = log;
    this.state = stateOf(init.state);
    this.pipeline = new Pipeline(this.pipelineHost(init, host), this.state, (ids) => this.settled(ids));
    for (const r of rows) this.held.set(r.record.recordId, r.seq);
    this.nextSeq = rows.length ? rows[rows.length - 1]!.seq + 1 : 0;
    // Replayed in arrival order; the pipeline's own tick at the end flushes whatever is overdue.
    if (rows.length) this.pipeline.accept(rows.map((r) => r.record));
    return { protocolVersion: FIREHOSE_PROTOCOL_VERSION, restored: rows.length, stats: this.snapshot() };
  }

  async accept(records: InRecord[], now: number): Promise<PipelineStats> {
    const pipeline = this.live();
    this.advance(now);
    const fresh = records.filter((r) => !this.held.has(r.recordId) && !this.recent.has(r.recordId));
    if (fresh.length === 0) return this.snapshot();
    const rows = fresh.map((record) => ({ seq: this.nextSeq++, record }));
    for (const r of rows) this.held.set(r.record.recordId, r.seq);
    try {
      await this.write(rows);
    } catch (e) {
      for (const r of rows) this.held.delete(r.record.recordId);
      throw e;
    }
    if (this.pipeline !== pipeline) throw new Error('delivery stream destroyed (it was deleted)');
    pipeline.accept(fresh);
    return this.snapshot();
  }

  async tick(now: number): Promise<PipelineStats> {
    const pipeline = this.live();
    this.advance(now);
    pipeline.tick(this.now);
    return this.snapshot();
  }

  async reconfigure(saved: SavedDeliveryStream): Promise<PipelineStats> {
    const pipeline = this.live();
    // The pipeline holds this very object: change it in place — members the new state lacks
    // (the endpoint of a destination switched to S3) go too.
    const next = stateOf(saved) as unknown as Record<string, unknown>;
    const target = this.state! as unknown as Record<string, unknown>;
    for (const k of Object.keys(target)) if (!(k in next)) delete target[k];
    Object.assign(target, next);
    pipeline.reconfigure();
    return this.snapshot();
  }

  async stats(): Promise<PipelineStats> {
    this.live();
    return this.snapshot();
  }

  async idle(): Promise<PipelineStats> {
    for (let i = 0; i < 100 && this.pipeline; i++) {
      await this.pipeline.idle();
      while (this.writing) await this.writing.catch(() => undefined);
      await Promise.all([...this.emitting]);
      if (this.pipeline.inFlight === 0 && !this.writing && this.queued.deletes.length === 0 && this.queued.puts.length === 0) break;
    }
    return this.snapshot();
  }

  async destroy(): Promise<void> {
    const log = this.log;
    this.pipeline?.close();
    this.pipeline = undefined;
    this.log = undefined;
    const queued = this.queued;
    this.queued = nothing();
    const gone = new Error('delivery stream destroyed (it was deleted)');
    for (const w of queued.waiters) w.reject(gone);
    await log?.destroy();
  }

  private snapshot(): PipelineStats {
    const p = this.pipeline;
    if (!p) return { buffered: { records: 0, bytes: 0, sizeBytes: 0, intervalMs: 0 }, retrying: 0, inFlight: 0 };
    return { buffered: p.buffered(), retrying: p.retrying, inFlight: p.inFlight };
  }

  private advance(now: number): void {
    if (now > this.now) this.now = now;
  }

  /** What the pipeline reaches through the broker: S3, Lambda, the event stream. */
  private pipelineHost(init: FirehoseWorkerInit, host: FirehoseWorkerHost): PipelineHost {
    return {
      now: () => this.now,
      random: createRandom(init.seed),
      account: { region: init.region },
      events: {
        emit: (e) => {
          const sent = Promise.resolve(host.emit(e, this.snapshot())).catch(() => undefined);
          this.emitting.add(sent);
          void sent.then(() => this.emitting.delete(sent));
        },
      },
      // A failed call into the broker is a failed write (retried by the pipeline), never a
      // rejection the pipeline does not expect.
      s3: {
        putObject: (bucket, key, data) => host.putObject(bucket, key, data)
          .catch((e: unknown) => ({ ok: false as const, error: { __type: 'InternalError', message: `We encountered an internal error. Please try again. (${why(e)})`, status: 500 } })),
      },
      lambda: {
        invoke: (arn, event) => host.invokeLambda(arn, event)
          .catch((e: unknown) => ({ ok: false as const, errorCode: 'Lambda.FunctionError' as const, errorMessage: why(e) })),
      },
      redshift: {
        execute: (url, user, password, sql) => host.redshift
          ? host.redshift(url, user, password, sql).catch((e: unknown) => ({ ok: false as const, errorCode: 'Redshift.ConnectionFailed', errorMessage: why(e) }))
          : Promise.resolve({ ok: false as const, errorCode: 'Redshift.ConnectionFailed', errorMessage: 'No Redshift clusters in this host.' }),
      },
      glue: {
        columnsOf: (database, table) => host.glueColumns
          ? host.glueColumns(database, table).catch((e: unknown) => ({ ok: false as const, error: { __type: 'InternalFailure', message: why(e), status: 500 } }))
          : Promise.resolve({ ok: false as const, error: { __type: 'EntityNotFoundException', message: `Database ${database} not found.`, status: 400 } }),
      },
      // The vendors' intake URLs are answered by the broker's simulated receivers; real endpoints
      // are fetched from here (in the page: this worker's own fetch, CORS applies).
      http: (req) => vendorOf(req.url) !== undefined || isDomainUrl(req.url)
        ? (host.http ? host.http(req).catch((e: unknown) => ({ failure: 'connection' as const, message: why(e) })) : Promise.resolve({ failure: 'connection' as const, message: 'No simulated receivers in this host.' }))
        : this.fetch(req),
    };
  }

  /** Records whose journey ended leave the log (with the next commit). */
  private settled(ids: readonly string[]): void {
    for (const id of ids) {
      const seq = this.held.get(id);
      if (seq === undefined) continue;
      this.held.delete(id);
      this.queued.deletes.push(seq);
      this.recent.add(id);
      if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
    }
    this.flush();
  }

  /** Queues `puts` for the next commit; resolves once it completed. */
  private write(puts: readonly LoggedRecord[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.puts.push(...puts);
      this.queued.waiters.push({ resolve, reject });
      this.flush();
    });
  }

  /** Starts a commit of everything queued, unless one is in flight (it follows that one). */
  private flush(): void {
    const log = this.log;
    if (this.writing || !log) return;
    const batch = this.queued;
    if (batch.puts.length === 0 && batch.deletes.length === 0) return;
    this.queued = nothing();
    const deletes = this.retryDeletes.length ? [...this.retryDeletes.splice(0), ...batch.deletes] : batch.deletes;
    this.writing = log.commit(batch.puts, deletes).then(
      () => { for (const w of batch.waiters) w.resolve(); },
      (e: unknown) => {
        const err = new Error(`${this.state?.name ?? 'delivery stream'}: storage write failed: ${why(e)}`);
        for (const w of batch.waiters) w.reject(err);
        // Else those records would be delivered again after a restart. Not retried at once: a
        // storage that keeps failing must not spin.
        this.retryDeletes.push(...deletes);
      },
    ).finally(() => {
      this.writing = undefined;
      this.flush();
    });
  }

  private live(): Pipeline {
    if (!this.pipeline) throw new Error('firehose worker not initialised (or destroyed)');
    return this.pipeline;
  }
}

const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));
