/**
 * The main-thread broker: owns the control plane (persisted in its own IndexedDB database), the
 * virtual clock and its driver, one Web Worker per shard and one per Firehose delivery stream
 * (each with its own IndexedDB database), reached through Comlink, and the simulated S3 (its own
 * database). It serves the same requestHandler as in Node — AWS JSON 1.1 for Kinesis and
 * Firehose, REST for S3 — so the page's real SDK clients talk to it exactly as they would to AWS.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { GlueClient } from '@aws-sdk/client-glue';
import { RedshiftDataService } from '../core/redshift/dataApi.js';
import { GlueService } from '../core/glue/api.js';
import { createRandom } from '../core/sim/random.js';
import { redshiftControl } from './redshiftControl.js';
import { AnalyticsEngine } from '../core/analytics/app/engine.js';
import type { AppState } from '../core/analytics/app/model.js';
import { analyticsControl } from './analyticsControl.js';
import { RemoteRuntime } from './remoteRuntime.js';
import { benchRecords, runtimeThroughput } from './analyticsBench.js';
import { ANALYTICS_DB, SnapshotPersistence } from './snapshotPersist.js';
import { header, type WireRequest, type WireResponse } from '../api/awsJson.js';
import { createRequestHandler } from '../api/requestHandler.js';
import { createServiceRouter } from '../api/router.js';
import { createS3Router } from '../api/s3Rest.js';
import type { FirehoseEngine } from '../core/firehose/engine.js';
import type { LambdaRuntime } from '../core/firehose/lambda.js';
import { saveDeliveryStreams } from '../core/firehose/persist.js';
import { snapshotDeliveryStreams } from '../core/firehose/snapshot.js';
import { KinesisEngine, type StreamIdentity } from '../core/kinesis/engine.js';
import { restoreStreams, saveStreams } from '../core/kinesis/persist.js';
import type { ShardMeta } from '../core/kinesis/shard/shardCore.js';
import { snapshotStreams } from '../core/kinesis/snapshot.js';
import { createClock } from '../core/sim/clock.js';
import { browseShard } from './browse.js';
import type { S3Store } from '../core/s3/store.js';
import { ControlStore } from './controlStore.js';
import { createFirehoseBroker } from './firehoseBroker.js';
import { openSearchControl } from './openSearchControl.js';
import type { ClockControl, HostStatus, SimulationHost } from './host.js';
import { isPipelineUnavailable } from './pipelineUnavailable.js';
import { RemotePipeline, type WorkerLike } from './remotePipeline.js';
import { RemoteShard } from './remoteShard.js';
import { TimeDriver } from './timeDriver.js';

export interface BrokerHost extends SimulationHost {
  readonly engine: KinesisEngine;
  readonly firehoseEngine: FirehoseEngine;
  readonly s3Store: S3Store;
  /** Raw AWS JSON 1.1 requests, as the SDK's requestHandler sends them. */
  readonly handle: (req: WireRequest) => Promise<WireResponse>;
  /** Terminates a shard's worker as a crash would; the broker restarts it from IndexedDB. */
  killShardWorker(stream: string, shardId: string): void;
  /** The live shard worker count. */
  workerCount(): number;
  /** Terminates a delivery stream's worker as a crash would; the broker restarts it from IndexedDB. */
  killFirehoseWorker(deliveryStream: string): void;
  /** The live delivery stream worker count (one per delivery stream). */
  firehoseWorkerCount(): number;
  /** The analytics bench in a fresh analytics worker (src/broker/analyticsBench.ts). */
  benchAnalytics(events: number): Promise<{ events: number; ms: number; perSecond: number; counted: number }>;
}

export interface BrokerOptions {
  /** Makes a shard worker; the default is the bundled `workers/shard.worker.ts`. */
  readonly spawnShardWorker?: () => Worker;
  /** Makes a delivery stream worker; the default is the bundled `workers/firehose.worker.ts`. */
  readonly spawnFirehoseWorker?: () => WorkerLike;
  readonly controlDbName?: string;
  readonly s3DbName?: string;
  /**
   * Runs Firehose transform Lambdas (the browser Lambda runtime plugs in here). Without it every
   * invocation fails with Lambda.ResourceNotFound, as AWS's would for a missing function.
   */
  readonly lambda?: LambdaRuntime;
  /** Seeds Firehose's random choices, mixed with a session counter so record ids never repeat across reloads (default 1). */
  readonly seed?: number;
}

const defaultSpawn = (): Worker => new Worker(new URL('../../workers/shard.worker.ts', import.meta.url), { type: 'module', name: 'shard' });
const defaultSpawnFirehose = (): Worker => new Worker(new URL('../../workers/firehose.worker.ts', import.meta.url), { type: 'module', name: 'firehose' });
const defaultSpawnAnalytics = (): Worker => new Worker(new URL('../../workers/analytics.worker.ts', import.meta.url), { type: 'module', name: 'analytics' });

/** A shard's database name: one per shard of one incarnation of a stream. */
export const shardDbName = (s: StreamIdentity, index: number): string => `shardlab-shard:${s.name}:${s.createdAt}:${index}`;

/** Resolves in a new task (a MessageChannel message: no 4 ms clamp, unlike nested timeouts). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(undefined);
  });
}

export async function createBrokerHost(options: BrokerOptions = {}): Promise<BrokerHost> {
  const spawn = options.spawnShardWorker ?? defaultSpawn;
  const store = await ControlStore.open(options.controlDbName);
  const saved = await store.load();
  const session = await store.startSession();
  const realNow = (): number => performance.now();
  // Virtual time resumes where the last session left it; a first visit starts at the wall clock.
  const clock = createClock({ mode: 'manual', start: saved.clock?.now ?? Math.floor(performance.timeOrigin + performance.now()) });
  const remotes = new Set<RemoteShard>();
  let restarts = 0;

  const engine = new KinesisEngine({
    clock,
    shardFactory: (meta: ShardMeta, enforce: boolean, stream: StreamIdentity) => {
      const r = new RemoteShard(meta, enforce, {
        dbName: shardDbName(stream, meta.index),
        spawn,
        onRestart: () => { restarts++; },
      });
      remotes.add(r);
      const dispose = r.dispose.bind(r);
      r.dispose = async () => { remotes.delete(r); await dispose(); };
      return r;
    },
  });
  restoreStreams(engine, saved.streams);

  const side = await createFirehoseBroker({
    clock,
    kinesis: engine,
    saved: saved.deliveryStreams,
    seed: ((options.seed ?? 1) + Math.imul(session, 0x9e3779b9)) >>> 0,
    spawn: options.spawnFirehoseWorker ?? defaultSpawnFirehose,
    ...(options.s3DbName !== undefined ? { s3DbName: options.s3DbName } : {}),
    ...(options.lambda ? { lambda: options.lambda } : {}),
    onRestart: () => { restarts++; },
  });
  const { firehose, s3: s3Store, persistence, pipelines } = side;

  // Kinesis Data Analytics applications: one worker each for their SQL; configurations kept in IndexedDB.
  const analytics = new AnalyticsEngine({
    kinesis: engine, firehose, s3: s3Store, random: createRandom(((options.seed ?? 1) + 104729 + session) >>> 0),
    runtime: () => new RemoteRuntime(defaultSpawnAnalytics), now: () => Math.floor(clock.now()),
    pause: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const analyticsPersistence = await SnapshotPersistence.open<AppState[]>(options.s3DbName !== undefined ? `${options.s3DbName}:analytics` : ANALYTICS_DB);
  const savedApps = await analyticsPersistence.load();
  try {
    analytics.load(savedApps);
  } catch (e) {
    console.warn('Shardlab could not restore the saved analytics applications; starting without them:', e);
  }
  analyticsPersistence.attach(analytics);
  clock.onAdvance((t) => analytics.tick(Math.floor(t)));
  void side.removeOrphans().catch((e: unknown) => console.warn('Shardlab could not remove old delivery stream logs:', e));

  // Control-plane changes are saved in order; a request that changed them is answered only
  // after the save committed, so an acknowledged CreateStream survives closing the tab.
  let saving: Promise<void> = Promise.resolve();
  const save = (what: string, write: () => Promise<void>): void => {
    saving = saving.then(write).catch((e: unknown) => {
      console.warn(`Shardlab could not save ${what}:`, e);
    });
  };
  engine.onChange(() => save('the control plane', () => store.saveStreams(saveStreams(engine))));
  firehose.onChange(() => save('the delivery streams', () => store.saveDeliveryStreams(saveDeliveryStreams(firehose))));

  const pressure = (): number => {
    const now = realNow();
    let oldest = 0;
    for (const r of remotes) oldest = Math.max(oldest, r.oldestPendingAge(now));
    for (const p of pipelines) oldest = Math.max(oldest, p.oldestPendingAge(now));
    return oldest;
  };
  const driver = new TimeDriver(clock, realNow, pressure);
  driver.targetSpeed = saved.clock?.speed ?? 1;
  driver.paused = saved.clock?.paused ?? false;
  let lastClockSave = 0;
  const saveClock = (): Promise<void> => store.saveClock({ now: clock.now(), speed: driver.targetSpeed, paused: driver.paused }).catch(() => undefined);
  const timer = setInterval(() => {
    if (realNow() - lastClockSave >= 1000) { lastClockSave = realNow(); void saveClock(); }
  }, 250);
  driver.start();
  const onHide = (): void => { void saveClock(); };
  addEventListener('pagehide', onHide);

  const redshiftData = new RedshiftDataService(side.redshift, { now: () => Math.floor(clock.now()), random: createRandom(((options.seed ?? 1) + 7919 + session) >>> 0) });
  const router = createServiceRouter({
    json: [engine, firehose, redshiftData, new GlueService(side.glue)],
    // A delivery stream worker that died under a put is expected (the put is retriable): no stack trace.
    jsonOptions: { onInternalError: (e, target) => (isPipelineUnavailable(e) ? console.warn : console.error)(`Shardlab: ${target} failed`, e) },
    s3: createS3Router(s3Store, engine.account),
  });
  const handle = async (req: WireRequest): Promise<WireResponse> => {
    const res = await router(req);
    // Resolved at once unless this request (or one just before) changed the control plane or
    // S3: an acknowledged change survives closing the tab. Only S3's own (REST) requests wait for
    // S3 writes — a Kinesis put must not wait for a Firehose object being saved.
    await saving;
    if (header(req.headers, 'x-amz-target') === undefined) await persistence.flushed().catch(() => undefined);
    // Every answer comes back in a task of its own, as a network response would. Without it, a call
    // answered at once (a put throttled in full, a DescribeStream) in a caller's `while` loop would
    // keep the page in microtasks: no timer runs, the virtual clock stops, and the throttle never
    // lifts — the page freezes (found by the Firehose bench with 16 producers in flight).
    await nextTask();
    return res;
  };
  const requestHandler = createRequestHandler(handle);
  const client = { region: engine.account.region, credentials: { accessKeyId: 'shardlab', secretAccessKey: 'shardlab' }, requestHandler };
  const kinesis = new KinesisClient(client);
  const firehoseClient = new FirehoseClient(client);
  const s3 = new S3Client({ ...client, forcePathStyle: true });
  const redshiftDataClient = new RedshiftDataClient(client);
  const glueClient = new GlueClient(client);

  const clockControl: ClockControl = {
    now: () => clock.now(),
    pause: () => { driver.paused = true; void saveClock(); },
    resume: () => { driver.paused = false; void saveClock(); },
    speed: (f) => { if (f !== undefined) { driver.setSpeed(f); void saveClock(); } return driver.targetSpeed; },
    step: (ms = 100) => {
      if (!(ms > 0 && Number.isFinite(ms))) throw new RangeError(`step(ms) needs ms > 0, got ${ms}`);
      clock.advance(ms);
    },
    get paused() { return driver.paused; },
  };

  const status = (): HostStatus => {
    let backlog = 0;
    for (const r of remotes) backlog += r.pendingCount;
    for (const p of pipelines) backlog += p.pendingCount;
    return {
      now: clock.now(), paused: driver.paused, targetSpeed: driver.targetSpeed, actualSpeed: driver.actualSpeed(),
      backlog, workerRestarts: restarts, storage: 'indexeddb',
    };
  };

  return {
    engine,
    kinesisDispatch: (op, input) => engine.dispatch(op, input),
    firehoseEngine: firehose,
    s3Store,
    handle,
    kinesis,
    firehose: firehoseClient,
    s3,
    clock: clockControl,
    snapshot: () => snapshotStreams(engine),
    observe: (listener) => engine.observe(listener),
    observeFirehose: (listener) => firehose.observe(listener),
    observeS3: (listener) => s3Store.observe(listener),
    deliveryStreams: () => snapshotDeliveryStreams(firehose),
    receivers: side.receivers,
    opensearch: openSearchControl(side.opensearch, () => snapshotDeliveryStreams(firehose), side.openSearchPersistent),
    redshift: redshiftControl(side.redshift, side.redshiftPersistent),
    analytics: analyticsControl(analytics, analyticsPersistence.persistent),
    redshiftData: redshiftDataClient,
    glue: glueClient,
    status,
    browse: (stream, shardId, from, limit) => browseShard(engine, stream, shardId, from, limit),
    killShardWorker(stream, shardId) {
      const shard = engine.streams.get(stream)?.shards.find((s) => s.id === shardId);
      if (!shard || !(shard.inner instanceof RemoteShard)) throw new Error(`No shard worker ${shardId} in stream ${stream}.`);
      shard.inner.kill('terminated by killShardWorker');
    },
    workerCount: () => remotes.size,
    killFirehoseWorker(name) {
      const p = firehose.streams.get(name)?.pipeline;
      if (!(p instanceof RemotePipeline)) throw new Error(`No delivery stream worker for ${name}.`);
      p.kill('terminated by killFirehoseWorker');
    },
    firehoseWorkerCount: () => [...pipelines].filter((p) => p.alive).length,
    async benchAnalytics(events) {
      const runtime = new RemoteRuntime(defaultSpawnAnalytics);
      try {
        return await runtimeThroughput(runtime, benchRecords(events, 5000));
      } finally {
        runtime.dispose();
      }
    },
    async close() {
      driver.stop();
      clearInterval(timer);
      removeEventListener('pagehide', onHide);
      await saveClock();
      await saving;
      await analyticsPersistence.close();
      await side.close();
      store.close();
    },
  };
}
