/**
 * Every message between the main-thread broker and its workers, typed. Workers are driven
 * through Comlink, so a "message" is a method call on the worker's exposed API; the protocol
 * version is checked when a worker starts (`init`), so a stale cached worker script fails loudly.
 */
import type { HashKeyRange } from '../core/kinesis/model/hashKey.js';
import type { PutEntry, PutOutcome, ReadOutcome, StartPosition, Throttled } from '../core/kinesis/shard/shardCore.js';
import type { StoredRecord } from '../core/kinesis/shard/recordLog.js';

// 2: record data travels and is stored as base64 text (was bytes).
export const PROTOCOL_VERSION = 2;

/** Shard identity sent to a shard worker (structured clone carries the bigint range). */
export interface ShardWorkerMeta {
  readonly index: number;
  readonly range: HashKeyRange;
  readonly createdAt: number;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
}

export interface ShardWorkerInit {
  readonly protocolVersion: number;
  /** IndexedDB database holding this shard's segments (one database per shard). */
  readonly dbName: string;
  readonly meta: ShardWorkerMeta;
  readonly enforceLimits: boolean;
}

export interface ShardWorkerReady {
  readonly protocolVersion: number;
  /** Last sequence counter ever assigned (restored from storage). */
  readonly lastCounter: number;
  readonly recordCount: number;
}

export interface ShardWorkerStats {
  readonly recordCount: number;
  readonly lastCounter: number;
  readonly committedCounter: number;
  readonly segmentCount: number;
  /** Bytes of record data held. */
  readonly bytes: number;
}

/**
 * The API a shard worker exposes. Every data-plane call answers only after the data it
 * acknowledges is committed to IndexedDB.
 */
export interface ShardWorkerApi {
  /** Opens the store, restores the shard, checks the protocol version (throws on mismatch). */
  init(init: ShardWorkerInit): Promise<ShardWorkerReady>;
  put(entries: readonly PutEntry[], now: number): Promise<PutOutcome[]>;
  iteratorPosition(start: StartPosition, now: number, trimHorizon: number): Promise<number | Throttled>;
  read(position: number, limit: number, now: number, trimHorizon: number): Promise<ReadOutcome | Throttled>;
  /** Drops records older than `horizon` from memory and whole expired segments from storage. */
  trim(horizon: number): Promise<number>;
  setEnforceLimits(on: boolean): Promise<void>;
  stats(): Promise<ShardWorkerStats>;
  /** Up to `limit` committed records with counter ≥ `from` (record browser; no limits apply). */
  browse(from: number, limit: number): Promise<StoredRecord[]>;
  /** Closes and deletes the shard's database (its stream was deleted). */
  destroy(): Promise<void>;
}
