/**
 * The KPL's sending stage, its pure part: the PutRecords request built from a collected batch of
 * Kinesis records, and a `send` that threw turned into a failed outcome.
 */
import { encodeBase64 } from '../util/base64.js';
import type { KinesisRecord } from './records.js';
import type { KplPutRecordsInput, KplPutRecordsOutcome } from './types.js';

/** The PutRecords request of one collected batch (all of one stream). */
export function putRecordsInput(batch: readonly KinesisRecord[]): KplPutRecordsInput {
  return {
    StreamName: batch[0]!.stream,
    Records: batch.map((kr) => ({
      Data: encodeBase64(kr.data), PartitionKey: kr.partitionKey,
      ...(kr.explicitHashKey !== undefined ? { ExplicitHashKey: kr.explicitHashKey } : {}),
    })),
  };
}

/** A `send` that threw or rejected: a failed request whose code is the error's name (as the SDK's exception name). */
export function thrownOutcome(err: unknown): KplPutRecordsOutcome {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  return { ok: false, error: { __type: typeof e?.name === 'string' ? e.name : 'Error', message: typeof e?.message === 'string' ? e.message : String(err) } };
}
