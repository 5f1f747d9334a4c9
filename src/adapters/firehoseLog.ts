/**
 * What a delivery stream's worker needs from storage: a log of the records it holds — accepted
 * but not yet delivered (or written to the error output). A record is added before its put is
 * acknowledged and removed once its journey ended, so after a crash or a reload the log is exactly
 * what must still be delivered, in the order it arrived.
 *
 * One value per record (not segments as for shards): records leave the log one delivery at a
 * time, and with dynamic partitioning not in arrival order.
 *
 * Implementations: `IdbFirehoseLog` (browser, delivery stream workers) and `MemoryFirehoseLog`
 * (Node, tests).
 */
import type { InRecord } from '../core/firehose/pipelineTypes.js';

export interface LoggedRecord {
  /** Position in the log: ascending in the order records were accepted (the replay order). */
  readonly seq: number;
  readonly record: InRecord;
}

export interface FirehoseLog {
  /** Opens (and creates or upgrades) the storage. Call once before anything else. */
  open(): Promise<void>;
  /** Every record held, in `seq` order. */
  loadAll(): Promise<LoggedRecord[]>;
  /**
   * Adds `puts` and removes the records at the positions `deletes`, in ONE transaction.
   * Resolves only once it completed (durable); rejects, having changed nothing, if it failed.
   */
  commit(puts: readonly LoggedRecord[], deletes: readonly number[]): Promise<void>;
  /** Closes the storage; it can be opened again. */
  close(): Promise<void>;
  /** Closes and deletes the storage for good. */
  destroy(): Promise<void>;
}
