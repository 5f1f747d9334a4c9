/**
 * The fan-out comparison on an in-memory simulation: Stop closes the enhanced consumers'
 * subscriptions at once, and a quick Stop → Run neither leaves the old loops running nor fails
 * (AWS refuses a subscription within 5 s of the last one: the new run waits and subscribes again).
 */
import { SubscribeToShardCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost } from '../../broker/memoryHost';
import type { SimulationHost } from '../../broker/host';
import { FanOutDemo } from './fanout.svelte';
import { Messages } from './messages.svelte';
import { waitFor } from './hostTesting';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('FanOutDemo', () => {
  it('Stop aborts every subscription; Stop then Run at once carries on without errors or old loops', async () => {
    const host = createMemoryHost();
    host.clock.speed(20);
    // The host's client, watched: every SubscribeToShard's abortSignal is kept.
    const signals: AbortSignal[] = [];
    const kinesis = {
      send: (command: never, options?: { abortSignal?: AbortSignal }) => {
        if ((command as object) instanceof SubscribeToShardCommand && options?.abortSignal) signals.push(options.abortSignal);
        return host.kinesis.send(command, options);
      },
    };
    const watched = Object.create(host, { kinesis: { value: kinesis } }) as SimulationHost;
    const messages = new Messages();
    const demo = new FanOutDemo(watched, messages);
    cleanups.push(async () => { demo.stop(); await host.close(); });
    const efoRecords = (): number => demo.lags.filter((l) => l.kind === 'enhanced').reduce((n, l) => n + l.records, 0);

    await demo.start();
    await waitFor(() => efoRecords() > 0, 'enhanced consumers reading');
    expect(signals.length).toBeGreaterThanOrEqual(3);
    demo.stop();
    expect(signals.every((s) => s.aborted)).toBe(true);

    const before = signals.length;
    await demo.start();
    await waitFor(() => signals.length >= before + 3 && signals.slice(before).some((s) => !s.aborted), 'the new run subscribing');
    const atRestart = efoRecords();
    await waitFor(() => efoRecords() > atRestart, 'the new run reading');
    expect(messages.list.filter((m) => m.kind === 'error')).toEqual([]);
    demo.stop();
    expect(signals.every((s) => s.aborted)).toBe(true);
  });
});
