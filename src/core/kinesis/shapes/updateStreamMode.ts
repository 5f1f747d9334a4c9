import type { Members } from '../validation/shape';
import { streamARN } from './common';

/** `UpdateStreamModeInput`: the stream is named by ARN only (AWS's model). */
export const updateStreamModeShape: Members = {
  StreamARN: { ...streamARN, required: true },
  StreamModeDetails: {
    type: 'structure',
    required: true,
    members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
  },
  WarmThroughputMiBps: { type: 'integer', min: 0 },
};
