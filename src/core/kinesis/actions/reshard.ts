/**
 * SplitShard and MergeShards (spec §3.3). The call answers at once and the stream turns UPDATING;
 * after the engine's `updateStreamMs` of virtual time the parents close (EndingSequenceNumber set,
 * still readable until retention expires them), the children open with the next shard ids and
 * their ParentShardId / AdjacentParentShardId, and the stream is ACTIVE again. Until then the
 * parents keep taking records. Checks in kinesalite's order (taken from the real service).
 */
import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { HASH_KEY_MAX, parseHashKey, uniformRanges, type HashKeyRange } from '../model/hashKey.js';
import { shardIdOf, shardIndexOf } from '../model/sequenceNumber.js';
import { LIMITS } from '../limits.js';
import type { MeteredShard } from '../shard/meteredShard.js';
import { notActive, type PendingReshard, type StreamRef, type StreamState } from '../stream.js';

export interface SplitShardInput extends StreamRef { ShardToSplit: string; NewStartingHashKey: string }
export interface MergeShardsInput extends StreamRef { ShardToMerge: string; AdjacentShardToMerge: string }


const notFound = (e: KinesisEngine, shard: string, stream: string) =>
  fail('ResourceNotFoundException', `Could not find shard ${shard} in stream ${stream} under account ${e.account.accountId}.`);

/** The stream's shard named `name` (`shardId-000000000001` or `1`), or AWS's not-found answer. */
function findShard(e: KinesisEngine, s: StreamState, name: string): Result<MeteredShard> {
  const index = shardIndexOf(name);
  const sh = index === undefined ? undefined : s.shards[index];
  return sh ? ok(sh) : notFound(e, index === undefined ? name : shardIdOf(index), s.name);
}

// Unsure: AWS's text for resharding a shard that is already closed; kinesis-mock and user
// reports quote this one. A real call on a closed shard would settle it.
const alreadyResharded = (e: KinesisEngine, s: StreamState, sh: MeteredShard) =>
  fail('InvalidArgumentException', `Shard ${sh.id} in stream ${s.name} under account ${e.account.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`);

/** Checks every resharding call shares: provisioned mode, the shard quota, an ACTIVE stream. */
function common(e: KinesisEngine, s: StreamState, op: string, extraShards: number): Result<void> | undefined {
  if (s.mode === 'ON_DEMAND') {
    // Unsure: AWS's exact text; it answers ValidationException for on-demand streams.
    return fail('ValidationException', `${op} is not supported for stream ${s.name} under account ${e.account.accountId}: its capacity mode is ON_DEMAND.`);
  }
  const open = e.openShardCount();
  if (open + extraShards > LIMITS.shardLimit) {
    return fail('LimitExceededException',
      `This request would exceed the shard limit for the account ${e.account.accountId} in ${e.account.region}. ` +
      `Current shard count for the account: ${open}. Limit: ${LIMITS.shardLimit}. Number of additional shards that would have resulted from this request: ${extraShards}. ` +
      'Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.');
  }
  return undefined;
}

export function splitShard(e: KinesisEngine, input: SplitShardInput): Result<unknown> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  const found = findShard(e, s, input.ShardToSplit);
  if (!found.ok) return found;
  const sh = found.value;
  const failed = common(e, s, 'SplitShard', 1);
  if (failed) return failed;
  const key = parseHashKey(input.NewStartingHashKey) ?? HASH_KEY_MAX + 1n;
  const { start, end } = sh.meta.range;
  if (key <= start + 1n || key >= end) {
    return fail('InvalidArgumentException',
      `NewStartingHashKey ${input.NewStartingHashKey} used in SplitShard() on shard ${sh.id} in stream ${s.name} under account ${e.account.accountId} ` +
      `is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`);
  }
  if (s.status !== 'ACTIVE') return notActive(e.account, s);
  if (sh.meta.closedAt !== undefined) return alreadyResharded(e, s, sh);
  return begin(e, s, { kind: 'split', shards: [sh.meta.index], newStartingHashKey: key.toString() });
}

export function mergeShards(e: KinesisEngine, input: MergeShardsInput): Result<unknown> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  const a = findShard(e, s, input.ShardToMerge);
  if (!a.ok) return a;
  const b = findShard(e, s, input.AdjacentShardToMerge);
  if (!b.ok) return b;
  const [x, y] = [a.value, b.value];
  const failed = common(e, s, 'MergeShards', 0);
  if (failed) return failed;
  // Either order: the ranges must touch (AWS's docs; kinesalite only accepted the lower first).
  const adjacent = x.meta.range.end + 1n === y.meta.range.start || y.meta.range.end + 1n === x.meta.range.start;
  if (!adjacent || x === y) {
    return fail('InvalidArgumentException',
      `Shards ${x.id} and ${y.id} in stream ${s.name} under account ${e.account.accountId} are not an adjacent pair of shards eligible for merging`);
  }
  if (s.status !== 'ACTIVE') return notActive(e.account, s);
  if (x.meta.closedAt !== undefined) return alreadyResharded(e, s, x);
  if (y.meta.closedAt !== undefined) return alreadyResharded(e, s, y);
  return begin(e, s, { kind: 'merge', shards: [x.meta.index, y.meta.index] });
}

export interface UpdateShardCountInput extends StreamRef { TargetShardCount: number; ScalingType: 'UNIFORM_SCALING' }

/** AWS's default quotas for UpdateShardCount (spec §3.3). */
export const SCALING = { opsPer24h: 10, maxShardsPerStream: 10_000, windowMs: 24 * 3600_000 } as const;

/**
 * UpdateShardCount (UNIFORM_SCALING): after the UPDATING window every open shard has closed and
 * TargetShardCount shards of equal ranges are open (through intermediate splits and merges).
 */
export function updateShardCount(e: KinesisEngine, input: UpdateShardCountInput): Result<unknown> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  const current = s.open.length;
  const target = input.TargetShardCount;
  const failed = common(e, s, 'UpdateShardCount', Math.max(0, target - current));
  if (failed) return failed;
  if (s.status !== 'ACTIVE') return notActive(e.account, s);
  const acct = e.account.accountId;
  if (target > 2 * current) {
    return fail('LimitExceededException', `UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${current} Target shard count: ${target}`);
  }
  if (target * 2 < current) {
    return fail('LimitExceededException', `UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${current} Target shard count: ${target}`);
  }
  if (target > SCALING.maxShardsPerStream) {
    // Unsure: AWS's exact text for the per-stream maximum.
    return fail('LimitExceededException', `UpdateShardCount cannot scale up over ${SCALING.maxShardsPerStream} shards in stream ${s.name} under account ${acct}.`);
  }
  const now = e.now();
  const recent = (s.scalingOps ?? []).filter((t) => now - t < SCALING.windowMs);
  if (recent.length >= SCALING.opsPer24h) {
    // Unsure: AWS's exact text for the rolling 24-hour quota of scaling operations.
    return fail('LimitExceededException', `Exceeded the number of allowed UpdateShardCount operations (${SCALING.opsPer24h}) in the last 24 hours for stream ${s.name} under account ${acct}.`);
  }
  s.scalingOps = [...recent, now];
  const out = { StreamName: s.name, CurrentShardCount: current, TargetShardCount: target, StreamARN: s.arn };
  // Unsure: AWS's answer when the target equals the current count; here nothing changes.
  if (target === current) return ok(out);
  const begun = begin(e, s, { kind: 'uniform', shards: [], targetShardCount: target });
  return begun.ok ? ok(out) : begun;
}

export interface UpdateStreamModeInput { StreamARN: string; StreamModeDetails: { StreamMode: 'PROVISIONED' | 'ON_DEMAND' } }

/** AWS allows two capacity mode switches per rolling 24 hours. */
export const MODE_SWITCHES_PER_24H = 2;

/**
 * UpdateStreamMode: UPDATING for a moment, then the stream's capacity mode is the new one; its
 * open shards stay as they are (on-demand then adds shards as demand grows).
 */
export function updateStreamMode(e: KinesisEngine, input: UpdateStreamModeInput): Result<unknown> {
  const r = e.stream({ StreamARN: input.StreamARN }, 'active');
  if (!r.ok) return r;
  const s = r.value;
  const mode = input.StreamModeDetails.StreamMode;
  // Unsure: AWS's answer when the stream already has that mode; here nothing changes.
  if (mode === s.mode) return ok({});
  const now = e.now();
  const recent = (s.modeSwitches ?? []).filter((t) => now - t < SCALING.windowMs);
  if (recent.length >= MODE_SWITCHES_PER_24H) {
    // Unsure: AWS's exact text for the capacity mode switch quota.
    return fail('LimitExceededException', `Stream ${s.name} under account ${e.account.accountId} has switched capacity mode ${MODE_SWITCHES_PER_24H} times in the last 24 hours; the limit is ${MODE_SWITCHES_PER_24H}.`);
  }
  s.modeSwitches = [...recent, now];
  return begin(e, s, { kind: 'mode', shards: [], mode });
}

function begin(e: KinesisEngine, s: StreamState, op: PendingReshard): Result<unknown> {
  s.status = 'UPDATING';
  s.pendingReshard = { ...op, at: e.now() + e.updateStreamMs };
  e.scheduleReshard(s);
  return ok({});
}

/**
 * Carries out a stream's pending split, merge or shard count update (called by the engine's
 * scheduler when it is due, and on restore): parents close, children open, the stream is ACTIVE.
 */
export function completeReshard(e: KinesisEngine, s: StreamState): void {
  const op = s.pendingReshard;
  if (!op) return;
  const at = op.at ?? e.now();
  const ops = new Reshaper(e, s, at);
  if (op.kind === 'split') ops.split(s.shards[op.shards[0]!]!, BigInt(op.newStartingHashKey!));
  else if (op.kind === 'merge') ops.merge(s.shards[op.shards[0]!]!, s.shards[op.shards[1]!]!);
  else if (op.kind === 'uniform') ops.uniform(op.targetShardCount!);
  else if (op.mode) s.mode = op.mode;
  s.pendingReshard = undefined;
  s.status = 'ACTIVE';
  e.changed();
  ops.announce();
}

/** Structural resharding at one instant, recording what closed and opened for observers. */
class Reshaper {
  private readonly closed: MeteredShard[] = [];
  private readonly opened: MeteredShard[] = [];

  constructor(private readonly e: KinesisEngine, private readonly s: StreamState, private readonly at: number) {}

  /** Closes `parent`; children [start, key − 1] and [key, end]. */
  split(parent: MeteredShard, key: bigint): [MeteredShard, MeteredShard] {
    const { start, end } = parent.meta.range;
    const [a, b] = this.replace([parent], [{ start, end: key - 1n }, { start: key, end }], { parentShardId: parent.id }) as [MeteredShard, MeteredShard];
    return [a, b];
  }

  /** Closes two adjacent shards; one child over both ranges. */
  merge(x: MeteredShard, y: MeteredShard): MeteredShard {
    const start = x.meta.range.start < y.meta.range.start ? x.meta.range.start : y.meta.range.start;
    const end = x.meta.range.end > y.meta.range.end ? x.meta.range.end : y.meta.range.end;
    return this.replace([x, y], [{ start, end }], { parentShardId: x.id, adjacentParentShardId: y.id })[0]!;
  }

  /**
   * UpdateShardCount's UNIFORM_SCALING, the way AWS describes doing it: splits at every new
   * boundary inside an old shard, then merges the pieces of each new range — short-lived
   * intermediate shards included — so that every child's ParentShardId / AdjacentParentShardId
   * chain covers exactly the shards its keys came from (a KCL reader keeps per-key order).
   */
  uniform(target: number): void {
    const ranges = uniformRanges(target);
    for (const r of ranges.slice(1)) {
      const holder = this.s.open.find((sh) => sh.meta.range.start < r.start && r.start <= sh.meta.range.end);
      if (holder) this.split(holder, r.start);
    }
    for (const r of ranges) {
      let pieces = this.s.open.filter((sh) => sh.meta.range.start >= r.start && sh.meta.range.end <= r.end);
      while (pieces.length > 1) {
        const merged = this.merge(pieces[0]!, pieces[1]!);
        pieces = [merged, ...pieces.slice(2)];
      }
    }
  }

  private replace(parents: readonly MeteredShard[], ranges: readonly HashKeyRange[], lineage: { parentShardId: string; adjacentParentShardId?: string }): MeteredShard[] {
    for (const p of parents) p.close(this.at);
    const children = ranges.map((range, i) => this.e.makeShard({ index: this.s.shards.length + i, range, createdAt: this.at, ...lineage },
      this.s.enforceLimits, { name: this.s.name, createdAt: this.s.createdAt }));
    this.s.shards.push(...children);
    this.s.open = this.s.open.filter((sh) => !parents.includes(sh)).concat(children)
      .sort((a, b) => (a.meta.range.start < b.meta.range.start ? -1 : 1));
    this.closed.push(...parents);
    this.opened.push(...children);
    return children;
  }

  /** Tells observers which shards closed and which opened (intermediate ones do both). */
  announce(): void {
    const { e, s, at } = this;
    if (!e.events.active) return;
    for (const p of this.closed) e.events.emit({ type: 'shardClosed', t: at, stream: s.name, shardId: p.id });
    for (const c of this.opened) if (c.meta.closedAt === undefined) e.events.emit({ type: 'shardOpened', t: at, stream: s.name, shardId: c.id });
  }
}
