import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName, tagKey } from './common';

/**
 * `RemoveTagsFromStreamInput`. A bad key is reported on the whole list, as AWS does:
 * "Value '[a, …]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint:
 * [Member must have length less than or equal to 128, Member must have length greater than or
 * equal to 1]".
 */
export const removeTagsFromStreamShape: Members = {
  TagKeys: { type: 'list', required: true, min: 1, max: 50, member: tagKey },
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
