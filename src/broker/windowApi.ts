/**
 * `window.shardlab`: the console API for experimenters. The same AWS SDK v3 calls that work on
 * AWS work here, against the simulation running in the page:
 *
 * ```js
 * const { PutRecordCommand } = shardlab.sdk;
 * await shardlab.kinesis.send(new PutRecordCommand({ StreamName: 'demo', PartitionKey: 'k', Data: new TextEncoder().encode('hi') }));
 * shardlab.clock.speed(10);
 * ```
 */
import * as sdk from '@aws-sdk/client-kinesis';
import type { ClockControl, SimulationHost } from './host.js';

export interface ShardlabWindowApi {
  /** A real `KinesisClient` bound to the in-page simulation. */
  readonly kinesis: sdk.KinesisClient;
  /** Everything `@aws-sdk/client-kinesis` exports: commands, exception classes, paginators. */
  readonly sdk: typeof sdk;
  readonly clock: ClockControl;
  /** Streams, shards and their traffic of the last second. */
  readonly snapshot: SimulationHost['snapshot'];
  /** Target and actual speed, backlog, storage. */
  readonly status: SimulationHost['status'];
  /** Committed records of a shard, outside the throughput limits. */
  readonly browse: SimulationHost['browse'];
  /** Every simulation event from now on (records put, throttled, read; shards; ticks); returns a stop function. */
  readonly observe: SimulationHost['observe'];
  /** For experiments, tests and benchmarks: break things on purpose, look inside the picture. */
  readonly debug: ShardlabDebug;
}

export interface ShardlabDebug {
  killShardWorker(stream: string, shardId: string): void;
  /** The living picture's particles on screen and its sampling (set once the picture is up). */
  picture?: () => { readonly particles: number; readonly sampledEvery: number };
  /** Particles the picture may start per second before it samples (default 600). */
  particleBudget?: (perSecond: number) => void;
}

declare global {
  interface Window {
    shardlab?: ShardlabWindowApi;
  }
}

export function installWindowApi(host: SimulationHost & { killShardWorker?: (stream: string, shardId: string) => void }): ShardlabWindowApi {
  const api: ShardlabWindowApi = {
    kinesis: host.kinesis,
    sdk,
    clock: host.clock,
    snapshot: () => host.snapshot(),
    status: () => host.status(),
    browse: (stream, shardId, from, limit) => host.browse(stream, shardId, from, limit),
    observe: (listener) => host.observe(listener),
    debug: {
      killShardWorker(stream, shardId) {
        if (!host.killShardWorker) throw new Error('This simulation runs in memory: there are no shard workers to kill.');
        host.killShardWorker(stream, shardId);
      },
    },
  };
  window.shardlab = api;
  return api;
}
