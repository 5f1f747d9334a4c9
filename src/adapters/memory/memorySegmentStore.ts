/**
 * The SegmentStore in memory, for Node and tests. Its contents outlive `close()` (like a
 * database outlives its connection), so a test can "restart" a shard on the same instance.
 * Segments are structured-cloned on the way in and out, as IndexedDB would, so a test sees the
 * same copy semantics (and the same DataCloneError for values IndexedDB could not store).
 */
import type { Segment, SegmentStore } from '../segmentStore.js';

/** Test hooks; each may return a promise to delay the operation or throw/reject to fail it. */
export interface MemorySegmentStoreHooks {
  /** Runs before an append is applied; if it fails, nothing is written (an aborted transaction). */
  beforeAppend?: (segment: Segment, lastCounter: number) => void | Promise<void>;
}

export class MemorySegmentStore implements SegmentStore {
  /** Segments in counter order. */
  private segments: Segment[] = [];
  private lastCounter = 0;
  private isOpen = false;
  /** Number of appends that completed (tests count transactions with it). */
  appends = 0;

  constructor(public hooks: MemorySegmentStoreHooks = {}) {}

  /** Segments held now (tests). */
  get segmentCount(): number {
    return this.segments.length;
  }

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async loadAll(): Promise<{ segments: Segment[]; lastCounter: number }> {
    this.check();
    return { segments: structuredClone(this.segments), lastCounter: this.lastCounter };
  }

  async append(segment: Segment, lastCounter: number): Promise<void> {
    this.check();
    const copy = structuredClone(segment);
    await this.hooks.beforeAppend?.(segment, lastCounter);
    this.check();
    // Keep counter order even if a caller appended out of order (IndexedDB keys would sort them).
    let i = this.segments.length;
    while (i > 0 && this.segments[i - 1]!.first > copy.first) i--;
    if (this.segments[i - 1]?.first === copy.first) this.segments[i - 1] = copy; // same key: put replaces
    else this.segments.splice(i, 0, copy);
    this.lastCounter = lastCounter;
    this.appends++;
  }

  async deleteThrough(lastArrivalBefore: number): Promise<number> {
    this.check();
    const before = this.segments.length;
    this.segments = this.segments.filter((s) => s.lastArrival >= lastArrivalBefore);
    return before - this.segments.length;
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }

  async destroy(): Promise<void> {
    this.isOpen = false;
    this.segments = [];
    this.lastCounter = 0;
  }

  private check(): void {
    if (!this.isOpen) throw new Error('memory segment store is not open');
  }
}
