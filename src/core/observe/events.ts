/**
 * The observation interface: what the simulation tells its observers (the living picture,
 * metrics, the cost meter) as a typed stream of events, next to the snapshots of
 * `kinesis/snapshot.ts`. Observers never reach into the engine; anything that can produce these
 * events — a real Kinesis endpoint polled by a bridge, say — can feed the same picture.
 *
 * Events are batched per shard and per call (a PutRecords of 500 records into 4 shards is 4 `put`
 * events), so observing costs little even at tens of thousands of records a second. They are
 * delivered synchronously, in the order things happened; `t` is virtual time (epoch ms).
 */

/** A record a shard stored. */
export interface AcceptedRecord {
  readonly partitionKey: string;
  /** Only when the producer gave one; otherwise the hash key is MD5(partition key). */
  readonly explicitHashKey?: string;
  readonly sequenceNumber: string;
  /** Data + partition key bytes (what the write limit counts). */
  readonly bytes: number;
  /** When the data is a KPL aggregated record: the user records packed in it. */
  readonly userRecords?: number;
}

/** A record a shard refused (ProvisionedThroughputExceededException). */
export interface ThrottledRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly bytes: number;
  /** When the data is a KPL aggregated record: the user records packed in it. */
  readonly userRecords?: number;
}

/** Records offered to one shard by one PutRecord / PutRecords call. */
export interface PutEvent {
  readonly type: 'put';
  readonly t: number;
  readonly stream: string;
  readonly shardId: string;
  /** 'PutRecord' or 'PutRecords' (CloudWatch counts them apart). */
  readonly operation: 'PutRecord' | 'PutRecords';
  readonly accepted: readonly AcceptedRecord[];
  readonly throttled: readonly ThrottledRecord[];
}

/** A successful GetRecords call. */
export interface ReadEvent {
  readonly type: 'read';
  readonly t: number;
  readonly stream: string;
  readonly shardId: string;
  /**
   * Who read: one id per GetShardIterator call, carried through every NextShardIterator of that
   * chain — a consumer following a shard keeps its id (AWS has no consumer identity for
   * GetRecords; this is the closest thing): `reader-N` (see `readerOfIterator`). Records pushed
   * by SubscribeToShard carry `consumer:<ConsumerName>` (enhanced fan-out).
   */
  readonly reader: string;
  readonly records: number;
  readonly bytes: number;
  /** Sequence numbers of the first and last record returned (absent when none was). */
  readonly firstSequenceNumber?: string;
  readonly lastSequenceNumber?: string;
  /** GetRecords.IteratorAgeMilliseconds: MillisBehindLatest of this answer. */
  readonly iteratorAgeMs: number;
}

/** A GetRecords refused for the shard's read limit. */
export interface ReadThrottledEvent {
  readonly type: 'readThrottled';
  readonly t: number;
  readonly stream: string;
  readonly shardId: string;
  readonly reader: string;
}

/** A shard began or stopped taking records (stream activation, deletion; resharding later). */
export interface ShardLifeEvent {
  readonly type: 'shardOpened' | 'shardClosed';
  readonly t: number;
  readonly stream: string;
  readonly shardId: string;
}

/** Virtual time moved on (at most once per virtual second): observers close their buckets. */
export interface TickEvent {
  readonly type: 'tick';
  readonly t: number;
}

export type SimEvent = PutEvent | ReadEvent | ReadThrottledEvent | ShardLifeEvent | TickEvent;
export type SimEventType = SimEvent['type'];

export type SimListener = (event: SimEvent) => void;

/** Something observable: the engine, a host, a bridge to a real endpoint. */
export interface Observable {
  /** Calls `listener` with every event from now on; returns the function that stops it. */
  observe(listener: SimListener): () => void;
}

/** Fans events out to listeners; a listener that throws is reported, not allowed to break the rest. */
export class EventHub<E = SimEvent> {
  private readonly listeners = new Set<(e: E) => void>();

  /** `onListenerError`: where a listener's exception goes (an observer's bug must not fail the emitter). */
  constructor(private readonly onListenerError: (e: unknown) => void = () => undefined) {}

  /** True when someone listens (emitters skip building events otherwise). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  observe(listener: (e: E) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: E): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
