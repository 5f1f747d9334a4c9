/**
 * SubscribeToShard through the real SDK's event stream (`for await … of EventStream`), records
 * pushed as they arrive on the virtual clock.
 */
import {
  DeregisterStreamConsumerCommand, PutRecordsCommand, RegisterStreamConsumerCommand, SplitShardCommand, SubscribeToShardCommand,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION } from '../../src/core/kinesis/actions/subscribeToShard';
import { bytes, expectAwsError, setup, text } from './harness';

const id = (i: number) => `shardId-${String(i).padStart(12, '0')}`;

async function withConsumer(shards = 1) {
  const h = setup({ enforceLimits: false });
  await h.createActive('efo', shards);
  const { Consumer } = await h.client.send(new RegisterStreamConsumerCommand({ StreamARN: h.arn('efo'), ConsumerName: 'app' }));
  h.sim.clock.advance(h.sim.kinesis.createStreamMs);
  return { ...h, consumerArn: Consumer!.ConsumerARN! };
}

/** Runs the virtual clock forward in small steps while `until` is pending (the stream paces itself on it). */
async function drive<T>(sim: ReturnType<typeof setup>['sim'], until: Promise<T>, stepMs = 100): Promise<T> {
  let done = false;
  const result = until.finally(() => { done = true; });
  while (!done) {
    await new Promise((r) => setTimeout(r, 1));
    sim.clock.advance(stepMs);
  }
  return result;
}

async function collect(stream: AsyncIterable<SubscribeToShardEventStream>, enough: (events: SubscribeToShardEventStream[]) => boolean) {
  const events: SubscribeToShardEventStream[] = [];
  for await (const ev of stream) {
    events.push(ev);
    if (enough(events)) break;
  }
  return events;
}

describe('SubscribeToShard', () => {
  it('pushes records as they arrive, with ContinuationSequenceNumber and MillisBehindLatest', async () => {
    const { sim, client, arn, consumerArn } = await withConsumer();
    const put = await client.send(new PutRecordsCommand({ StreamARN: arn('efo'), Records: [1, 2, 3].map((i) => ({ PartitionKey: `k${i}`, Data: bytes(`r${i}`) })) }));
    const out = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'TRIM_HORIZON' } }));
    let sentLater = false;
    const events = await drive(sim, collect(out.EventStream!, (evs) => {
      const records = evs.flatMap((e) => e.SubscribeToShardEvent?.Records ?? []);
      if (records.length >= 3 && !sentLater) {
        sentLater = true;
        void client.send(new PutRecordsCommand({ StreamARN: arn('efo'), Records: [{ PartitionKey: 'late', Data: bytes('r4') }] }));
      }
      return records.length >= 4;
    }));
    const records = events.flatMap((e) => e.SubscribeToShardEvent?.Records ?? []);
    expect(records.map((r) => text(r.Data))).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(records[0]!.SequenceNumber).toBe(put.Records![0]!.SequenceNumber);
    const last = events.at(-1)!.SubscribeToShardEvent!;
    expect(last.ContinuationSequenceNumber).toBe(records[3]!.SequenceNumber);
    expect(last.MillisBehindLatest).toBe(0);
  });

  it('refuses a second subscription within 5 s; one later takes over and the old stream ends with ResourceInUseException', async () => {
    const { sim, client, consumerArn } = await withConsumer();
    const first = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } }));
    await expectAwsError(client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } })), 'ResourceInUseException');
    sim.clock.advance(SUBSCRIPTION.takeoverMs);
    await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } }));
    let error: unknown;
    await drive(sim, (async () => {
      try {
        for await (const ev of first.EventStream!) void ev;
      } catch (e) {
        error = e;
      }
    })());
    expect((error as Error | undefined)?.name).toBe('ResourceInUseException');
  });

  it('an abortSignal closes the stream: the read waiting for an event rejects with AbortError; the 5 s rule still holds', async () => {
    const { sim, client, consumerArn } = await withConsumer();
    const abort = new AbortController();
    const out = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } }), { abortSignal: abort.signal });
    let error: unknown;
    const reading = (async () => {
      try {
        for await (const ev of out.EventStream!) void ev;
      } catch (e) {
        error = e;
      }
    })();
    sim.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await drive(sim, reading);
    expect((error as Error | undefined)?.name).toBe('AbortError');
    // AWS refuses a call within 5 s of the last successful one, closed or not; one later is taken.
    await expectAwsError(client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } })), 'ResourceInUseException');
    sim.clock.advance(SUBSCRIPTION.takeoverMs);
    const again = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } }));
    expect(again.EventStream).toBeDefined();
  });

  it('ends when its consumer is deregistered (the shard is not read for a consumer that is gone)', async () => {
    const { sim, client, consumerArn } = await withConsumer();
    const abort = new AbortController(); // given, never used: a stream that ends by itself lets go of it
    const out = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } }), { abortSignal: abort.signal });
    const started = sim.clock.now();
    const reading = collect(out.EventStream!, () => false);
    await client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: consumerArn }));
    await drive(sim, reading);
    expect(sim.clock.now() - started).toBeLessThan(SUBSCRIPTION.lifetimeMs);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    // DELETING for a moment, then gone: either way no new subscription.
    await expectAwsError(client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'LATEST' } })), 'ResourceInUseException', /not in ACTIVE state/);
  });

  it('ends after 5 minutes of virtual time; at a closed shard\'s end the last event carries ChildShards', async () => {
    const { sim, client, arn, consumerArn } = await withConsumer();
    const out = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'TRIM_HORIZON' } }));
    const started = sim.clock.now();
    await drive(sim, collect(out.EventStream!, () => false), 5_000);
    expect(sim.clock.now() - started).toBeGreaterThanOrEqual(SUBSCRIPTION.lifetimeMs);

    await client.send(new PutRecordsCommand({ StreamARN: arn('efo'), Records: [{ PartitionKey: 'a', Data: bytes('before split') }] }));
    await client.send(new SplitShardCommand({ StreamARN: arn('efo'), ShardToSplit: id(0), NewStartingHashKey: (2n ** 127n).toString() }));
    sim.clock.advance(sim.kinesis.updateStreamMs);
    const again = await client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(0), StartingPosition: { Type: 'TRIM_HORIZON' } }));
    const events = await drive(sim, collect(again.EventStream!, () => false));
    const last = events.at(-1)!.SubscribeToShardEvent!;
    expect(events.flatMap((e) => e.SubscribeToShardEvent?.Records ?? []).map((r) => text(r.Data))).toEqual(['before split']);
    expect(last.ChildShards?.map((c) => c.ShardId)).toEqual([id(1), id(2)]);
  });

  it('answers errors before streaming: unknown consumer or shard, consumer not ACTIVE', async () => {
    const { client, arn, consumerArn } = await withConsumer();
    await expectAwsError(client.send(new SubscribeToShardCommand({ ConsumerARN: `${arn('efo')}/consumer/nope:1`, ShardId: id(0), StartingPosition: { Type: 'LATEST' } })), 'ResourceNotFoundException');
    await expectAwsError(client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: id(5), StartingPosition: { Type: 'LATEST' } })), 'ResourceNotFoundException');
    const { Consumer } = await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('efo'), ConsumerName: 'young' }));
    await expectAwsError(client.send(new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN!, ShardId: id(0), StartingPosition: { Type: 'LATEST' } })), 'ResourceInUseException');
  });
});
