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
 */
import type { KinesisEngine } from '../../kinesis/engine.js';
import type { FirehoseEngine } from '../../firehose/engine.js';
import type { S3Store } from '../../s3/store.js';
import { KinesisSourceReader, type SourceReaderState } from '../../firehose/kinesisSource.js';
import type { InRecord } from '../../firehose/pipelineTypes.js';
import { EventHub } from '../../observe/events.js';
import { decodeBase64, encodeBase64 } from '../../util/base64.js';
import type { Random } from '../../sim/random.js';
import { APP_LIMITS, configProblem, inputStreamName, type AppConfig, type AppState, type StartingPosition } from './model.js';
import type { AppDescription, AppRuntime, EmittedRow, OpenWindow, RuntimeInit, SourceRecord } from './runtime.js';
import { formatOutputRecord } from './output.js';

/** Rows of each stream the UI can show (the newest). */
export const RECENT_ROWS = 300;
/** PutRecords / PutRecordBatch take at most 500 records. */
const BATCH = 500;
/** Virtual ms between two runtime ticks of an application. */
export const TICK_MS = 100;

export interface AppSnapshot extends AppState {
  /** The running (or last started) SQL's streams and pumps. */
  readonly plan?: AppDescription;
  readonly windows: readonly OpenWindow[];
  /** Since the application started: records read, rows written to outputs, rows in error_stream. */
  readonly stats: { readonly recordsIn: number; readonly rowsOut: number; readonly errors: number; readonly pendingOut: number };
  /** The Kinesis source's MillisBehindLatest (the largest over its shards). */
  readonly millisBehindLatest?: number;
  /** The `reader` ids its GetRecords carry in the simulation's read events (the Kinesis picture names it by them). */
  readonly sourceReaders?: readonly string[];
}

interface Outbox {
  readonly output: AppConfig['outputs'][number];
  records: { data: Uint8Array }[];
}

interface Live {
  state: AppState;
  runtime?: AppRuntime;
  reader?: KinesisSourceReader;
  untap?: () => void;
  /** What the runtime was started with (a runtime that failed is started again with it). */
  init?: RuntimeInit;
  /** A runtime call failed (its worker died): the next tick starts the runtime again. */
  broken: boolean;
  description?: AppDescription;
  windows: readonly OpenWindow[];
  recent: Map<string, EmittedRow[]>;
  stats: { recordsIn: number; rowsOut: number; errors: number };
  outboxes: Outbox[];
  /** The runtime calls in order: one chain per application. */
  chain: Promise<unknown>;
  /** Output writes in flight (one at a time per application). */
  writing: boolean;
  /** A tick's runtime call is in flight: the next tick waits. */
  ticking: boolean;
  lastTick: number;
}

export interface AnalyticsOptions {
  readonly kinesis: KinesisEngine;
  readonly firehose?: FirehoseEngine;
  readonly s3: S3Store;
  readonly random: Random;
  /** Makes an application's runtime (in process in Node; a worker in the page). */
  readonly runtime: (name: string) => AppRuntime;
  readonly now: () => number;
}

export class AnalyticsEngine {
  private readonly apps = new Map<string, Live>();
  private readonly hub = new EventHub<void>((err) => void Promise.reject(err));
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly o: AnalyticsOptions) {}

  // ── control ──────────────────────────────────────────────────────────────────────────────

  create(config: AppConfig): { ok: true } | { ok: false; message: string } {
    if (this.apps.has(config.name)) return { ok: false, message: `Application ${config.name} already exists.` };
    if (this.apps.size >= APP_LIMITS.applications) return { ok: false, message: `At most ${APP_LIMITS.applications} applications per region.` };
    const problem = configProblem(config);
    if (problem) return { ok: false, message: problem };
    this.apps.set(config.name, this.live({ ...config, status: 'READY', createdAt: this.o.now(), versionId: 1 }));
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
    // A different source makes the saved shard positions meaningless.
    const sameSource = JSON.stringify(a.state.input?.source) === JSON.stringify(config.input?.source);
    const { checkpoints, lastError: _e, ...rest } = a.state;
    a.state = { ...rest, ...next, versionId: a.state.versionId + 1, ...(sameSource && checkpoints ? { checkpoints } : {}) };
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
    const input = a.state.input;
    if (input?.source.kind === 'firehose' && position === 'TRIM_HORIZON') {
      return { ok: false, message: 'TRIM_HORIZON is not available for a Firehose source: start from NOW.' }; // spec §A.1
    }
    if (input?.source.kind === 'kinesis' && !this.o.kinesis.streams.has(input.source.streamName)) {
      return { ok: false, message: `The source stream ${input.source.streamName} does not exist.` };
    }
    if (input?.source.kind === 'firehose' && !this.o.firehose?.streams.has(input.source.deliveryStreamName)) {
      return { ok: false, message: `The source delivery stream ${input.source.deliveryStreamName} does not exist.` };
    }
    delete a.state.lastError;
    a.state.status = 'STARTING';
    this.changed();
    const runtime = a.runtime ?? this.o.runtime(name);
    a.runtime = runtime;
    const ref = a.state.referenceData;
    const init: RuntimeInit = {
      code: a.state.code,
      ...(input ? { input: { stream: inputStreamName(input), schema: input.schema } } : {}),
      referenceTables: ref ? { [ref.tableName]: { schema: ref.schema } } : {},
      seed: this.o.random.int(0x7fffffff),
      watch: ['*', 'error_stream'],
      outputs: [...new Set(a.state.outputs.map((o) => o.name))],
    };
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
    const left = a.outboxes;
    a.outboxes = a.state.outputs.map((output) => ({ output, records: left.find((b) => JSON.stringify(b.output) === JSON.stringify(output))?.records ?? [] }));
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

  private connect(a: Live, position: StartingPosition): void {
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

  private disconnect(a: Live): void {
    a.untap?.();
    delete a.untap;
    delete a.reader;
  }

  // ── what the runtime emitted ─────────────────────────────────────────────────────────────

  private take(a: Live, emitted: readonly { stream: string; rows: readonly EmittedRow[] }[], windows: readonly OpenWindow[], recordsIn: number, errors: number): void {
    a.windows = windows;
    a.stats.recordsIn += recordsIn;
    a.stats.errors += errors;
    for (const { stream, rows } of emitted) {
      if (!rows.length) continue;
      const list = [...(a.recent.get(stream) ?? []), ...rows];
      a.recent.set(stream, list.length > RECENT_ROWS ? list.slice(-RECENT_ROWS) : list);
      for (const box of a.outboxes) {
        if (box.output.name !== stream) continue;
        const columns = a.description?.streams.find((s) => s.name === stream)?.columns ?? [];
        for (const r of rows) box.records.push({ data: formatOutputRecord(r.row, columns, box.output.format) });
      }
    }
    if (emitted.length || windows.length) this.changed();
  }

  private async flushOutputs(a: Live): Promise<void> {
    if (a.writing) return;
    a.writing = true;
    try {
      for (const box of a.outboxes) {
        while (box.records.length) {
          const batch = box.records.slice(0, BATCH);
          const sent = await this.send(box.output, batch);
          // Exactly the records sent leave the box (rows taken meanwhile were appended after them).
          box.records.splice(0, batch.length);
          a.stats.rowsOut += batch.length - sent.failed.length;
          // Refused records (throttling) go back to the front: sent on the next tick.
          if (sent.failed.length) {
            box.records.unshift(...sent.failed);
            break;
          }
        }
      }
    } finally {
      a.writing = false;
    }
  }

  /** Writes what the outboxes hold, waiting out a write in flight and throttling (a bounded number of rounds). */
  private async drainOutputs(a: Live): Promise<void> {
    for (let round = 0; round < 50 && (a.writing || a.outboxes.some((b) => b.records.length)); round++) {
      if (!a.writing) await this.flushOutputs(a).catch((e: unknown) => this.report(a, e));
      if (a.writing || a.outboxes.some((b) => b.records.length)) await new Promise<void>((r) => { setTimeout(() => r(), 20); });
    }
  }

  private async send(out: AppConfig['outputs'][number], batch: { data: Uint8Array }[]): Promise<{ failed: { data: Uint8Array }[] }> {
    if (out.kind === 'kinesis') {
      const r = await this.o.kinesis.dispatch('PutRecords', {
        StreamName: out.target,
        // KDA's partition keys are its own (Unsure: a random key per record, as here).
        Records: batch.map((b) => ({ Data: encodeBase64(b.data), PartitionKey: this.o.random.hex(16) })),
      });
      if (!r.ok) throw new Error(`Output to Kinesis stream ${out.target}: ${r.error.__type}: ${r.error.message}`);
      const results = (r.value as { Records: { ErrorCode?: string }[] }).Records;
      return { failed: batch.filter((_, k) => results[k]?.ErrorCode !== undefined) };
    }
    const f = this.o.firehose;
    if (!f) throw new Error('No Firehose in this simulation.');
    const r = await f.dispatch('PutRecordBatch', { DeliveryStreamName: out.target, Records: batch.map((b) => ({ Data: encodeBase64(b.data) })) });
    if (!r.ok) throw new Error(`Output to delivery stream ${out.target}: ${r.error.__type}: ${r.error.message}`);
    const results = (r.value as { RequestResponses: { ErrorCode?: string }[] }).RequestResponses;
    return { failed: batch.filter((_, k) => results[k]?.ErrorCode !== undefined) };
  }

  // ── sampling (schema discovery) ──────────────────────────────────────────────────────────

  /**
   * Recent records of a source, for schema discovery (as the console's "Discover schema"):
   * a Kinesis stream's records of the last minute (or, if none, its oldest), newest `max` kept;
   * a delivery stream's next records, waiting up to `waitMs` real milliseconds for them.
   */
  async sample(source: NonNullable<AppConfig['input']>['source'], max = 100, waitMs = 5000): Promise<Uint8Array[]> {
    if (source.kind === 'firehose') {
      const f = this.o.firehose;
      if (!f?.streams.has(source.deliveryStreamName)) throw new Error(`Delivery stream ${source.deliveryStreamName} not found.`);
      const got: Uint8Array[] = [];
      const stop = f.tap(source.deliveryStreamName, (records) => {
        for (const r of records) if (got.length < max) got.push(decodeBase64(r.data));
      });
      const until = Date.now() + waitMs;
      while (got.length < Math.min(max, 10) && Date.now() < until) await new Promise<void>((r) => { setTimeout(() => r(), 100); });
      stop();
      return got;
    }
    const k = this.o.kinesis;
    const shards = await k.dispatch('ListShards', { StreamName: source.streamName });
    if (!shards.ok) throw new Error(`${shards.error.__type}: ${shards.error.message}`);
    const open = (shards.value as { Shards: { ShardId: string; SequenceNumberRange: { EndingSequenceNumber?: string } }[] }).Shards
      .filter((sh) => sh.SequenceNumberRange.EndingSequenceNumber === undefined);
    const read = async (type: 'AT_TIMESTAMP' | 'TRIM_HORIZON'): Promise<{ data: Uint8Array; at: number }[]> => {
      const out: { data: Uint8Array; at: number }[] = [];
      for (const sh of open) {
        const it = await k.dispatch('GetShardIterator', { StreamName: source.streamName, ShardId: sh.ShardId, ShardIteratorType: type, ...(type === 'AT_TIMESTAMP' ? { Timestamp: (this.o.now() - 60_000) / 1000 } : {}) });
        if (!it.ok) continue;
        const recs = await k.dispatch('GetRecords', { ShardIterator: (it.value as { ShardIterator: string }).ShardIterator, Limit: max });
        if (!recs.ok) continue;
        for (const r of (recs.value as { Records: { Data: string; ApproximateArrivalTimestamp: number }[] }).Records) out.push({ data: decodeBase64(r.Data), at: r.ApproximateArrivalTimestamp });
      }
      return out;
    };
    let got = await read('AT_TIMESTAMP');
    if (got.length === 0) got = await read('TRIM_HORIZON');
    return got.sort((x, y) => x.at - y.at).slice(-max).map((r) => r.data);
  }

  // ── observing ────────────────────────────────────────────────────────────────────────────

  list(): AppSnapshot[] {
    return [...this.apps.values()].map((a) => this.snapshot(a)).sort((x, y) => (x.name < y.name ? -1 : 1));
  }

  get(name: string): AppSnapshot | undefined {
    const a = this.apps.get(name);
    return a ? this.snapshot(a) : undefined;
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
      this.apps.set(s.name, this.live({ ...s, status: 'READY' }));
      if (wasRunning) this.track(this.start(s.name, 'LAST_STOPPED_POINT'));
    }
    this.changed();
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────

  private live(state: AppState): Live {
    return { state, broken: false, windows: [], recent: new Map(), stats: { recordsIn: 0, rowsOut: 0, errors: 0 }, outboxes: [], chain: Promise.resolve(), writing: false, ticking: false, lastTick: -Infinity };
  }

  private snapshot(a: Live): AppSnapshot {
    const behind = a.reader ? Math.max(0, ...a.reader.behind.values()) : undefined;
    return {
      ...a.state,
      ...(a.description ? { plan: a.description } : {}),
      windows: a.windows,
      stats: { ...a.stats, pendingOut: a.outboxes.reduce((n, b) => n + b.records.length, 0) },
      ...(behind !== undefined ? { millisBehindLatest: behind } : {}),
      ...(a.reader?.readers.size ? { sourceReaders: [...a.reader.readers] } : {}),
    };
  }

  /** Runs `f` after the application's earlier runtime calls (the runtime sees them in order). */
  private call<T>(a: Live, f: () => Promise<T>): Promise<T> {
    const next = a.chain.then(f, f);
    a.chain = next.catch(() => undefined);
    return next;
  }

  private failStart(a: Live, error: { message: string; line?: number; column?: number }): { ok: false; message: string; line?: number; column?: number } {
    a.state.status = 'READY';
    a.state.lastError = error;
    this.changed();
    return { ok: false, ...error };
  }

  /** A runtime call failed: reported, and the runtime is started again on the next tick. */
  private fail(a: Live, e: unknown): void {
    a.broken = true;
    this.report(a, e);
  }

  private report(a: Live, e: unknown): void {
    a.state.lastError = { message: e instanceof Error ? e.message : String(e) };
    this.changed();
  }

  private halt(a: Live): void {
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
