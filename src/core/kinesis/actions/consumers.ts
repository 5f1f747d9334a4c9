/**
 * Enhanced fan-out consumers, control plane (spec §2, §5): RegisterStreamConsumer (CREATING →
 * ACTIVE after the engine's createStreamMs), DescribeStreamConsumer, ListStreamConsumers and
 * DeregisterStreamConsumer (DELETING → gone after deleteStreamMs). Up to 20 per stream, at most
 * 5 CREATING at once, names unique per stream. SubscribeToShard comes next (issue 5).
 */
import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { decodePageToken, encodePageToken, NEXT_TOKEN_TTL_MS } from '../model/pageToken.js';
import type { StreamConsumer, StreamState } from '../stream.js';

export const CONSUMER_LIMITS = { perStream: 20, creating: 5 } as const;

export interface RegisterInput { StreamARN: string; ConsumerName: string; Tags?: Record<string, string> }
export interface ConsumerRef { StreamARN?: string; ConsumerName?: string; ConsumerARN?: string }
export interface ListInput { StreamARN: string; NextToken?: string; MaxResults?: number; StreamCreationTimestamp?: number }

/** `arn:aws:kinesis:<region>:<acct>:stream/<stream>/consumer/<name>:<creation epoch seconds>` */
export const consumerArn = (s: StreamState, name: string, createdAt: number): string => `${s.arn}/consumer/${name}:${Math.floor(createdAt / 1000)}`;

const wire = (c: StreamConsumer) => ({
  ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: c.status, ConsumerCreationTimestamp: c.createdAt / 1000,
});

export function registerStreamConsumer(e: KinesisEngine, input: RegisterInput): Result<unknown> {
  const r = e.stream({ StreamARN: input.StreamARN }, 'any');
  if (!r.ok) return r;
  const s = r.value;
  if (s.status !== 'ACTIVE' && s.status !== 'UPDATING') return e.stream({ StreamARN: input.StreamARN }, 'active') as Result<never>;
  const consumers = (s.consumers ??= new Map());
  const acct = e.account.accountId;
  if (consumers.has(input.ConsumerName)) {
    // Unsure: AWS's exact text for a name already registered on the stream.
    return fail('ResourceInUseException', `Consumer ${input.ConsumerName} under stream ${s.name} already exists for account ${acct}.`);
  }
  if (consumers.size >= CONSUMER_LIMITS.perStream) {
    return fail('LimitExceededException', `Stream ${s.name} under account ${acct} already has ${consumers.size} consumers; the limit is ${CONSUMER_LIMITS.perStream}.`);
  }
  const creating = [...consumers.values()].filter((c) => c.status === 'CREATING').length;
  if (creating >= CONSUMER_LIMITS.creating) {
    return fail('LimitExceededException', `Stream ${s.name} under account ${acct} has ${creating} consumers in CREATING state; the limit is ${CONSUMER_LIMITS.creating}.`);
  }
  const now = e.now();
  const c: StreamConsumer = { name: input.ConsumerName, arn: consumerArn(s, input.ConsumerName, now), status: 'CREATING', createdAt: now };
  consumers.set(c.name, c);
  e.scheduleConsumer(s, c, now + e.createStreamMs);
  return ok({ Consumer: wire(c) });
}

/** The consumer a ConsumerARN, or a StreamARN + ConsumerName, names. */
export function findConsumer(e: KinesisEngine, input: ConsumerRef): Result<{ s: StreamState; c: StreamConsumer }> {
  let streamArn = input.StreamARN;
  let name = input.ConsumerName;
  if (input.ConsumerARN !== undefined) {
    const m = /^(arn:aws[^:]*:kinesis:[^:]+:\d{12}:stream\/[^/]+)\/consumer\/([^:]+):\d+$/.exec(input.ConsumerARN);
    if (!m) return fail('InvalidArgumentException', `Invalid ConsumerARN ${input.ConsumerARN}.`);
    streamArn = m[1];
    name = m[2];
  }
  if (streamArn === undefined || name === undefined) {
    // Unsure: AWS's exact text when neither form is complete.
    return fail('InvalidArgumentException', 'Either ConsumerARN or both StreamARN and ConsumerName must be provided.');
  }
  const r = e.stream({ StreamARN: streamArn }, 'any');
  if (!r.ok) return r;
  const c = r.value.consumers?.get(name);
  if (!c || (input.ConsumerARN !== undefined && c.arn !== input.ConsumerARN)) {
    return fail('ResourceNotFoundException', `Consumer ${name} under stream ${r.value.name} not found for account ${e.account.accountId}.`);
  }
  return ok({ s: r.value, c });
}

export function describeStreamConsumer(e: KinesisEngine, input: ConsumerRef): Result<unknown> {
  const f = findConsumer(e, input);
  if (!f.ok) return f;
  return ok({ ConsumerDescription: { ...wire(f.value.c), StreamARN: f.value.s.arn } });
}

export function deregisterStreamConsumer(e: KinesisEngine, input: ConsumerRef): Result<unknown> {
  const f = findConsumer(e, input);
  if (!f.ok) return f;
  const { s, c } = f.value;
  if (c.status !== 'DELETING') {
    c.status = 'DELETING';
    e.scheduleConsumer(s, c, e.now() + e.deleteStreamMs);
  }
  return ok({});
}

export function listStreamConsumers(e: KinesisEngine, input: ListInput): Result<unknown> {
  const r = e.stream({ StreamARN: input.StreamARN }, 'any');
  if (!r.ok) return r;
  const s = r.value;
  const now = e.now();
  let from = 0;
  if (input.NextToken !== undefined) {
    const t = decodePageToken(input.NextToken);
    if (!t || t.s !== s.arn || typeof t.o !== 'number') return fail('InvalidArgumentException', 'Invalid NextToken.');
    if (now - t.t > NEXT_TOKEN_TTL_MS) return fail('ExpiredNextTokenException', 'The NextToken has expired.');
    from = t.o;
  }
  const all = [...(s.consumers?.values() ?? [])].sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  const max = Math.min(input.MaxResults ?? 100, 100);
  const page = all.slice(from, from + max);
  const more = from + max < all.length;
  return ok({ Consumers: page.map(wire), ...(more ? { NextToken: encodePageToken({ s: s.arn, o: from + max }, now) } : {}) });
}
