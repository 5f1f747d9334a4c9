/**
 * The KPL's Aggregator stage (aggregator.h): one Reducer per (stream, predicted shard) packing user
 * records into aggregated Kinesis records. What it emits goes on to the Limiter.
 */
import type { KplConfig } from './config.js';
import { Aggregator } from './aggregation.js';
import { accurateSize, makeKinesisRecord, type KinesisRecord, type UserRecord } from './records.js';
import { Reducer, type ChunkBuilder } from './reducer.js';

/** The Aggregator stage of one (stream, predicted shard): a Reducer plus the exact size of all it holds. */
interface ShardAggregator { readonly stream: string; readonly shardId: string; readonly reducer: Reducer<UserRecord>; agg: Aggregator }

/** Every shard's aggregator of one producer. */
export class AggregatorStage {
  private readonly shards = new Map<string, ShardAggregator>();

  /**
   * @param clock the producer's virtual time, read at each step (as the producer's own field was)
   * @param emit receives each aggregated Kinesis record, in order
   */
  constructor(
    private readonly config: Readonly<KplConfig>,
    private readonly clock: () => number,
    private readonly emit: (kr: KinesisRecord) => void,
  ) {}

  /** Buffers a user record predicted to land on `shardId`; flushes once the aggregate is full. */
  put(ur: UserRecord, shardId: string): void {
    const key = `${ur.stream}\u0000${shardId}`;
    let b = this.shards.get(key);
    if (!b) this.shards.set(key, (b = { stream: ur.stream, shardId, reducer: new Reducer(), agg: new Aggregator() }));
    b.reducer.add(ur, this.clock());
    b.agg.add(ur);
    // reducer.h add(): flush once the container reaches the count or size limit.
    if (b.reducer.items.length >= this.config.AggregationMaxCount || accurateSize(b.reducer.items, b.agg) >= this.config.AggregationMaxSize) {
      this.flush(b, false);
    }
  }

  /** Emits everything buffered, in aggregates (KPL flush()). */
  flushAll(): void {
    for (const b of [...this.shards.values()]) this.flush(b, true);
  }

  /** Flushes every aggregator whose deadline timer is due. */
  fireDue(): void {
    for (const b of [...this.shards.values()]) if (b.reducer.timer !== undefined && b.reducer.timer <= this.clock()) this.flush(b, false);
  }

  /** The earliest armed deadline timer, if any. */
  nextTimer(): number | undefined {
    let next: number | undefined;
    for (const { reducer: r } of this.shards.values()) {
      if (r.timer !== undefined && (next === undefined || r.timer < next)) next = r.timer;
    }
    return next;
  }

  /** Emits the earliest-deadline records that fit one aggregate (all of them, in aggregates, if `all`). */
  private flush(b: ShardAggregator, all: boolean): void {
    const { AggregationMaxCount: maxCount, AggregationMaxSize: maxSize } = this.config;
    const builder = (): ChunkBuilder<UserRecord> & { agg: Aggregator } => {
      const agg = new Aggregator();
      return { agg, fits: (ur) => agg.count + 1 <= maxCount && agg.sizeWith(ur) <= maxSize, add: (ur) => agg.add(ur) };
    };
    for (const chunk of b.reducer.take(all, this.clock(), builder)) {
      this.emit(makeKinesisRecord(b.stream, b.shardId, chunk.items, chunk.built.agg));
    }
    b.agg = new Aggregator();
    for (const ur of b.reducer.items) b.agg.add(ur);
    if (b.reducer.items.length === 0) this.shards.delete(`${b.stream}\u0000${b.shardId}`);
  }
}
