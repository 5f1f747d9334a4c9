/**
 * Kinesis Data Analytics (SQL) applications, run on the simulation's clock: create, update,
 * start, stop and delete (spec §A.1); a running application reads its source — a Kinesis data
 * stream as a consumer of its shards (one GetRecords per shard per second, following
 * resharding, checkpointed), or the records a Firehose delivery stream takes in — and hands the
 * records to its runtime (the SQL engine, in process or in a worker), which inserts them with
 * ROWTIME = now. Every tick it moves the application's time on (windows close and emit) and
 * writes the rows of its output streams to their destinations: PutRecords to a Kinesis stream,
 * PutRecordBatch to a delivery stream — at least once, as AWS does: a refused record is sent
 * again on the next tick, never dropped.
 *
 * The class keeps the applications' lifecycle; pure pieces live beside it: `liveApp.ts` (what is
 * kept per application, its snapshot), `appControl.ts` (update, start checks, runtime init),
 * `outbox.ts` (emitted rows to outputs) and `sampleSource.ts` (schema discovery samples).
 */
import type { KinesisEngine } from '../../kinesis/engine.js';
import type { FirehoseEngine } from '../../firehose/engine.js';
import type { S3Store } from '../../s3/store.js';
import { KinesisSourceReader, type SourceReaderState } from '../../firehose/kinesisSource.js';
import type { InRecord } from '../../firehose/pipelineTypes.js';
import { EventHub } from '../../observe/events.js';
import type { Random } from '../../sim/random.js';
import { carriedOutboxes, runtimeInit, startProblem, updatedState } from './appControl.js';
import { newLiveApp, snapshotOf, type AppSnapshot, type LiveApp } from './liveApp.js';
import { APP_LIMITS, configProblem, type AppConfig, type AppState, type StartingPosition } from './model.js';
import { flushOutboxes, sendBatch, takeEmitted } from './outbox.js';
import type { AppRuntime, EmittedRow, OpenWindow, RuntimeInit, SourceRecord } from './runtime.js';
import { sampleSource } from './sampleSource.js';

/** Virtual ms between two runtime ticks of an application. */
export const TICK_MS = 100;

export interface AnalyticsOptions {
  readonly kinesis: KinesisEngine;
  readonly firehose?: FirehoseEngine;
  readonly s3: S3Store;
  readonly random: Random;
  /** Makes an application's runtime (in process in Node; a worker in the page). */
  readonly runtime: (name: string) => AppRuntime;
  readonly now: () => number;
  /**
   * Waits `realMs` of real time (the host's timer: the core has none). Schema discovery waits a
   * moment for a delivery stream's next records; a stop waits out a write in flight.
   */
  readonly pause: (realMs: number) => Promise<void>;
}

/** The analytics applications of a simulation, on its clock. */
export class AnalyticsEngine {
  private readonly apps = new Map<string, LiveApp>();
  private readonly hub = new EventHub<void>((err) => void Promise.reject(err));
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly o: AnalyticsOptions) {}

  // ── control ──────────────────────────────────────────────────────────────────────────────

  create(config: AppConfig): { ok: true } | { ok: false; message: string } {
    if (this.apps.has(config.name)) return { ok: false, message: `Application ${config.name} already exists.` };
    if (this.apps.size >= APP_LIMITS.applications) return { ok: false, message: `At most ${APP_LIMITS.applications} applications per region.` };
    const problem = configProblem(config);
    if (problem) return { ok: false, message: problem };
    this.apps.set(config.name, newLiveApp({ ...config, status: 'READY', createdAt: this.o.now(), versionId: 1 }));
    this.changed();
    return { ok: true };
  }

  /** Replaces a READY application's configuration (code, input, reference data, outputs). */
  update(name: string, config: Omit<AppConfig, 'name'>): { ok: true } | { ok: false; message: string } {
    const a = this.apps.get(name);
    if (!a) return { ok: false, message: `Application ${name} not found.` };
    if (a.state.status !== 'READY') return { ok: false, message: `Application ${name} is ${a.state.status}: stop it before editing it.` };
    const next = { ...config, name };
    const problem = configProblem(next);
    if (problem) return { ok: false, message: problem };
    a.state = updatedState(a.state, next);
    this.changed();
    return { ok: true };
  }

  delete(name: string): boolean {
    const a = this.apps.get(name);
    if (!a) return false;
    this.halt(a);
    this.apps.delete(name);
    this.changed();
    return true;
  }

  /**
   * Starts a READY application: its SQL is planned (an error leaves it READY with the error's
   * line and column), the reference table loaded, then its source read from `position`.
   */
  async start(name: string, position: StartingPosition = 'NOW'): Promise<{ ok: true } | { ok: false; message: string; line?: number; column?: number }> {
    const a = this.apps.get(name);
    if (!a) return { ok: false, message: `Application ${name} not found.` };
    if (a.state.status !== 'READY') return { ok: false, message: `Application ${name} is ${a.state.status}; only a READY application starts.` };
    const problem = startProblem(a.state, position, this.o.kinesis, this.o.firehose);
    if (problem) return { ok: false, message: problem };
    delete a.state.lastError;
    a.state.status = 'STARTING';
    this.changed();
    const runtime = a.runtime ?? this.o.runtime(name);
    a.runtime = runtime;
    const ref = a.state.referenceData;
    const init: RuntimeInit = runtimeInit(a.state, this.o.random.int(0x7fffffff));
    // A runtime that fails (a worker that died, a message it could not take) fails the start, visibly.
    const started = await this.call(a, () => runtime.start(init))
      .catch((e: unknown) => ({ ok: false as const, error: { message: `The application's runtime failed: ${e instanceof Error ? e.message : String(e)}` } }));
    if (!started.ok) return this.failStart(a, started.error);
    a.description = started.description;
    a.init = init;
    a.broken = false;
    if (ref) {
      const obj = this.o.s3.getObject(ref.bucket, ref.key);
      if (!obj.ok) return this.failStart(a, { message: `Reference data s3://${ref.bucket}/${ref.key}: ${obj.error.message}` });
      const loaded = await this.call(a, () => runtime.loadReference(ref.tableName, obj.value.body)).catch((e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
      if (!loaded.ok) return this.failStart(a, { message: `Reference data s3://${ref.bucket}/${ref.key}: ${loaded.message}` });
    }
    if (a.state.status !== 'STARTING') return { ok: false, message: `Application ${name} was stopped while starting.` };
    a.state.status = 'RUNNING';
    a.stats = { recordsIn: 0, rowsOut: 0, errors: 0 };
    a.recent = new Map();
    // Rows an earlier run could not write yet go out first, to the same unchanged outputs.
    a.outboxes = carriedOutboxes(a.outboxes, a.state.outputs);
    this.connect(a, position);
    this.changed();
    return { ok: true };
  }

  /** Stops a RUNNING application (what is buffered for its outputs is still written). */
  async stop(name: string): Promise<void> {
    const a = this.apps.get(name);
    if (!a || (a.state.status !== 'RUNNING' && a.state.status !== 'STARTING')) return;
    a.state.status = 'STOPPING';
    this.changed();
    this.disconnect(a);
    // What was read is processed and written before the runtime stops: records handed over (the
    // source's checkpoint is past them) must not be lost, nor the rows they made.
    const runtime = a.runtime;
    if (runtime && !a.broken) {
      const now = this.o.now();
      await this.call(a, async () => {
        const t = await runtime.tick(now);
        this.take(a, t.emitted, t.windows, t.recordsIn, t.errors);
      }).catch((e: unknown) => this.report(a, e));
    }
    await this.drainOutputs(a);
    await this.call(a, () => runtime?.stop() ?? Promise.resolve()).catch(() => undefined);
    a.state.status = 'READY';
    a.windows = [];
    this.changed();
  }

  // ── time ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Reads sources, hands records over, moves every running application's time on, writes
   * outputs. The runtime is called at most every TICK_MS of virtual time and never twice at once
   * (a busy worker lets records gather; a window that closed meanwhile still closes at its time).
   */
  tick(now: number = this.o.now()): void {
    for (const a of this.apps.values()) {
      if (a.state.status !== 'RUNNING' || !a.runtime) continue;
      if (a.ticking || now - a.lastTick < TICK_MS) {
        a.reader?.tick(now);
        continue;
      }
      a.ticking = true;
      a.lastTick = now;
      const runtime = a.runtime;
      this.track(this.call(a, async () => {
        // A runtime whose worker died starts again (its windows start empty, as after AWS restarts an application).
        if (a.broken && a.init) {
          const again = await runtime.start(a.init);
          if (!again.ok) throw new Error(again.error.message);
          a.broken = false;
        }
        const t = await runtime.tick(now);
        this.take(a, t.emitted, t.windows, t.recordsIn, t.errors);
      }).then(() => this.flushOutputs(a)).catch((e: unknown) => this.fail(a, e)).finally(() => {
        a.ticking = false;
      }));
      // Read after the tick is queued: records read now get ROWTIMEs after the windows it closes.
      if (!a.broken) a.reader?.tick(now);
    }
  }

  /** Resolves once no read, runtime call or output write is in flight. */
  async idle(): Promise<void> {
    for (let i = 0; i < 100 && this.pending.size; i++) await Promise.all([...this.pending]);
    await Promise.all([...this.apps.values()].map((a) => a.reader?.idle()));
    for (let i = 0; i < 100 && this.pending.size; i++) await Promise.all([...this.pending]);
  }

  // ── reading ──────────────────────────────────────────────────────────────────────────────

  private connect(a: LiveApp, position: StartingPosition): void {
    const input = a.state.input;
    if (!input) return;
    // Records go to the runtime as they are read; the Kinesis reader checkpoints only once that
    // resolved, so records a failed runtime did not take are read again.
    const take = (records: readonly InRecord[]): Promise<void> => {
      if (a.state.status !== 'RUNNING' || !a.runtime || a.broken) return Promise.reject(new Error(`Application ${a.state.name} is not taking records.`));
      const runtime = a.runtime;
      const batch: SourceRecord[] = records.map((r) => ({ data: r.data, arrival: r.kinesis?.arrival ?? r.arrival }));
      const now = this.o.now();
      return this.call(a, () => runtime.push(batch, now)).catch((e: unknown) => {
        this.fail(a, e);
        throw e;
      });
    };
    if (input.source.kind === 'firehose') {
      // Unsure: KDA's behaviour for records of a Firehose source taken while the application fails (not resent here).
      a.untap = this.o.firehose!.tap(input.source.deliveryStreamName, (records) => void take(records).catch(() => undefined));
      return;
    }
    if (position !== 'LAST_STOPPED_POINT') delete a.state.checkpoints;
    const arn = this.o.kinesis.streams.get(input.source.streamName)?.arn ?? `arn:aws:kinesis:us-east-1:000000000000:stream/${input.source.streamName}`;
    const readerState: SourceReaderState = {
      get status() { return a.state.status; },
      get checkpoints() { return a.state.checkpoints; },
      set checkpoints(v) { if (v) a.state.checkpoints = v; },
      source: { KinesisStreamARN: arn, DeliveryStartTimestamp: this.o.now() },
      startPosition: position === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'AT_TIMESTAMP',
    };
    a.reader = new KinesisSourceReader(this.o.kinesis, readerState, take, () => undefined, 'RUNNING');
  }

  private disconnect(a: LiveApp): void {
    a.untap?.();
    delete a.untap;
    delete a.reader;
  }

  // ── what the runtime emitted ─────────────────────────────────────────────────────────────

  private take(a: LiveApp, emitted: readonly { stream: string; rows: readonly EmittedRow[] }[], windows: readonly OpenWindow[], recordsIn: number, errors: number): void {
    if (takeEmitted(a, emitted, windows, recordsIn, errors)) this.changed();
  }

  private flushOutputs(a: LiveApp): Promise<void> {
    return flushOutboxes(a, (out, batch) => sendBatch(this.o, out, batch));
  }

  /** Writes what the outboxes hold, waiting out a write in flight and throttling (a bounded number of rounds). */
  private async drainOutputs(a: LiveApp): Promise<void> {
    for (let round = 0; round < 50 && (a.writing || a.outboxes.some((b) => b.records.length)); round++) {
      if (!a.writing) await this.flushOutputs(a).catch((e: unknown) => this.report(a, e));
      if (a.writing || a.outboxes.some((b) => b.records.length)) await this.o.pause(20);
    }
  }

  // ── sampling (schema discovery) ──────────────────────────────────────────────────────────

  /**
   * Recent records of a source, for schema discovery (as the console's "Discover schema"):
   * a Kinesis stream's records of the last minute (or, if none, its oldest), newest `max` kept;
   * a delivery stream's next records, waiting up to `waitMs` real milliseconds for them.
   */
  async sample(source: NonNullable<AppConfig['input']>['source'], max = 100, waitMs = 5000): Promise<Uint8Array[]> {
    return sampleSource(this.o, source, max, waitMs);
  }

  // ── observing ────────────────────────────────────────────────────────────────────────────

  list(): AppSnapshot[] {
    return [...this.apps.values()].map((a) => snapshotOf(a)).sort((x, y) => (x.name < y.name ? -1 : 1));
  }

  get(name: string): AppSnapshot | undefined {
    const a = this.apps.get(name);
    return a ? snapshotOf(a) : undefined;
  }

  /** The newest rows emitted into one of a running application's streams (oldest first). */
  recentRows(name: string, stream: string): readonly EmittedRow[] {
    return this.apps.get(name)?.recent.get(stream) ?? [];
  }

  observe(listener: () => void): () => void {
    return this.hub.observe(listener);
  }

  /** Configurations and statuses as plain data (a host saves them; running ones restart on load). */
  save(): AppState[] {
    return [...this.apps.values()].map((a) => JSON.parse(JSON.stringify(a.state)) as AppState);
  }

  /** Puts saved applications back; those that were running start again from their last stopped point. */
  load(saved: readonly AppState[] | undefined): void {
    for (const s of saved ?? []) {
      if (this.apps.has(s.name)) continue;
      const wasRunning = s.status !== 'READY';
      this.apps.set(s.name, newLiveApp({ ...s, status: 'READY' }));
      if (wasRunning) this.track(this.start(s.name, 'LAST_STOPPED_POINT'));
    }
    this.changed();
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────

  /** Runs `f` after the application's earlier runtime calls (the runtime sees them in order). */
  private call<T>(a: LiveApp, f: () => Promise<T>): Promise<T> {
    const next = a.chain.then(f, f);
    a.chain = next.catch(() => undefined);
    return next;
  }

  private failStart(a: LiveApp, error: { message: string; line?: number; column?: number }): { ok: false; message: string; line?: number; column?: number } {
    a.state.status = 'READY';
    a.state.lastError = error;
    this.changed();
    return { ok: false, ...error };
  }

  /** A runtime call failed: reported, and the runtime is started again on the next tick. */
  private fail(a: LiveApp, e: unknown): void {
    a.broken = true;
    this.report(a, e);
  }

  private report(a: LiveApp, e: unknown): void {
    a.state.lastError = { message: e instanceof Error ? e.message : String(e) };
    this.changed();
  }

  private halt(a: LiveApp): void {
    this.disconnect(a);
    const r = a.runtime;
    void r?.stop().finally(() => r.dispose?.());
    a.state.status = 'READY';
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch(() => undefined);
    this.pending.add(q);
    void q.finally(() => this.pending.delete(q));
  }

  private changed(): void {
    this.hub.emit();
  }
}
