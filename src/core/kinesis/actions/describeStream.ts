import type { KinesisEngine } from '../engine.js';
import { ok, type Result } from '../errors.js';
import type { DescribeStreamInput, WireShard } from '../types.js';
import { streamDescriptionBase, wireShard } from './shardView.js';

/** DescribeStream (legacy, paged by ExclusiveStartShardId; Limit default 100). */
export function describeStream(e: KinesisEngine, input: DescribeStreamInput): Result<{ StreamDescription: unknown }> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  const limit = input.Limit ?? 100;
  // A stream still CREATING has no shards to show yet.
  let shards = s.status === 'CREATING' ? [] : s.shards.filter((sh) => !sh.expired);
  if (input.ExclusiveStartShardId !== undefined) {
    const after = input.ExclusiveStartShardId;
    shards = shards.filter((sh) => sh.id > after);
  }
  const page: WireShard[] = shards.slice(0, limit).map(wireShard);
  return ok({
    StreamDescription: {
      ...streamDescriptionBase(s),
      Shards: page,
      HasMoreShards: shards.length > limit,
    },
  });
}
