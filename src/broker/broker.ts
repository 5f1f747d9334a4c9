/**
 * The main-thread broker: owns the control plane (persisted in its own IndexedDB database), the
 * virtual clock and its driver, and one Web Worker per shard (each with its own IndexedDB
 * database), reached through Comlink. It serves the same AWS JSON 1.1 requestHandler as in Node,
 * so the page's real KinesisClient talks to it exactly as it would to AWS.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { createJsonRouter, type WireRequest, type WireResponse } from '../api/awsJson.js';
import { createRequestHandler } from '../api/requestHandler.js';
import { KinesisEngine, type StreamIdentity } from '../core/kinesis/engine.js';
import { restoreStreams, saveStreams } from '../core/kinesis/persist.js';
import type { ShardMeta } from '../core/kinesis/shard/shardCore.js';
import { snapshotStreams } from '../core/kinesis/snapshot.js';
import { createClock } from '../core/sim/clock.js';
import { browseShard } from './browse.js';
import { ControlStore } from './controlStore.js';
import type { ClockControl, HostStatus, SimulationHost } from './host.js';
import { RemoteShard } from './remoteShard.js';
import { TimeDriver } from './timeDriver.js';

export interface BrokerHost extends SimulationHost {
  readonly engine: KinesisEngine;
  /** Raw AWS JSON 1.1 requests, as the SDK's requestHandler sends them. */
  readonly handle: (req: WireRequest) => Promise<WireResponse>;
  /** Terminates a shard's worker as a crash would; the broker restarts it from IndexedDB. */
  killShardWorker(stream: string, shardId: string): void;
  /** The live shard worker count. */
  workerCount(): number;
}

export interface BrokerOptions {
  /** Makes a shard worker; the default is the bundled `workers/shard.worker.ts`. */
  readonly spawnShardWorker?: () => Worker;
  readonly controlDbName?: string;
}

const defaultSpawn = (): Worker => new Worker(new URL('../../workers/shard.worker.ts', import.meta.url), { type: 'module', name: 'shard' });

/** A shard's database name: one per shard of one incarnation of a stream. */
export const shardDbName = (s: StreamIdentity, index: number): string => `shardlab-shard:${s.name}:${s.createdAt}:${index}`;

export async function createBrokerHost(options: BrokerOptions = {}): Promise<BrokerHost> {
  const spawn = options.spawnShardWorker ?? defaultSpawn;
  const store = await ControlStore.open(options.controlDbName);
  const saved = await store.load();
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

  // Control-plane changes are saved in order; a request that changed them is answered only
  // after the save committed, so an acknowledged CreateStream survives closing the tab.
  let saving: Promise<void> = Promise.resolve();
  engine.onChange(() => {
    saving = saving.then(() => store.saveStreams(saveStreams(engine))).catch((e: unknown) => {
      console.warn('Shardlab could not save the control plane:', e);
    });
  });

  const pressure = (): number => {
    const now = realNow();
    let oldest = 0;
    for (const r of remotes) oldest = Math.max(oldest, r.oldestPendingAge(now));
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

  const router = createJsonRouter([engine]);
  const handle = async (req: WireRequest): Promise<WireResponse> => {
    const res = await router(req);
    await saving; // resolved at once unless this request (or one just before) changed the control plane
    return res;
  };
  const requestHandler = createRequestHandler(handle);
  const kinesis = new KinesisClient({
    region: engine.account.region,
    credentials: { accessKeyId: 'shardlab', secretAccessKey: 'shardlab' },
    requestHandler,
  });

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
    return {
      now: clock.now(), paused: driver.paused, targetSpeed: driver.targetSpeed, actualSpeed: driver.actualSpeed(),
      backlog, workerRestarts: restarts, storage: 'indexeddb',
    };
  };

  return {
    engine,
    handle,
    kinesis,
    clock: clockControl,
    snapshot: () => snapshotStreams(engine),
    observe: (listener) => engine.observe(listener),
    status,
    browse: (stream, shardId, from, limit) => browseShard(engine, stream, shardId, from, limit),
    killShardWorker(stream, shardId) {
      const shard = engine.streams.get(stream)?.shards.find((s) => s.id === shardId);
      if (!shard || !(shard.inner instanceof RemoteShard)) throw new Error(`No shard worker ${shardId} in stream ${stream}.`);
      shard.inner.kill('terminated by killShardWorker');
    },
    workerCount: () => remotes.size,
    async close() {
      driver.stop();
      clearInterval(timer);
      removeEventListener('pagehide', onHide);
      await saveClock();
      await saving;
      store.close();
    },
  };
}
