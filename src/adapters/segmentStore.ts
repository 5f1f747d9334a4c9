/**
 * What a durable shard needs from storage. Records are written in *segments* — many records of
 * consecutive counters stored as one value — because IndexedDB's cost is per transaction and per
 * value, not per byte: measured in headless Chromium, one record per transaction manages ~1.5k
 * puts/s, while a batch stored as one value manages ~32k records/s (1 KiB each).
 *
 * Implementations: `IdbSegmentStore` (browser, shard workers) and `MemorySegmentStore` (Node, tests).
 */
import type { StoredRecord } from '../core/kinesis/shard/recordLog.js';

/** Records of consecutive (ascending) counters, stored and deleted as one value. */
export interface Segment {
  /** Counter of the first record: the segment's key. */
  readonly first: number;
  /** Counter of the last record. */
  readonly last: number;
  /** Earliest arrival in the segment, epoch ms. */
  readonly firstArrival: number;
  /** Latest arrival in the segment, epoch ms: the segment expires when this falls out of retention. */
  readonly lastArrival: number;
  readonly records: readonly StoredRecord[];
}

export interface SegmentStore {
  /** Opens (and creates or upgrades) the storage. Call once before anything else. */
  open(): Promise<void>;
  /**
   * Every stored segment in counter order, and the last counter ever assigned (which may be
   * above the last stored record's: counters are never reused, even after trimming).
   */
  loadAll(): Promise<{ segments: Segment[]; lastCounter: number }>;
  /**
   * Writes `segment` and the shard's `lastCounter` in ONE transaction. Resolves only once that
   * transaction has completed (durable); rejects, having written nothing, if it failed.
   */
  append(segment: Segment, lastCounter: number): Promise<void>;
  /**
   * Deletes, in one transaction, every whole segment whose newest record arrived before
   * `lastArrivalBefore` (epoch ms). Returns how many segments were deleted.
   */
  deleteThrough(lastArrivalBefore: number): Promise<number>;
  /** Closes the storage; it can be opened again. */
  close(): Promise<void>;
  /** Closes and deletes the storage for good. */
  destroy(): Promise<void>;
}

/**
 * Builds the segment holding `records` (non-empty, ascending counters).
 */
export function segmentOf(records: readonly StoredRecord[]): Segment {
  const head = records[0];
  const tail = records[records.length - 1];
  if (!head || !tail) throw new Error('segmentOf: a segment holds at least one record');
  let firstArrival = Infinity;
  let lastArrival = -Infinity;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.arrival < firstArrival) firstArrival = r.arrival;
    if (r.arrival > lastArrival) lastArrival = r.arrival;
  }
  return { first: head.counter, last: tail.counter, firstArrival, lastArrival, records };
}
