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

/**
 * Where the agent sends: functions in the engine's dispatch shape, e.g.
 * `(s, r) => kinesis.dispatch('PutRecords', { StreamName: s, Records: r })`. `Data` is base64.
 */
export interface AgentDestinations {
  putRecords?(streamName: string, records: { Data: string; PartitionKey: string }[]): MaybePromise<Result<PutRecordsOutput>>;
  putRecordBatch?(deliveryStreamName: string, records: { Data: string }[]): MaybePromise<Result<PutRecordBatchOutput>>;
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
      if (!r.ok || r.value.Records.length !== records.length) return 'service';
      return r.value.Records.map((e) => e.ErrorCode);
    }
    if (!d.putRecordBatch) return 'service';
    const r = await d.putRecordBatch(destination.name, records.map((x) => ({ Data: encodeBase64(x.data) })));
    if (!r.ok || r.value.RequestResponses.length !== records.length) return 'service';
    return r.value.RequestResponses.map((e) => e.ErrorCode);
  } catch {
    // The SDK threw (network, a crashed worker): the agent counts a service error and retries.
    return 'service';
  }
}
