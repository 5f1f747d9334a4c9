/**
 * SubscribeToShard's service side: what closing the connection does (the wire layer calls the
 * stream's close when the request's abortSignal fires), and the 5-second rule.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../index';
import { EVENT_STREAM, EVENT_STREAM_CLOSE, type EventStreamResult } from '../eventStream';
import { SUBSCRIPTION } from './subscribeToShard';

const SHARD = 'shardId-000000000000';

async function setup() {
  const sim = createSimulation({ clock: 'manual' });
  await sim.kinesis.dispatch('CreateStream', { StreamName: 's', ShardCount: 1 });
  sim.clock.advance(sim.kinesis.createStreamMs);
  const StreamARN = `arn:aws:kinesis:${sim.region}:${sim.accountId}:stream/s`;
  const reg = await sim.kinesis.dispatch('RegisterStreamConsumer', { StreamARN, ConsumerName: 'c' });
  if (!reg.ok) throw new Error(reg.error.message);
  sim.clock.advance(sim.kinesis.createStreamMs);
  const ConsumerARN = (reg.value as { Consumer: { ConsumerARN: string } }).Consumer.ConsumerARN;
  const subscribe = () => sim.kinesis.dispatch('SubscribeToShard', { ConsumerARN, ShardId: SHARD, StartingPosition: { Type: 'LATEST' } });
  return { sim, subscribe };
}

describe('SubscribeToShard: closing and the 5-second rule', () => {
  it('a closed subscription sends nothing more: its stream ends at the next push, even with records waiting', async () => {
    const { sim, subscribe } = await setup();
    const r = await subscribe();
    expect(r.ok).toBe(true);
    const stream = r.ok ? (r.value as EventStreamResult) : undefined;
    const it = stream![EVENT_STREAM][Symbol.asyncIterator]();
    const first = it.next();
    sim.clock.advance(SUBSCRIPTION.heartbeatMs);
    expect((await first).done).toBe(false);
    stream![EVENT_STREAM_CLOSE]!();
    await sim.kinesis.dispatch('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: 'AA==' });
    const next = it.next();
    sim.clock.advance(SUBSCRIPTION.pushMs);
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('refuses a call within 5 s of the last successful one, open or closed; takes one after', async () => {
    const { sim, subscribe } = await setup();
    const r = await subscribe();
    (r.ok ? (r.value as EventStreamResult) : undefined)![EVENT_STREAM_CLOSE]!();
    const again = await subscribe();
    expect(again.ok ? undefined : again.error.__type).toBe('ResourceInUseException');
    sim.clock.advance(SUBSCRIPTION.takeoverMs);
    expect((await subscribe()).ok).toBe(true);
  });
});
