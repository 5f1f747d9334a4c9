import type { KinesisEngine } from '../engine.js';
import { ok, type Result } from '../errors.js';
import { LIMITS } from '../limits.js';

/** DescribeLimits: the account's shard quota and use. */
export function describeLimits(e: KinesisEngine): Result<Record<string, number>> {
  const onDemand = [...e.streams.values()].filter((s) => s.mode === 'ON_DEMAND').length;
  return ok({
    ShardLimit: LIMITS.shardLimit,
    OpenShardCount: e.openShardCount(),
    OnDemandStreamCount: onDemand,
    OnDemandStreamCountLimit: LIMITS.onDemandStreamCountLimit,
  });
}
