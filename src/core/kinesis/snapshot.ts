/**
 * A read-only picture of the simulation for observers (the UI, `window.shardlab`, later the
 * living picture): plain data, replaced — never mutated — on every observation.
 */
import type { KinesisEngine } from './engine.js';
import { LIMITS_TAG, type StreamMode, type StreamStatus } from './stream.js';
import type { ShardTraffic } from './shard/meteredShard.js';

export interface ShardSnapshot {
  readonly shardId: string;
  readonly index: number;
  readonly open: boolean;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** Records held (inside retention). */
  readonly records: number;
  readonly traffic: ShardTraffic;
}

export interface StreamSnapshot {
  readonly name: string;
  readonly arn: string;
  readonly status: StreamStatus;
  readonly mode: StreamMode;
  readonly createdAt: number;
  readonly retentionHours: number;
  readonly enforceLimits: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly shards: readonly ShardSnapshot[];
  /** Enhanced fan-out consumers (name and status). */
  readonly consumers: readonly { readonly name: string; readonly status: 'CREATING' | 'ACTIVE' | 'DELETING' }[];
}

export { LIMITS_TAG };

export function snapshotStreams(e: KinesisEngine, now = e.now()): StreamSnapshot[] {
  return [...e.streams.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({
      name: s.name,
      arn: s.arn,
      status: s.status,
      mode: s.mode,
      createdAt: s.createdAt,
      retentionHours: s.retentionHours,
      enforceLimits: s.enforceLimits,
      tags: Object.fromEntries(s.tags),
      consumers: [...(s.consumers?.values() ?? [])].map((c) => ({ name: c.name, status: c.status })),
      shards: s.shards.filter((sh) => !sh.expired).map((sh) => ({
        shardId: sh.id,
        index: sh.meta.index,
        open: s.open.includes(sh),
        startingHashKey: sh.meta.range.start.toString(),
        endingHashKey: sh.meta.range.end.toString(),
        ...(sh.meta.parentShardId ? { parentShardId: sh.meta.parentShardId } : {}),
        ...(sh.meta.adjacentParentShardId ? { adjacentParentShardId: sh.meta.adjacentParentShardId } : {}),
        records: sh.recordCount,
        traffic: sh.traffic(now),
      })),
    }));
}
