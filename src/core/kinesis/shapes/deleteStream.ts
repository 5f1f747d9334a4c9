import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName } from './common';

/** `DeleteStreamInput` (model order). */
export const deleteStreamShape: Members = {
  StreamName: streamName,
  EnforceConsumerDeletion: { type: 'boolean' },
  StreamARN: streamARN,
  StreamId: streamId,
};
