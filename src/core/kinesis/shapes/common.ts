/**
 * Shapes shared by several operation tables, with the constraints of the current AWS model
 * (botocore / aws-sdk-js-v3 `kinesis` 2013-12-02; see spec §1–2).
 */
import type { Shape } from '../validation/shape';

/** `[a-zA-Z0-9_.-]+`: stream, shard and consumer names share it. */
export const NAME_PATTERN = '[a-zA-Z0-9_.-]+';

/** `StreamName`, optional wherever `StreamARN` is accepted (the action checks one is given). */
export const streamName: Shape = { type: 'string', min: 1, max: 128, pattern: NAME_PATTERN };
/** `StreamName` where it is the only identifier (CreateStream). */
export const requiredStreamName: Shape = { type: 'string', required: true, min: 1, max: 128, pattern: NAME_PATTERN };

/** `StreamARN` (recommended by AWS over StreamName). */
export const streamARN: Shape = { type: 'string', min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+' };

/** Documented as reserved; accepted and ignored. Unsure: the model may also give it a length range. */
export const streamId: Shape = { type: 'string', pattern: '[a-z0-9]{20}-[a-z0-9]{3}' };

/** `ShardId` (any name matching the pattern; the action resolves `shardId-…` forms). */
export const shardId: Shape = { type: 'string', min: 1, max: 128, pattern: NAME_PATTERN };

/** Decimal 128-bit hash key (the range check 0..2^128-1 is the action's: InvalidArgument). */
export const hashKey: Shape = { type: 'string', pattern: '0|([1-9]\\d{0,38})' };

/** Decimal sequence number (validity for the shard is the action's: InvalidArgument). */
export const sequenceNumber: Shape = { type: 'string', pattern: '0|([1-9]\\d{0,128})' };

/** 1–256 UTF-16 code units, as Java counts them. */
export const partitionKey: Shape = { type: 'string', min: 1, max: 256 };

/**
 * A record's bytes. The model's maximum is 10 MiB since large records (`MaxRecordSizeInKiB`);
 * the stream's own limit (1 MiB by default) is enforced by the action.
 */
export const data: Shape = { type: 'blob', required: true, min: 0, max: 10485760 };

/** `DryRun`: validated, then refused by the action with DryRunOperationException. */
export const dryRun: Shape = { type: 'boolean' };

/** Epoch seconds on the wire, epoch milliseconds once validated. */
export const timestamp: Shape = { type: 'timestamp' };

/** Pagination token (opaque; expiry is the action's: ExpiredNextTokenException). */
export const nextToken: Shape = { type: 'string', min: 1, max: 1048576 };

/** `TagKey`. Allowed characters are checked by the action (InvalidArgument). */
export const tagKey: Shape = { type: 'string', min: 1, max: 128 };

/** `TagMap`: 1..200 entries in the model (the 50-tags-per-stream limit is the action's). */
export const tagMap: Shape = { type: 'map', min: 1, max: 200, key: tagKey, value: { type: 'string', min: 0, max: 256 } };

/** `ListStreams`/`DescribeStream` page sizes. */
export const limit10000: Shape = { type: 'integer', min: 1, max: 10000 };
