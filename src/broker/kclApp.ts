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
import { Sentinel, type Lease } from '../core/kcl/leaseTable.js';
import type { WorkerSnapshot } from '../core/kcl/workerOptions.js';
import type { StreamEvent } from '../core/kinesis/eventStream.js';
import { DeliveryLog } from './deliveryLog.js';
import type { KclAppView, KclApplicationOptions, KclWorkerStatus, KclWorkerView } from './kclAppTypes.js';
import { detachableHost, kclPageHost, readerOfAnswer } from './kclPageHost.js';
import type { KclPageHost, KclWorkerApi } from './kclWorkerHost.js';
import type { WorkerLike } from './remotePipeline.js';

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

/** A KCL consumer application: its workers, their leases, and what they processed (see above). */
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
    // A forwarder, so `end` can cut the worker loose at once; `end` closes the channel itself.
    const { host, detach } = detachableHost(kclPageHost({
      kinesis: this.opts.kinesis,
      subscriptions: e.subscriptions,
      nextSubscription: () => this.nextSubscription++,
      live: () => this.live(e),
      onRead: (value) => this.noteReader(e.id, value),
      report: (snapshot, processed) => {
        if (this.live(e)) e.snapshot = snapshot;
        this.log.add(processed);
        this.changed();
      },
    }));
    e.detach = detach;
    return host;
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
    const reader = readerOfAnswer(value);
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
