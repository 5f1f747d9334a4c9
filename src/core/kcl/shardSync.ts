/**
 * Shard sync (KCL ShardSyncTask / HierarchicalShardSyncer, spec producers-consumers §2.6):
 * ListShards, then a lease for every shard that should have one and lacks it —
 *
 * - a shard with a leased parent gets its lease (from TRIM_HORIZON) only once every leased parent
 *   reached SHARD_END (normally the parent's own shard end creates it first);
 * - a shard with a leased descendant gets none (its lineage was already processed and cleaned);
 * - any other shard is a root: it starts at the initial position, except that with LATEST a
 *   closed root is skipped (nothing after LATEST in it; its children start at LATEST instead).
 *
 * Creation is `createIfAbsent`, so workers syncing at once do not clash.
 */
import { Sentinel, newLease, type Lease, type LeaseStore } from './leaseTable.js';
import type { InitialPosition, KinesisFunction } from './types.js';

interface ListedShard {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { EndingSequenceNumber?: string };
}

/** Every shard of the stream, through ListShards' pages. */
export async function listShards(kinesis: KinesisFunction, streamName: string): Promise<{ ok: true; shards: ListedShard[] } | { ok: false; error: string }> {
  const shards: ListedShard[] = [];
  let token: string | undefined;
  do {
    const out = await kinesis('ListShards', token ? { NextToken: token } : { StreamName: streamName });
    if (!out.ok) return { ok: false, error: `${out.error.__type}: ${out.error.message}` };
    const v = out.value as { Shards: ListedShard[]; NextToken?: string };
    shards.push(...v.Shards);
    token = v.NextToken;
  } while (token);
  return { ok: true, shards };
}

const parentsOf = (s: ListedShard): string[] => [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined);

export async function syncShards(kinesis: KinesisFunction, streamName: string, store: LeaseStore, initial: InitialPosition): Promise<{ ok: true; created: string[] } | { ok: false; error: string }> {
  const listed = await listShards(kinesis, streamName);
  if (!listed.ok) return listed;
  const leases = new Map<string, Lease>((await store.list()).map((l) => [l.leaseKey, l]));
  const children = new Map<string, string[]>();
  for (const s of listed.shards) for (const p of parentsOf(s)) children.set(p, [...(children.get(p) ?? []), s.ShardId]);
  const leasedDescendant = (id: string, seen = new Set<string>()): boolean =>
    (children.get(id) ?? []).some((c) => !seen.has(c) && (seen.add(c), leases.has(c) || leasedDescendant(c, seen)));
  const created: string[] = [];
  // Shard ids grow with creation: parents come before their children.
  for (const s of [...listed.shards].sort((a, b) => (a.ShardId < b.ShardId ? -1 : 1))) {
    if (leases.has(s.ShardId) || leasedDescendant(s.ShardId)) continue;
    const parents = parentsOf(s);
    const parentLeases = parents.map((p) => leases.get(p)).filter((l): l is Lease => l !== undefined);
    let checkpoint: string;
    if (parentLeases.length) {
      if (!parentLeases.every((l) => l.checkpoint === Sentinel.SHARD_END)) continue;
      checkpoint = Sentinel.TRIM_HORIZON; // children always start at TRIM_HORIZON (spec §2.5)
    } else {
      const closed = s.SequenceNumberRange.EndingSequenceNumber !== undefined;
      if (closed && initial === 'LATEST') continue;
      checkpoint = typeof initial === 'object' ? Sentinel.AT_TIMESTAMP : initial;
    }
    const lease = newLease(s.ShardId, checkpoint, parentLeases.length ? parents : [], { startingHashKey: s.HashKeyRange.StartingHashKey, endingHashKey: s.HashKeyRange.EndingHashKey });
    if (await store.createIfAbsent(lease)) created.push(s.ShardId);
    leases.set(s.ShardId, (await store.get(s.ShardId)) ?? lease);
  }
  return { ok: true, created };
}

/**
 * Deletes completed leases (SHARD_END) once every child has a lease that started processing
 * (checkpointed past TRIM_HORIZON) — the KCL's cleanupLeasesUponShardCompletion.
 */
export async function cleanupCompletedLeases(store: LeaseStore): Promise<string[]> {
  const all = await store.list();
  const byKey = new Map(all.map((l) => [l.leaseKey, l]));
  const deleted: string[] = [];
  for (const l of all) {
    if (l.checkpoint !== Sentinel.SHARD_END || l.childShardIds.length === 0) continue;
    const started = l.childShardIds.every((c) => {
      const child = byKey.get(c);
      return child !== undefined && child.checkpoint !== Sentinel.TRIM_HORIZON;
    });
    if (started && (await store.delete(l.leaseKey, { leaseCounter: l.leaseCounter })).ok) deleted.push(l.leaseKey);
  }
  return deleted;
}
