/**
 * What a KCL consumer application (kclApp.ts) is made from and what the UI sees of it: plain
 * types only, so panels and labs can name them without the class.
 */
import type { Lease, LeaseStore } from '../core/kcl/leaseTable.js';
import type { InitialPosition, KinesisFunction } from '../core/kcl/types.js';
import type { FanOutConfig, PollingConfig, WorkerSnapshot } from '../core/kcl/workerOptions.js';
import type { ProcessedRecord } from './kclWorkerHost.js';
import type { WorkerLike } from './remotePipeline.js';

/** Where a KCL worker is in its life (a crash is `stopped`, a graceful end `shut down`). */
export type KclWorkerStatus = 'starting' | 'running' | 'stopped' | 'shut down' | 'failed';

/** How a `KclApplication` is made: what it runs, and the page's side of what its workers need. */
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
