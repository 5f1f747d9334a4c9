import type { Members } from '../validation/shape';
import { limit10000, nextToken, shardId, streamARN, streamId, streamName, timestamp } from './common';

/**
 * `ListShardsInput`. Unsure: AWS's report order (kinesalite's capture matched errors in any
 * order); kinesalite's table order is kept. The NextToken/StreamName exclusivity rules are the
 * action's (InvalidArgumentException).
 */
export const listShardsShape: Members = {
  ExclusiveStartShardId: shardId,
  MaxResults: limit10000,
  NextToken: nextToken,
  StreamCreationTimestamp: timestamp,
  StreamName: streamName,
  ShardFilter: {
    type: 'structure',
    members: {
      Type: {
        type: 'string',
        required: true,
        enum: ['AFTER_SHARD_ID', 'AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST', 'AT_TIMESTAMP', 'FROM_TIMESTAMP'],
      },
      ShardId: shardId,
      Timestamp: timestamp,
    },
  },
  StreamARN: streamARN,
  StreamId: streamId,
};
