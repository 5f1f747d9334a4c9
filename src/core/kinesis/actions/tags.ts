import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { LIMITS } from '../limits.js';
import { applyLimitsTag } from '../stream.js';
import type { AddTagsInput, ListTagsInput, RemoveTagsInput } from '../types.js';

/** AddTagsToStream: adds or overwrites; a stream holds at most 50 tags. */
export function addTagsToStream(e: KinesisEngine, input: AddTagsInput): Result<Record<string, never>> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  if (s.status !== 'ACTIVE' && s.status !== 'UPDATING') {
    return fail('ResourceInUseException', `Stream ${s.name} under account ${e.account.accountId} not ACTIVE, instead in state ${s.status}`);
  }
  const next = new Map(s.tags);
  for (const [k, v] of Object.entries(input.Tags)) next.set(k, v);
  if (next.size > LIMITS.tagsPerStream) {
    return fail('InvalidArgumentException',
      `Failed to add tags to stream ${s.name} under account ${e.account.accountId} because a given stream cannot have more than ${LIMITS.tagsPerStream} tags.`);
  }
  s.tags = next;
  applyLimitsTag(s, e.enforceLimits);
  return ok({});
}

/** RemoveTagsFromStream: removing a key that is not there is not an error. */
export function removeTagsFromStream(e: KinesisEngine, input: RemoveTagsInput): Result<Record<string, never>> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  if (s.status !== 'ACTIVE' && s.status !== 'UPDATING') {
    return fail('ResourceInUseException', `Stream ${s.name} under account ${e.account.accountId} not ACTIVE, instead in state ${s.status}`);
  }
  for (const k of input.TagKeys) s.tags.delete(k);
  applyLimitsTag(s, e.enforceLimits);
  return ok({});
}

/** ListTagsForStream: keys in lexical order after ExclusiveStartTagKey, Limit (default 50). */
export function listTagsForStream(e: KinesisEngine, input: ListTagsInput): Result<unknown> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  const after = input.ExclusiveStartTagKey;
  const keys = [...s.tags.keys()].sort().filter((k) => after === undefined || k > after);
  const limit = input.Limit ?? 50;
  return ok({
    Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: s.tags.get(Key) ?? '' })),
    HasMoreTags: keys.length > limit,
  });
}
