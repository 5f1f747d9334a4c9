/**
 * Shard discovery and lineage for consumer applications, as KCL does it: shards are found with
 * ListShards, and a shard is read only after every parent the app reads has been read to its
 * end — so across SplitShard and MergeShards every record is delivered once, in per-key order.
 * Listing is the one call here; which shards to add and which may start are pure decisions.
 */
import { ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';
import type { App, AppStart, ShardRun } from './consumerApp';
import { errorName } from './errors';

/**
 * Every shard of the app's stream (all ListShards pages); `undefined` when the app halted
 * meanwhile or the listing should be tried later.
 */
export async function listShards(kinesis: KinesisClient, app: App): Promise<Shard[] | undefined> {
  const all: Shard[] = [];
  let token: string | undefined;
  try {
    do {
      const out = await kinesis.send(new ListShardsCommand(token === undefined ? { StreamName: app.stream } : { NextToken: token }));
      if (app.halted) return undefined;
      all.push(...(out.Shards ?? []));
      token = out.NextToken;
    } while (token !== undefined);
  } catch (e) {
    // Busy (over ListShards' rate, or the stream changing state): KCL simply lists again later.
    if (errorName(e) === 'LimitExceededException' || errorName(e) === 'ResourceInUseException') return undefined;
    throw e;
  }
  return all;
}

/**
 * Runs for the listed shards not `known` yet (the first of any repeated id), in listing order.
 * At the first listing (`initial`) a LATEST app skips closed shards and reads open ones from
 * LATEST; shards that appear later are children of shards being read, so they start at TRIM_HORIZON.
 */
export function newShardRuns(listed: readonly Shard[], known: ReadonlyMap<string, ShardRun>, initial: boolean, start: AppStart): ShardRun[] {
  const added = new Map<string, ShardRun>();
  for (const s of listed) {
    if (!s.ShardId || known.has(s.ShardId) || added.has(s.ShardId)) continue;
    const closed = s.SequenceNumberRange?.EndingSequenceNumber !== undefined;
    added.set(s.ShardId, {
      id: s.ShardId,
      parents: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined),
      phase: initial && start === 'LATEST' && closed ? 'skipped' : 'waiting',
      start: initial ? start : 'TRIM_HORIZON',
      ageMs: -1,
    });
  }
  return [...added.values()];
}

/** True for a waiting shard whose parents (those in `shards`) are read to their end or skipped. */
export function readyToRead(shards: ReadonlyMap<string, ShardRun>, sh: ShardRun): boolean {
  const finished = (id: string): boolean => {
    const p = shards.get(id);
    // A parent not listed any more (expired past retention) holds nothing to wait for.
    return p === undefined || p.phase === 'done' || p.phase === 'skipped';
  };
  return sh.phase === 'waiting' && sh.parents.every(finished);
}

/** Marks `sh` read to its end, and asks for a ListShards soon (its children are to be found). */
export function markDone(app: App, sh: ShardRun): void {
  sh.phase = 'done';
  sh.ageMs = -1;
  sh.iterator = undefined;
  app.wake = true;
}
