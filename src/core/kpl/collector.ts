/**
 * The KPL's Collector stage (collector.h): one Reducer per stream packing Kinesis records into
 * PutRecords requests (CollectionMaxCount records, CollectionMaxSize bytes).
 */
import type { KplConfig } from './config.js';
import { entrySize, type KinesisRecord } from './records.js';
import { minOf, Reducer, type ChunkBuilder } from './reducer.js';

interface StreamCollector { readonly reducer: Reducer<KinesisRecord>; size: number }

/** Every stream's collector of one producer. */
export class Collector {
  private readonly streams = new Map<string, StreamCollector>();

  /**
   * @param clock the producer's virtual time, read at each step (as the producer's own field was)
   * @param emit receives the requests of each flush (possibly none), after the collector's own
   *   bookkeeping: the producer queues them and starts sending
   */
  constructor(
    private readonly config: Readonly<KplConfig>,
    private readonly clock: () => number,
    private readonly emit: (requests: KinesisRecord[][]) => void,
  ) {}

  /** Buffers a Kinesis record for its stream's next request; flushes once the request is full. */
  put(kr: KinesisRecord): void {
    // pipeline.h collector_put: with aggregation, a record may wait min(50, 0.2 × RecordMaxBufferedTime) more for company.
    // Unsure: extend_deadline_from_now is not in the sources read (time_sensitive.h of 2015 lacks it);
    // taken as max(deadline, now + that), capped at the expiration like set_deadline. Its source would settle it.
    if (this.config.AggregationEnabled) {
      const extended = Math.max(kr.deadline, this.clock() + Math.min(50, this.config.RecordMaxBufferedTime * 0.2));
      kr.deadline = Math.min(extended, minOf(kr.items, (ur) => ur.expiration));
    }
    let c = this.streams.get(kr.stream);
    if (!c) this.streams.set(kr.stream, (c = { reducer: new Reducer(), size: 0 }));
    c.reducer.add(kr, this.clock());
    c.size += entrySize(kr);
    if (c.reducer.items.length >= this.config.CollectionMaxCount || c.size >= this.config.CollectionMaxSize) {
      this.flush(kr.stream, c, false);
    }
  }

  /** Emits everything buffered, in requests (KPL flush()). */
  flushAll(): void {
    for (const [stream, c] of [...this.streams]) this.flush(stream, c, true);
  }

  /** Flushes every collector whose deadline timer is due. */
  fireDue(): void {
    for (const [stream, c] of [...this.streams]) if (c.reducer.timer !== undefined && c.reducer.timer <= this.clock()) this.flush(stream, c, false);
  }

  /** The earliest armed deadline timer, if any. */
  nextTimer(): number | undefined {
    let next: number | undefined;
    for (const { reducer: r } of this.streams.values()) {
      if (r.timer !== undefined && (next === undefined || r.timer < next)) next = r.timer;
    }
    return next;
  }

  private flush(stream: string, c: StreamCollector, all: boolean): void {
    const { CollectionMaxCount: maxCount, CollectionMaxSize: maxSize } = this.config;
    const builder = (): ChunkBuilder<KinesisRecord> => {
      let count = 0;
      let size = 0;
      // CollectionMaxSize: an oversize record still goes, alone (spec §1.2).
      return { fits: (kr) => count + 1 <= maxCount && size + entrySize(kr) <= maxSize, add: (kr) => { count++; size += entrySize(kr); } };
    };
    const requests = c.reducer.take(all, this.clock(), builder).map((chunk) => chunk.items);
    c.size = 0;
    for (const kr of c.reducer.items) c.size += entrySize(kr);
    if (c.reducer.items.length === 0) this.streams.delete(stream);
    this.emit(requests);
  }
}
