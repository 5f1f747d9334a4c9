/**
 * A delivery stream's pipeline that lives in its own Web Worker, seen from the main thread. It
 * implements the core's `PipelineLike`, so the Firehose engine does not know the difference.
 *
 * - `accept` answers once the worker committed the records to its IndexedDB log.
 * - The synchronous figures (`buffered()`, `retrying`, `inFlight`) are the worker's last report:
 *   every call answers with them, and so does every event the worker emits.
 * - Ticks are throttled: at most one in flight and one every `tickEveryMs` real ms (the worker
 *   ticks itself after each accept); the last one is never dropped, so a step of a paused clock
 *   reaches the worker too.
 * - A worker that dies (terminated, or crashed) is restarted and re-initialised from its log.
 *   Decision on calls in flight at that moment: they fail with PipelineUnavailableError — except
 *   `accept`, which is retried ONCE on the new worker. That is safe because the worker skips
 *   records it already holds (a crash after the commit but before the answer left them in the
 *   log, and the replay put them back): the put is then answered normally, exactly once. If the
 *   retry fails too, the put fails (the engine answers InternalFailure, 500; the SDK retries).
 */
import * as Comlink from 'comlink';
import type { InRecord, PipelineLike, BufferedStats } from '../core/firehose/pipelineTypes.js';
import type { DeliveryStreamState } from '../core/firehose/model.js';
import { PipelineUnavailableError } from './pipelineUnavailable.js';
import { pipelineWorkerHost, plainState, type PipelineServices } from './pipelineWorkerHost.js';
import { FIREHOSE_PROTOCOL_VERSION, type FirehoseWorkerApi, type PipelineStats } from './protocol.js';

/** What a worker is to this class (a `Worker`, or a MessagePort pair in tests). */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

/** How a RemotePipeline makes, feeds and watches its worker. */
export interface RemotePipelineOptions {
  readonly dbName: string;
  /** Makes the worker (a literal `new Worker(new URL(...))` lives with the caller, for the bundler). */
  readonly spawn: () => WorkerLike;
  readonly services: PipelineServices;
  /** Virtual now (the broker's clock). */
  readonly now: () => number;
  /** A seed for each worker start (so a restarted worker does not repeat its object names). */
  readonly seed: () => number;
  readonly region: string;
  /** Told after a dead worker was replaced. */
  readonly onRestart?: (pipeline: RemotePipeline, why: string) => void;
  /** Real ms between ticks sent to the worker (default 50). */
  readonly tickEveryMs?: number;
  readonly realNow?: () => number;
}

interface Pending {
  readonly startedAt: number;
  readonly reject: (e: Error) => void;
  done?: Promise<unknown>;
}

/** Restarts within this many real ms that mean the worker cannot start at all. */
const CRASH_LOOP = { restarts: 5, withinMs: 10_000 };

/** A delivery stream's pipeline in a Web Worker, restarted from its log when the worker dies (see the header). */
export class RemotePipeline implements PipelineLike {
  private worker!: WorkerLike;
  private api!: Comlink.Remote<FirehoseWorkerApi>;
  private ready!: Promise<void>;
  private readonly pending = new Set<Pending>();
  private stats: PipelineStats;
  private closed = false;
  private broken: string | undefined;
  private readonly restartTimes: number[] = [];
  private readonly realNow: () => number;
  private readonly tickEveryMs: number;
  // Ticks: the newest `now` asked for, the last sent, when, and the one in flight.
  private wantNow = -Infinity;
  private sentNow = -Infinity;
  private lastTickAt = -Infinity;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private ticking: Promise<void> | undefined;
  restarts = 0;

  constructor(private readonly state: DeliveryStreamState, private readonly opts: RemotePipelineOptions) {
    this.realNow = opts.realNow ?? (() => performance.now());
    this.tickEveryMs = opts.tickEveryMs ?? 50;
    const h = state.destination.BufferingHints;
    this.stats = { buffered: { records: 0, bytes: 0, sizeBytes: h.SizeInMBs * 1048576, intervalMs: h.IntervalInSeconds * 1000 }, retrying: 0, inFlight: 0 };
    this.start();
  }

  get name(): string {
    return this.state.name;
  }

  get dbName(): string {
    return this.opts.dbName;
  }

  /** Calls waiting on the worker plus the deliveries it reported under way. */
  get inFlight(): number {
    return this.pending.size + this.stats.inFlight;
  }

  get retrying(): number {
    return this.stats.retrying;
  }

  buffered(): BufferedStats {
    return this.stats.buffered;
  }

  /** Calls waiting on the worker (the broker's backlog figure). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Age (real ms) of the oldest call still waiting on the worker: back-pressure on the clock. */
  oldestPendingAge(realNow: number): number {
    let oldest = 0;
    for (const p of this.pending) oldest = Math.max(oldest, realNow - p.startedAt);
    return oldest;
  }

  /** Whether a worker is running for this delivery stream (not closed, not given up on). */
  get alive(): boolean {
    return !this.closed && this.broken === undefined;
  }

  async accept(records: readonly InRecord[]): Promise<void> {
    const list = [...records];
    const send = (): Promise<void> => {
      const now = this.opts.now();
      return this.call((api) => api.accept(list, now)).then((s) => this.take(s));
    };
    try {
      await send();
    } catch (e) {
      if (!(e instanceof PipelineUnavailableError && e.workerDied) || !this.alive) throw e;
      await send(); // once: see the header
    }
  }

  tick(now: number): void {
    if (this.closed) return;
    if (now > this.wantNow) this.wantNow = now;
    this.scheduleTick(false);
  }

  reconfigure(): void {
    // A worker that dies meanwhile is re-initialised from the current state anyway.
    const saved = plainState(this.state);
    void this.call((api) => api.reconfigure(saved)).then((s) => this.take(s), () => undefined);
  }

  /** The delivery stream was deleted: its worker goes, and its log with it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.tickTimer);
    void this.dispose();
  }

  /** Stops the worker and keeps its log (the page is closing, or the host is). */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.tickTimer);
    this.worker.terminate();
    this.failPending(new PipelineUnavailableError(`${this.name}: shut down`, false));
  }

  async idle(): Promise<void> {
    // A throttled tick goes out now: "advance the clock, then idle" must see its deliveries.
    while (!this.closed && (this.ticking || this.wantNow > this.sentNow)) {
      if (!this.ticking) this.sendTick();
      await this.ticking;
    }
    if (this.closed || !this.alive) return;
    await this.call((api) => api.idle()).then((s) => this.take(s), () => undefined);
    while (this.pending.size) await Promise.allSettled([...this.pending].map((p) => p.done));
  }

  /** Terminates the worker as a crash would (tests and the classroom "kill a worker" button). */
  kill(why = 'terminated'): void {
    if (this.closed) return;
    this.worker.terminate();
    this.died(why);
  }

  private async dispose(): Promise<void> {
    try {
      await this.ready;
      await this.api.destroy();
    } catch {
      // The delivery stream is gone either way.
    }
    this.worker.terminate();
    this.failPending(new PipelineUnavailableError(`${this.name}: deleted`, false));
  }

  private take(s: PipelineStats): void {
    this.stats = s;
  }

  private start(): void {
    const w = this.opts.spawn();
    this.worker = w;
    this.api = Comlink.wrap<FirehoseWorkerApi>(w);
    w.addEventListener('error', (ev) => {
      ev.preventDefault(); // handled here: the worker is replaced, the page is not broken
      if (w === this.worker && !this.closed) {
        w.terminate();
        this.died(`crashed: ${(ev as ErrorEvent).message || 'uncaught error'}`);
      }
    });
    const host = pipelineWorkerHost(this.opts.services, () => w === this.worker, (stats) => this.take(stats));
    this.sentNow = -Infinity; // the new worker has seen no tick yet
    this.ready = this.api
      .init({ protocolVersion: FIREHOSE_PROTOCOL_VERSION, dbName: this.opts.dbName, state: plainState(this.state), seed: this.opts.seed(), region: this.opts.region, now: this.opts.now() }, Comlink.proxy(host))
      .then((r) => {
        if (r.protocolVersion !== FIREHOSE_PROTOCOL_VERSION) throw new Error(`firehose worker speaks protocol ${r.protocolVersion}, the broker ${FIREHOSE_PROTOCOL_VERSION}`);
        this.take(r.stats);
      });
    this.ready.catch(() => undefined); // reported through the calls that wait on it
  }

  private died(why: string): void {
    this.failPending(new PipelineUnavailableError(`${this.name}: worker ${why}`, true));
    if (this.closed) return;
    this.api[Comlink.releaseProxy]();
    const now = this.realNow();
    this.restartTimes.push(now);
    while (this.restartTimes.length && this.restartTimes[0]! < now - CRASH_LOOP.withinMs) this.restartTimes.shift();
    if (this.restartTimes.length > CRASH_LOOP.restarts) {
      // A worker that cannot even start would be restarted forever: give up, say so on every call.
      this.broken = `${this.name}: its worker keeps crashing (${why})`;
      this.ready = Promise.reject(new Error(this.broken));
      this.ready.catch(() => undefined);
      return;
    }
    this.restarts++;
    this.start();
    this.opts.onRestart?.(this, why);
  }

  private failPending(err: Error): void {
    for (const p of this.pending) p.reject(err);
    this.pending.clear();
  }

  private scheduleTick(urgent: boolean): void {
    if (this.closed || this.ticking || this.wantNow <= this.sentNow) return;
    const wait = urgent ? 0 : this.lastTickAt + this.tickEveryMs - this.realNow();
    if (wait > 0) {
      this.tickTimer ??= setTimeout(() => {
        this.tickTimer = undefined;
        this.scheduleTick(false);
      }, wait);
      return;
    }
    this.sendTick();
  }

  private sendTick(): void {
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    const now = this.wantNow;
    this.sentNow = now;
    this.lastTickAt = this.realNow();
    this.ticking = this.call((api) => api.tick(now)).then((s) => this.take(s), () => undefined).finally(() => {
      this.ticking = undefined;
      this.scheduleTick(false);
    });
  }

  /** Runs one call on the worker, failing fast (PipelineUnavailableError) if the worker dies meanwhile. */
  private call<T>(f: (api: Comlink.Remote<FirehoseWorkerApi>) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new PipelineUnavailableError(`${this.name}: closed`, false));
    const api = this.api;
    const ready = this.ready;
    let p!: Pending;
    const done = new Promise<T>((resolve, reject) => {
      p = { startedAt: this.realNow(), reject };
      this.pending.add(p);
      ready
        .then(() => f(api))
        .then(
          (v) => { if (this.pending.delete(p)) resolve(v); },
          (e: unknown) => {
            if (!this.pending.delete(p)) return;
            reject(new PipelineUnavailableError(`${this.name}: ${e instanceof Error ? e.message : String(e)}`, false));
          },
        );
    });
    p.done = done.catch(() => undefined);
    return done;
  }
}
