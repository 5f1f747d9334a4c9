import { describe, expect, it, vi } from 'vitest';
import { createSimulation, type Simulation } from '../index';
import { MemoryLeaseStore } from '../core/kcl/leaseTable';
import { DeliveryLog } from './deliveryLog';
import { KclApplication } from './kclApp';
import { inProcessKclWorker, type ProcessedRecord } from './kclWorkerHost';

const STREAM = 's';
const shardId = (n: number): string => `shardId-${String(n).padStart(12, '0')}`;

async function stream(shards: number): Promise<Simulation> {
  const sim = createSimulation({ clock: 'manual' });
  await sim.kinesis.dispatch('CreateStream', { StreamName: STREAM, ShardCount: shards });
  sim.clock.advance(sim.kinesis.createStreamMs);
  return sim;
}

function app(sim: Simulation, store = new MemoryLeaseStore()) {
  let spawned = 0;
  const a = new KclApplication({
    name: 'orders', streamName: STREAM, initialPosition: 'TRIM_HORIZON', retrieval: { mode: 'polling' },
    kinesis: (op, input) => sim.kinesis.dispatch(op, input),
    spawn: () => { spawned++; return inProcessKclWorker(() => store); },
    leaseStore: store, now: () => sim.kinesis.now(),
  });
  return { app: a, store, spawned: () => spawned };
}

async function run(sim: Simulation, a: KclApplication, ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    sim.clock.advance(step);
    await a.tick(sim.kinesis.now());
    await a.idle();
  }
  await a.refresh();
}

async function put(sim: Simulation, count: number, from: number): Promise<string[]> {
  const out = await sim.kinesis.dispatch('PutRecords', {
    StreamName: STREAM,
    Records: Array.from({ length: count }, (_, i) => ({ PartitionKey: `k${(from + i) % 16}`, Data: Buffer.from(`r${from + i}`).toString('base64') })),
  });
  if (!out.ok) throw new Error(out.error.message);
  return (out.value as { Records: { SequenceNumber: string }[] }).Records.map((r) => r.SequenceNumber);
}

const shardsOf = (a: KclApplication, id: string) => a.view().workers.find((w) => w.id === id)?.shards ?? [];

describe('KclApplication (a KCL consumer application, workers in their own threads)', () => {
  it('two workers share 4 shards 2/2; a stopped worker\'s leases move after the failover time and no record is skipped', async () => {
    const sim = await stream(4);
    const { app: a, store, spawned } = app(sim);
    const w1 = await a.addWorker();
    await run(sim, a, 500);
    expect(shardsOf(a, w1)).toEqual([0, 1, 2, 3].map(shardId));
    const w2 = await a.addWorker();
    expect(spawned()).toBe(2);
    await run(sim, a, 45_000, 500);
    expect(shardsOf(a, w1)).toHaveLength(2);
    expect(shardsOf(a, w2)).toHaveLength(2);
    expect(a.view().leases.map((l) => l.leaseOwner).sort()).toEqual([w1, w1, w2, w2]);

    const seqs = [...(await put(sim, 200, 0))];
    await run(sim, a, 4000);
    const view = a.view();
    expect(view.processed).toBe(200);
    expect(view.workers.map((w) => w.processed).every((n) => n > 0)).toBe(true);
    // Checkpoints advanced past TRIM_HORIZON on every shard.
    expect(view.leases.every((l) => /^\d+$/.test(l.checkpoint))).toBe(true);

    const taken = shardsOf(a, w2);
    a.stopWorker(w2);
    seqs.push(...(await put(sim, 200, 200)));
    // Before failoverTimeMillis nothing moves: w2's rows still name it.
    await run(sim, a, 5000, 500);
    expect(shardsOf(a, w2)).toEqual(taken);
    expect(a.view().workers.find((w) => w.id === w2)?.status).toBe('stopped');
    await run(sim, a, 60_000, 500);
    expect(shardsOf(a, w1)).toEqual([0, 1, 2, 3].map(shardId));
    expect(shardsOf(a, w2)).toEqual([]);
    const after = a.view();
    expect(seqs.filter((s) => !hasSeq(a, s))).toEqual([]);
    expect(after.processed).toBe(400);
    expect(after.inOrder).toBe(true);
    expect((await store.list()).every((l) => l.leaseOwner === w1 && l.ownerSwitchesSinceCheckpoint === 0)).toBe(true);
    a.close();
  });

  it('a graceful shutdown hands the shards over at the next lease-taker run, without re-delivery', async () => {
    const sim = await stream(2);
    const { app: a } = app(sim);
    const w1 = await a.addWorker();
    const w2 = await a.addWorker();
    // Past the first renewal: w1 has noticed w2's steal (until then both read the stolen shard — at-least-once).
    await run(sim, a, 5000);
    await put(sim, 50, 0);
    await run(sim, a, 3000);
    const holder = shardsOf(a, w1).length ? w1 : w2;
    const other = holder === w1 ? w2 : w1;
    await a.shutdownWorker(holder);
    expect(a.view().workers.find((w) => w.id === holder)?.status).toBe('shut down');
    expect(a.view().leases.some((l) => l.leaseOwner === holder)).toBe(false);
    await put(sim, 50, 50);
    await run(sim, a, 45_000, 500);
    expect(shardsOf(a, other)).toEqual([0, 1].map(shardId));
    expect(a.view()).toMatchObject({ processed: 100, duplicates: 0, inOrder: true });
    a.close();
  });
});

describe('the view after resharding', () => {
  it('a parent lease read to its end (SHARD_END) is listed as finished, not among the shards the worker reads', async () => {
    const sim = await stream(1);
    const { app: a } = app(sim);
    const w1 = await a.addWorker();
    await run(sim, a, 3000);
    await put(sim, 20, 0);
    await run(sim, a, 2000);
    expect(shardsOf(a, w1)).toEqual([shardId(0)]);
    const split = await sim.kinesis.dispatch('SplitShard', { StreamName: STREAM, ShardToSplit: shardId(0), NewStartingHashKey: (2n ** 127n).toString() });
    expect(split.ok).toBe(true);
    sim.clock.advance(sim.kinesis.updateStreamMs);
    await put(sim, 20, 20);
    let seenFinished = 0;
    for (let t = 0; t < 40_000; t += 250) {
      await run(sim, a, 250);
      const w = a.view().workers.find((x) => x.id === w1)!;
      const ended = a.view().leases.filter((l) => l.checkpoint === 'SHARD_END' && l.leaseOwner === w1).map((l) => l.leaseKey);
      expect(w.shards.filter((s) => ended.includes(s))).toEqual([]);
      expect(w.finished).toEqual(ended);
      if (ended.length) seenFinished++;
    }
    expect(seenFinished).toBeGreaterThan(0);
    expect(shardsOf(a, w1)).toEqual([shardId(1), shardId(2)]);
    expect(a.view()).toMatchObject({ processed: 40, duplicates: 0, inOrder: true });
    a.close();
  });
});

describe('closing', () => {
  it('closes its lease store and reads it no more (a late refresh would re-open a dropped table)', async () => {
    const sim = await stream(1);
    class Counting extends MemoryLeaseStore {
      lists = 0;
      closed = 0;
      override list() { this.lists++; return super.list(); }
      close() { this.closed++; }
    }
    const store = new Counting();
    const { app: a } = app(sim, store);
    await a.addWorker();
    await run(sim, a, 1000);
    const before = store.lists;
    a.close();
    await a.refresh();
    await a.tick(sim.kinesis.now() + 1000);
    expect(store.lists).toBe(before);
    expect(store.closed).toBe(1);
  });

  it('closes every channel a worker was given when it ends, crashed or shut down (none left for the page to keep)', async () => {
    const sim = await stream(2);
    const opened: MessagePort[] = [];
    const closed = new Set<MessagePort>();
    const Real = globalThis.MessageChannel;
    vi.stubGlobal('MessageChannel', class extends Real {
      constructor() {
        super();
        for (const p of [this.port1, this.port2]) {
          opened.push(p);
          (p as unknown as NodeJS.EventEmitter).on('close', () => closed.add(p));
        }
      }
    });
    try {
      const { app: a } = app(sim);
      const w1 = await a.addWorker();
      const w2 = await a.addWorker();
      await run(sim, a, 3000);
      // Each worker: the in-process worker's own channel and the page host's.
      expect(opened).toHaveLength(8);
      a.stopWorker(w1);
      await a.shutdownWorker(w2);
      await new Promise((r) => setTimeout(r, 20));
      expect(opened.filter((p) => !closed.has(p))).toEqual([]);
      a.close();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

const hasSeq = (a: KclApplication, seq: string): boolean => a.view().leases.some((l) => a.log.has(l.leaseKey, seq));

describe('DeliveryLog (every record once, in order per key)', () => {
  const rec = (shard: number, seq: string, key: string, sub = 0): ProcessedRecord =>
    ({ workerIdentifier: 'w', shardId: shardId(shard), partitionKey: key, sequenceNumber: seq, subSequenceNumber: sub, data: '' });

  it('counts re-deliveries apart and accepts a key moving on to a child shard', () => {
    const log = new DeliveryLog();
    log.add([rec(0, '10', 'a'), rec(0, '11', 'a'), rec(0, '11', 'a', 1)]);
    log.add([rec(0, '11', 'a'), rec(0, '12', 'a'), rec(2, '5', 'a')]);
    expect(log).toMatchObject({ unique: 5, duplicates: 1, inOrder: true });
    expect(log.has(shardId(0), '11', 1)).toBe(true);
  });

  it('forgets what a checkpoint covers, and still counts a re-delivery from behind it', () => {
    const log = new DeliveryLog();
    log.add(Array.from({ length: 100 }, (_, i) => rec(0, String(100 + i), `k${i % 3}`)));
    log.prune(shardId(0), '189');
    expect((log as unknown as { shards: Map<string, { ids: Set<string> }> }).shards.get(shardId(0))!.ids.size).toBe(10);
    log.add([rec(0, '150', 'k2'), rec(0, '195', 'k0'), rec(0, '200', 'k1')]); // re-delivered from an older checkpoint, then one new
    expect(log).toMatchObject({ unique: 101, duplicates: 2, inOrder: true });
    log.prune(shardId(0), 'SHARD_END');
    log.add([rec(0, '200', 'k1')]);
    expect(log.duplicates).toBe(3);
  });

  it('flags a record older than its key\'s last one on the same shard', () => {
    const log = new DeliveryLog();
    log.add([rec(0, '12', 'a'), rec(0, '10', 'a')]);
    expect(log.inOrder).toBe(false);
    expect(log.violations[0]).toContain('key a');
  });

  it('flags a parent\'s record arriving after the key moved to a child', () => {
    const log = new DeliveryLog();
    log.add([rec(0, '10', 'a'), rec(2, '5', 'a'), rec(0, '11', 'a')]);
    expect(log.inOrder).toBe(false);
  });
});
