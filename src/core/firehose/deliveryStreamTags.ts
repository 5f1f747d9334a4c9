/**
 * The tag operations of a delivery stream: TagDeliveryStream, UntagDeliveryStream and
 * ListTagsForDeliveryStream, on the stream's state.
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import type { DeliveryStreamState } from './model.js';

/** TagDeliveryStream: adds or replaces tags, all or none (LimitExceededException past 50). */
export function tagDeliveryStream(st: DeliveryStreamState, tags: readonly { Key: string; Value?: string }[]): Result<unknown> {
  const next = new Map(st.tags);
  for (const t of tags) next.set(t.Key, t.Value ?? '');
  if (next.size > 50) {
    return fail('LimitExceededException', `The number of tags on Firehose ${st.name} would exceed the limit of 50.`); // Unsure: AWS's text
  }
  st.tags.clear();
  for (const [k, v] of next) st.tags.set(k, v);
  return ok({});
}

/** UntagDeliveryStream: removes the keys there are (others are ignored). */
export function untagDeliveryStream(st: DeliveryStreamState, keys: readonly string[]): Result<unknown> {
  for (const k of keys) st.tags.delete(k);
  return ok({});
}

/** ListTagsForDeliveryStream: tags by key after `ExclusiveStartTagKey`, `Limit` (default 50) a page. */
export function listTagsForDeliveryStream(st: DeliveryStreamState, i: Record<string, unknown>): Result<unknown> {
  const after = i.ExclusiveStartTagKey as string | undefined;
  const keys = [...st.tags.keys()].sort().filter((k) => after === undefined || k > after);
  const limit = (i.Limit as number | undefined) ?? 50;
  return ok({ Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: st.tags.get(Key) ?? '' })), HasMoreTags: keys.length > limit });
}
