import { describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../index';
import { aggregate } from '../kpl/aggregation';
import { MemoryLeaseStore, Sentinel, type LeaseStore } from './leaseTable';
import { ShutdownException, type Checkpointer, type KinesisClientRecord, type KinesisFunction, type ShardRecordProcessor } from './types';
import { KclWorker, type KclWorkerOptions } from './worker';

const STREAM = 's';
const shardId = (n: number): string => `shardId-${String(n).padStart(12, '0')}`;

async function stream(shards: number): Promise<Simulation> {
  const sim = createSimulation({ clock: 'manual' });
  await sim.kinesis.dispatch('CreateStream', { StreamName: STREAM, ShardCount: shards });
  sim.clock.advance(sim.kinesis.createStreamMs);
  return sim;
}

const kinesisOf = (sim: Simulation): KinesisFunction => (op, input) => sim.kinesis.dispatch(op, input);

/** Waits until no worker has work in flight (no real time passes: microtasks and immediates only). */
async function settle(workers: readonly KclWorker[]): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await Promise.all(workers.map((w) => w.idle()));
    await new Promise((r) => setImmediate(r));
  }
}

/** Moves virtual time on by `ms` in steps, ticking every running worker. */
async function run(sim: Simulation, workers: readonly KclWorker[], ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    sim.clock.advance(step);
    const now = sim.kinesis.now();
    for (const w of workers) w.tick(now);
    await settle(workers);
  }
}

interface Put { key: string; n: number; shardId: string; seq: string }

/** Puts `count` records over `keys` keys, numbered per key from `next`. */
async function put(sim: Simulation, keys: number, count: number, next: Map<string, number>, hot?: { key: string; explicitHashKey: string }): Promise<Put[]> {
  const records = Array.from({ length: count }, (_, i) => {
    const key = hot?.key ?? `k${i % keys}`;
    const n = next.get(key) ?? 0;
    next.set(key, n + 1);
    return { key, n };
  });
  const out = await sim.kinesis.dispatch('PutRecords', {
    StreamName: STREAM,
    Records: records.map((r) => ({
      PartitionKey: r.key, Data: Buffer.from(JSON.stringify(r)).toString('base64'), ...(hot ? { ExplicitHashKey: hot.explicitHashKey } : {}),
    })),
  });
  if (!out.ok) throw new Error(out.error.message);
  const v = out.value as { FailedRecordCount: number; Records: { ShardId: string; SequenceNumber: string }[] };
  expect(v.FailedRecordCount).toBe(0);
  return records.map((r, i) => ({ ...r, shardId: v.Records[i]!.ShardId, seq: v.Records[i]!.SequenceNumber }));
}

interface Seen { worker: string; shardId: string; seq: string; sub: number; key: string; n: number; data: string }

/** A shared log of what processors saw. */
class Log {
  delivered: Seen[] = [];
  committed: Seen[] = [];
  initialized: { worker: string; shardId: string; at: string }[] = [];
  lost: { worker: string; shardId: string }[] = [];
  ended: { worker: string; shardId: string }[] = [];
}

interface RecorderOptions {
  /** Checkpoint after every batch (default true); `committed` only gets what was checkpointed. */
  checkpoint?: () => boolean;
  /** Checkpoint SHARD_END in shardEnded (default true). */
  checkpointAtEnd?: boolean;
  onBatch?: (records: readonly KinesisClientRecord[], checkpointer: Checkpointer) => void;
}

function recorder(log: Log, worker: string, o: RecorderOptions = {}): (shardId: string) => ShardRecordProcessor {
  return (shard) => ({
    initialize({ shardId: id, extendedSequenceNumber }) {
      log.initialized.push({ worker, shardId: id, at: extendedSequenceNumber.sequenceNumber });
    },
    async processRecords({ records, checkpointer }) {
      const seen = records.map((r): Seen => {
        const data = new TextDecoder().decode(r.data);
        const body = data.startsWith('{') ? (JSON.parse(data) as { key: string; n: number }) : { key: r.partitionKey, n: -1 };
        return { worker, shardId: shard, seq: r.sequenceNumber, sub: r.subSequenceNumber, key: body.key, n: body.n, data };
      });
      log.delivered.push(...seen);
      o.onBatch?.(records, checkpointer);
      if (!(o.checkpoint?.() ?? true)) return;
      try {
        await checkpointer.checkpoint();
        log.committed.push(...seen);
      } catch (e) {
        if (!(e instanceof ShutdownException)) throw e;
      }
    },
    leaseLost() {
      log.lost.push({ worker, shardId: shard });
    },
    async shardEnded({ checkpointer }) {
      log.ended.push({ worker, shardId: shard });
      if (o.checkpointAtEnd ?? true) await checkpointer.checkpoint();
    },
    async shutdownRequested({ checkpointer }) {
      await checkpointer.checkpoint();
    },
  });
}

function worker(sim: Simulation, id: string, store: LeaseStore, log: Log, o: RecorderOptions = {}, extra: Partial<KclWorkerOptions> = {}): KclWorker {
  return new KclWorker({
    workerIdentifier: id, streamName: STREAM, kinesis: kinesisOf(sim), leaseStore: store,
    processorFactory: recorder(log, id, o), initialPosition: 'TRIM_HORIZON', ...extra,
  });
}

const ownersOf = async (store: LeaseStore): Promise<Record<string, string | undefined>> =>
  Object.fromEntries((await store.list()).map((l) => [l.leaseKey, l.leaseOwner]));

describe('KclWorker: lease balancing', () => {
  it('4 shards, 2 workers: 2 leases each; the second worker steals one at a time from the first', async () => {
    const sim = await stream(4);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const a = worker(sim, 'A', store, log);
    const b = worker(sim, 'B', store, log);
    a.start(sim.kinesis.now());
    await settle([a]);
    expect(a.heldLeases()).toHaveLength(4); // alone: target = 4
    b.start(sim.kinesis.now());
    await settle([a, b]);
    expect(b.heldLeases()).toHaveLength(1); // maxLeasesToStealAtOneTime = 1
    await run(sim, [a, b], 2 * b.leaseTakerIntervalMillis);
    expect(a.heldLeases()).toHaveLength(2);
    expect(b.heldLeases()).toHaveLength(2);
    expect([...a.heldLeases(), ...b.heldLeases()].sort()).toEqual([0, 1, 2, 3].map(shardId));
    const owners = await ownersOf(store);
    for (const id of b.heldLeases()) expect(owners[id]).toBe('B');
    // A learnt of each steal when its renewal failed its condition.
    expect(a.metrics.LostLeases).toBe(2);
    expect(log.lost.map((l) => l.worker)).toEqual(['A', 'A']);
    expect(log.lost.map((l) => l.shardId).sort()).toEqual(b.heldLeases());
    expect(b.metrics).toMatchObject({ TakenLeases: 2, NumWorkers: 2, CurrentLeases: 2 });
    expect(a.snapshot().leases.map((l) => l.shardId)).toEqual(a.heldLeases());
  });

  it('6 shards, 3 workers: 2 leases each', async () => {
    const sim = await stream(6);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const ws = ['A', 'B', 'C'].map((id) => worker(sim, id, store, log));
    for (const w of ws) w.start(sim.kinesis.now());
    await run(sim, ws, 6 * ws[0]!.leaseTakerIntervalMillis);
    expect(ws.map((w) => w.heldLeases().length)).toEqual([2, 2, 2]);
    expect(ws.flatMap((w) => w.heldLeases()).sort()).toEqual([0, 1, 2, 3, 4, 5].map(shardId));
  });
});

describe('KclWorker: failover', () => {
  it('moves a stopped worker\'s leases after the failover time; no record is skipped, and it resumes at the checkpoint', async () => {
    const sim = await stream(4);
    const store = new MemoryLeaseStore();
    const log = new Log();
    let bCheckpoints = true;
    const a = worker(sim, 'A', store, log);
    const b = worker(sim, 'B', store, log, { checkpoint: () => bCheckpoints });
    const next = new Map<string, number>();
    const puts: Put[] = [];
    a.start(sim.kinesis.now());
    await settle([a]);
    b.start(sim.kinesis.now());
    await run(sim, [a, b], 2 * a.leaseTakerIntervalMillis);
    expect(b.heldLeases()).toHaveLength(2);
    puts.push(...(await put(sim, 16, 200, next)));
    await run(sim, [a, b], 5000);
    // B reads more but no longer checkpoints, then dies.
    bCheckpoints = false;
    puts.push(...(await put(sim, 16, 200, next)));
    await run(sim, [a, b], 3000);
    const bShards = b.heldLeases();
    const checkpoints = new Map((await store.list()).map((l) => [l.leaseKey, l.checkpoint]));
    const deliveredBeforeCrash = log.delivered.length;
    const initializedBeforeCrash = log.initialized.length;
    b.stop();
    puts.push(...(await put(sim, 16, 200, next)));
    // Not yet: the leases are only seen expired after failoverTimeMillis without renewal.
    await run(sim, [a], a.failoverTimeMillis - 1000);
    expect(a.heldLeases()).toHaveLength(2);
    await run(sim, [a], 3 * a.leaseTakerIntervalMillis);
    expect(a.heldLeases()).toEqual([0, 1, 2, 3].map(shardId));
    // Every record processed at least once.
    const seen = new Set(log.delivered.map((s) => s.seq));
    expect(puts.filter((p) => !seen.has(p.seq))).toEqual([]);
    // A started each of B's shards at B's checkpoint: its first record there is the one right after it.
    for (const id of bShards) {
      const after = puts.filter((p) => p.shardId === id && BigInt(p.seq) > BigInt(checkpoints.get(id)!)).sort((x, y) => (BigInt(x.seq) < BigInt(y.seq) ? -1 : 1));
      const firstByA = log.delivered.slice(deliveredBeforeCrash).find((s) => s.worker === 'A' && s.shardId === id);
      expect(firstByA?.seq).toBe(after[0]?.seq);
      expect(log.initialized.slice(initializedBeforeCrash).filter((i) => i.worker === 'A' && i.shardId === id).map((i) => i.at)).toEqual([checkpoints.get(id)]);
    }
    // What B read after its last checkpoint was delivered again (at-least-once).
    const byB = new Set(log.delivered.filter((s) => s.worker === 'B').map((s) => s.seq));
    expect(log.delivered.filter((s) => s.worker === 'A' && byB.has(s.seq)).length).toBeGreaterThan(0);
    expect((await store.get(bShards[0]!))?.ownerSwitchesSinceCheckpoint).toBe(0); // A checkpointed since
  });

  it('a graceful shutdown checkpoints in shutdownRequested and releases the leases at once', async () => {
    const sim = await stream(2);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const a = worker(sim, 'A', store, log, { checkpoint: () => false });
    a.start(sim.kinesis.now());
    const puts = await put(sim, 4, 20, new Map());
    await run(sim, [a], 3000);
    expect(log.delivered).toHaveLength(20);
    await a.shutdown();
    const leases = await store.list();
    expect(leases.every((l) => l.leaseOwner === undefined)).toBe(true);
    for (const l of leases) expect(l.checkpoint).toBe(puts.filter((p) => p.shardId === l.leaseKey).at(-1)?.seq ?? 'TRIM_HORIZON');
    const b = worker(sim, 'B', store, log);
    b.start(sim.kinesis.now());
    await run(sim, [b], 3000);
    expect(b.heldLeases()).toHaveLength(2);
    expect(log.delivered).toHaveLength(20); // nothing re-delivered
  });
});

describe('KclWorker: resharding', () => {
  it('after a split and a merge every record is processed exactly once, in per-key order, parents first', async () => {
    const sim = await stream(2);
    const store = new MemoryLeaseStore();
    const log = new Log();
    // Small reads, so that a parent with a backlog is still being read when its sibling ends.
    const small = { retrieval: { mode: 'polling', maxRecords: 10 } } as const;
    const ws = [worker(sim, 'A', store, log, {}, small), worker(sim, 'B', store, log, {}, small)];
    for (const w of ws) w.start(sim.kinesis.now());
    const next = new Map<string, number>();
    const puts: Put[] = [];
    // 'hot' goes to one hash key: shard 0, then its upper child (shard 3), then the merged shard 4.
    const hot = { key: 'hot', explicitHashKey: ((1n << 126n) + 5n).toString() };
    puts.push(...(await put(sim, 24, 100, next)));
    await run(sim, ws, 2000);
    const split = await sim.kinesis.dispatch('SplitShard', { StreamName: STREAM, ShardToSplit: shardId(0), NewStartingHashKey: (1n << 126n).toString() });
    expect(split.ok).toBe(true);
    await run(sim, ws, 1000);
    puts.push(...(await put(sim, 24, 100, next)));
    puts.push(...(await put(sim, 24, 300, next, hot)));
    await run(sim, ws, 1000);
    const merge = await sim.kinesis.dispatch('MergeShards', { StreamName: STREAM, ShardToMerge: shardId(2), AdjacentShardToMerge: shardId(3) });
    expect(merge.ok).toBe(true);
    await run(sim, ws, 1000);
    puts.push(...(await put(sim, 24, 100, next)));
    puts.push(...(await put(sim, 24, 50, next, hot)));
    await run(sim, ws, 300_000, 500);
    expect(new Set(puts.map((p) => p.shardId))).toEqual(new Set([0, 1, 2, 3, 4].map(shardId)));
    // Exactly once: every record committed once.
    expect(log.committed.map((s) => s.seq).sort()).toEqual(puts.map((p) => p.seq).sort());
    // Per-key order: each key's records in the order they were put (so parents before children).
    const perKey = new Map<string, number[]>();
    for (const s of log.committed) perKey.set(s.key, [...(perKey.get(s.key) ?? []), s.n]);
    expect(perKey.get('hot')).toHaveLength(350);
    for (const [key, ns] of perKey) expect(ns, key).toEqual(Array.from({ length: next.get(key)! }, (_, i) => i));
    // Children started only after their parents ended, and the finished leases were cleaned up.
    const ended = log.ended.map((e) => e.shardId);
    expect(ended.sort()).toEqual([0, 2, 3].map(shardId));
    const initOrder = log.initialized.map((i) => i.shardId);
    expect(initOrder.indexOf(shardId(2))).toBeGreaterThan(initOrder.indexOf(shardId(0)));
    expect(initOrder.indexOf(shardId(4))).toBeGreaterThan(Math.max(initOrder.indexOf(shardId(2)), initOrder.indexOf(shardId(3))));
    const leases = await store.list();
    expect(leases.map((l) => l.leaseKey)).not.toContain(shardId(0));
    expect(leases.find((l) => l.leaseKey === shardId(4))?.parentShardIds).toEqual([shardId(2), shardId(3)]);
    for (const w of ws) expect(w.errors).toEqual([]);
  });

  it('a processor that does not checkpoint at shard end keeps the children waiting (shardEnded is retried)', async () => {
    const sim = await stream(1);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const a = worker(sim, 'A', store, log, { checkpointAtEnd: false });
    a.start(sim.kinesis.now());
    await put(sim, 4, 20, new Map());
    await run(sim, [a], 2000);
    await sim.kinesis.dispatch('SplitShard', { StreamName: STREAM, ShardToSplit: shardId(0), NewStartingHashKey: (1n << 127n).toString() });
    await run(sim, [a], 1000);
    const after = await put(sim, 4, 20, new Map([['k0', 100], ['k1', 100], ['k2', 100], ['k3', 100]]));
    await run(sim, [a], 120_000, 500);
    const leases = new Map((await store.list()).map((l) => [l.leaseKey, l]));
    expect(leases.get(shardId(0))?.checkpoint).not.toBe(Sentinel.SHARD_END);
    expect(leases.get(shardId(0))?.childShardIds).toEqual([shardId(1), shardId(2)]);
    expect(leases.get(shardId(1))?.parentShardIds).toEqual([shardId(0)]);
    expect(leases.get(shardId(1))?.checkpoint).toBe(Sentinel.TRIM_HORIZON);
    expect(log.initialized.map((i) => i.shardId)).toEqual([shardId(0)]);
    expect(log.delivered.filter((s) => after.some((p) => p.seq === s.seq))).toEqual([]);
    expect(log.ended.length).toBeGreaterThan(1);
    expect(a.snapshot().leases.find((l) => l.shardId === shardId(0))?.shardEndAttempts).toBeGreaterThan(1);
  });
});

describe('KclWorker: checkpointing', () => {
  it('a checkpoint with a stale lease fails with ShutdownException and leaves the new owner\'s checkpoint', async () => {
    const sim = await stream(1);
    const store = new MemoryLeaseStore();
    const log = new Log();
    let saved: Checkpointer | undefined;
    const a = worker(sim, 'A', store, log, { checkpoint: () => false, onBatch: (_, c) => (saved = c) });
    a.start(sim.kinesis.now());
    await put(sim, 2, 10, new Map());
    await run(sim, [a], 2000);
    expect(saved).toBeDefined();
    // Another worker takes the lease (a conditional write on the counter it saw).
    const l = (await store.get(shardId(0)))!;
    expect((await store.update(l.leaseKey, { leaseCounter: l.leaseCounter }, { leaseOwner: 'intruder', leaseCounter: l.leaseCounter + 1, checkpoint: '42' })).ok).toBe(true);
    await expect(saved!.checkpoint()).rejects.toBeInstanceOf(ShutdownException);
    expect((await store.get(shardId(0)))).toMatchObject({ leaseOwner: 'intruder', checkpoint: '42' });
    expect(log.lost).toEqual([{ worker: 'A', shardId: shardId(0) }]);
    expect(a.heldLeases()).toEqual([]);
  });

  it('refuses a checkpoint beyond the last record delivered or before the last checkpoint', async () => {
    const sim = await stream(1);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const errors: string[] = [];
    let first: KinesisClientRecord | undefined;
    const a = worker(sim, 'A', store, log, {
      checkpoint: () => false,
      onBatch: (records, c) => {
        first ??= records[0];
        void c.checkpoint('99999999999999999999999999999999999999999999999999999999').catch((e: Error) => errors.push(e.name));
      },
    });
    a.start(sim.kinesis.now());
    await put(sim, 2, 5, new Map());
    await run(sim, [a], 2000);
    expect(errors).toEqual(['IllegalArgumentException']);
    const c = a.snapshot();
    expect(c.leases[0]?.checkpoint).toBe(Sentinel.TRIM_HORIZON);
    expect(first).toBeDefined();
  });
});

describe('KclWorker: retrieval', () => {
  it('starts new leases at the initial position: LATEST skips what was there before', async () => {
    const sim = await stream(1);
    const log = new Log();
    const before = await put(sim, 2, 5, new Map());
    sim.clock.advance(1000);
    const a = worker(sim, 'A', new MemoryLeaseStore(), log, {}, { initialPosition: 'LATEST' });
    a.start(sim.kinesis.now());
    await run(sim, [a], 2000);
    const after = await put(sim, 2, 5, new Map());
    await run(sim, [a], 3000);
    expect(log.initialized).toEqual([{ worker: 'A', shardId: shardId(0), at: 'LATEST' }]);
    expect(log.delivered.map((s) => s.seq)).toEqual(after.map((p) => p.seq));
    // AT_TIMESTAMP: from the first record at or after the timestamp.
    const log2 = new Log();
    const b = worker(sim, 'B', new MemoryLeaseStore(), log2, {}, { initialPosition: { timestamp: sim.kinesis.now() - 4000 } });
    b.start(sim.kinesis.now());
    await run(sim, [b], 2000);
    expect(log2.initialized[0]?.at).toBe('AT_TIMESTAMP');
    expect(log2.delivered.map((s) => s.seq)).toEqual(after.map((p) => p.seq));
    expect(before).toHaveLength(5);
  });


  it('de-aggregates KPL records into user records with subSequenceNumber, and resumes after a mid-aggregate checkpoint', async () => {
    const sim = await stream(1);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const users = Array.from({ length: 5 }, (_, n) => ({ partitionKey: 'k', data: new TextEncoder().encode(JSON.stringify({ key: 'k', n })) }));
    const out = await sim.kinesis.dispatch('PutRecord', { StreamName: STREAM, PartitionKey: 'k', Data: Buffer.from(aggregate(users)).toString('base64') });
    expect(out.ok).toBe(true);
    // The first worker checkpoints at the third user record, then dies.
    const a = worker(sim, 'A', store, log, { checkpoint: () => false, onBatch: (records, c) => void c.checkpoint(records[2]!) }); // de-aggregates by default, as the KCL does
    a.start(sim.kinesis.now());
    await run(sim, [a], 2000);
    expect(log.delivered.map((s) => [s.sub, s.n])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
    expect((await store.get(shardId(0)))?.checkpointSubSequenceNumber).toBe(2);
    a.stop();
    const b = worker(sim, 'B', store, log);
    b.start(sim.kinesis.now());
    await run(sim, [b], 3 * b.leaseTakerIntervalMillis);
    expect(log.delivered.filter((s) => s.worker === 'B').map((s) => s.n)).toEqual([3, 4]);
    // A de-aggregator that declines (as for data that is not an aggregate) leaves it one opaque record.
    const log2 = new Log();
    const c = worker(sim, 'C', new MemoryLeaseStore(), log2, {}, { deaggregate: () => undefined });
    c.start(sim.kinesis.now());
    await run(sim, [c], 2000);
    expect(log2.delivered).toHaveLength(1);
    expect(log2.delivered[0]?.sub).toBe(0);
  });

  it('reads through enhanced fan-out (SubscribeToShard) and reports RecordsProcessed and MillisBehindLatest', async () => {
    const sim = await stream(2);
    const summary = await sim.kinesis.dispatch('DescribeStreamSummary', { StreamName: STREAM });
    const arn = (summary as { ok: true; value: { StreamDescriptionSummary: { StreamARN: string } } }).value.StreamDescriptionSummary.StreamARN;
    const reg = await sim.kinesis.dispatch('RegisterStreamConsumer', { StreamARN: arn, ConsumerName: 'app' });
    const consumerARN = (reg as { ok: true; value: { Consumer: { ConsumerARN: string } } }).value.Consumer.ConsumerARN;
    sim.clock.advance(sim.kinesis.createStreamMs);
    const store = new MemoryLeaseStore();
    const log = new Log();
    const ops: string[] = [];
    const spy: KinesisFunction = (op, input) => (ops.push(op), sim.kinesis.dispatch(op, input));
    const a = worker(sim, 'A', store, log, {}, { retrieval: { mode: 'fanout', consumerARN }, kinesis: spy });
    a.start(sim.kinesis.now());
    const puts = await put(sim, 8, 50, new Map());
    await run(sim, [a], 3000);
    expect(log.committed.map((s) => s.seq).sort()).toEqual(puts.map((p) => p.seq).sort());
    expect(a.metrics.RecordsProcessed).toBe(50);
    expect(ops.filter((o) => o === 'SubscribeToShard')).toHaveLength(2);
    expect(ops).not.toContain('GetRecords');
    expect(Object.keys(a.metrics.MillisBehindLatest).sort()).toEqual([shardId(0), shardId(1)]);
    a.stop();
    await run(sim, [], 1000); // the subscriptions notice the stop at their next event
  });
});
