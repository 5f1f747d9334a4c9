import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName } from './common';

/**
 * `IncreaseStreamRetentionPeriodInput`. The model gives RetentionPeriodHours no range: the
 * action answers 24..8760 and "longer than current" with InvalidArgumentException.
 */
export const increaseStreamRetentionPeriodShape: Members = {
  RetentionPeriodHours: { type: 'integer', required: true },
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
