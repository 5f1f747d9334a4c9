import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { LIMITS } from '../limits.js';
import { uniformRanges } from '../model/hashKey.js';
import type { StreamState } from '../stream.js';
import { applyLimitsTag, makeArn } from '../stream.js';
import type { CreateStreamInput } from '../types.js';

/** On-demand streams start with capacity for 4 MB/s of writes — 4 shards (spec §3.2, §9). */
export const ON_DEMAND_INITIAL_SHARDS = 4;
/** AWS allows at most 5 streams in CREATING at once per account. */
const MAX_CREATING = 5;

/** CreateStream: a new stream in CREATING, ACTIVE after a short virtual delay. */
export function createStream(e: KinesisEngine, input: CreateStreamInput): Result<Record<string, never>> {
  const { StreamName: name } = input;
  const mode = input.StreamModeDetails?.StreamMode ?? 'PROVISIONED';
  if (e.streams.has(name)) {
    return fail('ResourceInUseException', `Stream ${name} under account ${e.account.accountId} already exists.`);
  }
  if (mode === 'PROVISIONED' && input.ShardCount === undefined) {
    // Unsure: AWS's exact text; the model made ShardCount optional for ON_DEMAND in 2021.
    return fail('InvalidArgumentException', 'ShardCount is required for a PROVISIONED stream.');
  }
  if (mode === 'ON_DEMAND' && input.ShardCount !== undefined) {
    return fail('InvalidArgumentException', 'ShardCount must not be specified for an ON_DEMAND stream.');
  }
  if (input.RecordDistributionStrategy === 'AUTO' && mode === 'PROVISIONED') {
    return fail('InvalidArgumentException', 'RecordDistributionStrategy AUTO is only supported for ON_DEMAND streams.');
  }
  const shardCount = input.ShardCount ?? ON_DEMAND_INITIAL_SHARDS;
  const open = e.openShardCount();
  if (open + shardCount > LIMITS.shardLimit) {
    return fail('LimitExceededException',
      `This request would exceed the shard limit for the account ${e.account.accountId} in ${e.account.region}. ` +
      `Current limit of shards is ${LIMITS.shardLimit}. Number of additional shards that would have resulted from this request: ${shardCount}. ` +
      'Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.');
  }
  const creating = [...e.streams.values()].filter((s) => s.status === 'CREATING').length;
  if (creating >= MAX_CREATING) {
    return fail('LimitExceededException', `Account ${e.account.accountId} has ${creating} streams in CREATING state; the limit is ${MAX_CREATING}.`);
  }
  const tags = Object.entries(input.Tags ?? {});
  if (tags.length > LIMITS.tagsPerStream) {
    return fail('InvalidArgumentException', `Failed to create stream ${name} because of too many tags: a stream can have at most ${LIMITS.tagsPerStream} tags.`);
  }
  const now = e.now();
  const shards = uniformRanges(shardCount).map((range, index) => e.makeShard({ index, range, createdAt: now }, e.enforceLimits, { name, createdAt: now }));
  const stream: StreamState = {
    name,
    arn: makeArn(e.account, name),
    createdAt: now,
    status: 'CREATING',
    mode,
    retentionHours: LIMITS.retentionDefaultHours,
    shards,
    open: [...shards],
    tags: new Map(tags),
    enforceLimits: e.enforceLimits,
    maxRecordSizeKiB: input.MaxRecordSizeInKiB ?? 1024,
  };
  applyLimitsTag(stream, e.enforceLimits);
  e.streams.set(name, stream);
  e.scheduleActivation(stream, now + e.createStreamMs);
  return ok({});
}
