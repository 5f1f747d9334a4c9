/**
 * The control plane as plain data — what the broker keeps in its own IndexedDB database — and
 * how a fresh engine is rebuilt from it. Records are not here: each shard restores its own.
 */
import type { KinesisEngine } from './engine.js';
import { applyLimitsTag, makeArn, type PendingReshard, type StreamConsumer, type StreamMode, type StreamState, type StreamStatus } from './stream.js';

export interface SavedShard {
  readonly index: number;
  readonly start: string;
  readonly end: string;
  readonly createdAt: number;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  readonly open: boolean;
  /** When resharding closed it (epoch ms). */
  readonly closedAt?: number;
}

export interface SavedStream {
  readonly name: string;
  readonly createdAt: number;
  readonly status: StreamStatus;
  readonly mode: StreamMode;
  readonly retentionHours: number;
  readonly maxRecordSizeKiB: number;
  readonly tags: readonly (readonly [string, string])[];
  readonly shards: readonly SavedShard[];
  readonly pendingReshard?: PendingReshard;
  readonly scalingOps?: readonly number[];
  readonly modeSwitches?: readonly number[];
  readonly consumers?: readonly { readonly name: string; readonly arn: string; readonly status: StreamConsumer['status']; readonly createdAt: number }[];
}

export function saveStreams(e: KinesisEngine): SavedStream[] {
  return [...e.streams.values()].map((s) => ({
    name: s.name,
    createdAt: s.createdAt,
    status: s.status,
    mode: s.mode,
    retentionHours: s.retentionHours,
    maxRecordSizeKiB: s.maxRecordSizeKiB,
    tags: [...s.tags],
    shards: s.shards.map((sh) => ({
      index: sh.meta.index,
      start: sh.meta.range.start.toString(),
      end: sh.meta.range.end.toString(),
      createdAt: sh.meta.createdAt,
      ...(sh.meta.parentShardId ? { parentShardId: sh.meta.parentShardId } : {}),
      ...(sh.meta.adjacentParentShardId ? { adjacentParentShardId: sh.meta.adjacentParentShardId } : {}),
      open: s.open.includes(sh),
      ...(sh.meta.closedAt !== undefined ? { closedAt: sh.meta.closedAt } : {}),
    })),
    ...(s.pendingReshard ? { pendingReshard: s.pendingReshard } : {}),
    ...(s.scalingOps?.length ? { scalingOps: s.scalingOps } : {}),
    ...(s.modeSwitches?.length ? { modeSwitches: s.modeSwitches } : {}),
    ...(s.consumers?.size ? { consumers: [...s.consumers.values()].map((c) => ({ ...c })) } : {}),
  }));
}

/**
 * Rebuilds streams in an empty engine (shards through its factory, which in the browser spawns
 * workers that restore their own records). Pending lifecycle steps are rescheduled: a stream
 * still CREATING turns ACTIVE when its delay has passed; one DELETING is removed.
 */
export function restoreStreams(e: KinesisEngine, saved: readonly SavedStream[]): void {
  for (const st of saved) {
    const shards = st.shards.map((sh) => e.makeShard({
      index: sh.index,
      range: { start: BigInt(sh.start), end: BigInt(sh.end) },
      createdAt: sh.createdAt,
      ...(sh.parentShardId ? { parentShardId: sh.parentShardId } : {}),
      ...(sh.adjacentParentShardId ? { adjacentParentShardId: sh.adjacentParentShardId } : {}),
    }, e.enforceLimits, { name: st.name, createdAt: st.createdAt }));
    shards.forEach((sh, i) => { const c = st.shards[i]!.closedAt; if (c !== undefined) sh.close(c); });
    const open = shards.filter((_, i) => st.shards[i]!.open).sort((a, b) => (a.meta.range.start < b.meta.range.start ? -1 : 1));
    const s: StreamState = {
      name: st.name,
      arn: makeArn(e.account, st.name),
      createdAt: st.createdAt,
      status: st.status,
      mode: st.mode,
      retentionHours: st.retentionHours,
      shards,
      open,
      tags: new Map(st.tags),
      enforceLimits: e.enforceLimits,
      maxRecordSizeKiB: st.maxRecordSizeKiB,
    };
    applyLimitsTag(s, e.enforceLimits);
    e.streams.set(s.name, s);
    if (s.status === 'CREATING') e.scheduleActivation(s, s.createdAt + e.createStreamMs);
    if (s.status === 'DELETING') e.scheduleRemoval(s, e.now());
    if (st.scalingOps) s.scalingOps = [...st.scalingOps];
    if (st.modeSwitches) s.modeSwitches = [...st.modeSwitches];
    if (st.consumers) {
      s.consumers = new Map(st.consumers.map((c) => [c.name, { ...c }]));
      // Steps still pending finish now (their delay has passed, or nearly).
      for (const c of s.consumers.values()) if (c.status !== 'ACTIVE') e.scheduleConsumer(s, c, e.now());
    }
    if (st.pendingReshard) {
      s.pendingReshard = st.pendingReshard;
      e.scheduleReshard(s);
    }
  }
}
