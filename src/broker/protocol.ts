/**
 * Every message between the main-thread broker and its workers, typed. Workers are driven
 * through Comlink, so a "message" is a method call on the worker's exposed API; the protocol
 * version is checked when a worker starts (`init`), so a stale cached worker script fails loudly.
 */
import type { HashKeyRange } from '../core/kinesis/model/hashKey.js';
import type { PutEntry, PutOutcome, ReadOutcome, StartPosition, Throttled } from '../core/kinesis/shard/shardCore.js';
import type { StoredRecord } from '../core/kinesis/shard/recordLog.js';
import type { Result } from '../core/kinesis/errors.js';
import type { BufferedStats, InRecord } from '../core/firehose/pipelineTypes.js';
import type { FirehoseEvent } from '../core/firehose/events.js';
import type { LambdaInvokeResult } from '../core/firehose/lambda.js';
import type { HttpExchange, HttpRequest } from '../core/firehose/httpEndpoint.js';
import type { SavedDeliveryStream } from '../core/firehose/persist.js';
import type { RedshiftOutcome } from '../core/firehose/redshiftDelivery.js';
import type { GlueColumn } from '../core/firehose/formatConversion.js';

// 2: record data travels and is stored as base64 text (was bytes).
// 3: puts travel packed (PackedPut / PackedOutcomes).
export const PROTOCOL_VERSION = 3;

/**
 * A put's entries as parallel arrays: structured clone copies arrays of strings much faster than
 * arrays of small objects (no property names, no object per record), and puts are the hot path.
 */
export interface PackedPut {
  readonly partitionKeys: string[];
  readonly data: string[];
  readonly bytes: Int32Array;
  /** Present only when some entry has one; `null` where an entry has none. */
  readonly explicitHashKeys?: (string | null)[];
}

/** Outcomes, in entry order, as one string: sequence numbers separated by ',', '' = throttled. */
export type PackedOutcomes = string;

export function packPut(entries: readonly PutEntry[]): PackedPut {
  const n = entries.length;
  const partitionKeys = new Array<string>(n);
  const data = new Array<string>(n);
  const bytes = new Int32Array(n);
  let explicitHashKeys: (string | null)[] | undefined;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    partitionKeys[i] = e.partitionKey;
    data[i] = e.data;
    bytes[i] = e.bytes;
    if (e.explicitHashKey !== undefined) (explicitHashKeys ??= new Array<string | null>(n).fill(null))[i] = e.explicitHashKey;
  }
  return explicitHashKeys ? { partitionKeys, data, bytes, explicitHashKeys } : { partitionKeys, data, bytes };
}

export function unpackPut(p: PackedPut): PutEntry[] {
  const n = p.partitionKeys.length;
  const out = new Array<PutEntry>(n);
  for (let i = 0; i < n; i++) {
    const h = p.explicitHashKeys?.[i];
    out[i] = h == null
      ? { partitionKey: p.partitionKeys[i]!, data: p.data[i]!, bytes: p.bytes[i]! }
      : { partitionKey: p.partitionKeys[i]!, data: p.data[i]!, bytes: p.bytes[i]!, explicitHashKey: h };
  }
  return out;
}

export function packOutcomes(out: readonly PutOutcome[]): PackedOutcomes {
  return out.map((o) => ('sequenceNumber' in o ? o.sequenceNumber : '')).join(',');
}

const THROTTLED: PutOutcome = { throttled: true };

export function unpackOutcomes(p: PackedOutcomes, count: number): PutOutcome[] {
  if (count === 0) return [];
  const parts = p.split(',');
  if (parts.length !== count) throw new Error(`a shard worker answered ${parts.length} outcomes for ${count} records`);
  return parts.map((s) => (s === '' ? THROTTLED : { sequenceNumber: s }));
}

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
  /** Stores entries (packed); answers once they are durable. */
  put(entries: PackedPut, now: number): Promise<PackedOutcomes>;
  iteratorPosition(start: StartPosition, now: number, trimHorizon: number, unmetered?: boolean): Promise<number | Throttled>;
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

// ── delivery stream workers ─────────────────────────────────────────────────────────────────

/** Checked when a delivery stream worker starts, like PROTOCOL_VERSION for shard workers. */
// 2: HTTP endpoint and Splunk destinations (the state's `endpoint`; the host's `http`).
export const FIREHOSE_PROTOCOL_VERSION = 3;

/** A pipeline's figures, as its worker reports them after every call (cached by the broker). */
export interface PipelineStats {
  readonly buffered: BufferedStats;
  /** Records of batches waiting for a retry. */
  readonly retrying: number;
  /** Deliveries (S3 writes, Lambda invocations) under way in the worker. */
  readonly inFlight: number;
}

export interface FirehoseWorkerInit {
  readonly protocolVersion: number;
  /** IndexedDB database holding this delivery stream's record log (one per delivery stream). */
  readonly dbName: string;
  /** The delivery stream as plain data (tags as pairs). */
  readonly state: SavedDeliveryStream;
  /** Seeds the worker's Random (object names, invocation ids); the broker gives each start a new one. */
  readonly seed: number;
  readonly region: string;
  /** Virtual now (epoch ms). */
  readonly now: number;
}

export interface FirehoseWorkerReady {
  readonly protocolVersion: number;
  /** Records replayed from the log into the fresh pipeline. */
  readonly restored: number;
  readonly stats: PipelineStats;
}

/**
 * What a delivery stream worker calls back in the broker (a Comlink proxy, passed to `init` as
 * its own argument: Comlink transfers proxies only at the top level of a call's arguments).
 */
export interface FirehoseWorkerHost {
  /** Writes an object to the simulated S3; resolves once it is stored (and persisted). */
  putObject(bucket: string, key: string, data: Uint8Array): Promise<Result<unknown>>;
  invokeLambda(functionArn: string, event: unknown): Promise<LambdaInvokeResult>;
  /**
   * Answers a request to a simulated receiver (Datadog, New Relic, MongoDB, Splunk HEC — the
   * broker owns them, so the page can show what arrived). Real endpoints the worker fetches
   * itself. Absent: simulated receivers are unreachable from this worker.
   */
  http?(request: HttpRequest): Promise<HttpExchange>;
  /** Runs a Redshift destination's COPY on the broker's simulated clusters (resolves once the loaded rows are saved). */
  redshift?(jdbcUrl: string, user: string, password: string, sql: string): Promise<RedshiftOutcome>;
  /** A Glue table's columns (format conversion reads them when it converts a batch). */
  glueColumns?(database: string, table: string): Promise<Result<GlueColumn[]>>;
  /** A Firehose event, with the pipeline's figures right after it. */
  emit(event: FirehoseEvent, stats: PipelineStats): void;
}

/**
 * The API a delivery stream worker exposes. Virtual time in the worker is the `now` of the
 * broker's last call; the worker keeps no timer of its own.
 */
export interface FirehoseWorkerApi {
  /** Opens the log and replays it into a fresh pipeline (original arrivals: deadlines hold). */
  init(init: FirehoseWorkerInit, host: FirehoseWorkerHost): Promise<FirehoseWorkerReady>;
  /**
   * Takes records; resolves once they are committed to the log (the broker acknowledges the put
   * then). Records it already holds, or delivered lately, are skipped (a retried call is safe).
   */
  accept(records: InRecord[], now: number): Promise<PipelineStats>;
  /** Starts every delivery due at `now`. */
  tick(now: number): Promise<PipelineStats>;
  /** The delivery stream's configuration changed (UpdateDestination, tags, status). */
  reconfigure(state: SavedDeliveryStream): Promise<PipelineStats>;
  stats(): Promise<PipelineStats>;
  /** Resolves once no delivery and no log write is under way. */
  idle(): Promise<PipelineStats>;
  /** Closes and deletes the log (the delivery stream was deleted). */
  destroy(): Promise<void>;
}
