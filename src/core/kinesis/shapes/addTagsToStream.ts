import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName, tagMap } from './common';

/**
 * `AddTagsToStreamInput`. Member order is AWS's error-reporting order (tags before streamName,
 * as captured by kinesalite). Unsure: where AWS reports streamARN/streamId; a request breaking
 * every member at once would settle it.
 */
export const addTagsToStreamShape: Members = {
  Tags: { ...tagMap, required: true },
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
