/**
 * The KCL's application-facing types (spec producers-consumers §2.1, §2.5): the record
 * processor lifecycle, its inputs, the checkpointer, and the exceptions it throws — named after
 * the Java KCL 2.x/3.x ones so lessons read the same.
 */

/** The Kinesis API as the KCL sees it: Shardlab's `KinesisEngine.dispatch` has this shape. */
export type KinesisFunction = (op: string, input: object) => Promise<
  { readonly ok: true; readonly value: any } | { readonly ok: false; readonly error: { readonly __type: string; readonly message: string } }
>;

/** KPL de-aggregation (spec §1.5): the user records in `data`, or undefined when it is not an aggregate. */
export type Deaggregate = (data: Uint8Array) => readonly { partitionKey: string; explicitHashKey?: string; data: Uint8Array }[] | undefined;

/** A sequence number and the sub-sequence of a user record inside a KPL aggregate. */
export interface ExtendedSequenceNumber {
  /** A sequence number, or a sentinel (`TRIM_HORIZON`, `LATEST`, `AT_TIMESTAMP`, `SHARD_END`). */
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
}

/** One user record (KCL `KinesisClientRecord`). */
export interface KinesisClientRecord {
  readonly sequenceNumber: string;
  /** Index inside its KPL aggregate (0 when not aggregated). */
  readonly subSequenceNumber: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  /** Epoch ms. */
  readonly approximateArrivalTimestamp: number;
  readonly aggregated: boolean;
}

/** Where a lease with no checkpoint starts (`initialPositionInStreamExtended`). */
export type InitialPosition = 'LATEST' | 'TRIM_HORIZON' | { readonly timestamp: number };

export interface Checkpointer {
  /**
   * `checkpoint()` — the last record of the current batch; `checkpoint(record)`; or
   * `checkpoint(sequenceNumber, subSequenceNumber)`. Rejects with `ShutdownException` when the
   * lease is lost, `IllegalArgumentException` for a position older than the last checkpoint or
   * beyond the last record delivered.
   */
  checkpoint(at?: KinesisClientRecord | string, subSequenceNumber?: number): Promise<void>;
}

export interface InitializationInput {
  readonly shardId: string;
  readonly extendedSequenceNumber: ExtendedSequenceNumber;
}

export interface ProcessRecordsInput {
  readonly records: readonly KinesisClientRecord[];
  readonly millisBehindLatest: number;
  readonly checkpointer: Checkpointer;
  readonly isAtShardEnd: boolean;
  /** At the shard's end: the shards made from it (GetRecords / SubscribeToShard ChildShards). */
  readonly childShards?: readonly ChildShard[];
}

/** A shard made from the one that ended (AWS `ChildShard`). */
export interface ChildShard {
  readonly ShardId: string;
  readonly ParentShards: readonly string[];
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
}

/** The application's code for one shard (KCL `ShardRecordProcessor`). */
export interface ShardRecordProcessor {
  initialize(input: InitializationInput): void | Promise<void>;
  processRecords(input: ProcessRecordsInput): void | Promise<void>;
  /** The lease went to another worker: no checkpointing is possible any more. */
  leaseLost(input: Record<string, never>): void | Promise<void>;
  /** The shard ended: the processor **must** `checkpointer.checkpoint()` (SHARD_END) or its children wait. */
  shardEnded(input: { readonly checkpointer: Checkpointer }): void | Promise<void>;
  /** Graceful shutdown: the last chance to checkpoint. */
  shutdownRequested(input: { readonly checkpointer: Checkpointer }): void | Promise<void>;
}

/** The KCL's checkpoint exceptions (software.amazon.kinesis.exceptions). */
export class KinesisClientLibException extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
export class ShutdownException extends KinesisClientLibException {
  constructor(message: string) {
    super('ShutdownException', message);
  }
}
export class IllegalArgumentException extends KinesisClientLibException {
  constructor(message: string) {
    super('IllegalArgumentException', message);
  }
}
export class InvalidStateException extends KinesisClientLibException {
  constructor(message: string) {
    super('InvalidStateException', message);
  }
}
