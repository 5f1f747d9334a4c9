import { describe, expect, it } from 'vitest';
import { EVENT_STREAM, type StreamEvent } from '../core/kinesis/eventStream';
import { detachableHost, kclPageHost, readerOfAnswer, type PageHostParts } from './kclPageHost';

function parts(over: Partial<PageHostParts> = {}): PageHostParts & { reads: unknown[] } {
  const reads: unknown[] = [];
  let next = 1;
  return {
    reads,
    kinesis: async () => ({ ok: true, value: {} }),
    subscriptions: new Map<number, AsyncIterator<StreamEvent>>(),
    nextSubscription: () => next++,
    live: () => true,
    onRead: (v) => reads.push(v),
    report: () => undefined,
    ...over,
  };
}

describe('KCL page host', () => {
  it('notes reads and holds event streams on the page', async () => {
    const events = [{ type: 'x' }] as unknown as StreamEvent[];
    const stream = { [EVENT_STREAM]: { [Symbol.asyncIterator]: () => events[Symbol.iterator]() as unknown as AsyncIterator<StreamEvent> } };
    const p = parts({ kinesis: async (op) => ({ ok: true, value: op === 'SubscribeToShard' ? stream : { ShardIterator: 'it' } }) });
    const host = kclPageHost(p);
    await host.kinesis('GetShardIterator', {});
    expect(p.reads).toEqual([{ ShardIterator: 'it' }]);
    expect(await host.kinesis('SubscribeToShard', {})).toEqual({ ok: true, value: { subscription: 1 } });
    expect(p.subscriptions.size).toBe(1);
    await host.closeSubscription(1);
    expect(p.subscriptions.size).toBe(0);
    expect(await host.nextEvent(1)).toBeUndefined();
  });

  it('lets go once detached', async () => {
    const { host, detach } = detachableHost(kclPageHost(parts()));
    expect(await host.kinesis('ListShards', {})).toEqual({ ok: true, value: {} });
    detach();
    await expect(host.kinesis('ListShards', {})).rejects.toThrow('The KCL worker has ended.');
    expect(await host.nextEvent(1)).toBeUndefined();
  });

  it('finds no reader in an answer without an iterator', () => {
    expect(readerOfAnswer({})).toBeUndefined();
  });
});
