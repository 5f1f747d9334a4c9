import { trimHorizonOf, type KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { NEXT_TOKEN_TTL_MS, decodePageToken, encodePageToken } from '../model/pageToken.js';
import type { ShardHandle } from '../shard/shardHandle.js';
import type { StreamState } from '../stream.js';
import type { ListShardsInput } from '../types.js';
import { wireShard } from './shardView.js';

const MAX_PAGE = 1000;

/**
 * ListShards: StreamName/StreamARN or NextToken (never both), ExclusiveStartShardId, MaxResults
 * (default and cap 1000), ShardFilter. Open shards have no end time; closed shards (after
 * resharding) carry `closedAt`, which the time filters compare.
 */
export function listShards(e: KinesisEngine, input: ListShardsInput): Result<unknown> {
  const now = e.now();
  let ref: ListShardsInput = input;
  let after = input.ExclusiveStartShardId;
  if (input.NextToken !== undefined) {
    if (input.StreamName !== undefined || input.StreamARN !== undefined) {
      return fail('InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
    }
    if (input.ExclusiveStartShardId !== undefined || input.StreamCreationTimestamp !== undefined) {
      return fail('InvalidArgumentException', 'NextToken cannot be provided together with ExclusiveStartShardId or StreamCreationTimestamp.');
    }
    const t = decodePageToken(input.NextToken);
    if (!t || typeof t['stream'] !== 'string' || typeof t['after'] !== 'string') return fail('InvalidArgumentException', 'Invalid NextToken.');
    if (now - t.t > NEXT_TOKEN_TTL_MS) {
      return fail('ExpiredNextTokenException', `The NextToken has expired: it was issued more than ${NEXT_TOKEN_TTL_MS / 1000} seconds ago.`);
    }
    ref = { ...input, StreamName: t['stream'] };
    after = t['after'];
    if (typeof t['filter'] === 'string') ref = { ...ref, ShardFilter: JSON.parse(t['filter']) as ListShardsInput['ShardFilter'] };
  } else if (input.StreamName === undefined && input.StreamARN === undefined) {
    return fail('InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
  }
  const r = e.stream(ref, 'any');
  if (!r.ok) return r;
  const s = r.value;
  if (s.status === 'CREATING' || s.status === 'DELETING') {
    return fail('ResourceInUseException', `Stream ${s.name} under account ${e.account.accountId} not ACTIVE, instead in state ${s.status}`);
  }
  if (input.StreamCreationTimestamp !== undefined && Math.floor(input.StreamCreationTimestamp / 1000) !== Math.floor(s.createdAt / 1000)) {
    return fail('ResourceNotFoundException', `Stream ${s.name} under account ${e.account.accountId} with creation timestamp ${input.StreamCreationTimestamp / 1000} not found.`);
  }
  const filtered = applyFilter(s, ref.ShardFilter, now);
  if (!filtered.ok) return filtered;
  const rest = filtered.value.filter((sh) => after === undefined || sh.id > after);
  const max = Math.min(input.MaxResults ?? MAX_PAGE, MAX_PAGE);
  const page = rest.slice(0, max);
  const last = page[page.length - 1];
  const token = rest.length > max && last
    ? encodePageToken({ stream: s.name, after: last.id, ...(ref.ShardFilter ? { filter: JSON.stringify(ref.ShardFilter) } : {}) }, now)
    : undefined;
  return ok({ Shards: page.map(wireShard), ...(token ? { NextToken: token } : {}) });
}

/** When a shard closed (resharding); undefined while open. */
const closedAt = (sh: ShardHandle): number | undefined => sh.meta.closedAt;

function applyFilter(s: StreamState, f: ListShardsInput['ShardFilter'], now: number): Result<ShardHandle[]> {
  const horizon = trimHorizonOf(s, now);
  // Closed shards whose every record is past retention are EXPIRED: ListShards never returns them.
  const live = s.shards.filter((sh) => { const c = closedAt(sh); return !sh.expired && (c === undefined || c >= horizon); });
  if (!f) return ok(live);
  switch (f.Type) {
    case 'AFTER_SHARD_ID': {
      if (f.ShardId === undefined) return fail('InvalidArgumentException', 'ShardId must be provided with ShardFilter type AFTER_SHARD_ID.');
      const id = f.ShardId;
      return ok(live.filter((sh) => sh.id > id));
    }
    case 'FROM_TRIM_HORIZON':
      return ok(live);
    case 'AT_TRIM_HORIZON': {
      // The shards that were open at the trim horizon (a young stream's horizon is its creation).
      const at = Math.max(horizon, s.createdAt);
      return ok(live.filter((sh) => sh.meta.createdAt <= at && (closedAt(sh) === undefined || closedAt(sh)! >= at)));
    }
    case 'AT_LATEST':
      return ok(live.filter((sh) => closedAt(sh) === undefined));
    case 'AT_TIMESTAMP':
    case 'FROM_TIMESTAMP': {
      if (f.Timestamp === undefined) return fail('InvalidArgumentException', `Timestamp must be provided with ShardFilter type ${f.Type}.`);
      const ts = Math.max(f.Timestamp, horizon);
      if (f.Type === 'AT_TIMESTAMP') {
        return ok(live.filter((sh) => sh.meta.createdAt <= ts && (closedAt(sh) === undefined || closedAt(sh)! >= ts)));
      }
      return ok(live.filter((sh) => closedAt(sh) === undefined || closedAt(sh)! >= ts));
    }
  }
}
