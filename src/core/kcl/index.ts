/**
 * The Kinesis Client Library, simulated on virtual time (spec producers-consumers §2): workers
 * sharing a lease table, record processors, checkpoints, resharding, polling and fan-out.
 */
export { KclWorker } from './worker.js';
export type { FanOutConfig, KclWorkerOptions, LeaseView, PollingConfig, WorkerSnapshot } from './workerOptions.js';
export { MemoryLeaseStore, Sentinel, isSentinel, newLease, type Lease, type LeaseChange, type LeaseCondition, type LeaseStore, type LeaseStoreError, type LeaseWrite } from './leaseTable.js';
export { computeLeasesToTake, type ScannedLease, type TakeDecision, type TakerConfig } from './leaseTaker.js';
export { ConsumerState } from './shardConsumer.js';
export { emptyMetrics, type KclMetrics } from './metrics.js';
export { syncShards, cleanupCompletedLeases } from './shardSync.js';
export {
  IllegalArgumentException, InvalidStateException, KinesisClientLibException, ShutdownException,
  type Checkpointer, type ChildShard, type Deaggregate, type ExtendedSequenceNumber, type InitialPosition, type InitializationInput,
  type KinesisClientRecord, type KinesisFunction, type ProcessRecordsInput, type ShardRecordProcessor,
} from './types.js';
