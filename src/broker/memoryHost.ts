/** A SimulationHost entirely in memory, on the page's main thread (no workers, no persistence). */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { snapshotStreams } from '../core/kinesis/snapshot.js';
import { createSimulation, type SimulationOptions } from '../index.js';
import { browseShard } from './browse.js';
import type { ClockControl, SimulationHost } from './host.js';

export function createMemoryHost(options: SimulationOptions = {}): SimulationHost {
  const sim = createSimulation({ clock: 'realtime', ...options });
  const kinesis = new KinesisClient({
    region: sim.region,
    credentials: { accessKeyId: 'shardlab', secretAccessKey: 'shardlab' },
    requestHandler: sim.requestHandler,
  });
  const c = sim.clock;
  const clock: ClockControl = {
    now: () => c.now(),
    pause: () => c.pause(),
    resume: () => c.resume(),
    speed: (f) => { if (f !== undefined) c.setSpeed(f); return c.speed; },
    step: (ms = 100) => c.advance(ms),
    get paused() { return c.paused; },
  };
  // Lifecycle events (CREATING → ACTIVE, trimming) also run when nobody calls the API.
  const timer = setInterval(() => {
    sim.kinesis.tick(c.now());
    sim.firehose.tick(c.now());
  }, 100);
  return {
    kinesis,
    clock,
    snapshot: () => snapshotStreams(sim.kinesis),
    observe: (listener) => sim.kinesis.observe(listener),
    status: () => ({ now: c.now(), paused: c.paused, targetSpeed: c.speed, actualSpeed: c.paused ? 0 : c.speed, backlog: 0, workerRestarts: 0, storage: 'memory' }),
    browse: (stream, shardId, from, limit) => browseShard(sim.kinesis, stream, shardId, from, limit),
    close: async () => clearInterval(timer),
  };
}
