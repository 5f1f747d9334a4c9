/**
 * A delivery stream reading its Kinesis data stream, as Firehose does (spec §2.1): a consumer of
 * the stream's shards through the Kinesis API itself — so its GetRecords count against each
 * shard's 5 reads/s like any consumer's — one GetRecords per shard per second, starting at
 * DeliveryStartTimestamp (LATEST when the delivery stream became ACTIVE). It follows resharding:
 * a closed shard is read to its end, then its children from their oldest record, parents first
 * so no record is lost or reordered per key.
 */
import type { KinesisEngine } from '../kinesis/engine.js';
import { parseStreamArn } from '../kinesis/model/arn.js';
import { readerOfIterator } from '../kinesis/model/iterator.js';
import type { WireRecord } from '../kinesis/types.js';
import type { InRecord } from './pipelineTypes.js';

/**
 * What the reader needs of its owner (a delivery stream, or an analytics application): whether
 * it runs, the stream and the time to start from, and where to keep its checkpoints.
 */
export interface SourceReaderState {
  readonly status: string;
  checkpoints?: Record<string, string>;
  readonly source?: { readonly KinesisStreamARN: string; readonly DeliveryStartTimestamp: number };
  /** Where shards open at the start are read from: the start timestamp (default), or their oldest record. */
  readonly startPosition?: 'AT_TIMESTAMP' | 'TRIM_HORIZON';
}

const POLL_MS = 1000;
const DISCOVER_MS = 10_000;

interface ShardRead {
  readonly shardId: string;
  readonly parents: readonly string[];
  iterator?: string;
  nextAt: number;
  busy: boolean;
  done: boolean;
  /** From DeliveryStartTimestamp (shards open at the start) or from the oldest record (children found later). */
  readonly start: 'AT_TIMESTAMP' | 'TRIM_HORIZON';
}

interface ListedShard {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  SequenceNumberRange: { EndingSequenceNumber?: string };
}

export class KinesisSourceReader {
  private readonly shards = new Map<string, ShardRead>();
  private discoveredAt = -Infinity;
  private discovering = false;
  private pending = new Set<Promise<void>>();
  /** MillisBehindLatest of the last read, per shard (Firehose's KinesisMillisBehindLatest). */
  readonly behind = new Map<string, number>();
  /** The `reader` ids its GetRecords carry in the simulation's read events (the picture names them). */
  readonly readers = new Set<string>();
  /** GetRecords refused for the shard's read limit (ThrottledGetRecords). */
  throttled = 0;
  /** The last error reading the source (e.g. the stream was deleted), shown by the UI. */
  lastError: string | undefined;

  constructor(
    private readonly kinesis: KinesisEngine,
    private readonly state: SourceReaderState,
    private readonly deliver: (records: InRecord[]) => void | Promise<void>,
    private readonly onProgress: () => void = () => undefined,
    /** The status in which it reads (a delivery stream's ACTIVE, an application's RUNNING). */
    private readonly readingStatus = 'ACTIVE',
  ) {}

  private checkpoint(shardId: string, value: string): void {
    (this.state.checkpoints ??= {})[shardId] = value;
    this.onProgress();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private get streamName(): string {
    return parseStreamArn(this.state.source!.KinesisStreamARN)!.name;
  }

  tick(now: number): void {
    if (this.state.status !== this.readingStatus) return;
    if (!this.discovering && now - this.discoveredAt >= DISCOVER_MS) this.track(this.discover(now));
    for (const r of this.shards.values()) {
      if (r.busy || r.done || now < r.nextAt) continue;
      if (r.parents.some((p) => this.shards.has(p) && !this.shards.get(p)!.done)) continue;
      this.track(this.poll(r));
    }
  }

  private async discover(now: number): Promise<void> {
    this.discovering = true;
    this.discoveredAt = now;
    try {
      const listed: ListedShard[] = [];
      let token: string | undefined;
      do {
        const out = await this.kinesis.dispatch('ListShards', token ? { NextToken: token } : { StreamName: this.streamName });
        if (!out.ok) {
          this.lastError = `${out.error.__type}: ${out.error.message}`;
          return;
        }
        const v = out.value as { Shards: ListedShard[]; NextToken?: string };
        listed.push(...v.Shards);
        token = v.NextToken;
      } while (token);
      const first = this.shards.size === 0;
      const saved = this.state.checkpoints ?? {};
      for (const s of listed) {
        if (this.shards.has(s.ShardId)) continue;
        if (saved[s.ShardId] === 'done') {
          this.shards.set(s.ShardId, { shardId: s.ShardId, parents: [], nextAt: 0, busy: false, done: true, start: 'TRIM_HORIZON' });
          continue;
        }
        // Shards listed at the start (the first look, or after a reload) are read from their
        // checkpoint, else from DeliveryStartTimestamp — a shard that closed before then simply has
        // nothing there and ends at once; a closed parent not yet read to its end is read, parents
        // first, so a reload after a split loses nothing. Shards that appear later are children of
        // a reshard: read from their oldest record.
        this.shards.set(s.ShardId, {
          shardId: s.ShardId,
          parents: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined),
          nextAt: now,
          busy: false,
          done: false,
          start: first ? this.state.startPosition ?? 'AT_TIMESTAMP' : 'TRIM_HORIZON',
        });
      }
    } finally {
      this.discovering = false;
    }
  }

  private async poll(r: ShardRead): Promise<void> {
    r.busy = true;
    try {
      if (r.iterator === undefined) {
        const after = this.state.checkpoints?.[r.shardId];
        const input: Record<string, unknown> = { StreamName: this.streamName, ShardId: r.shardId, ShardIteratorType: r.start };
        if (after !== undefined && after !== 'done') {
          input.ShardIteratorType = 'AFTER_SEQUENCE_NUMBER';
          input.StartingSequenceNumber = after;
        } else if (r.start === 'AT_TIMESTAMP') input.Timestamp = this.state.source!.DeliveryStartTimestamp / 1000;
        const it = await this.kinesis.dispatch('GetShardIterator', input);
        if (!it.ok) {
          this.lastError = `${it.error.__type}: ${it.error.message}`;
          return;
        }
        r.iterator = (it.value as { ShardIterator: string }).ShardIterator;
        const reader = readerOfIterator(r.iterator);
        if (reader !== undefined) this.readers.add(reader);
      }
      const out = await this.kinesis.dispatch('GetRecords', { ShardIterator: r.iterator, Limit: 10000 });
      if (!out.ok) {
        if (out.error.__type === 'ProvisionedThroughputExceededException') this.throttled++;
        else if (out.error.__type === 'ExpiredIteratorException') r.iterator = undefined;
        else this.lastError = `${out.error.__type}: ${out.error.message}`;
        return;
      }
      const v = out.value as { Records: WireRecord[]; NextShardIterator?: string; MillisBehindLatest?: number };
      this.behind.set(r.shardId, v.MillisBehindLatest ?? 0);
      this.lastError = undefined;
      if (v.Records.length) {
        // A consumer that could not take them: the same iterator reads them again next time.
        const took = await Promise.resolve(this.deliver(v.Records.map((rec) => ({
          recordId: rec.SequenceNumber,
          data: rec.Data,
          arrival: Math.round(rec.ApproximateArrivalTimestamp * 1000),
          bytes: Math.floor((rec.Data.length * 3) / 4) - (rec.Data.endsWith('==') ? 2 : rec.Data.endsWith('=') ? 1 : 0),
          kinesis: { shardId: r.shardId, partitionKey: rec.PartitionKey, sequenceNumber: rec.SequenceNumber, arrival: Math.round(rec.ApproximateArrivalTimestamp * 1000) },
        })))).then(() => true, (e: unknown) => {
          this.lastError = e instanceof Error ? e.message : String(e);
          return false;
        });
        if (!took) return;
        this.checkpoint(r.shardId, v.Records.at(-1)!.SequenceNumber);
      }
      if (v.NextShardIterator) r.iterator = v.NextShardIterator;
      else {
        r.done = true;
        this.checkpoint(r.shardId, 'done');
        this.discoveredAt = -Infinity; // its children are there now: look for them at once
      }
    } finally {
      r.busy = false;
      r.nextAt = this.kinesis.now() + POLL_MS;
    }
  }
}
