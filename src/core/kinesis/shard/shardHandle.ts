/**
 * What the engine's actions need from a shard. `ShardCore` implements it in memory; in the
 * browser a proxy implements it over Comlink to the shard's own worker — hence the promises.
 */
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
  iteratorPosition(start: StartPosition, now: number, trimHorizon: number): MaybePromise<number | Throttled>;
  read(position: number, limit: number, now: number, trimHorizon: number): MaybePromise<ReadOutcome | Throttled>;
  trim(horizon: number): MaybePromise<number>;
}
