/**
 * One shard's state machine: sequence numbering, the per-shard write and read limits on the
 * virtual clock, its record log, retention trimming and iterator positions. It knows nothing of
 * streams or the wire; in the browser each instance lives in its own shard worker.
 */
import { base64DecodedLength } from '../../util/base64.js';
import { LIMITS, TokenBucket } from '../limits.js';
import type { HashKeyRange } from '../model/hashKey.js';
import { formatSequenceNumber, sequenceFormatter, shardIdOf } from '../model/sequenceNumber.js';
import { RecordLog, type StoredRecord } from './recordLog.js';
import type { ShardHandle } from './shardHandle.js';

export interface ShardMeta {
  readonly index: number;
  readonly range: HashKeyRange;
  /** Creation time, epoch ms. */
  readonly createdAt: number;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** When resharding closed the shard (epoch ms); absent while it is open. */
  readonly closedAt?: number;
}

export interface PutEntry {
  readonly partitionKey: string;
  /** The record's data as base64 text (its wire form; see StoredRecord.data). */
  readonly data: string;
  readonly explicitHashKey?: string;
  /** Data + partition key bytes: what the write limit and the record size limit count. */
  readonly bytes: number;
}

export type PutOutcome = { readonly sequenceNumber: string } | { readonly throttled: true };

export type StartPosition =
  | { readonly type: 'TRIM_HORIZON' | 'LATEST' }
  | { readonly type: 'AT_COUNTER'; readonly counter: number }
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: number };

export interface ReadOutcome {
  readonly records: readonly StoredRecord[];
  /** Where the next read starts (counter). */
  readonly next: number;
  readonly millisBehindLatest: number;
}

export type Throttled = { readonly throttled: true };

export class ShardCore implements ShardHandle {
  readonly id: string;
  private readonly log = new RecordLog();
  private counter = 0;
  private readonly seq: (counter: number, recordSecs: number) => string;
  private readonly writeRecords: TokenBucket;
  private readonly writeBytes: TokenBucket;
  private readonly readCalls: TokenBucket;
  private readonly readBytes: TokenBucket;
  private readonly iteratorCalls: TokenBucket;

  /**
   * Highest counter whose record is durable. Reads never go past it, so a consumer never sees a
   * record that a crash could still lose. In memory every record is committed when stored; a
   * durable host (the shard worker) passes `autoCommit: false` and calls `commit()` after its
   * storage transaction completed.
   */
  private committed = 0;
  private readonly autoCommit: boolean;

  constructor(readonly meta: ShardMeta, public enforceLimits: boolean, options: { autoCommit?: boolean } = {}) {
    this.autoCommit = options.autoCommit ?? true;
    this.id = shardIdOf(meta.index);
    const t = meta.createdAt;
    this.seq = sequenceFormatter(Math.floor(t / 1000), meta.index);
    this.writeRecords = new TokenBucket(LIMITS.writeRecordsPerSecond, LIMITS.writeRecordsPerSecond, t);
    this.writeBytes = new TokenBucket(LIMITS.writeBytesPerSecond, LIMITS.writeBytesPerSecond, t);
    this.readCalls = new TokenBucket(LIMITS.readCallsPerSecond, LIMITS.readCallsPerSecond, t);
    // Read bytes run on debt: a call is allowed while the balance is ≥ 0 and may overdraw it, so a
    // 10 MiB read makes the next 5 s of calls throttle, as AWS documents.
    this.readBytes = new TokenBucket(LIMITS.readBytesPerSecond, 0, t);
    this.iteratorCalls = new TokenBucket(LIMITS.getShardIteratorPerSecond, LIMITS.getShardIteratorPerSecond, t);
  }

  /** The shard's StartingSequenceNumber (counter 0 at creation). */
  get startingSequenceNumber(): string {
    const secs = Math.floor(this.meta.createdAt / 1000);
    return formatSequenceNumber({ shardCreateSecs: secs, counter: 0, recordSecs: secs, shardIndex: this.meta.index });
  }

  get lastCounter(): number {
    return this.counter;
  }

  get recordCount(): number {
    return this.log.size;
  }

  /**
   * Appends entries in order. Each entry is throttled on its own when the shard's write budget
   * (1,000 records/s and 1 MiB/s) cannot take it; the others are stored.
   */
  put(entries: readonly PutEntry[], now: number, sink?: (stored: StoredRecord) => void): PutOutcome[] {
    const out: PutOutcome[] = new Array(entries.length);
    const secs = Math.floor(now / 1000);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (this.enforceLimits && !this.admitWrite(e.bytes, now)) {
        out[i] = THROTTLED;
        continue;
      }
      const counter = ++this.counter;
      const sequenceNumber = this.seq(counter, secs);
      const rec: StoredRecord = e.explicitHashKey === undefined
        ? { counter, sequenceNumber, partitionKey: e.partitionKey, data: e.data, arrival: now }
        : { counter, sequenceNumber, partitionKey: e.partitionKey, data: e.data, arrival: now, explicitHashKey: e.explicitHashKey };
      this.log.append(rec);
      sink?.(rec);
      out[i] = { sequenceNumber };
    }
    if (this.autoCommit) this.committed = this.counter;
    return out;
  }

  /** Marks every record up to `counter` durable (visible to readers). */
  commit(counter: number): void {
    if (counter > this.committed) this.committed = Math.min(counter, this.counter);
  }

  get committedCounter(): number {
    return this.committed;
  }

  /**
   * Rebuilds the shard from durable records (oldest first) and the last counter ever assigned,
   * so that sequence numbers continue and never repeat.
   */
  restore(records: readonly StoredRecord[], lastCounter: number): void {
    for (const r of records) this.log.append(r);
    this.counter = Math.max(lastCounter, records[records.length - 1]?.counter ?? 0);
    this.committed = this.counter;
  }

  private admitWrite(bytes: number, now: number): boolean {
    if (this.writeRecords.available(now) + 1e-6 < 1 || this.writeBytes.available(now) + 1e-6 < bytes) return false;
    this.writeRecords.take(1, now);
    this.writeBytes.take(bytes, now);
    return true;
  }

  /**
   * Position (counter) for a new iterator; GetShardIterator is limited to 5 calls/s per shard
   * (`unmetered`: a SubscribeToShard's start, which does not count against that limit).
   */
  iteratorPosition(start: StartPosition, now: number, trimHorizon: number, unmetered = false): number | Throttled {
    if (this.enforceLimits && !unmetered && !this.iteratorCalls.tryTake(1, now)) return THROTTLED;
    this.trim(trimHorizon);
    switch (start.type) {
      case 'TRIM_HORIZON':
        return 0;
      case 'LATEST':
        return this.counter + 1;
      case 'AT_COUNTER':
        return start.counter;
      case 'AT_TIMESTAMP': {
        // Older than the trim horizon reads from the trim horizon.
        const r = this.log.firstAtOrAfter(start.timestamp);
        return r ? r.counter : this.counter + 1;
      }
    }
  }

  /**
   * GetRecords from `position`: up to `limit` records and 10 MiB. Limited to 5 calls/s and
   * 2 MiB/s per shard, shared by every polling consumer; a throttled call returns nothing.
   */
  read(position: number, limit: number, now: number, trimHorizon: number): ReadOutcome | Throttled {
    if (this.enforceLimits) {
      if (this.readBytes.available(now) < 0 || !this.readCalls.tryTake(1, now)) return THROTTLED;
    }
    this.trim(trimHorizon);
    const records = this.log.readFrom(position, Math.min(limit, LIMITS.getRecordsMaxRecords), LIMITS.getRecordsMaxBytes, this.committed);
    const last = records[records.length - 1];
    if (this.enforceLimits && records.length) {
      let bytes = 0;
      for (const r of records) bytes += base64DecodedLength(r.data);
      this.readBytes.take(bytes, now);
    }
    const next = last ? last.counter + 1 : Math.max(position, 0);
    const caughtUp = next > this.committed || !this.log.hasFrom(next);
    // Unsure: AWS's exact definition; "how far behind current time the consumer is" — here now
    // minus the arrival of the last record returned (or of the next unread one), 0 when caught up.
    const ref = last ?? this.log.readFrom(next, 1, Infinity, this.committed)[0];
    return { records, next, millisBehindLatest: caughtUp || !ref ? 0 : Math.max(0, now - ref.arrival) };
  }

  /** Drops records that arrived before `horizon` (retention). Returns how many. */
  trim(horizon: number): number {
    return this.log.trimBefore(horizon);
  }

  browse(from: number, limit: number): StoredRecord[] {
    return this.log.readFrom(from, limit, Infinity, this.committed);
  }

  /** Live records, oldest first (snapshots, tests). */
  records(): readonly StoredRecord[] {
    return this.log.all();
  }

}

const THROTTLED = { throttled: true } as const;
