/**
 * A stream's control-plane state and the lookups every action shares: resolving StreamName /
 * StreamARN, AWS's "not found" / "not ACTIVE" answers, and routing a hash key to its open shard.
 */
import { fail, type AwsError } from './errors.js';
import { parseStreamArn, streamArn, type Account } from './model/arn.js';
import type { MeteredShard } from './shard/meteredShard.js';
import type { ShardHandle } from './shard/shardHandle.js';
import { compareWords, hashKeyWords, wordsOf, type HashKeyRange } from './model/hashKey.js';

export const StreamStatuses = ['CREATING', 'DELETING', 'ACTIVE', 'UPDATING'] as const;
export type StreamStatus = (typeof StreamStatuses)[number];
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface StreamState {
  readonly name: string;
  readonly arn: string;
  /** Epoch ms. */
  readonly createdAt: number;
  status: StreamStatus;
  mode: StreamMode;
  retentionHours: number;
  /** Every shard ever created, by index (closed ones stay until they expire). */
  shards: MeteredShard[];
  /** Open shards sorted by StartingHashKey: they tile [0, 2^128 − 1]. */
  open: MeteredShard[];
  tags: Map<string, string>;
  /** The per-shard limits apply (stream-level switch for experiments; shown in the UI). */
  enforceLimits: boolean;
  maxRecordSizeKiB: number;
  /** A split, merge or shard count update accepted and not yet carried out (the stream is UPDATING meanwhile). */
  pendingReshard?: PendingReshard | undefined;
  /** When UpdateShardCount calls were accepted (epoch ms): AWS allows 10 per rolling 24 hours. */
  scalingOps?: number[];
  /** When UpdateStreamMode calls were accepted (epoch ms): AWS allows 2 per rolling 24 hours. */
  modeSwitches?: number[];
  /** Enhanced fan-out consumers by name. */
  consumers?: Map<string, StreamConsumer>;
  /** The last successful SubscribeToShard per `consumerARN|shardId` (AWS refuses another within 5 s; not persisted: a reload ends them). */
  subscriptions?: Map<string, { readonly startedAt: number; cancelled?: boolean }>;
}

/** A registered enhanced fan-out consumer. */
export interface StreamConsumer {
  readonly name: string;
  readonly arn: string;
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
  /** Epoch ms. */
  readonly createdAt: number;
}

/** A split or merge in progress: parents by shard index, due at virtual time `at`. */
export interface PendingReshard {
  readonly kind: 'split' | 'merge' | 'uniform' | 'mode';
  /** UpdateStreamMode only: the mode the stream switches to. */
  readonly mode?: StreamMode;
  /** UpdateShardCount only. */
  readonly targetShardCount?: number;
  readonly shards: readonly number[];
  /** Split only: the second child's StartingHashKey (decimal). */
  readonly newStartingHashKey?: string;
  readonly at?: number;
}

export interface StreamRef {
  readonly StreamName?: string;
  readonly StreamARN?: string;
}

export const streamNotFound = (acct: Account, name: string): { ok: false; error: AwsError } =>
  fail('ResourceNotFoundException', `Stream ${name} under account ${acct.accountId} not found.`);

export const notActive = (acct: Account, s: StreamState): { ok: false; error: AwsError } =>
  fail('ResourceInUseException', `Stream ${s.name} under account ${acct.accountId} not ACTIVE, instead in state ${s.status}`);

/** The stream named by StreamName and/or StreamARN. */
export function resolveStreamName(acct: Account, ref: StreamRef): { ok: true; value: string } | { ok: false; error: AwsError } {
  if (ref.StreamARN !== undefined) {
    const parsed = parseStreamArn(ref.StreamARN);
    if (!parsed || parsed.accountId !== acct.accountId || parsed.region !== acct.region) {
      // Unsure: AWS's exact text for an ARN of another account/region; what settles it: a real call.
      return fail('InvalidArgumentException', `Invalid StreamARN ${ref.StreamARN}. The ARN must name a stream in region ${acct.region} of account ${acct.accountId}.`);
    }
    if (ref.StreamName !== undefined && ref.StreamName !== parsed.name) {
      return fail('InvalidArgumentException', `StreamARN ${ref.StreamARN} and StreamName ${ref.StreamName} do not refer to the same stream.`);
    }
    return { ok: true, value: parsed.name };
  }
  if (ref.StreamName !== undefined) return { ok: true, value: ref.StreamName };
  // Unsure: AWS's exact text when neither is given (both are optional in the model since 2023).
  return fail('InvalidArgumentException', 'Either StreamName or StreamARN must be provided.');
}

// Range starts as words, computed once per range (ranges never change; shards come and go).
const startWords = new WeakMap<HashKeyRange, Uint32Array>();
const wordsOfStart = (r: HashKeyRange): Uint32Array => {
  let w = startWords.get(r);
  if (!w) startWords.set(r, (w = wordsOf(r.start)));
  return w;
};

/** Binary search: the open shard whose hash key range holds the partition key's hash key. */
export function shardForPartitionKey<S extends ShardHandle>(open: readonly S[], partitionKey: string): S {
  const key = hashKeyWords(partitionKey);
  let lo = 0, hi = open.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (compareWords(wordsOfStart(open[mid]!.meta.range), 0, key, 0) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return open[lo]!;
}

/** Binary search: the open shard whose hash key range holds `hashKey`. */
export function shardForHashKey<S extends ShardHandle>(open: readonly S[], hashKey: bigint): S {
  let lo = 0, hi = open.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (open[mid]!.meta.range.start <= hashKey) lo = mid;
    else hi = mid - 1;
  }
  return open[lo]!;
}

export const makeArn = streamArn;

/** Status in which data-plane calls are served. */
export const servesData = (s: StreamState): boolean => s.status === 'ACTIVE' || s.status === 'UPDATING';

/**
 * The stream-level switch for the per-shard limits, settable with the ordinary SDK: the tag
 * `shardlab:limits` = `off` lifts them for that stream, anything else (or no tag) keeps the
 * simulation's default. A tag, so that it is visible in ListTagsForStream and in the UI.
 */
export const LIMITS_TAG = 'shardlab:limits';

export function applyLimitsTag(s: StreamState, simulationDefault: boolean): void {
  const v = s.tags.get(LIMITS_TAG);
  s.enforceLimits = v === undefined ? simulationDefault : v.toLowerCase() !== 'off';
  for (const shard of s.shards) shard.enforceLimits = s.enforceLimits;
}
