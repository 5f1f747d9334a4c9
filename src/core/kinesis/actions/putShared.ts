/** What PutRecord and PutRecords share: routing, record size, the throttling message. */
import type { Account } from '../model/arn.js';
import { parseHashKey } from '../model/hashKey.js';
import type { ShardHandle } from '../shard/shardHandle.js';
import { shardForHashKey, shardForPartitionKey, type StreamState } from '../stream.js';
import { fail, type AwsError } from '../errors.js';

/** The open shard a record goes to, or AWS's error for a bad ExplicitHashKey. */
export function route(s: StreamState, partitionKey: string, explicitHashKey: string | undefined): ShardHandle | { ok: false; error: AwsError } {
  if (explicitHashKey !== undefined) {
    const h = parseHashKey(explicitHashKey);
    if (h === undefined) {
      return fail('InvalidArgumentException',
        `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`);
    }
    return shardForHashKey(s.open, h);
  }
  return shardForPartitionKey(s.open, partitionKey);
}

export const rateExceeded = (acct: Account, s: StreamState, shardId: string): string =>
  `Rate exceeded for shard ${shardId} in stream ${s.name} under account ${acct.accountId}.`;

/** ValidationException text for a record over the stream's maximum record size. */
export function recordTooLarge(path: string, dataBytes: number, max: number): { ok: false; error: AwsError } {
  return fail('ValidationException',
    `1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=${dataBytes} cap=${dataBytes}]' at '${path}' ` +
    `failed to satisfy constraint: Member must have length less than or equal to ${max}`);
}

export const missingPartitionKey = (path: string): { ok: false; error: AwsError } =>
  fail('ValidationException', `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);

export const dryRun = (): { ok: false; error: AwsError } =>
  fail('DryRunOperationException', 'Request would have succeeded, but DryRun flag is set.');
