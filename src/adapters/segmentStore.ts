/**
 * What a durable shard needs from storage. Records are written in *segments* — many records of
 * consecutive counters stored as one value — because IndexedDB's cost is per transaction and per
 * value, not per byte: measured in headless Chromium, one record per transaction manages ~1.5k
 * puts/s, a segment of 125 records per transaction ~30k records/s and of 500 records ~75k
 * records/s (1 KiB each, one worker; bench/browser.bench.ts).
 *
 * Implementations: `IdbSegmentStore` (browser, shard workers) and `MemorySegmentStore` (Node, tests).
 */
import type { StoredRecord } from '../core/kinesis/shard/recordLog.js';
import { encodeBase64 } from '../core/util/base64.js';

/**
 * Records of consecutive (ascending) counters, stored and deleted as one value — packed by
 * column: each field of all the records in one string or typed array. IndexedDB serialises a
 * value by structured clone, which copies a few long strings and typed arrays far faster than
 * hundreds of small objects (the per-record objects are rebuilt only when a shard loads).
 * `segmentOf` packs, `recordsOf` unpacks.
 */
export interface Segment {
  /** Counter of the first record: the segment's key. Counters run first…last without gaps. */
  readonly first: number;
  /** Counter of the last record. */
  readonly last: number;
  /** Earliest arrival in the segment, epoch ms. */
  readonly firstArrival: number;
  /** Latest arrival in the segment, epoch ms: the segment expires when this falls out of retention. */
  readonly lastArrival: number;
  /** Packed columns (format 2). Absent in segments written by older versions, which hold `records`. */
  readonly packed?: PackedColumns;
  /** Format 1 (older versions): one object per record. */
  readonly records?: readonly StoredRecord[];
}

/** The records of a segment, column by column (record i of each column is record first + i). */
export interface PackedColumns {
  readonly arrivals: Float64Array;
  /** Sequence numbers joined by ',' (they are digits only). */
  readonly sequenceNumbers: string;
  /** Partition keys concatenated; `keyLengths[i]` UTF-16 units each. */
  readonly keys: string;
  readonly keyLengths: Uint16Array;
  /** Base64 data concatenated; `dataLengths[i]` characters each. */
  readonly data: string;
  readonly dataLengths: Int32Array;
  /** Only when some record has one; `null` for those without. */
  readonly explicitHashKeys?: (string | null)[];
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

/** Builds the (packed) segment holding `records` (non-empty, consecutive ascending counters). */
export function segmentOf(records: readonly StoredRecord[]): Segment {
  const head = records[0];
  const tail = records[records.length - 1];
  if (!head || !tail) throw new Error('segmentOf: a segment holds at least one record');
  const n = records.length;
  if (tail.counter - head.counter !== n - 1) throw new Error('segmentOf: counters must be consecutive');
  const arrivals = new Float64Array(n);
  const seqs = new Array<string>(n);
  const keys = new Array<string>(n);
  const keyLengths = new Uint16Array(n);
  const data = new Array<string>(n);
  const dataLengths = new Int32Array(n);
  let explicitHashKeys: (string | null)[] | undefined;
  let firstArrival = Infinity;
  let lastArrival = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    if (r.arrival < firstArrival) firstArrival = r.arrival;
    if (r.arrival > lastArrival) lastArrival = r.arrival;
    arrivals[i] = r.arrival;
    seqs[i] = r.sequenceNumber;
    keys[i] = r.partitionKey;
    keyLengths[i] = r.partitionKey.length;
    data[i] = r.data;
    dataLengths[i] = r.data.length;
    if (r.explicitHashKey !== undefined) (explicitHashKeys ??= new Array<string | null>(n).fill(null))[i] = r.explicitHashKey;
  }
  const packed: PackedColumns = {
    arrivals, sequenceNumbers: seqs.join(','), keys: keys.join(''), keyLengths, data: data.join(''), dataLengths,
    ...(explicitHashKeys ? { explicitHashKeys } : {}),
  };
  return { first: head.counter, last: tail.counter, firstArrival, lastArrival, packed };
}

/** The records of a segment, in counter order (either format). */
export function recordsOf(segment: Segment): StoredRecord[] {
  const p = segment.packed;
  if (!p) return (segment.records ?? []).map(legacyRecord);
  const n = segment.last - segment.first + 1;
  const seqs = p.sequenceNumbers.split(',');
  const out = new Array<StoredRecord>(n);
  let k = 0, d = 0;
  for (let i = 0; i < n; i++) {
    const partitionKey = p.keys.slice(k, (k += p.keyLengths[i]!));
    const data = p.data.slice(d, (d += p.dataLengths[i]!));
    const h = p.explicitHashKeys?.[i];
    const base = { counter: segment.first + i, sequenceNumber: seqs[i]!, partitionKey, data, arrival: p.arrivals[i]! };
    out[i] = h == null ? base : { ...base, explicitHashKey: h };
  }
  return out;
}

/** A record of format 1; the oldest of those held data as bytes. */
function legacyRecord(r: StoredRecord): StoredRecord {
  const data: unknown = r.data;
  return data instanceof Uint8Array ? { ...r, data: encodeBase64(data) } : r;
}
