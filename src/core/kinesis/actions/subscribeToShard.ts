/**
 * SubscribeToShard (enhanced fan-out, spec §5): records pushed to one consumer from one shard as
 * an event stream, with the consumer's own 2 MiB/s per shard (not the shared GetRecords budget).
 * A subscription lasts 5 minutes of virtual time; a second one for the same consumer and shard
 * within 5 s is refused (ResourceInUseException), a later one takes over and the old stream ends
 * with ResourceInUseException. Each SubscribeToShardEvent carries Records,
 * ContinuationSequenceNumber (re-subscribe AFTER it) and MillisBehindLatest; at the end of a
 * closed shard the last event carries ChildShards and the stream completes.
 */
import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { EVENT_STREAM, EVENT_STREAM_CLOSE, type StreamEvent } from '../eventStream.js';
import { decodeIterator } from '../model/iterator.js';
import { shardIndexOf } from '../model/sequenceNumber.js';
import { TokenBucket } from '../limits.js';
import type { MeteredShard } from '../shard/meteredShard.js';
import type { StreamConsumer, StreamState } from '../stream.js';
import { base64DecodedLength } from '../../util/base64.js';
import { findConsumer } from './consumers.js';
import { getShardIterator } from './getShardIterator.js';
import { childShards } from './shardView.js';

export interface SubscribeInput {
  ConsumerARN: string;
  ShardId: string;
  StartingPosition: { Type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP'; SequenceNumber?: string; Timestamp?: number };
}

export const SUBSCRIPTION = {
  lifetimeMs: 5 * 60_000,
  takeoverMs: 5_000,
  /** Virtual ms between pushes while records flow. */
  pushMs: 200,
  /** An empty event at least this often while the shard is idle (AWS: "every few seconds"). */
  heartbeatMs: 5_000,
  bytesPerSecond: 2 * 1024 * 1024,
  maxRecordsPerEvent: 10_000,
} as const;

interface Live {
  readonly startedAt: number;
  /** Another subscription took over: the stream ends with ResourceInUseException. */
  cancelled?: boolean;
  /** The client closed the connection: the stream ends quietly. */
  closed?: boolean;
}

export async function subscribeToShard(e: KinesisEngine, input: SubscribeInput): Promise<Result<unknown>> {
  const f = findConsumer(e, { ConsumerARN: input.ConsumerARN });
  if (!f.ok) return f;
  const { s, c } = f.value;
  const acct = e.account.accountId;
  if (c.status !== 'ACTIVE') {
    // Unsure: AWS's exact text for a consumer that is not ACTIVE.
    return fail('ResourceInUseException', `Consumer ${c.arn} under account ${acct} is not in ACTIVE state.`);
  }
  const index = shardIndexOf(input.ShardId);
  const shard = index === undefined ? undefined : s.shards[index];
  if (!shard || shard.expired) return fail('ResourceNotFoundException', `Shard ${input.ShardId} in stream ${s.name} under account ${acct} does not exist`);
  const now = e.now();
  const key = `${c.arn}|${shard.id}`;
  const live = (s.subscriptions ??= new Map<string, Live>());
  const previous = live.get(key);
  // AWS: a call within 5 s of a successful one for the same consumer and shard is refused — whether
  // or not that subscription is still open (the map keeps the last successful call per key).
  if (previous && now - previous.startedAt < SUBSCRIPTION.takeoverMs) {
    // Unsure: AWS's exact text (the condition is documented: within 5 s of a successful call).
    return fail('ResourceInUseException', `Another active subscription exists for consumer ${c.arn} on shard ${shard.id}.`);
  }
  // The start position, with GetShardIterator's own rules and errors.
  const it = await getShardIterator(e, {
    StreamName: s.name, ShardId: shard.id, ShardIteratorType: input.StartingPosition.Type,
    ...(input.StartingPosition.SequenceNumber !== undefined ? { StartingSequenceNumber: input.StartingPosition.SequenceNumber } : {}),
    ...(input.StartingPosition.Timestamp !== undefined ? { Timestamp: input.StartingPosition.Timestamp } : {}),
  }, { unmetered: true });
  if (!it.ok) return it;
  const position = decodeIterator((it.value as { ShardIterator: string }).ShardIterator)!.position;
  if (previous) previous.cancelled = true; // the older subscription ends (with ResourceInUse)
  const me: Live = { startedAt: now };
  live.set(key, me);
  const close = (): void => { me.closed = true; };
  return ok({ [EVENT_STREAM]: events(e, s, shard, c, position, me), [EVENT_STREAM_CLOSE]: close });
}

async function* events(e: KinesisEngine, s: StreamState, shard: MeteredShard, c: StreamConsumer, from: number, me: Live): AsyncGenerator<StreamEvent> {
  const consumer = c.name;
  const budget = new TokenBucket(SUBSCRIPTION.bytesPerSecond, SUBSCRIPTION.bytesPerSecond, e.now());
  let position = from;
  let continuation = from > 1 ? undefined : shard.startingSequenceNumber;
  let lastSent = -Infinity;
  const end = me.startedAt + SUBSCRIPTION.lifetimeMs;
  for (;;) {
    if (me.closed) return;
    if (me.cancelled) {
      yield { kind: 'exception', exceptionType: 'ResourceInUseException', message: `Another subscription took over consumer ${consumer} on shard ${shard.id}.` };
      return;
    }
    const now = e.now();
    if (now >= end || e.streams.get(s.name) !== s) return;
    // Unsure: how AWS ends a subscription whose consumer is being deregistered (an error event,
    // or the stream just ends); here it ends, and a new SubscribeToShard says the consumer is
    // not ACTIVE or not found.
    if (c.status !== 'ACTIVE' || s.consumers?.get(c.name) !== c) return;
    const available = Math.max(0, Math.floor(budget.available(now)));
    const all = available > 0 ? await shard.browse(position, SUBSCRIPTION.maxRecordsPerEvent) : [];
    const records = [];
    let bytes = 0;
    for (const r of all) {
      const size = base64DecodedLength(r.data);
      if (records.length > 0 && bytes + size > available) break;
      bytes += size;
      records.push(r);
    }
    budget.take(bytes, now);
    const last = records[records.length - 1];
    if (last) {
      position = last.counter + 1;
      continuation = last.sequenceNumber;
    }
    // The next record not yet sent (one look ahead): it sets MillisBehindLatest, and a closed
    // shard without one is at its end.
    const pending = records.length < all.length ? all[records.length] : (await shard.browse(position, 1))[0];
    const atEnd = shard.meta.closedAt !== undefined && pending === undefined;
    if (records.length || atEnd || now - lastSent >= SUBSCRIPTION.heartbeatMs) {
      continuation ??= last?.sequenceNumber ?? (await previousSequenceNumber(shard, position));
      yield {
        kind: 'event', eventType: 'SubscribeToShardEvent', payload: {
          Records: records.map((r) => ({ SequenceNumber: r.sequenceNumber, ApproximateArrivalTimestamp: r.arrival / 1000, Data: r.data, PartitionKey: r.partitionKey })),
          ContinuationSequenceNumber: continuation,
          MillisBehindLatest: pending ? Math.max(0, now - pending.arrival) : 0,
          ...(atEnd ? { ChildShards: childShards(s, shard) } : {}),
        },
      };
      lastSent = now;
      if (records.length && e.events.active) {
        e.events.emit({ type: 'read', t: now, stream: s.name, shardId: shard.id, reader: `consumer:${consumer}`, records: records.length, bytes,
          firstSequenceNumber: records[0]!.sequenceNumber, lastSequenceNumber: last!.sequenceNumber, iteratorAgeMs: pending ? Math.max(0, now - pending.arrival) : 0 });
      }
      if (atEnd) return;
    }
    await e.sleep(SUBSCRIPTION.pushMs);
  }
}

/** The sequence number just before `position` (for a ContinuationSequenceNumber with nothing sent yet). */
async function previousSequenceNumber(shard: MeteredShard, position: number): Promise<string> {
  const before = position > 1 ? (await shard.browse(position - 1, 1))[0] : undefined;
  return before && before.counter === position - 1 ? before.sequenceNumber : shard.startingSequenceNumber;
}
