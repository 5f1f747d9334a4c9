/**
 * What the engine's actions need from a shard. `ShardCore` implements it in memory; in the
 * browser a proxy implements it over Comlink to the shard's own worker — hence the promises.
 */
import type { StoredRecord } from './recordLog.js';
import type { PutEntry, PutOutcome, ReadOutcome, ShardMeta, StartPosition, Throttled } from './shardCore.js';

export type MaybePromise<T> = T | Promise<T>;

export interface ShardHandle {
  readonly id: string;
  readonly meta: ShardMeta;
  readonly startingSequenceNumber: string;
  /** The per-shard limits apply (set by the stream-level switch). */
  enforceLimits: boolean;
  /** Records currently held (a remote shard reports its last known count). */
  readonly recordCount: number;
  put(entries: readonly PutEntry[], now: number): MaybePromise<PutOutcome[]>;
  iteratorPosition(start: StartPosition, now: number, trimHorizon: number, unmetered?: boolean): MaybePromise<number | Throttled>;
  read(position: number, limit: number, now: number, trimHorizon: number): MaybePromise<ReadOutcome | Throttled>;
  trim(horizon: number): MaybePromise<number>;
  /** Up to `limit` committed records with counter ≥ `from`, outside every limit (record browser). */
  browse(from: number, limit: number): MaybePromise<StoredRecord[]>;
  /** Releases the shard's resources and storage (its stream is gone). */
  dispose?(): MaybePromise<void>;
}
