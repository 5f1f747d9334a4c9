/**
 * The KPL's public shapes: what `send` takes and returns (the PutRecords wire shapes, reduced to
 * what the KPL uses — so Shardlab's `KinesisEngine.dispatch('PutRecords', …)` and an SDK client
 * wrapper both fit), and the result of a user record (KPL's UserRecordResult and Attempt).
 */

/** A PutRecords request as the KPL sends it (AWS wire field names; Data is base64). */
export interface KplPutRecordsInput {
  StreamName: string;
  Records: { Data: string; PartitionKey: string; ExplicitHashKey?: string }[];
}

/** One entry of a PutRecords result: a success or a per-record failure. */
export type KplPutRecordsResultEntry =
  | { SequenceNumber: string; ShardId: string }
  | { ErrorCode: string; ErrorMessage: string };

/** What `send` resolves to: Shardlab's Result of a PutRecords call. */
export type KplPutRecordsOutcome =
  | { ok: true; value: { Records: KplPutRecordsResultEntry[]; FailedRecordCount?: number } }
  | { ok: false; error: { __type: string; message: string } };

/** Sends one PutRecords request. A rejected promise counts as a failed request (its error's name is the code). */
export type KplSend = (input: KplPutRecordsInput) => Promise<KplPutRecordsOutcome>;

/** One try to put a user record (KPL's Attempt): ms waited before it, ms it took, its outcome. */
export interface Attempt {
  readonly delay: number;
  readonly duration: number;
  readonly success: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** A user record that was put (KPL's UserRecordResult with successful = true). */
export interface UserRecordSuccess {
  readonly successful: true;
  readonly sequenceNumber: string;
  /** Its index inside the aggregated Kinesis record (0 when sent alone). */
  readonly subSequenceNumber: number;
  readonly shardId: string;
  readonly attempts: readonly Attempt[];
}

/**
 * A user record that failed (what the KPL's UserRecordFailedException carries). `errorCode` and
 * `errorMessage` are the last attempt's: `Expired` after RecordTtl, else the failure that ended it
 * (a throttle with FailIfThrottled, `Record Count Mismatch`); earlier errors are in `attempts`.
 */
export interface UserRecordFailure {
  readonly successful: false;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: readonly Attempt[];
}

export type UserRecordResult = UserRecordSuccess | UserRecordFailure;
