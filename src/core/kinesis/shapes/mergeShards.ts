import type { Members } from '../validation/shape';
import { shardId, streamARN, streamId, streamName } from './common';

/**
 * `MergeShardsInput`. Unsure: the order AWS reports its members in (model order is used:
 * streamName, shardToMerge, adjacentShardToMerge).
 */
export const mergeShardsShape: Members = {
  StreamName: streamName,
  ShardToMerge: { ...shardId, required: true },
  AdjacentShardToMerge: { ...shardId, required: true },
  StreamARN: streamARN,
  StreamId: streamId,
};
