/** A SimulationHost entirely in memory, on the page's main thread (no workers, no persistence). */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { GlueClient } from '@aws-sdk/client-glue';
import { redshiftControl } from './redshiftControl.js';
import { analyticsControl } from './analyticsControl.js';
import { snapshotDeliveryStreams } from '../core/firehose/snapshot.js';
import { snapshotStreams } from '../core/kinesis/snapshot.js';
import { createSimulation, type SimulationOptions } from '../index.js';
import { browseShard } from './browse.js';
import type { ClockControl, SimulationHost } from './host.js';
import type { LambdaRuntime } from '../core/firehose/lambda.js';
import { openSearchControl } from './openSearchControl.js';

/** `lambda`: the runtime transform functions run in (the page's sandbox); default the in-process registry. */
export function createMemoryHost(options: SimulationOptions = {}, extra: { lambda?: LambdaRuntime } = {}): SimulationHost {
  const sim = createSimulation({ clock: 'realtime', ...options });
  if (extra.lambda) sim.firehose.lambda = extra.lambda;
  const client = { region: sim.region, credentials: { accessKeyId: 'shardlab', secretAccessKey: 'shardlab' }, requestHandler: sim.requestHandler };
  const kinesis = new KinesisClient(client);
  const firehose = new FirehoseClient(client);
  const s3 = new S3Client({ ...client, forcePathStyle: true });
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
    sim.analytics.tick(Math.floor(c.now()));
  }, 100);
  return {
    kinesis,
    kinesisDispatch: (op, input) => sim.kinesis.dispatch(op, input),
    firehose,
    s3,
    clock,
    snapshot: () => snapshotStreams(sim.kinesis),
    observe: (listener) => sim.kinesis.observe(listener),
    status: () => ({ now: c.now(), paused: c.paused, targetSpeed: c.speed, actualSpeed: c.paused ? 0 : c.speed, backlog: 0, workerRestarts: 0, storage: 'memory' }),
    browse: (stream, shardId, from, limit) => browseShard(sim.kinesis, stream, shardId, from, limit),
    observeFirehose: (listener) => sim.firehose.observe(listener),
    observeS3: (listener) => sim.s3.observe(listener),
    deliveryStreams: () => snapshotDeliveryStreams(sim.firehose),
    receivers: sim.receivers,
    opensearch: openSearchControl(sim.opensearch, () => snapshotDeliveryStreams(sim.firehose), false),
    redshift: redshiftControl(sim.redshift, false),
    analytics: analyticsControl(sim.analytics, false),
    redshiftData: new RedshiftDataClient(client),
    glue: new GlueClient(client),
    close: async () => clearInterval(timer),
  };
}
