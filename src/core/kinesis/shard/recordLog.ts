/**
 * The in-memory record log of one shard: records in append order (counter and arrival time both
 * non-decreasing), binary-searchable by counter and by arrival time, trimmed from the front.
 * The IndexedDB-backed store of the shard workers keeps the same interface.
 */
import { base64DecodedLength } from '../../util/base64.js';

export interface StoredRecord {
  /** Per-shard counter, from 1; the sort key. */
  readonly counter: number;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /**
   * The data as base64 text — the form it arrived in and is served in. Kept as text rather than
   * bytes so a record is never decoded or encoded on its way through (and it is one compact
   * string per record for the GC and for structured clone); `base64DecodedLength` gives its size.
   */
  readonly data: string;
  /** ApproximateArrivalTimestamp, epoch ms (virtual clock). */
  readonly arrival: number;
  readonly explicitHashKey?: string;
}

export class RecordLog {
  private items: StoredRecord[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  append(r: StoredRecord): void {
    this.items.push(r);
  }

  first(): StoredRecord | undefined {
    return this.items[this.head];
  }

  last(): StoredRecord | undefined {
    return this.items.length > this.head ? this.items[this.items.length - 1] : undefined;
  }

  /** Index (absolute) of the first record with counter ≥ `counter`. */
  private lowerBound(key: (r: StoredRecord) => number, value: number): number {
    let lo = this.head, hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key(this.items[mid]!) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Records with counter in [`from`, `upTo`], at most `limit` of them and at most `maxBytes` of
   * data (at least one).
   */
  readFrom(from: number, limit: number, maxBytes: number, upTo = Infinity): StoredRecord[] {
    const out: StoredRecord[] = [];
    let bytes = 0;
    for (let i = this.lowerBound(byCounter, from); i < this.items.length && out.length < limit; i++) {
      const r = this.items[i]!;
      const size = base64DecodedLength(r.data);
      if (r.counter > upTo || (out.length > 0 && bytes + size > maxBytes)) break;
      bytes += size;
      out.push(r);
    }
    return out;
  }

  /** True when a record with counter ≥ `from` exists. */
  hasFrom(from: number): boolean {
    return this.lowerBound(byCounter, from) < this.items.length;
  }

  /** The first record that arrived at or after `time`. */
  firstAtOrAfter(time: number): StoredRecord | undefined {
    return this.items[this.lowerBound(byArrival, time)];
  }

  /** Drops every record that arrived before `time`; returns how many. */
  trimBefore(time: number): number {
    const cut = this.lowerBound(byArrival, time);
    const n = cut - this.head;
    this.head = cut;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return n;
  }

  /** All live records (oldest first), for snapshots and tests. */
  all(): readonly StoredRecord[] {
    return this.items.slice(this.head);
  }
}

const byCounter = (r: StoredRecord): number => r.counter;
const byArrival = (r: StoredRecord): number => r.arrival;
