/**
 * One PutRecords / PutRecordBatch call for a buffer (KinesisSender / FirehoseSender in
 * awslabs/amazon-kinesis-agent): per-record error codes from the response, or 'service' when
 * the call itself failed, which the agent counts as ServiceErrors and retries whole.
 */
import type { Result } from '../kinesis/errors.js';
import { encodeBase64 } from '../util/base64.js';

/** PutRecords' answer (wire shape). */
export interface PutRecordsOutput {
  readonly FailedRecordCount?: number;
  readonly Records: readonly { readonly SequenceNumber?: string; readonly ShardId?: string; readonly ErrorCode?: string; readonly ErrorMessage?: string }[];
}
/** PutRecordBatch's answer (wire shape). */
export interface PutRecordBatchOutput {
  readonly FailedPutCount?: number;
  readonly RequestResponses: readonly { readonly RecordId?: string; readonly ErrorCode?: string; readonly ErrorMessage?: string }[];
}

type MaybePromise<T> = T | Promise<T>;
/** An engine's dispatch answer: the operation's output (wire shape), or AWS's error. */
type Answer = Result<unknown> | { readonly ok: false; readonly error: { readonly __type: string; readonly message: string } };

/**
 * Where the agent sends: functions in the engine's dispatch shape, e.g.
 * `(s, r) => kinesis.dispatch('PutRecords', { StreamName: s, Records: r })`. `Data` is base64.
 * The answer is checked before it is used: an unexpected shape counts as a service error.
 */
export interface AgentDestinations {
  putRecords?(streamName: string, records: { Data: string; PartitionKey: string }[]): MaybePromise<Answer>;
  putRecordBatch?(deliveryStreamName: string, records: { Data: string }[]): MaybePromise<Answer>;
}

/** A record ready to send: its bytes and (KDS only) its partition key. */
export interface Outgoing {
  readonly data: Uint8Array;
  readonly key: string;
}

/** Calls the destination; per-record error codes (undefined = delivered), or 'service'. */
export async function put(
  d: AgentDestinations,
  destination: { readonly kind: 'kinesis' | 'firehose'; readonly name: string },
  records: readonly Outgoing[],
): Promise<(string | undefined)[] | 'service'> {
  try {
    if (destination.kind === 'kinesis') {
      if (!d.putRecords) return 'service';
      const r = await d.putRecords(destination.name, records.map((x) => ({ Data: encodeBase64(x.data), PartitionKey: x.key })));
      const v = r.ok ? (r.value as Partial<PutRecordsOutput> | undefined) : undefined;
      if (!Array.isArray(v?.Records) || v.Records.length !== records.length) return 'service';
      return v.Records.map((e) => e.ErrorCode);
    }
    if (!d.putRecordBatch) return 'service';
    const r = await d.putRecordBatch(destination.name, records.map((x) => ({ Data: encodeBase64(x.data) })));
    const v = r.ok ? (r.value as Partial<PutRecordBatchOutput> | undefined) : undefined;
    if (!Array.isArray(v?.RequestResponses) || v.RequestResponses.length !== records.length) return 'service';
    return v.RequestResponses.map((e) => e.ErrorCode);
  } catch {
    // The SDK threw (network, a crashed worker): the agent counts a service error and retries.
    return 'service';
  }
}
