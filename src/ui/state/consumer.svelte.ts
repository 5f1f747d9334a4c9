/**
 * The consumer panel's engine: a polling consumer like a plain SDK loop (or KCL in polling mode).
 * Per shard: GetShardIterator once, then GetRecords every `pollMs` of *virtual* time, following
 * NextShardIterator. MillisBehindLatest per shard is the "iterator age" the shard table shows.
 * Throttling and expired iterators are shown as events; an expired iterator is re-acquired
 * AFTER_SEQUENCE_NUMBER of the last record seen (or at the start position if none was seen).
 */
import { GetRecordsCommand, GetShardIteratorCommand, type GetShardIteratorCommandInput } from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { parseSequenceNumber, shardIdOf } from '../../core/kinesis/model/sequenceNumber';
import { bytesToText, clip } from './dataView';
import { errorName, errorText } from './errors';
import { parseUtc, shortSequence } from './format';
import type { Messages } from './messages.svelte';

export const ITERATOR_TYPES = ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'AT_TIMESTAMP'] as const;
export type IteratorType = (typeof ITERATOR_TYPES)[number];
export const ITERATOR_HELP: Readonly<Record<IteratorType, string>> = {
  TRIM_HORIZON: 'from the oldest record still held',
  LATEST: 'only records written from now on',
  AT_SEQUENCE_NUMBER: 'from this record on',
  AFTER_SEQUENCE_NUMBER: 'from the record after this one',
  AT_TIMESTAMP: 'from the first record that arrived at or after this time',
};
export const MAX_SHOWN = 200;
export const MAX_LIMIT = 10_000;
const TICK_MS = 50;
const MAX_EVENTS = 6;

export interface ConsumedRecord {
  readonly id: string;
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** ApproximateArrivalTimestamp, epoch ms. */
  readonly arrival: number;
  /** The data as text, clipped for the list. */
  readonly text: string;
  readonly bytes: number;
}

export interface ConsumerEvent {
  readonly id: number;
  readonly kind: 'throttled' | 'expired' | 'error' | 'info';
  /** Virtual time. */
  readonly at: number;
  readonly text: string;
}

export interface ConsumerStats {
  readonly received: number;
  readonly calls: number;
  readonly throttled: number;
  readonly expired: number;
  readonly errors: number;
}

interface Reader {
  readonly shardId: string;
  iterator: string | undefined;
  lastSeq: string | undefined;
  /** Virtual time of the next poll. */
  nextAt: number;
  busy: boolean;
  done: boolean;
}

const ZERO: ConsumerStats = { received: 0, calls: 0, throttled: 0, expired: 0, errors: 0 };
/** Errors after which polling on makes no sense. */
const FATAL = new Set(['ResourceNotFoundException', 'InvalidArgumentException', 'ValidationException', 'AccessDeniedException']);

export class Consumer {
  /** A shard id, or 'all'. */
  shard = $state('all');
  iteratorType = $state<IteratorType>('TRIM_HORIZON');
  startSequence = $state('');
  startTime = $state('');
  pollMs = $state(1000);
  limit = $state(1000);

  running = $state(false);
  stream = $state<string | undefined>(undefined);
  records = $state.raw<readonly ConsumedRecord[]>([]);
  /** MillisBehindLatest by shard id, from the last GetRecords of each. */
  behind = $state.raw<Readonly<Record<string, number>>>({});
  stats = $state.raw<ConsumerStats>(ZERO);
  events = $state.raw<readonly ConsumerEvent[]>([]);

  settingsError = $derived.by((): string | undefined => {
    if (!(Number.isFinite(this.pollMs) && this.pollMs >= 50 && this.pollMs <= 600_000)) return 'Poll interval: 50 to 600,000 virtual ms.';
    if (!(Number.isInteger(this.limit) && this.limit >= 1 && this.limit <= MAX_LIMIT)) return `Limit: a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')} (AWS's range).`;
    if (this.iteratorType === 'AT_SEQUENCE_NUMBER' || this.iteratorType === 'AFTER_SEQUENCE_NUMBER') {
      if (!/^\d{1,128}$/.test(this.startSequence.trim())) return 'Enter the sequence number to start at (digits only).';
      if (this.shard === 'all' && !parseSequenceNumber(this.startSequence.trim())) return 'Choose a shard: this sequence number does not say which shard it belongs to.';
    }
    if (this.iteratorType === 'AT_TIMESTAMP' && parseUtc(this.startTime) === undefined) return 'Enter a UTC time such as 2026-01-25T14:03:07Z.';
    return undefined;
  });

  private readers: Reader[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private run = 0;
  private eventId = 1;

  constructor(private readonly host: SimulationHost, private readonly messages: Messages) {}

  /** Starts reading `stream`; `openShards` are its open shard ids (used for "all shards"). */
  start(stream: string, openShards: readonly string[]): void {
    if (this.running) return;
    if (this.settingsError) {
      this.messages.push('error', 'Consumer', this.settingsError);
      return;
    }
    // A shard chosen on another stream does not exist here: read them all instead.
    if (this.shard !== 'all' && !openShards.includes(this.shard)) this.shard = 'all';
    let shards: string[];
    if (this.shard !== 'all') shards = [this.shard];
    else if (this.iteratorType === 'AT_SEQUENCE_NUMBER' || this.iteratorType === 'AFTER_SEQUENCE_NUMBER') {
      // A sequence number belongs to one shard; AWS's layout says which.
      shards = [shardIdOf(parseSequenceNumber(this.startSequence.trim())?.shardIndex ?? 0)];
    } else shards = [...openShards];
    this.run++;
    this.stream = stream;
    this.records = [];
    this.behind = {};
    this.stats = ZERO;
    this.events = [];
    const now = this.host.clock.now();
    this.readers = shards.map((shardId) => ({ shardId, iterator: undefined, lastSeq: undefined, nextAt: now, busy: false, done: false }));
    this.running = true;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.running = false;
    this.run++;
  }

  clearList(): void {
    this.records = [];
  }

  private tick(): void {
    let now: number;
    try {
      now = this.host.clock.now();
    } catch (e) {
      this.messages.error('Consumer', e);
      this.stop();
      return;
    }
    for (const r of this.readers) {
      if (!r.busy && !r.done && now >= r.nextAt) void this.poll(r, this.run);
    }
    if (this.running && this.readers.every((r) => r.done)) {
      this.event('info', 'Every shard read to its end (closed shards). Consumer stopped.');
      this.stop();
    }
  }

  private async poll(r: Reader, run: number): Promise<void> {
    const stream = this.stream;
    if (stream === undefined) return;
    r.busy = true;
    let retryNow = false;
    try {
      r.iterator ??= await this.acquire(stream, r);
      if (run !== this.run) return;
      const out = await this.host.kinesis.send(new GetRecordsCommand({ ShardIterator: r.iterator, Limit: this.limit }));
      if (run !== this.run) return;
      r.iterator = out.NextShardIterator;
      const got: ConsumedRecord[] = [];
      for (const rec of out.Records ?? []) {
        const seq = rec.SequenceNumber ?? '';
        const data = rec.Data ?? new Uint8Array();
        got.push({
          id: `${r.shardId}/${seq}`,
          shardId: r.shardId,
          sequenceNumber: seq,
          partitionKey: rec.PartitionKey ?? '',
          arrival: rec.ApproximateArrivalTimestamp?.getTime() ?? Number.NaN,
          text: clip(bytesToText(data.subarray(0, 600)), 300),
          bytes: data.length,
        });
      }
      const last = got.at(-1);
      if (last) r.lastSeq = last.sequenceNumber;
      this.stats = { ...this.stats, calls: this.stats.calls + 1, received: this.stats.received + got.length };
      if (got.length > 0) this.records = [...got.reverse(), ...this.records].slice(0, MAX_SHOWN);
      if (out.MillisBehindLatest !== undefined) this.behind = { ...this.behind, [r.shardId]: out.MillisBehindLatest };
      if (!r.iterator) {
        r.done = true;
        this.event('info', `${r.shardId} is closed and read to its end.`);
      }
    } catch (e) {
      if (run === this.run) retryNow = this.failed(r, e);
    } finally {
      r.busy = false;
      try {
        // An expired iterator is replaced at once; anything else waits for the next poll.
        r.nextAt = this.host.clock.now() + (retryNow ? 0 : this.pollMs);
      } catch {
        r.nextAt = Number.POSITIVE_INFINITY;
      }
    }
  }

  private async acquire(stream: string, r: Reader): Promise<string | undefined> {
    const input: GetShardIteratorCommandInput = { StreamName: stream, ShardId: r.shardId, ShardIteratorType: this.iteratorType };
    if (r.lastSeq !== undefined) {
      input.ShardIteratorType = 'AFTER_SEQUENCE_NUMBER';
      input.StartingSequenceNumber = r.lastSeq;
    } else if (this.iteratorType === 'AT_SEQUENCE_NUMBER' || this.iteratorType === 'AFTER_SEQUENCE_NUMBER') {
      input.StartingSequenceNumber = this.startSequence.trim();
    } else if (this.iteratorType === 'AT_TIMESTAMP') {
      input.Timestamp = new Date(parseUtc(this.startTime) ?? 0);
    }
    const out = await this.host.kinesis.send(new GetShardIteratorCommand(input));
    return out.ShardIterator;
  }

  /** Records a failed poll; true when the reader should poll again at once (new iterator). */
  private failed(r: Reader, e: unknown): boolean {
    const name = errorName(e);
    if (name === 'ProvisionedThroughputExceededException') {
      this.stats = { ...this.stats, throttled: this.stats.throttled + 1 };
      this.event('throttled', `${r.shardId}: ${errorText(e)} (5 read calls/s per shard, shared by every consumer)`);
    } else if (name === 'ExpiredIteratorException') {
      this.stats = { ...this.stats, expired: this.stats.expired + 1 };
      r.iterator = undefined;
      const where = r.lastSeq !== undefined ? `after sequence number ${shortSequence(r.lastSeq)}` : `at the start position (${this.iteratorType})`;
      this.event('expired', `${r.shardId}: ${errorText(e)} Re-acquiring an iterator ${where}.`);
      return true;
    } else {
      this.stats = { ...this.stats, errors: this.stats.errors + 1 };
      this.event('error', `${r.shardId}: ${errorText(e)}`);
      if (FATAL.has(name)) {
        this.messages.error(`Consumer of ${this.stream ?? '?'} stopped`, e);
        this.stop();
      }
    }
    return false;
  }

  private event(kind: ConsumerEvent['kind'], text: string): void {
    let at = Number.NaN;
    try {
      at = this.host.clock.now();
    } catch {
      // keep NaN: shown as "–"
    }
    this.events = [{ id: this.eventId++, kind, at, text }, ...this.events].slice(0, MAX_EVENTS);
  }
}
