/**
 * The page's side of a sandboxed script's SDK calls, driven as runner.js drives it: messages over
 * a MessagePort, answered by a real `KinesisClient` bound to a simulation — including
 * SubscribeToShard, whose event stream stays on the page and is pulled one event at a time.
 */
import * as kinesisSdk from '@aws-sdk/client-kinesis';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand, RegisterStreamConsumerCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation } from '../index';
import { serveSdk } from './sdkService';
import { endlessStreamClient } from './testing';

const SHARD = 'shardId-000000000000';
const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
});

interface Reply { id: number; ok: boolean; output?: Record<string, unknown>; streams?: Record<string, number>; error?: { name: string; message: string } }

async function setup() {
  const sim = createSimulation({ clock: 'manual' });
  const client = new KinesisClient({ region: sim.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: sim.requestHandler, maxAttempts: 1 });
  await client.send(new CreateStreamCommand({ StreamName: 's', ShardCount: 1 }));
  sim.clock.advance(sim.kinesis.createStreamMs);
  const StreamARN = `arn:aws:kinesis:${sim.region}:${sim.accountId}:stream/s`;
  const { Consumer } = await client.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'script' }));
  sim.clock.advance(sim.kinesis.createStreamMs);
  /** Advances the virtual clock while `p` is pending (the event stream paces itself on it). */
  const drive = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    const r = p.finally(() => { done = true; });
    while (!done) {
      await new Promise((res) => setTimeout(res, 1));
      sim.clock.advance(100);
    }
    return r;
  };
  return { sim, client, StreamARN, drive, run: () => run(client, Consumer!.ConsumerARN!) };
}

/** One script run: the page serves the port; the test plays the script's side (requests answered by id). */
function run(client: KinesisClient, ConsumerARN: string) {
  const { port1, port2 } = new MessageChannel();
  const stop = serveSdk(port1, { '@aws-sdk/client-kinesis': { module: kinesisSdk, client } });
  stops.push(stop, () => port2.close());
  let next = 1;
  const waiting = new Map<number, (r: Reply) => void>();
  port2.onmessage = (e: MessageEvent<Reply>) => waiting.get(e.data.id)?.(e.data);
  const ask = (msg: Record<string, unknown>): Promise<Reply> => new Promise((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    port2.postMessage({ id, ...msg });
  });
  const sdk = (command: string, input: unknown) => ask({ type: 'sdk', module: '@aws-sdk/client-kinesis', command, input });
  const subscribe = () => sdk('SubscribeToShardCommand', { ConsumerARN, ShardId: SHARD, StartingPosition: { Type: 'TRIM_HORIZON' } });
  return { ask, sdk, subscribe, stop };
}

describe('serveSdk', () => {
  it('answers a command with its output and an SDK error with its name and message', async () => {
    const { sdk } = (await setup()).run();
    const ok = await sdk('ListShardsCommand', { StreamName: 's' });
    expect(ok.ok).toBe(true);
    expect((ok.output!.Shards as { ShardId: string }[]).map((s) => s.ShardId)).toEqual([SHARD]);
    const bad = await sdk('DescribeStreamSummaryCommand', { StreamName: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { name: 'ResourceNotFoundException' } });
    expect(await sdk('NotACommand', {})).toMatchObject({ ok: false, error: { name: 'TypeError' } });
  });

  it('SubscribeToShard: the event stream stays on the page and each stream-next pulls one event, records and all', async () => {
    const { client, StreamARN, drive, run } = await setup();
    const { subscribe, ask } = run();
    await client.send(new PutRecordsCommand({ StreamARN, Records: ['r1', 'r2', 'r3'].map((t) => ({ PartitionKey: t, Data: new TextEncoder().encode(t) })) }));
    const sub = await subscribe();
    expect(sub.ok).toBe(true);
    expect(sub.output).not.toHaveProperty('EventStream');
    const stream = sub.streams!.EventStream!;
    expect(typeof stream).toBe('number');
    const seen: string[] = [];
    let last: Record<string, unknown> | undefined;
    while (seen.length < 3) {
      const r = await drive(ask({ type: 'stream-next', stream }));
      expect(r.ok).toBe(true);
      expect(r.output!.done).toBe(false);
      last = (r.output!.value as { SubscribeToShardEvent: Record<string, unknown> }).SubscribeToShardEvent;
      for (const rec of last.Records as { Data: Uint8Array }[]) seen.push(new TextDecoder().decode(rec.Data));
    }
    expect(seen).toEqual(['r1', 'r2', 'r3']);
    expect(last).toHaveProperty('ContinuationSequenceNumber');
    // The script breaks out of its loop: the stream is done for it.
    expect(await ask({ type: 'stream-return', stream })).toMatchObject({ ok: true, output: { done: true } });
    expect(await ask({ type: 'stream-next', stream })).toMatchObject({ ok: true, output: { done: true } });
  });

  it('ending a stream aborts its request (what closes a subscription on the service side): on return, and for every stream left open when the run ends', async () => {
    // A client that answers SubscribeToShard with an endless stream and keeps what it was given.
    const { client, sent } = endlessStreamClient();
    const { port1, port2 } = new MessageChannel();
    const stop = serveSdk(port1, { '@aws-sdk/client-kinesis': { module: kinesisSdk, client } });
    stops.push(() => port2.close());
    const replies = new Map<number, (r: Reply) => void>();
    port2.onmessage = (e: MessageEvent<Reply>) => replies.get(e.data.id)?.(e.data);
    let next = 1;
    const ask = (msg: Record<string, unknown>): Promise<Reply> => new Promise((resolve) => {
      const id = next++;
      replies.set(id, resolve);
      port2.postMessage({ id, ...msg });
    });
    const subscribe = () => ask({ type: 'sdk', module: '@aws-sdk/client-kinesis', command: 'SubscribeToShardCommand', input: {} });
    const a = (await subscribe()).streams!.EventStream!;
    const b = (await subscribe()).streams!.EventStream!;
    expect(await ask({ type: 'stream-next', stream: a })).toMatchObject({ ok: true, output: { done: false } });
    expect(sent.map((x) => x.signal?.aborted)).toEqual([false, false]);
    await ask({ type: 'stream-return', stream: a });
    expect(sent[0]).toMatchObject({ returned: true });
    expect(sent.map((x) => x.signal?.aborted)).toEqual([true, false]);
    stop(); // the run ends with b still open
    await new Promise((r) => setTimeout(r, 5));
    expect(sent.map((x) => x.signal?.aborted)).toEqual([true, true]);
    void b;
  });
});
