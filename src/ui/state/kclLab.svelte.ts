/**
 * KCL consumer applications for the UI: a learner creates an application on a stream (name,
 * initial position, polling or enhanced fan-out), adds workers, crashes them or shuts them down,
 * and watches leases move, checkpoints advance and records arrive — every record once, in order
 * per key.
 *
 * Each worker is a Web Worker (`workers/kcl.worker.ts`) with the lease table in IndexedDB, when
 * the page can (`spawn` given, `indexedDB` present); otherwise (Node tests, hosts without Worker
 * or IndexedDB) the workers run in the page over MessageChannels with an in-memory lease table —
 * the same code either way.
 *
 * For fan-out the lab registers a stream consumer named after the application
 * (RegisterStreamConsumer, as the KCL does) and gives its ARN to the workers.
 */
import { DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, RegisterStreamConsumerCommand } from '@aws-sdk/client-kinesis';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { IdbLeaseStore } from '../../adapters/idb/idbLeaseStore';
import { MemoryLeaseStore, type LeaseStore } from '../../core/kcl/leaseTable';
import type { KinesisFunction } from '../../core/kcl/types';
import { KclApplication } from '../../broker/kclApp';
import type { KclAppView } from '../../broker/kclAppTypes';
import { inProcessKclWorker } from '../../broker/kclWorkerHost';
import type { WorkerLike } from '../../broker/remotePipeline';
import { errorText } from './errors';

/** What the lab needs of the page's simulation host. */
export interface KclLabHost {
  readonly kinesis: KinesisClient;
  readonly clock: { now(): number };
}

export interface KclLabOptions {
  /** A Web Worker running `workers/kcl.worker.ts`. Without it the workers run in the page. */
  readonly spawn?: () => WorkerLike;
  /** Real ms between ticks of the workers on the virtual clock (default 250); 0: no timer (tests call `tickNow`). */
  readonly tickMs?: number;
}

export interface KclAppForm {
  readonly name: string;
  readonly stream: string;
  readonly initialPosition: 'LATEST' | 'TRIM_HORIZON';
  readonly mode: 'polling' | 'fanout';
  /** Lease duration (KCL default 10,000 ms). */
  readonly failoverTimeMillis?: number;
}

/** A KCL worker as a consumer node of the picture (the shape FlowCanvas takes). */
export interface KclPictureNode {
  readonly id: string;
  readonly name: string;
  readonly kind: 'shared' | 'enhanced';
  readonly status: string;
  readonly iteratorAgeMs: number;
  /** The shards whose leases it holds. */
  readonly shards: readonly string[];
  /** Its checkpoints, one per shard it holds. */
  readonly detail: string;
}

/** At most this many virtual-time steps per timer tick (100× speed with a 10 s lease needs 10). */
const MAX_STEPS_PER_TICK = 40;

/** KCL application names: what DynamoDB table names and stream consumer names both accept. */
const NAME = /^[a-zA-Z0-9_.-]{3,128}$/;

export class KclLab {
  /** One snapshot per application, replaced on every change. */
  apps = $state.raw<readonly KclAppView[]>([]);
  /** The last failure of a learner's action (AWS's text), cleared by the next success. */
  error = $state<string | undefined>(undefined);
  readonly storage: 'indexeddb' | 'memory';
  private readonly running = new Map<string, KclApplication>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticking = false;
  /** Virtual time of the last tick. */
  private lastTick: number | undefined;
  /** Bumped when the timer stops: a tick still running then must not leave its time behind. */
  private generation = 0;
  private scheduled = false;

  constructor(private readonly host: KclLabHost, private readonly kinesis: KinesisFunction, private readonly options: KclLabOptions = {}) {
    this.storage = options.spawn && typeof indexedDB !== 'undefined' ? 'indexeddb' : 'memory';
  }

  /** Creates an application (no workers yet); false, with `error` set, when it cannot. */
  async create(form: KclAppForm): Promise<boolean> {
    const name = form.name.trim();
    if (!NAME.test(name)) return this.fail('Application name: 3–128 letters, digits, _ . -');
    if (this.running.has(name)) return this.fail(`An application named ${name} exists`);
    if (!form.stream) return this.fail('Choose a stream');
    try {
      // Also checks the stream exists, so a typo fails here rather than in every worker's shard sync.
      const d = await this.host.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: form.stream }));
      const streamARN = d.StreamDescriptionSummary?.StreamARN ?? '';
      const retrieval = form.mode === 'fanout' ? { mode: 'fanout' as const, consumerARN: await this.registerConsumer(streamARN, name) } : { mode: 'polling' as const };
      const leaseStore = await this.leaseStore(name);
      const memory = leaseStore instanceof MemoryLeaseStore ? leaseStore : undefined;
      const spawn = memory || !this.options.spawn ? () => inProcessKclWorker(() => memory ?? new MemoryLeaseStore()) : this.options.spawn;
      const app = new KclApplication({
        name, streamName: form.stream, initialPosition: form.initialPosition, retrieval,
        ...(form.failoverTimeMillis !== undefined ? { failoverTimeMillis: form.failoverTimeMillis } : {}),
        kinesis: this.kinesis, spawn, leaseStore, now: () => this.host.clock.now(), onChange: () => this.schedule(),
      });
      this.running.set(name, app);
      this.error = undefined;
      this.publish();
      this.startTimer();
      return true;
    } catch (e) {
      return this.fail(errorText(e));
    }
  }

  async addWorker(app: string): Promise<string | undefined> {
    const a = this.running.get(app);
    if (!a) return undefined;
    const id = await a.addWorker();
    this.publish();
    return id;
  }

  /** Crash: the worker's Web Worker is terminated. */
  stopWorker(app: string, worker: string): void {
    this.running.get(app)?.stopWorker(worker);
    this.publish();
  }

  /** Graceful shutdown: checkpoint, release the leases. */
  async shutdownWorker(app: string, worker: string): Promise<void> {
    await this.running.get(app)?.shutdownWorker(worker);
    this.publish();
  }

  /** Ends an application's workers and forgets it (its IndexedDB lease table is deleted). */
  async remove(app: string): Promise<void> {
    const a = this.running.get(app);
    if (!a) return;
    a.close();
    this.running.delete(app);
    if (this.running.size === 0) this.stopTimer();
    this.publish();
    if (this.storage === 'indexeddb') await IdbLeaseStore.drop(app).catch(() => undefined);
  }

  /** Ticks every application's workers at the virtual now (skipped while the last tick runs). */
  async tickNow(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    const generation = this.generation;
    try {
      const now = this.host.clock.now();
      // At high clock speeds one timer tick jumps many virtual seconds. Workers renew their leases
      // every failoverTimeMillis / 3: a jump longer than that would let one worker see another's
      // lease unrenewed and take it from a healthy worker. So time moves in steps of at most a
      // quarter of the lease duration (the last step lands on now).
      const from = this.lastTick ?? now;
      const stepMs = Math.max(250, Math.min(...[...this.running.values()].map((a) => a.failoverTimeMillis / 4)));
      const steps = Math.min(MAX_STEPS_PER_TICK, Math.max(1, Math.ceil((now - from) / stepMs)));
      for (let i = 1; i <= steps; i++) {
        const t = i === steps ? now : from + ((now - from) * i) / steps;
        await Promise.all([...this.running.values()].map((a) => a.tick(t)));
      }
      if (generation === this.generation) this.lastTick = now;
    } finally {
      this.ticking = false;
    }
    this.publish();
  }

  /** Resolves when no worker has work in flight (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()].map((a) => a.idle()));
    await Promise.all([...this.running.values()].map((a) => a.refresh()));
    this.publish();
  }

  /** The running workers of the applications reading `stream`, as the picture's consumer nodes. */
  pictureNodes(stream: string): KclPictureNode[] {
    return this.apps.filter((a) => a.streamName === stream).flatMap((a) => a.workers
      .filter((w) => w.status === 'running' || w.status === 'starting')
      .map((w) => pictureNode(a, w.id)));
  }

  /** The picture node of the worker behind a read event on `stream`; undefined for a reader no KCL worker owns. */
  nodeFor(reader: string, stream: string, shardId?: string): KclPictureNode | undefined {
    const w = this.workerOf(reader, stream, shardId);
    return w && (w.worker.status === 'running' || w.worker.status === 'starting') ? pictureNode(w.app, w.worker.id) : undefined;
  }

  /** True for a reader of a KCL worker that is no longer running (its last reads are not a new consumer). */
  isGone(reader: string, stream: string, shardId?: string): boolean {
    const w = this.workerOf(reader, stream, shardId);
    return w !== undefined && w.worker.status !== 'running' && w.worker.status !== 'starting';
  }

  private workerOf(reader: string, stream: string, shardId?: string) {
    for (const app of this.running.values()) {
      if (app.streamName !== stream) continue;
      const id = app.workerOf(reader, shardId);
      const view = id === undefined ? undefined : this.apps.find((a) => a.name === app.name);
      const worker = view?.workers.find((w) => w.id === id);
      if (view && worker) return { app: view, worker };
    }
    return undefined;
  }

  /** True while the lab's timer ticks the workers (only while an application exists). */
  get timerRunning(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.stopTimer();
    for (const a of this.running.values()) a.close();
    this.running.clear();
    this.publish();
  }

  private async leaseStore(app: string): Promise<LeaseStore> {
    if (this.storage === 'memory') return new MemoryLeaseStore();
    // A new application starts from an empty lease table: leases of an earlier one of the same
    // name (an earlier page session, maybe another stream) would name workers that no longer exist.
    await IdbLeaseStore.drop(app).catch(() => undefined);
    const s = IdbLeaseStore.forApp(app);
    await s.open();
    return s;
  }

  /** Registers the application's stream consumer (or finds the one registered before); its ARN. */
  private async registerConsumer(StreamARN: string, name: string): Promise<string> {
    try {
      const r = await this.host.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: name }));
      return r.Consumer?.ConsumerARN ?? '';
    } catch (e) {
      if (!(e instanceof Error) || e.name !== 'ResourceInUseException') throw e;
      const r = await this.host.kinesis.send(new DescribeStreamConsumerCommand({ StreamARN, ConsumerName: name }));
      return r.ConsumerDescription?.ConsumerARN ?? '';
    }
  }

  private startTimer(): void {
    const ms = this.options.tickMs ?? 250;
    if (ms <= 0 || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tickNow(), ms);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.lastTick = undefined;
    this.generation++;
  }

  /** Coalesces the many reports of a tick into one new snapshot. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.publish();
    });
  }

  private publish(): void {
    this.apps = [...this.running.values()].map((a) => a.view());
  }

  private fail(message: string): false {
    this.error = message;
    return false;
  }
}

/** One worker of `app` as the picture draws it: the shards it holds and their checkpoints. */
function pictureNode(app: KclAppView, worker: string): KclPictureNode {
  const w = app.workers.find((x) => x.id === worker)!;
  const behind = Object.entries(w.snapshot?.metrics.MillisBehindLatest ?? {}).filter(([shard]) => w.shards.includes(shard)).map(([, ms]) => ms);
  const short = (seq: string): string => (/^\d{12,}$/.test(seq) ? `…${seq.slice(-6)}` : seq);
  const checkpoints = app.leases.filter((l) => l.leaseOwner === worker && l.checkpoint !== 'SHARD_END').map((l) => short(l.checkpoint));
  const shown = checkpoints.slice(0, 3).join(', ') + (checkpoints.length > 3 ? ` +${checkpoints.length - 3}` : '');
  return {
    id: `kcl:${app.name}/${worker}`, name: `${app.name}/${worker}`, kind: app.mode === 'fanout' ? 'enhanced' : 'shared',
    status: w.status, iteratorAgeMs: behind.length ? Math.max(...behind) : -1, shards: w.shards,
    detail: checkpoints.length === 0 ? 'KCL · no lease yet' : `KCL checkpoint${checkpoints.length > 1 ? 's' : ''} ${shown}`,
  };
}
