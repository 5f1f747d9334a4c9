/**
 * The options of a `KclWorker` (KCL 2.x config names and defaults, spec producers-consumers
 * §2.3, §2.7) and what it shows the UI.
 */
import type { LeaseStore } from './leaseTable.js';
import type { KclMetrics } from './metrics.js';
import type { ConsumerState } from './shardConsumer.js';
import type { Deaggregate, InitialPosition, KinesisFunction, ShardRecordProcessor } from './types.js';

export interface PollingConfig {
  readonly mode: 'polling';
  /** GetRecords Limit (default and max 10000). */
  readonly maxRecords?: number;
  /** Virtual ms between GetRecords calls per shard (KCL 2.x default 1500; 1.x 1000). */
  readonly idleTimeBetweenReadsInMillis?: number;
}

export interface FanOutConfig {
  readonly mode: 'fanout';
  /** The registered stream consumer (the KCL registers one named after the application). */
  readonly consumerARN: string;
}

export interface KclWorkerOptions {
  /** Unique per worker (KCL: host + UUID). */
  readonly workerIdentifier: string;
  readonly streamName: string;
  /** The Kinesis API (`sim.kinesis.dispatch.bind(sim.kinesis)`). */
  readonly kinesis: KinesisFunction;
  /** The application's lease table, shared by all its workers. */
  readonly leaseStore: LeaseStore;
  /** A new record processor for a shard the worker starts processing. */
  readonly processorFactory: (shardId: string) => ShardRecordProcessor;
  /** Where shards without a checkpoint start (RetrievalConfig default LATEST). Children always start at TRIM_HORIZON. */
  readonly initialPosition?: InitialPosition;
  /** Default polling. (KCL 2.x/3.x default to fan-out; here it needs a registered consumer.) */
  readonly retrieval?: PollingConfig | FanOutConfig;
  readonly failoverTimeMillis?: number;
  readonly epsilonMillis?: number;
  readonly shardSyncIntervalMillis?: number;
  readonly parentShardPollIntervalMillis?: number;
  readonly taskBackoffTimeMillis?: number;
  readonly maxLeasesForWorker?: number;
  readonly maxLeasesToStealAtOneTime?: number;
  readonly cleanupLeasesUponShardCompletion?: boolean;
  /** KPL de-aggregation (default: the KPL's format, which the KCL always de-aggregates). */
  readonly deaggregate?: Deaggregate;
  /** Uniform [0, 1): shuffles expired leases and picks steal victims (default: seeded). */
  readonly random?: () => number;
}

export interface LeaseView {
  readonly shardId: string;
  readonly leaseCounter: number;
  readonly checkpoint: string;
  readonly checkpointSubSequenceNumber: number;
  readonly state: ConsumerState;
  readonly millisBehindLatest: number;
  readonly shardEndAttempts: number;
}

/** What the UI shows of a worker. */
export interface WorkerSnapshot {
  readonly workerIdentifier: string;
  readonly running: boolean;
  readonly leases: readonly LeaseView[];
  readonly metrics: KclMetrics;
  readonly errors: readonly string[];
}
