/**
 * The simulated KPL (src/core/kpl) speaks AWS's wire shapes; the page speaks the AWS SDK. These
 * adapt one to the other: its PutRecords `send`, and the shard map it reads from ListShards.
 */
import { PutRecordsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';
import type { ShardDescription } from '../../core/kpl';
import type { KplPutRecordsOutcome, KplSend } from '../../core/kpl/types';
import { decodeBase64 } from '../../core/util/base64';
import { describeError } from './errors';

/**
 * The KPL's `send` over the SDK: Data base64 → bytes; the SDK's answer → the KPL's outcome, a
 * result with per-entry SequenceNumber or ErrorCode, or a thrown exception as `{ __type, message }`.
 */
export function kplSend(kinesis: KinesisClient): KplSend {
  return async (input): Promise<KplPutRecordsOutcome> => {
    try {
      const out = await kinesis.send(new PutRecordsCommand({
        StreamName: input.StreamName,
        Records: input.Records.map((r) => ({
          Data: decodeBase64(r.Data), PartitionKey: r.PartitionKey, ...(r.ExplicitHashKey !== undefined ? { ExplicitHashKey: r.ExplicitHashKey } : {}),
        })),
      }));
      return {
        ok: true,
        value: {
          Records: (out.Records ?? []).map((r) => r.SequenceNumber !== undefined
            ? { SequenceNumber: r.SequenceNumber, ShardId: r.ShardId ?? '' }
            : { ErrorCode: r.ErrorCode ?? 'InternalFailure', ErrorMessage: r.ErrorMessage ?? '' }),
          ...(out.FailedRecordCount !== undefined ? { FailedRecordCount: out.FailedRecordCount } : {}),
        },
      };
    } catch (err) {
      const { name, message } = describeError(err);
      return { ok: false, error: { __type: name, message } };
    }
  };
}

/** A ListShards entry as the KPL's shard map takes it; undefined when it lacks an id or hash key range. */
export function shardDescription(s: Shard): ShardDescription | undefined {
  if (!s.ShardId || !s.HashKeyRange?.StartingHashKey || !s.HashKeyRange.EndingHashKey) return undefined;
  return {
    ShardId: s.ShardId,
    HashKeyRange: { StartingHashKey: s.HashKeyRange.StartingHashKey, EndingHashKey: s.HashKeyRange.EndingHashKey },
    ...(s.SequenceNumberRange ? { SequenceNumberRange: { ...(s.SequenceNumberRange.StartingSequenceNumber ? { StartingSequenceNumber: s.SequenceNumberRange.StartingSequenceNumber } : {}), ...(s.SequenceNumberRange.EndingSequenceNumber ? { EndingSequenceNumber: s.SequenceNumberRange.EndingSequenceNumber } : {}) } } : {}),
  };
}
