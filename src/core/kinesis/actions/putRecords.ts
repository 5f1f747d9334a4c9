import type { KinesisEngine } from '../engine.js';
import { fail, isShardUnavailable, ok, type Result } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { PutEntry, PutOutcome } from '../shard/shardCore.js';
import type { ShardHandle } from '../shard/shardHandle.js';
import type { PutRecordsInput } from '../types.js';
import type { StreamState } from '../stream.js';
import type { AcceptedRecord, PutEvent, ThrottledRecord } from '../../observe/events.js';
import { base64DecodedLength, decodeBase64 } from '../../util/base64.js';
import { countUserRecords, KPL_BASE64_PREFIX } from '../../kpl/magic.js';
import { dryRun, missingPartitionKey, rateExceeded, recordTooLarge, route } from './putShared.js';
import { utf8Length } from '../../util/utf8.js';

type EntryResult = { SequenceNumber: string; ShardId: string } | { ErrorCode: string; ErrorMessage: string };

/**
 * PutRecords: up to 500 records / 5 MiB. Each entry succeeds or fails on its own (throttled
 * entries come back with ErrorCode/ErrorMessage in place); the response keeps the request order.
 */
export function putRecords(e: KinesisEngine, input: PutRecordsInput): Result<unknown> | Promise<Result<unknown>> {
  const r = e.stream(input, 'data');
  if (!r.ok) return r;
  const s = r.value;
  const max = s.maxRecordSizeKiB * 1024;
  const recs = input.Records;
  const n = recs.length;
  const shardOf: ShardHandle[] = new Array(n);
  const entries: PutEntry[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const rec = recs[i]!;
    const key = rec.PartitionKey;
    if (key === undefined) return missingPartitionKey(`records.${i + 1}.member.partitionKey`);
    const dataBytes = base64DecodedLength(rec.Data);
    if (dataBytes > max) return recordTooLarge(`records.${i + 1}.member.data`, dataBytes, max);
    const bytes = dataBytes + utf8Length(key);
    total += bytes;
    const shard = route(s, key, rec.ExplicitHashKey);
    if ('ok' in shard) return shard;
    shardOf[i] = shard;
    entries[i] = rec.ExplicitHashKey === undefined ? { partitionKey: key, data: rec.Data, bytes } : { partitionKey: key, data: rec.Data, bytes, explicitHashKey: rec.ExplicitHashKey };
  }
  if (total > LIMITS.putRecordsMaxBytes) {
    // Unsure: AWS's exact text for a PutRecords payload over 5 MiB.
    return fail('InvalidArgumentException', `Records size exceeds 5 MB limit: the request's records total ${total} bytes (data + partition keys).`);
  }
  if (input.DryRun) return dryRun();
  const now = e.now();
  // Group by shard (one call per shard keeps the worker round trips down), keeping request order.
  const groups = new Map<ShardHandle, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(shardOf[i]!);
    if (g) g.push(i);
    else groups.set(shardOf[i]!, [i]);
  }
  // Every shard's put starts now; what waits for them holds no entries (see collect).
  const calls = [...groups].map(([shard, idx]): ShardCall => ({ shard, idx, outcomes: promised(() => shard.put(idx.map((i) => entries[i]!), now)) }));
  // Observers get keys and sizes only (never the data), captured now: collect holds no entries.
  const seen = e.events.active ? entries.map(observed) : undefined;
  return collect(e, s, n, now, calls, seen);
}

/**
 * What observers are told of an entry (see ../../observe/events.ts): its key and size, and for a
 * KPL aggregated record how many user records it packs (the picture draws it as a bundle).
 */
export function observed(p: PutEntry): ThrottledRecord {
  const userRecords = p.data.startsWith(KPL_BASE64_PREFIX) ? countUserRecords(decodeBase64(p.data)) : undefined;
  return {
    partitionKey: p.partitionKey, bytes: p.bytes,
    ...(p.explicitHashKey !== undefined ? { explicitHashKey: p.explicitHashKey } : {}),
    ...(userRecords !== undefined ? { userRecords } : {}),
  };
}

/** Tells observers what one shard did with its entries. */
export function emitPut(e: KinesisEngine, stream: string, shardId: string, t: number, operation: PutEvent['operation'],
  entries: readonly ThrottledRecord[], outcomes: readonly PutOutcome[]): void {
  const accepted: AcceptedRecord[] = [];
  const throttled: ThrottledRecord[] = [];
  for (let k = 0; k < outcomes.length; k++) {
    const o = outcomes[k]!;
    const entry = entries[k]!;
    if ('throttled' in o) throttled.push(entry);
    else accepted.push({ ...entry, sequenceNumber: o.sequenceNumber });
  }
  e.events.emit({ type: 'put', t, stream, shardId, operation, accepted, throttled });
}

interface ShardCall {
  readonly shard: ShardHandle;
  /** Request positions of the shard's entries. */
  readonly idx: readonly number[];
  readonly outcomes: Promise<PutOutcome[]>;
}

/** A call's result as a promise, a synchronous throw included. */
function promised<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Waits for the shards and builds the answer. Kept apart from putRecords so that nothing here
 * references the request or its entries: their data (copied to the shard workers by then) can be
 * collected while the shards commit, instead of surviving into the old space.
 */
async function collect(e: KinesisEngine, s: StreamState, n: number, now: number, calls: readonly ShardCall[],
  seen: readonly ThrottledRecord[] | undefined): Promise<Result<unknown>> {
  const out: EntryResult[] = new Array(n);
  let failed = 0;
  await Promise.all(calls.map(async ({ shard, idx, outcomes: pending }) => {
    let outcomes: PutOutcome[];
    try {
      outcomes = await pending;
    } catch (err) {
      if (!isShardUnavailable(err)) throw err;
      // AWS reports a shard's internal failure per entry; the other shards' entries stand.
      for (const i of idx) out[i] = { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' };
      failed += idx.length;
      return;
    }
    if (seen && e.events.active) emitPut(e, s.name, shard.id, now, 'PutRecords', idx.map((i) => seen[i]!), outcomes);
    for (let k = 0; k < idx.length; k++) {
      const o = outcomes[k]!;
      if ('throttled' in o) {
        failed++;
        out[idx[k]!] = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: rateExceeded(e.account, s, shard.id) };
      } else {
        out[idx[k]!] = { SequenceNumber: o.sequenceNumber, ShardId: shard.id };
      }
    }
  }));
  return ok({ FailedRecordCount: failed, Records: out, EncryptionType: 'NONE' });
}
