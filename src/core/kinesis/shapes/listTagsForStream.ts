import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName, tagKey } from './common';

/** `ListTagsForStreamInput`, in kinesalite's order (limit, exclusiveStartTagKey, streamName). */
export const listTagsForStreamShape: Members = {
  Limit: { type: 'integer', min: 1, max: 50 },
  ExclusiveStartTagKey: tagKey,
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
