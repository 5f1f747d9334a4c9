import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName } from './common';

/**
 * `DecreaseStreamRetentionPeriodInput`. The model gives RetentionPeriodHours no range: the
 * action answers 24..8760 and "shorter than current" with InvalidArgumentException.
 */
export const decreaseStreamRetentionPeriodShape: Members = {
  RetentionPeriodHours: { type: 'integer', required: true },
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
