/** The `Shard` structure of DescribeStream and ListShards. */
import type { ShardHandle } from '../shard/shardHandle.js';
import type { StreamState } from '../stream.js';
import type { WireShard } from '../types.js';

export function wireShard(sh: ShardHandle): WireShard {
  const { meta } = sh;
  const out: WireShard = {
    ShardId: sh.id,
    HashKeyRange: { StartingHashKey: meta.range.start.toString(), EndingHashKey: meta.range.end.toString() },
    SequenceNumberRange: { StartingSequenceNumber: sh.startingSequenceNumber },
  };
  if (meta.parentShardId) out.ParentShardId = meta.parentShardId;
  if (meta.adjacentParentShardId) out.AdjacentParentShardId = meta.adjacentParentShardId;
  return out;
}

/** The members DescribeStream's StreamDescription and DescribeStreamSummary's summary share. */
export function streamDescriptionBase(s: StreamState) {
  return {
    StreamName: s.name,
    StreamARN: s.arn,
    StreamStatus: s.status,
    StreamModeDetails: { StreamMode: s.mode },
    RetentionPeriodHours: s.retentionHours,
    StreamCreationTimestamp: s.createdAt / 1000,
    EnhancedMonitoring: [{ ShardLevelMetrics: [] as string[] }],
    EncryptionType: 'NONE',
  };
}
