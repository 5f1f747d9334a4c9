/**
 * Shared by the delivery stream worker tests: a valid delivery stream state, records, a host that
 * records what the worker asked of it, and a fake "worker" — a FirehoseWorker behind a
 * MessageChannel, with terminate() — so RemotePipeline runs in Node as in the page.
 */
import * as Comlink from 'comlink';
import { FirehoseEngine } from '../../core/firehose/engine.js';
import { Pipeline } from '../../core/firehose/delivery.js';
import type { InRecord } from '../../core/firehose/pipelineTypes.js';
import type { FirehoseEvent } from '../../core/firehose/events.js';
import type { SavedDeliveryStream } from '../../core/firehose/persist.js';
import type { Result } from '../../core/kinesis/errors.js';
import { createClock } from '../../core/sim/clock.js';
import { createRandom } from '../../core/sim/random.js';
import { S3Store } from '../../core/s3/store.js';
import { encodeBase64 } from '../../core/util/base64.js';
import type { FirehoseLog, LoggedRecord } from '../../adapters/firehoseLog.js';
import { FirehoseWorker } from '../firehoseWorker.js';
import { FIREHOSE_PROTOCOL_VERSION, type FirehoseWorkerHost, type FirehoseWorkerInit } from '../protocol.js';
import { plainState } from '../pipelineWorkerHost.js';
import type { WorkerLike } from '../remotePipeline.js';

export const T0 = Date.UTC(2026, 0, 1);
export const ROLE = 'arn:aws:iam::123456789012:role/r';
const enc = new TextEncoder();

/** A delivery stream's state as CreateDeliveryStream leaves it (validated, defaults filled in), ACTIVE. */
export async function deliveryStream(name = 'd', dest: Record<string, unknown> = {}): Promise<SavedDeliveryStream> {
  const clock = createClock({ mode: 'manual', start: T0 });
  const e = new FirehoseEngine({
    clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(1), s3: new S3Store({ now: () => clock.now() }),
    pipelineFactory: (eng, st) => new Pipeline(eng, st),
  });
  const r = await e.dispatch('CreateDeliveryStream', {
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, ...dest },
  });
  if (!r.ok) throw new Error(r.error.message);
  const st = e.streams.get(name)!.state;
  st.status = 'ACTIVE';
  return plainState(st);
}

export const record = (id: string, text: string, arrival: number): InRecord =>
  ({ recordId: id, data: encodeBase64(enc.encode(text)), arrival, bytes: enc.encode(text).length });

export const initFor = (dbName: string, state: SavedDeliveryStream, now = T0, over: Partial<FirehoseWorkerInit> = {}): FirehoseWorkerInit =>
  ({ protocolVersion: FIREHOSE_PROTOCOL_VERSION, dbName, state, seed: 7, region: 'us-east-1', now, ...over });

/** A host that stores objects in an S3Store and keeps every event. */
export function recordingHost(now: () => number = () => T0) {
  const s3 = new S3Store({ now });
  s3.createBucket('lake');
  const events: FirehoseEvent[] = [];
  const host: FirehoseWorkerHost = {
    putObject: async (bucket, key, data) => s3.putObject(bucket, key, data) as Result<unknown>,
    invokeLambda: async (arn) => ({ ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${arn}` }),
    emit: (e) => { events.push(e); },
  };
  /** Every object's key and text, in key order. */
  const objects = () => {
    const page = s3.listObjects('lake');
    if (!page.ok) return [];
    return page.value.contents.map((o) => {
      const got = s3.getObject('lake', o.key);
      return { key: o.key, text: got.ok ? new TextDecoder().decode(got.value.body) : '' };
    });
  };
  return { s3, events, host, objects };
}

const ports: MessagePort[] = [];
/** Closes every port opened here (open ports keep Vitest from exiting). */
export function closePorts(): void {
  for (const p of ports.splice(0)) p.close();
}

/** `impl` on one end of a MessageChannel, a WorkerLike on the other. */
export function channelWorker(impl: object, onTerminate: () => void = () => undefined): WorkerLike & { readonly terminated: boolean; crash(): void } {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(impl, port1);
  const errors = new EventTarget();
  let terminated = false;
  return {
    get terminated() { return terminated; },
    postMessage: (m: unknown, t?: Transferable[]) => { if (!terminated) port2.postMessage(m, t ?? []); },
    addEventListener: (type: string, l: EventListenerOrEventListenerObject) => (type === 'error' ? errors.addEventListener(type, l) : port2.addEventListener(type, l as never)),
    removeEventListener: (type: string, l: EventListenerOrEventListenerObject) => (type === 'error' ? errors.removeEventListener(type, l) : port2.removeEventListener(type, l as never)),
    start: () => port2.start(),
    /** An uncaught error in the worker, as the page sees it. */
    crash: () => errors.dispatchEvent(new Event('error', { cancelable: true })),
    terminate: () => {
      terminated = true;
      port1.close();
      port2.close();
      onTerminate();
    },
  };
}

/**
 * A log as one worker sees it: the shared `inner` (the database), except that once the worker is
 * terminated its commits that have not reached storage never do — as a terminated worker's open
 * transactions are aborted. `hold` delays commits (to kill a worker in the middle of one).
 */
export class WorkerView implements FirehoseLog {
  dead = false;
  hold: Promise<void> | undefined;
  /** Apply the commit, then never answer (a worker that dies after committing, before replying). */
  hangAfterCommit = false;

  constructor(private readonly inner: FirehoseLog) {}

  open(): Promise<void> { return this.inner.open(); }
  loadAll(): Promise<LoggedRecord[]> { return this.inner.loadAll(); }
  async commit(puts: readonly LoggedRecord[], deletes: readonly number[]): Promise<void> {
    if (this.hold) await this.hold;
    if (this.dead) throw new Error('aborted: the worker was terminated');
    await this.inner.commit(puts, deletes);
    if (this.hangAfterCommit) await new Promise(() => undefined);
  }
  close(): Promise<void> { return this.inner.close(); }
  destroy(): Promise<void> { return this.inner.destroy(); }
}

/** Spawns FirehoseWorkers over MessageChannels, all on one shared log (one "database"). */
export function fakeWorkers(log: FirehoseLog) {
  const spawned: { worker: FirehoseWorker; view: WorkerView; port: ReturnType<typeof channelWorker> }[] = [];
  const spawn = (): WorkerLike => {
    const view = new WorkerView(log);
    const worker = new FirehoseWorker(() => view);
    // A terminated worker gets no more calls (its port is closed) and its storage writes stop; a
    // delivery already on its way would still finish here — tests kill workers between deliveries.
    const port = channelWorker(worker, () => { view.dead = true; });
    spawned.push({ worker, view, port });
    return port;
  };
  return { spawn, spawned, last: () => spawned[spawned.length - 1]! };
}
