import type { Members } from '../validation/shape';
import { hashKey, shardId, streamARN, streamId, streamName } from './common';

/**
 * `SplitShardInput`, in the order AWS reports it (kinesalite's capture: newStartingHashKey,
 * streamName, shardToSplit). Unsure: where streamARN/streamId come (no capture breaks them).
 */
export const splitShardShape: Members = {
  NewStartingHashKey: { ...hashKey, required: true },
  StreamName: streamName,
  ShardToSplit: { ...shardId, required: true },
  StreamARN: streamARN,
  StreamId: streamId,
};
