import type { Members } from '../validation/shape';
import { requiredStreamName, tagMap } from './common';

/**
 * `CreateStreamInput`. AWS reports shardCount before streamName (kinesalite's capture); the
 * newer members follow in model order. Unsure: the position of the newer members in AWS's
 * report; a request breaking all of them would settle it.
 */
export const createStreamShape: Members = {
  // Optional since on-demand streams (the action requires it for PROVISIONED). No maximum in
  // the model: the account shard limit is a LimitExceededException from the action.
  ShardCount: { type: 'integer', min: 1 },
  StreamName: requiredStreamName,
  StreamModeDetails: {
    type: 'structure',
    members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
  },
  Tags: tagMap,
  WarmThroughputMiBps: { type: 'integer', min: 0 },
  MaxRecordSizeInKiB: { type: 'integer', min: 1024, max: 10240 },
  RecordDistributionStrategy: { type: 'string', enum: ['AUTO', 'USER_PARTITION_KEY'] },
};
