/** The `Shard` structure of DescribeStream and ListShards. */
import { CLOSED_COUNTER_HEX, formatSequenceNumber } from '../model/sequenceNumber.js';
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
  if (meta.closedAt !== undefined) out.SequenceNumberRange.EndingSequenceNumber = endingSequenceNumber(sh);
  if (meta.parentShardId) out.ParentShardId = meta.parentShardId;
  if (meta.adjacentParentShardId) out.AdjacentParentShardId = meta.adjacentParentShardId;
  return out;
}

/** A closed shard's EndingSequenceNumber: the largest 63-bit counter at the time it closed, as AWS. */
export function endingSequenceNumber(sh: ShardHandle): string {
  const { meta } = sh;
  return formatSequenceNumber({
    shardCreateSecs: Math.floor(meta.createdAt / 1000), counter: 0, recordSecs: Math.floor((meta.closedAt ?? 0) / 1000), shardIndex: meta.index,
  }, CLOSED_COUNTER_HEX);
}

/** The `ChildShards` of a closed shard (GetRecords at its end): shards made from it. */
export function childShards(s: StreamState, sh: ShardHandle): { ShardId: string; ParentShards: string[]; HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }[] {
  return s.shards
    .filter((c) => c.meta.parentShardId === sh.id || c.meta.adjacentParentShardId === sh.id)
    .map((c) => ({
      ShardId: c.id,
      ParentShards: [c.meta.parentShardId, c.meta.adjacentParentShardId].filter((x): x is string => x !== undefined),
      HashKeyRange: { StartingHashKey: c.meta.range.start.toString(), EndingHashKey: c.meta.range.end.toString() },
    }));
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
