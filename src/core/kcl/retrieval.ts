/**
 * Record retrieval for one shard (spec producers-consumers §2.1, §2.5, §2.7):
 *
 * - Polling: GetShardIterator at the lease's checkpoint — AT_SEQUENCE_NUMBER of a checkpointed
 *   sequence number, then the user records up to and including the checkpoint are skipped (the
 *   KCL resumes strictly after the checkpointed user record, so a KPL aggregate can be resumed
 *   mid-way), or the initial position's TRIM_HORIZON / LATEST / AT_TIMESTAMP — then one
 *   GetRecords (Limit maxRecords) every idleTimeBetweenReadsInMillis. An expired iterator is
 *   replaced AFTER_SEQUENCE_NUMBER of the last record delivered.
 * - Fan-out: SubscribeToShard from the same position; each event is one batch; when a
 *   subscription ends (5 minutes, or an error) the next one starts AFTER_SEQUENCE_NUMBER of the
 *   last ContinuationSequenceNumber.
 *
 * A closed shard's end (NextShardIterator null / an event with ChildShards) ends the batch stream
 * with `childShards`.
 */
import { EVENT_STREAM, type StreamEvent } from '../kinesis/eventStream.js';
import type { WireRecord } from '../kinesis/types.js';
import { Sentinel, type Lease } from './leaseTable.js';
import { compareExtended, isSequenceNumber, toUserRecords } from './records.js';
import type { ConsumerHost } from './shardConsumer.js';
import type { ChildShard, ExtendedSequenceNumber, KinesisClientRecord } from './types.js';

export interface Batch {
  readonly records: KinesisClientRecord[];
  readonly bytes: number;
  readonly millisBehindLatest: number;
  /** Present at the shard's end. */
  readonly childShards?: readonly ChildShard[];
}

export interface Retrieval {
  /** Does the next piece of retrieval work; the virtual ms until it wants to be called again. */
  poll(now: number): Promise<number>;
  stop(): void;
  /** The last error Kinesis answered (for the UI). */
  readonly lastError: string | undefined;
}

type Host = Pick<ConsumerHost, 'streamName' | 'kinesis' | 'initialPosition' | 'deaggregate' | 'taskBackoffTimeMillis' | 'now' | 'track' | 'retrieval' | 'count'>;

/** The StartingPosition (fan-out) / iterator type (polling) for a checkpoint or a resume point. */
export function startingPosition(host: Pick<Host, 'initialPosition'>, from: ExtendedSequenceNumber, after: string | undefined): { Type: string; SequenceNumber?: string; Timestamp?: number } {
  if (after !== undefined) return { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after };
  if (isSequenceNumber(from.sequenceNumber)) return { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: from.sequenceNumber };
  if (from.sequenceNumber === Sentinel.AT_TIMESTAMP) {
    const p = host.initialPosition;
    return { Type: 'AT_TIMESTAMP', Timestamp: (typeof p === 'object' ? p.timestamp : 0) / 1000 };
  }
  return { Type: from.sequenceNumber === Sentinel.LATEST ? 'LATEST' : 'TRIM_HORIZON' };
}

abstract class BaseRetrieval {
  protected stopped = false;
  /** Sequence number of the last Kinesis record delivered (the resume point). */
  protected lastDelivered: string | undefined;
  lastError: string | undefined;

  constructor(
    protected readonly host: Host,
    protected readonly shardId: string,
    protected readonly from: ExtendedSequenceNumber,
    protected readonly range: Lease['hashKeyRange'],
    protected readonly deliver: (b: Batch) => Promise<void>,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  /** User records of `wire`, without those at or before the checkpoint resumed from. */
  protected userRecords(wire: readonly WireRecord[]): { records: KinesisClientRecord[]; bytes: number } {
    const { records, bytes } = toUserRecords(wire, this.host.deaggregate, this.range);
    const last = wire.at(-1);
    if (last) this.lastDelivered = last.SequenceNumber;
    if (!isSequenceNumber(this.from.sequenceNumber)) return { records, bytes };
    return { records: records.filter((r) => compareExtended(r, this.from) > 0), bytes };
  }
}

export class PollingRetrieval extends BaseRetrieval implements Retrieval {
  private iterator: string | undefined;

  constructor(host: Host, shardId: string, from: ExtendedSequenceNumber, range: Lease['hashKeyRange'], private readonly maxRecords: number, deliver: (b: Batch) => Promise<void>) {
    super(host, shardId, from, range, deliver);
  }

  private get idleMs(): number {
    return this.host.retrieval.mode === 'polling' ? this.host.retrieval.idleTimeBetweenReadsInMillis : 1000;
  }

  async poll(): Promise<number> {
    if (this.stopped) return this.idleMs;
    if (this.iterator === undefined) {
      if (this.from.sequenceNumber === Sentinel.SHARD_END) {
        await this.deliver({ records: [], bytes: 0, millisBehindLatest: 0, childShards: [] });
        return this.idleMs;
      }
      const p = startingPosition(this.host, this.from, this.lastDelivered);
      const it = await this.host.kinesis('GetShardIterator', {
        StreamName: this.host.streamName, ShardId: this.shardId, ShardIteratorType: p.Type,
        ...(p.SequenceNumber !== undefined ? { StartingSequenceNumber: p.SequenceNumber } : {}),
        ...(p.Timestamp !== undefined ? { Timestamp: p.Timestamp } : {}),
      });
      if (!it.ok) return this.failed(it.error);
      this.iterator = (it.value as { ShardIterator: string }).ShardIterator;
    }
    const out = await this.host.kinesis('GetRecords', { ShardIterator: this.iterator, Limit: this.maxRecords });
    if (this.stopped) return this.idleMs;
    if (!out.ok) {
      if (out.error.__type === 'ExpiredIteratorException') {
        this.iterator = undefined;
        this.host.count('ExpiredIterator');
      }
      return this.failed(out.error);
    }
    this.lastError = undefined;
    const v = out.value as { Records: WireRecord[]; NextShardIterator?: string | null; MillisBehindLatest?: number; ChildShards?: ChildShard[] };
    const { records, bytes } = this.userRecords(v.Records);
    const atEnd = !v.NextShardIterator;
    this.iterator = v.NextShardIterator ?? undefined;
    await this.deliver({ records, bytes, millisBehindLatest: v.MillisBehindLatest ?? 0, ...(atEnd ? { childShards: v.ChildShards ?? [] } : {}) });
    return this.idleMs;
  }

  private failed(error: { __type: string; message: string }): number {
    this.lastError = `${error.__type}: ${error.message}`;
    // Throttling waits the normal interval; anything else backs off (taskBackoffTimeMillis).
    return error.__type === 'ProvisionedThroughputExceededException' ? this.idleMs : this.host.taskBackoffTimeMillis;
  }
}

/** How often (virtual ms) a fan-out consumer checks whether its subscription needs renewing. */
const FANOUT_CHECK_MS = 200;

export class FanOutRetrieval extends BaseRetrieval implements Retrieval {
  private running = false;
  private retryAt = 0;

  constructor(host: Host, shardId: string, from: ExtendedSequenceNumber, range: Lease['hashKeyRange'], private readonly consumerARN: string, deliver: (b: Batch) => Promise<void>) {
    super(host, shardId, from, range, deliver);
  }

  async poll(now: number): Promise<number> {
    if (!this.stopped && !this.running && now >= this.retryAt) {
      this.running = true;
      void this.subscribe().finally(() => (this.running = false));
    }
    return FANOUT_CHECK_MS;
  }

  private async subscribe(): Promise<void> {
    const out = await this.host.kinesis('SubscribeToShard', {
      ConsumerARN: this.consumerARN, ShardId: this.shardId, StartingPosition: startingPosition(this.host, this.from, this.lastDelivered),
    });
    if (!out.ok) {
      this.lastError = `${out.error.__type}: ${out.error.message}`;
      this.retryAt = this.host.now() + this.host.taskBackoffTimeMillis;
      return;
    }
    const stream = (out.value as { [EVENT_STREAM]: AsyncIterable<StreamEvent> })[EVENT_STREAM];
    for await (const ev of stream) {
      if (this.stopped) break;
      if (ev.kind === 'exception') {
        this.lastError = `${ev.exceptionType}: ${ev.message}`;
        this.retryAt = this.host.now() + this.host.taskBackoffTimeMillis;
        break;
      }
      const p = ev.payload as { Records: WireRecord[]; ContinuationSequenceNumber: string; MillisBehindLatest: number; ChildShards?: ChildShard[] };
      const { records, bytes } = this.userRecords(p.Records);
      // Resume after the continuation, which moves on even through records a filter dropped.
      this.lastDelivered = p.ContinuationSequenceNumber;
      const atEnd = p.ChildShards !== undefined;
      await this.host.track(this.deliver({ records, bytes, millisBehindLatest: p.MillisBehindLatest, ...(atEnd ? { childShards: p.ChildShards } : {}) }));
      if (atEnd) {
        this.stopped = true;
        break;
      }
    }
  }
}
