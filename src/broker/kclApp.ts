/**
 * A KCL consumer application, page side: a name, a stream, and N KCL workers, each in its own Web
 * Worker (`workers/kcl.worker.ts`) sharing one lease table. The page answers the workers' Kinesis
 * calls with its simulation, drives them on the virtual clock (`tick`), and aggregates what they
 * report: who holds which shard, checkpoints, the lease table rows (read by the page from the same
 * table), records processed per worker, and whether each partition key came in order.
 *
 * `stopWorker` terminates the Web Worker — a crash: nothing is released, its leases expire after
 * failoverTimeMillis and the others take them (spec producers-consumers §2.3, §2.4).
 * `shutdownWorker` is the graceful path: processors checkpoint in shutdownRequested, leases are
 * released at once.
 */
import * as Comlink from 'comlink';
import { Sentinel, type Lease, type LeaseStore } from '../core/kcl/leaseTable.js';
import type { InitialPosition, KinesisFunction } from '../core/kcl/types.js';
import type { FanOutConfig, PollingConfig, WorkerSnapshot } from '../core/kcl/workerOptions.js';
import { isEventStream, EVENT_STREAM, type StreamEvent } from '../core/kinesis/eventStream.js';
import { readerOfIterator } from '../core/kinesis/model/iterator.js';
import { DeliveryLog } from './deliveryLog.js';
import type { KclPageHost, KclWorkerApi, KinesisAnswer, ProcessedRecord } from './kclWorkerHost.js';
import type { WorkerLike } from './remotePipeline.js';

export type KclWorkerStatus = 'starting' | 'running' | 'stopped' | 'shut down' | 'failed';

export interface KclApplicationOptions {
  /** The application name (lease table name; the fan-out consumer's name). */
  readonly name: string;
  readonly streamName: string;
  readonly initialPosition: InitialPosition;
  readonly retrieval: PollingConfig | FanOutConfig;
  readonly failoverTimeMillis?: number;
  /** The page's Kinesis (the broker's `KinesisEngine.dispatch`). */
  readonly kinesis: KinesisFunction;
  /** A new KCL worker (a Web Worker running `workers/kcl.worker.ts`, or an in-process one). */
  readonly spawn: () => WorkerLike;
  /** The page's handle on the same lease table the workers use (read for the UI). */
  readonly leaseStore: LeaseStore;
  /** Virtual now. */
  readonly now: () => number;
  /** Told after every report, tick and worker change (the UI refreshes). */
  readonly onChange?: () => void;
}

/** One worker as the UI shows it. */
export interface KclWorkerView {
  readonly id: string;
  readonly status: KclWorkerStatus;
  /** Shards it holds and still reads, sorted. */
  readonly shards: readonly string[];
  /**
   * Leases it still owns whose shard it read to the end (checkpoint SHARD_END), sorted. The KCL
   * keeps such a row (with its owner) until every child lease has started; it is not a shard the
   * worker reads, so the UI shows it apart.
   */
  readonly finished: readonly string[];
  /** Unique records it processed first. */
  readonly processed: number;
  readonly snapshot?: WorkerSnapshot;
  readonly error?: string;
}

/** A plain snapshot of the application (replaced, never mutated). */
export interface KclAppView {
  readonly name: string;
  readonly streamName: string;
  readonly mode: 'polling' | 'fanout';
  readonly initialPosition: string;
  readonly consumerARN?: string;
  readonly workers: readonly KclWorkerView[];
  readonly leases: readonly Lease[];
  /** Unique user records processed, and re-deliveries (at-least-once after a failover). */
  readonly processed: number;
  readonly duplicates: number;
  readonly inOrder: boolean;
  readonly violations: readonly string[];
  readonly recent: readonly ProcessedRecord[];
}

interface Entry {
  readonly id: string;
  readonly worker: WorkerLike;
  readonly remote: Comlink.Remote<KclWorkerApi>;
  status: KclWorkerStatus;
  snapshot?: WorkerSnapshot;
  error?: string;
  busy: boolean;
  readonly subscriptions: Map<number, AsyncIterator<StreamEvent>>;
  /** Resolves when the worker is gone (terminated), so calls to it never hang the page. */
  readonly gone: Promise<undefined>;
  readonly kill: () => void;
  /** Cuts the page host the worker was given loose from the application. */
  detach?: () => void;
  /** The page's end of the channel the worker reaches its page host through (closed when it ends). */
  hostPort?: MessagePort;
}

const GONE = Symbol('gone');

export class KclApplication {
  readonly name: string;
  readonly streamName: string;
  readonly log = new DeliveryLog();
  private readonly entries = new Map<string, Entry>();
  private leases: Lease[] = [];
  /** Which worker each iterator chain (`reader-N` of read events) belongs to, for the picture. */
  private readonly readers = new Map<string, string>();
  private nextWorker = 1;
  private nextSubscription = 1;

  constructor(private readonly opts: KclApplicationOptions) {
    this.name = opts.name;
    this.streamName = opts.streamName;
  }

  /** The lease duration (the KCL's default 10,000 ms unless set). */
  get failoverTimeMillis(): number {
    return this.opts.failoverTimeMillis ?? 10_000;
  }

  /** Starts one more KCL worker; its identifier. */
  async addWorker(): Promise<string> {
    const id = `worker-${this.nextWorker++}`;
    const worker = this.opts.spawn();
    let kill!: () => void;
    const gone = new Promise<undefined>((r) => { kill = () => r(undefined); });
    const e: Entry = { id, worker, remote: Comlink.wrap<KclWorkerApi>(worker), status: 'starting', busy: false, subscriptions: new Map(), gone, kill };
    this.entries.set(id, e);
    worker.addEventListener('error', () => this.fail(e, 'the worker failed (uncaught error)'));
    const { name, streamName, initialPosition, retrieval, failoverTimeMillis } = this.opts;
    // The channel is made here rather than by Comlink.proxy, whose page end nobody could close.
    const channel = new MessageChannel();
    Comlink.expose(this.pageHost(e), channel.port1);
    e.hostPort = channel.port1;
    try {
      const s = await this.call(e, e.remote.start({
        app: name, workerIdentifier: id, streamName, initialPosition, retrieval, now: this.opts.now(),
        ...(failoverTimeMillis !== undefined ? { failoverTimeMillis } : {}),
      }, Comlink.transfer(channel.port2, [channel.port2])));
      if (s && e.status === 'starting') {
        e.snapshot = s;
        e.status = 'running';
      }
    } catch (err) {
      this.fail(e, err instanceof Error ? err.message : String(err));
    }
    this.changed();
    return id;
  }

  /** A crash: the Web Worker is terminated; its leases expire after failoverTimeMillis and move. */
  stopWorker(id: string): void {
    const e = this.entries.get(id);
    if (!e || !this.live(e)) return;
    e.status = 'stopped';
    this.end(e);
    this.changed();
  }

  /** Graceful: shutdownRequested (processors checkpoint), leases released, then the Web Worker ends. */
  async shutdownWorker(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e || !this.live(e)) return;
    e.status = 'shut down';
    const s = await this.call(e, e.remote.shutdown()).catch((err: unknown) => {
      // The leases stay held (until they expire): say so rather than look shut down cleanly.
      e.error = `shutdown failed: ${err instanceof Error ? err.message : String(err)}`;
      return undefined;
    });
    if (s) e.snapshot = s;
    this.end(e);
    await this.refresh();
  }

  /** Moves every live worker to virtual time `now` (a worker still busy with the last tick skips this one). */
  async tick(now: number): Promise<void> {
    await Promise.all([...this.entries.values()].filter((e) => e.status === 'running' && !e.busy).map(async (e) => {
      e.busy = true;
      try {
        const s = await this.call(e, e.remote.tick(now));
        if (s && e.status === 'running') e.snapshot = s;
      } catch (err) {
        this.fail(e, err instanceof Error ? err.message : String(err));
      } finally {
        e.busy = false;
      }
    }));
    await this.refresh();
  }

  /** Resolves when no live worker has work in flight (tests, after a manual clock advance). */
  async idle(): Promise<void> {
    await Promise.all([...this.entries.values()].filter((e) => e.status === 'running').map(async (e) => {
      const s = await this.call(e, e.remote.idle()).catch(() => undefined);
      if (s && e.status === 'running') e.snapshot = s;
    }));
  }

  /** Re-reads the lease table. */
  async refresh(): Promise<void> {
    // A closed application does not read its table again (that would re-open, even re-create, it).
    if (this.closed) return;
    const leases = await this.opts.leaseStore.list();
    if (this.closed) return;
    this.leases = leases;
    for (const l of this.leases) this.log.prune(l.leaseKey, l.checkpoint, l.checkpointSubSequenceNumber);
    this.changed();
  }

  /** Ends every worker (crash-like: the lease table stays as it is). */
  close(): void {
    this.closed = true;
    for (const e of this.entries.values()) if (this.live(e)) {
      e.status = 'stopped';
      this.end(e);
    }
    this.opts.leaseStore.close?.();
  }
  private closed = false;

  view(): KclAppView {
    const r = this.opts.retrieval;
    const owners = new Map<string, string[]>();
    const finished = new Map<string, string[]>();
    for (const l of this.leases) {
      if (l.leaseOwner === undefined) continue;
      const into = l.checkpoint === Sentinel.SHARD_END ? finished : owners;
      into.set(l.leaseOwner, [...(into.get(l.leaseOwner) ?? []), l.leaseKey]);
    }
    return {
      name: this.name, streamName: this.streamName, mode: r.mode,
      initialPosition: typeof this.opts.initialPosition === 'string' ? this.opts.initialPosition : `AT_TIMESTAMP ${new Date(this.opts.initialPosition.timestamp).toISOString()}`,
      ...(r.mode === 'fanout' ? { consumerARN: r.consumerARN } : {}),
      workers: [...this.entries.values()].map((e): KclWorkerView => ({
        id: e.id, status: e.status,
        // The lease table is the truth of who holds what (a stopped worker keeps its rows until they are taken).
        shards: (owners.get(e.id) ?? []).sort(),
        finished: (finished.get(e.id) ?? []).sort(),
        processed: this.log.perWorker.get(e.id) ?? 0,
        ...(e.snapshot ? { snapshot: e.snapshot } : {}),
        ...(e.error !== undefined ? { error: e.error } : {}),
      })),
      leases: this.leases,
      processed: this.log.unique, duplicates: this.log.duplicates,
      inOrder: this.log.inOrder, violations: [...this.log.violations], recent: [...this.log.recent],
    };
  }

  /** The page side of one worker: Kinesis from the simulation, event streams held here, reports. */
  private pageHost(e: Entry): KclPageHost {
    // A forwarder: when the worker ends it lets go of this application at once (calls already on
    // their way through the channel find nothing), and `end` closes the channel itself.
    let target: KclPageHost | undefined = this.hostFor(e);
    e.detach = () => { target = undefined; };
    const ended = (): KclPageHost => {
      if (!target) throw new Error('The KCL worker has ended.');
      return target;
    };
    return {
      kinesis: async (op, input) => ended().kinesis(op, input),
      nextEvent: async (id) => (target ? target.nextEvent(id) : undefined),
      closeSubscription: async (id) => target?.closeSubscription(id),
      report: (snapshot, processed) => target?.report(snapshot, processed),
    };
  }

  private hostFor(e: Entry): KclPageHost {
    return {
      kinesis: async (op, input): Promise<KinesisAnswer> => {
        const r = await this.opts.kinesis(op, input);
        if (r.ok && (op === 'GetShardIterator' || op === 'GetRecords')) this.noteReader(e.id, r.value);
        if (!r.ok || !isEventStream(r.value)) return r;
        const id = this.nextSubscription++;
        e.subscriptions.set(id, r.value[EVENT_STREAM][Symbol.asyncIterator]());
        return { ok: true, value: { subscription: id } };
      },
      nextEvent: async (id) => {
        const it = e.subscriptions.get(id);
        if (!it || !this.live(e)) return undefined;
        const n = await it.next();
        return n.done ? undefined : n.value;
      },
      closeSubscription: async (id) => {
        const it = e.subscriptions.get(id);
        e.subscriptions.delete(id);
        await it?.return?.();
      },
      report: (snapshot, processed) => {
        if (this.live(e)) e.snapshot = snapshot;
        this.log.add(processed);
        this.changed();
      },
    };
  }

  /**
   * The worker behind a read event of this application's stream: by its iterator chain when it
   * polls; for fan-out (every worker shares the `consumer:<application>` reader) by who holds the
   * shard's lease.
   */
  workerOf(reader: string, shardId?: string): string | undefined {
    const polled = this.readers.get(reader);
    if (polled !== undefined) return polled;
    if (this.opts.retrieval.mode !== 'fanout' || reader !== `consumer:${this.name}`) return undefined;
    return shardId === undefined ? undefined : this.leases.find((l) => l.leaseKey === shardId)?.leaseOwner;
  }

  private noteReader(worker: string, value: unknown): void {
    const v = value as { ShardIterator?: string; NextShardIterator?: string };
    const token = v.ShardIterator ?? v.NextShardIterator;
    const reader = token === undefined ? undefined : readerOfIterator(token);
    if (reader !== undefined && !this.readers.has(reader)) this.readers.set(reader, worker);
  }

  private live(e: Entry): boolean {
    return e.status === 'starting' || e.status === 'running';
  }

  /** `p`, or undefined once the worker is gone. */
  private async call<T>(e: Entry, p: Promise<T>): Promise<T | undefined> {
    const r = await Promise.race([p, e.gone.then(() => GONE)]);
    return r === GONE ? undefined : (r as T);
  }

  private end(e: Entry): void {
    for (const it of e.subscriptions.values()) void it.return?.();
    e.subscriptions.clear();
    e.detach?.();
    e.hostPort?.close();
    e.kill();
    e.remote[Comlink.releaseProxy]();
    e.worker.terminate();
  }

  private fail(e: Entry, message: string): void {
    if (!this.live(e)) return;
    e.status = 'failed';
    e.error = message;
    this.end(e);
    this.changed();
  }

  private changed(): void {
    this.opts.onChange?.();
  }
}
