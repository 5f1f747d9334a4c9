import type { Members } from '../validation/shape';
import { streamARN, streamName } from './common';

/**
 * `UpdateShardCountInput`. The model caps TargetShardCount at 100,000; the per-stream and
 * scaling limits are the action's (LimitExceededException). Unsure: the order AWS reports the
 * members in (model order is used).
 */
export const updateShardCountShape: Members = {
  StreamName: streamName,
  TargetShardCount: { type: 'integer', required: true, min: 1, max: 100000 },
  ScalingType: { type: 'string', required: true, enum: ['UNIFORM_SCALING'] },
  StreamARN: streamARN,
};
