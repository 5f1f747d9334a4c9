import { KinesisClient, ListStreamConsumersCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it, vi } from 'vitest';
import { createSimulation, type Simulation } from '../../index';
import { KclLab } from './kclLab.svelte';
import { KclApplication } from '../../broker/kclApp';
import type { ReadEvent } from '../../core/observe/events';

const STREAM = 's';

async function setup(shards = 2) {
  const sim = createSimulation({ clock: 'manual' });
  await sim.kinesis.dispatch('CreateStream', { StreamName: STREAM, ShardCount: shards });
  sim.clock.advance(sim.kinesis.createStreamMs);
  const kinesis = new KinesisClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: sim.requestHandler });
  const lab = new KclLab({ kinesis, clock: { now: () => sim.kinesis.now() } }, (op, input) => sim.kinesis.dispatch(op, input), { tickMs: 0 });
  return { sim, kinesis, lab };
}

async function run(sim: Simulation, lab: KclLab, ms: number, step = 500): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    sim.clock.advance(step);
    await lab.tickNow();
    await lab.idle();
  }
}

async function put(sim: Simulation, n: number): Promise<void> {
  const out = await sim.kinesis.dispatch('PutRecords', {
    StreamName: STREAM, Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: `k${i % 8}`, Data: Buffer.from(`v${i}`).toString('base64') })),
  });
  expect(out.ok).toBe(true);
}

describe('KclLab (KCL applications in the UI, memory fallback)', () => {
  it('runs a polling application with two workers: leases, checkpoints, records per worker, in order per key', async () => {
    const { sim, lab } = await setup(2);
    expect(lab.storage).toBe('memory');
    expect(await lab.create({ name: 'orders', stream: STREAM, initialPosition: 'TRIM_HORIZON', mode: 'polling', failoverTimeMillis: 6000 })).toBe(true);
    const w1 = await lab.addWorker('orders');
    const w2 = await lab.addWorker('orders');
    await run(sim, lab, 5000);
    await put(sim, 40);
    await run(sim, lab, 4000);
    const app = lab.apps[0]!;
    expect(app).toMatchObject({ name: 'orders', streamName: STREAM, mode: 'polling', initialPosition: 'TRIM_HORIZON', processed: 40, duplicates: 0, inOrder: true });
    expect(app.workers.map((w) => [w.id, w.status, w.shards.length])).toEqual([[w1, 'running', 1], [w2, 'running', 1]]);
    expect(app.workers.reduce((n, w) => n + w.processed, 0)).toBe(40);
    expect(app.leases.map((l) => l.leaseKey)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    expect(app.leases.every((l) => /^\d+$/.test(l.checkpoint))).toBe(true);
    lab.stopWorker('orders', w2!);
    await run(sim, lab, 30_000);
    expect(lab.apps[0]!.workers.map((w) => [w.status, w.shards.length])).toEqual([['running', 2], ['stopped', 0]]);
    lab.dispose();
    expect(lab.apps).toEqual([]);
  });

  it('at 100× (25 virtual seconds per timer tick) healthy workers keep their leases: time moves in steps shorter than a lease', async () => {
    const { sim, lab } = await setup(4);
    expect(await lab.create({ name: 'fast', stream: STREAM, initialPosition: 'TRIM_HORIZON', mode: 'polling' })).toBe(true);
    await lab.addWorker('fast');
    await lab.addWorker('fast');
    await run(sim, lab, 60_000, 500);
    const owners = () => lab.apps[0]!.leases.map((l) => l.leaseOwner).join(',');
    const settled = owners();
    expect(settled.split(',').sort()).toEqual(['worker-1', 'worker-1', 'worker-2', 'worker-2']);
    const ticks = vi.spyOn(KclApplication.prototype, 'tick');
    await run(sim, lab, 25_000, 25_000);
    // One timer tick of 25 s went to the workers as 10 steps of 2.5 s (a quarter of the 10 s lease).
    const times = ticks.mock.calls.map(([t]) => t);
    expect(times).toHaveLength(10);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual(Array(9).fill(2500));
    ticks.mockRestore();
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await put(sim, 20);
      await run(sim, lab, 25_000, 25_000);
      seen.add(owners());
    }
    expect([...seen]).toEqual([settled]);
    expect(lab.apps[0]).toMatchObject({ processed: 400, duplicates: 0, inOrder: true });
    lab.dispose();
  });

  it('registers a stream consumer named after the application for enhanced fan-out', async () => {
    const { sim, kinesis, lab } = await setup(1);
    expect(await lab.create({ name: 'fanout-app', stream: STREAM, initialPosition: 'TRIM_HORIZON', mode: 'fanout' })).toBe(true);
    const consumers = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: lab.apps[0]!.consumerARN!.split('/consumer/')[0] }));
    expect(consumers.Consumers?.map((c) => c.ConsumerName)).toEqual(['fanout-app']);
    sim.clock.advance(10_000);
    await lab.addWorker('fanout-app');
    await put(sim, 10);
    await run(sim, lab, 5000);
    expect(lab.apps[0]).toMatchObject({ mode: 'fanout', processed: 10, inOrder: true });
    lab.dispose();
  });

  it('names the worker behind every read for the picture: by iterator chain when polling, by lease holder for fan-out', async () => {
    for (const mode of ['polling', 'fanout'] as const) {
      const { sim, lab } = await setup(2);
      const reads: ReadEvent[] = [];
      sim.kinesis.observe((e) => { if (e.type === 'read' && e.records > 0) reads.push(e); });
      expect(await lab.create({ name: `pic-${mode}`, stream: STREAM, initialPosition: 'TRIM_HORIZON', mode, failoverTimeMillis: 6000 })).toBe(true);
      sim.clock.advance(10_000);
      const w1 = (await lab.addWorker(`pic-${mode}`))!;
      const w2 = (await lab.addWorker(`pic-${mode}`))!;
      await run(sim, lab, 5000);
      await put(sim, 40);
      await run(sim, lab, 4000);
      const nodes = lab.pictureNodes(STREAM);
      expect(nodes.map((n) => [n.id, n.kind, n.shards.length])).toEqual([
        [`kcl:pic-${mode}/${w1}`, mode === 'fanout' ? 'enhanced' : 'shared', 1], [`kcl:pic-${mode}/${w2}`, mode === 'fanout' ? 'enhanced' : 'shared', 1]]);
      expect(nodes.every((n) => /^KCL checkpoint …\d{6}$/.test(n.detail))).toBe(true);
      expect(lab.pictureNodes('other')).toEqual([]);
      expect(reads.length).toBeGreaterThan(0);
      for (const r of reads) {
        const node = lab.nodeFor(r.reader, STREAM, r.shardId);
        expect(node?.shards).toContain(r.shardId);
      }
      expect(lab.nodeFor('reader-999', STREAM, 'shardId-000000000000')).toBeUndefined();
      // A stopped worker's reads belong to no node; they are its last ones, not a new consumer.
      const ofW2 = reads.find((r) => lab.nodeFor(r.reader, STREAM, r.shardId)?.id.endsWith(w2))!;
      lab.stopWorker(`pic-${mode}`, w2);
      if (mode === 'polling') {
        expect(lab.nodeFor(ofW2.reader, STREAM, ofW2.shardId)).toBeUndefined();
        expect(lab.isGone(ofW2.reader, STREAM, ofW2.shardId)).toBe(true);
      }
      expect(lab.pictureNodes(STREAM).map((n) => n.id)).toEqual([`kcl:pic-${mode}/${w1}`]);
      lab.dispose();
    }
  });

  it('refuses a bad name, a duplicate name and an unknown stream', async () => {
    const { lab } = await setup(1);
    expect(await lab.create({ name: 'x', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(false);
    expect(lab.error).toContain('name');
    expect(await lab.create({ name: 'app', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(true);
    expect(lab.error).toBeUndefined();
    expect(await lab.create({ name: 'app', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(false);
    expect(await lab.create({ name: 'other', stream: 'nope', initialPosition: 'LATEST', mode: 'polling' })).toBe(false);
    expect(lab.error).toMatch(/^ResourceNotFoundException/);
    expect(lab.apps.map((a) => a.name)).toEqual(['app']);
    lab.dispose();
  });

  it('ticks only while an application exists: removing the last one stops the timer', async () => {
    const { sim, kinesis } = await setup(1);
    const lab = new KclLab({ kinesis, clock: { now: () => sim.kinesis.now() } }, (op, input) => sim.kinesis.dispatch(op, input), { tickMs: 60_000 });
    expect(lab.timerRunning).toBe(false);
    expect(await lab.create({ name: 'one', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(true);
    expect(await lab.create({ name: 'two', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(true);
    expect(lab.timerRunning).toBe(true);
    await lab.remove('one');
    expect(lab.timerRunning).toBe(true);
    await lab.remove('two');
    expect(lab.timerRunning).toBe(false);
    expect(await lab.create({ name: 'three', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(true);
    expect(lab.timerRunning).toBe(true);
    lab.dispose();
    expect(lab.timerRunning).toBe(false);
  });

  it('a tick still running when the last application goes does not leave its time for the next application', async () => {
    const { sim, lab } = await setup(1);
    expect(await lab.create({ name: 'first', stream: STREAM, initialPosition: 'LATEST', mode: 'polling' })).toBe(true);
    await lab.addWorker('first');
    await run(sim, lab, 1000);
    sim.clock.advance(500);
    const ticking = lab.tickNow();
    await lab.remove('first');
    await ticking;
    // White-box: the next application's first tick must start from its own now, not this one.
    expect((lab as unknown as { lastTick?: number }).lastTick).toBeUndefined();
    lab.dispose();
  });
});
