/**
 * Shardlab's embedding entry for Node (and the page): a whole simulated Kinesis in process.
 *
 * ```ts
 * import { createSimulation } from 'shardlab';
 * import { KinesisClient, CreateStreamCommand } from '@aws-sdk/client-kinesis';
 * const sim = createSimulation({ clock: 'manual', seed: 42 });
 * const kinesis = new KinesisClient({ region: 'us-east-1',
 *   credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: sim.requestHandler });
 * ```
 */
import { createJsonRouter, type WireRequest, type WireResponse } from './api/awsJson.js';
import { createRequestHandler } from './api/requestHandler.js';
import { KinesisEngine, DEFAULT_ACCOUNT } from './core/kinesis/engine.js';
import { createClock, type Clock, type ClockMode } from './core/sim/clock.js';
import { createRandom, type Random } from './core/sim/random.js';
import { useBase64Codec } from './core/util/base64.js';

export interface SimulationOptions {
  /** 'realtime' (default): virtual time follows the wall clock × speed. 'manual': only `clock.advance(ms)` moves it. */
  clock?: ClockMode;
  /** Seed for every random choice the simulation makes (default 1). */
  seed?: number;
  /** Per-shard throughput limits (1 MiB/s and 1,000 records/s in, 2 MiB/s and 5 calls/s out). Default true. */
  enforceLimits?: boolean;
  /** Virtual start time, epoch ms (default: now for realtime, 2026-01-01T00:00:00Z for manual). */
  start?: number;
  /** Speed factor of a realtime clock, 0.1–100 (default 1). */
  speed?: number;
  /** Region and account the simulated resources live in (ARNs, error texts). */
  region?: string;
  accountId?: string;
  /** Virtual ms a stream stays CREATING (default 1000) / DELETING (default 500). */
  createStreamMs?: number;
  deleteStreamMs?: number;
  /** Virtual ms a stream stays UPDATING during a split or merge (default 500). */
  updateStreamMs?: number;
}

export interface Simulation {
  /** An AWS SDK v3 `requestHandler`: pass it to `new KinesisClient({ requestHandler })`. */
  readonly requestHandler: ReturnType<typeof createRequestHandler>;
  /** Answers one raw AWS JSON 1.1 HTTP request (for custom transports). */
  readonly handle: (req: WireRequest) => Promise<WireResponse>;
  readonly clock: Clock;
  readonly random: Random;
  /** The Kinesis Data Streams engine (for inspection; drive it through the SDK). */
  readonly kinesis: KinesisEngine;
  readonly region: string;
  readonly accountId: string;
}

const realTime = (): number => performance.timeOrigin + performance.now();

// In Node, Buffer's native base64 is several times faster than the core's portable codec.
type NodeBuffer = { from(a: ArrayBufferLike | string, b?: number | string, c?: number): Uint8Array & { toString(enc: string): string } };
const NodeBuf = (globalThis as { Buffer?: NodeBuffer }).Buffer;
if (NodeBuf) {
  useBase64Codec({
    encode: (b) => NodeBuf.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'),
    decode: (s) => {
      const buf = NodeBuf.from(s, 'base64');
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
  });
}

export function createSimulation(options: SimulationOptions = {}): Simulation {
  const mode = options.clock ?? 'realtime';
  const clock = createClock({
    mode,
    source: realTime,
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
  });
  const account = { region: options.region ?? DEFAULT_ACCOUNT.region, accountId: options.accountId ?? DEFAULT_ACCOUNT.accountId };
  const kinesis = new KinesisEngine({
    clock,
    account,
    enforceLimits: options.enforceLimits ?? true,
    ...(options.createStreamMs !== undefined ? { createStreamMs: options.createStreamMs } : {}),
    ...(options.deleteStreamMs !== undefined ? { deleteStreamMs: options.deleteStreamMs } : {}),
    ...(options.updateStreamMs !== undefined ? { updateStreamMs: options.updateStreamMs } : {}),
  });
  const handle = createJsonRouter([kinesis]);
  return {
    requestHandler: createRequestHandler(handle),
    handle,
    clock,
    random: createRandom(options.seed ?? 1),
    kinesis,
    region: account.region,
    accountId: account.accountId,
  };
}

export { createClock, createRandom, KinesisEngine };
export type { Clock, ClockMode, Random };
export { uniformRanges, hashKeyOf, partitionKeyMd5Hex, HASH_KEY_MAX } from './core/kinesis/model/hashKey.js';
export { LIMITS } from './core/kinesis/limits.js';
export type { SimEvent, SimListener, PutEvent, ReadEvent, ReadThrottledEvent, ShardLifeEvent, TickEvent, AcceptedRecord, ThrottledRecord, Observable } from './core/observe/events.js';
export { KinesisOperations } from './core/kinesis/operations.js';
export { readerOfIterator } from './core/kinesis/model/iterator.js';
