import type { Members } from '../validation/shape';
import { limit10000, shardId, streamARN, streamId, streamName } from './common';

/**
 * `DescribeStreamInput`, in kinesalite's order (limit, exclusiveStartShardId, streamName).
 * Limit 1..10000 in the model; the action returns at most 100 shards per page.
 */
export const describeStreamShape: Members = {
  Limit: limit10000,
  ExclusiveStartShardId: shardId,
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
