/**
 * One KCL worker (a KCL `Scheduler`) as it runs inside a Web Worker: the core `KclWorker` with a
 * lease table the worker opens itself (IndexedDB, shared with the application's other workers)
 * and a record processor that tells the page what it processed. `workers/kcl.worker.ts` only
 * exposes one of these over Comlink; tests drive it in Node over a MessageChannel.
 *
 * The worker has no Kinesis of its own: every call goes to the page (`host.kinesis`), which
 * answers with its simulation, and it runs on the page's virtual time (`tick(now)`).
 * SubscribeToShard answers an event stream, which cannot cross a MessagePort: the page keeps the
 * stream and answers `{ subscription: id }`; the worker pulls its events one at a time
 * (`host.nextEvent`) — the same back-pressure an HTTP/2 event stream has.
 *
 * The processor reports each batch to the page BEFORE it checkpoints, so a worker killed between
 * the two only causes a re-delivery (at-least-once, as on AWS), never a record the page missed.
 */
import * as Comlink from 'comlink';
import { KclWorker } from '../core/kcl/worker.js';
import { ShutdownException, type Checkpointer, type InitialPosition, type KinesisClientRecord, type KinesisFunction, type ShardRecordProcessor } from '../core/kcl/types.js';
import type { FanOutConfig, PollingConfig, WorkerSnapshot } from '../core/kcl/workerOptions.js';
import type { LeaseStore } from '../core/kcl/leaseTable.js';
import { EVENT_STREAM, type StreamEvent } from '../core/kinesis/eventStream.js';
import { deaggregate } from '../core/kpl/aggregation.js';
import type { WorkerLike } from './remotePipeline.js';

/** Bytes of a record's data shown as text. */
export const DATA_PREVIEW_BYTES = 200;

export interface KclWorkerConfig {
  /** The application name (the lease table's name). */
  readonly app: string;
  readonly workerIdentifier: string;
  readonly streamName: string;
  readonly initialPosition: InitialPosition;
  readonly retrieval: PollingConfig | FanOutConfig;
  readonly failoverTimeMillis?: number;
  /** Virtual now at start. */
  readonly now: number;
}

/** One user record as a processor saw it. */
export interface ProcessedRecord {
  readonly workerIdentifier: string;
  readonly shardId: string;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
  /** The data as UTF-8 text (its first 200 bytes). */
  readonly data: string;
}

export type KinesisAnswer = Awaited<ReturnType<KinesisFunction>>;

/** What the page offers a KCL worker (a Comlink proxy in the worker). */
export interface KclPageHost {
  /** A Kinesis operation, answered by the page's simulation. SubscribeToShard answers `{ subscription }`. */
  kinesis(op: string, input: object): Promise<KinesisAnswer>;
  /** The next event of a subscription (`undefined` when it ended). */
  nextEvent(subscription: number): Promise<StreamEvent | undefined>;
  /** The worker stopped reading a subscription. */
  closeSubscription(subscription: number): Promise<void>;
  /** A batch just processed (before its checkpoint), with the worker's snapshot. */
  report(snapshot: WorkerSnapshot, processed: readonly ProcessedRecord[]): Promise<void> | void;
}

/** The Comlink API of `workers/kcl.worker.ts`. */
export interface KclWorkerApi {
  /**
   * `hostPort`: the worker's end of a MessageChannel on whose other end the page exposes its
   * `KclPageHost` (the page makes the channel itself so it can close it when the worker ends).
   */
  start(config: KclWorkerConfig, hostPort: MessagePort): Promise<WorkerSnapshot>;
  tick(now: number): Promise<WorkerSnapshot>;
  /** Graceful: processors get shutdownRequested (and checkpoint), leases are released. */
  shutdown(): Promise<WorkerSnapshot>;
  /** Resolves when nothing is in flight (tests: after a manual clock advance). */
  idle(): Promise<WorkerSnapshot>;
  snapshot(): WorkerSnapshot;
}

/** Opens the lease table of an application (the worker: IndexedDB; tests: a shared memory one). */
export type LeaseStoreFactory = (app: string) => LeaseStore | Promise<LeaseStore>;

const decoder = new TextDecoder();

export class KclWorkerHost implements KclWorkerApi {
  private worker: KclWorker | undefined;
  private host: Comlink.Remote<KclPageHost> | undefined;

  constructor(private readonly openStore: LeaseStoreFactory) {}

  async start(config: KclWorkerConfig, hostPort: MessagePort): Promise<WorkerSnapshot> {
    if (this.worker) throw new Error('KCL worker already started');
    const host = Comlink.wrap<KclPageHost>(hostPort);
    hostPort.start();
    this.host = host;
    const leaseStore = await this.openStore(config.app);
    const id = config.workerIdentifier;
    this.worker = new KclWorker({
      workerIdentifier: id,
      streamName: config.streamName,
      kinesis: remoteKinesis(host),
      leaseStore,
      processorFactory: (shardId) => recordingProcessor(id, shardId, (batch) => this.report(batch)),
      initialPosition: config.initialPosition,
      retrieval: config.retrieval,
      deaggregate,
      ...(config.failoverTimeMillis !== undefined ? { failoverTimeMillis: config.failoverTimeMillis } : {}),
    });
    this.worker.start(config.now);
    return this.worker.snapshot();
  }

  async tick(now: number): Promise<WorkerSnapshot> {
    this.running().tick(now);
    return this.running().snapshot();
  }

  async shutdown(): Promise<WorkerSnapshot> {
    const w = this.running();
    await w.idle();
    await w.shutdown();
    const s = w.snapshot();
    await this.host?.report(s, []);
    return s;
  }

  async idle(): Promise<WorkerSnapshot> {
    await this.running().idle();
    return this.running().snapshot();
  }

  snapshot(): WorkerSnapshot {
    return this.running().snapshot();
  }

  /** A crash in process (the memory fallback's "terminate"): stops at once, releases nothing. */
  halt(): void {
    this.worker?.stop();
  }

  private async report(batch: readonly ProcessedRecord[]): Promise<void> {
    if (this.worker && this.host) await this.host.report(this.worker.snapshot(), batch);
  }

  private running(): KclWorker {
    if (!this.worker) throw new Error('KCL worker not started');
    return this.worker;
  }
}

/** The page's Kinesis, with SubscribeToShard's `{ subscription }` turned back into an event stream. */
function remoteKinesis(host: Comlink.Remote<KclPageHost>): KinesisFunction {
  return async (op, input) => {
    const r = await host.kinesis(op, input);
    if (!r.ok || op !== 'SubscribeToShard') return r;
    const { subscription, ...rest } = r.value as { subscription: number };
    return { ok: true, value: { ...rest, [EVENT_STREAM]: events(host, subscription) } };
  };
}

async function* events(host: Comlink.Remote<KclPageHost>, subscription: number): AsyncGenerator<StreamEvent> {
  try {
    for (;;) {
      const ev = await host.nextEvent(subscription);
      if (!ev) return;
      yield ev;
    }
  } finally {
    void host.closeSubscription(subscription);
  }
}

const view = (worker: string, shardId: string, r: KinesisClientRecord): ProcessedRecord => ({
  workerIdentifier: worker, shardId, partitionKey: r.partitionKey, sequenceNumber: r.sequenceNumber,
  subSequenceNumber: r.subSequenceNumber, data: decoder.decode(r.data.subarray(0, DATA_PREVIEW_BYTES)),
});

/** Checkpoints, ignoring only a lost lease (the KCL's ShutdownException: another worker has the shard). */
async function checkpoint(c: Checkpointer): Promise<void> {
  try {
    await c.checkpoint();
  } catch (e) {
    if (!(e instanceof ShutdownException)) throw e;
  }
}

/** The application's record processor: reports each batch, then checkpoints it; checkpoints at SHARD_END and at shutdown. */
export function recordingProcessor(worker: string, shardId: string, report: (batch: readonly ProcessedRecord[]) => Promise<void>): ShardRecordProcessor {
  return {
    initialize() {},
    async processRecords({ records, checkpointer }) {
      if (records.length === 0) return;
      await report(records.map((r) => view(worker, shardId, r)));
      await checkpoint(checkpointer);
    },
    leaseLost() {},
    async shardEnded({ checkpointer }) {
      await checkpointer.checkpoint();
    },
    async shutdownRequested({ checkpointer }) {
      await checkpoint(checkpointer);
    },
  };
}

/**
 * A KCL worker in this thread behind a MessageChannel, as the page sees a Web Worker: the memory
 * fallback (no Worker / IndexedDB) and tests. `terminate` is a crash.
 */
export function inProcessKclWorker(openStore: LeaseStoreFactory): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  const impl = new KclWorkerHost(openStore);
  Comlink.expose(impl, port1);
  return {
    postMessage: (m: unknown, t?: Transferable[]) => port2.postMessage(m, t ?? []),
    addEventListener: (type: string, l: EventListenerOrEventListenerObject) => port2.addEventListener(type, l as never),
    removeEventListener: (type: string, l: EventListenerOrEventListenerObject) => port2.removeEventListener(type, l as never),
    start: () => port2.start(),
    terminate: () => {
      impl.halt();
      port1.close();
      port2.close();
    },
  };
}
