import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../index';
import { aggregate } from '../core/kpl/aggregation';
import { MemoryLeaseStore } from '../core/kcl/leaseTable';
import type { WorkerSnapshot } from '../core/kcl/workerOptions';
import { isEventStream, EVENT_STREAM, type StreamEvent } from '../core/kinesis/eventStream';
import { KclWorkerHost, type KclPageHost, type KclWorkerApi, type KclWorkerConfig, type ProcessedRecord } from './kclWorkerHost';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

const STREAM = 's';

async function stream(shards: number): Promise<Simulation> {
  const sim = createSimulation({ clock: 'manual' });
  await sim.kinesis.dispatch('CreateStream', { StreamName: STREAM, ShardCount: shards });
  sim.clock.advance(sim.kinesis.createStreamMs);
  return sim;
}

/** A KclWorkerHost over Comlink, as the page has it. */
function connect(store: MemoryLeaseStore): Comlink.Remote<KclWorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(new KclWorkerHost(() => store), port1);
  return Comlink.wrap<KclWorkerApi>(port2);
}

/** The worker's end of a channel whose page end exposes `host` (as KclApplication makes it). */
function hostPort(host: KclPageHost): MessagePort {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(host, port1);
  return Comlink.transfer(port2, [port2]);
}

/** The page side: answers with the simulation, keeps event streams, records reports. */
function pageHost(sim: Simulation) {
  const reports: { snapshot: WorkerSnapshot; processed: readonly ProcessedRecord[] }[] = [];
  const subs = new Map<number, AsyncIterator<StreamEvent>>();
  let next = 1;
  const host: KclPageHost = {
    kinesis: async (op, input) => {
      const r = await sim.kinesis.dispatch(op, input);
      if (!r.ok || !isEventStream(r.value)) return r as Awaited<ReturnType<KclPageHost['kinesis']>>;
      const id = next++;
      subs.set(id, r.value[EVENT_STREAM][Symbol.asyncIterator]());
      return { ok: true, value: { subscription: id } };
    },
    nextEvent: async (id) => {
      const n = await subs.get(id)?.next();
      return !n || n.done ? undefined : n.value;
    },
    closeSubscription: async (id) => {
      await subs.get(id)?.return?.();
      subs.delete(id);
    },
    report: (snapshot, processed) => {
      reports.push({ snapshot, processed });
    },
  };
  return { host, reports, processed: () => reports.flatMap((r) => r.processed) };
}

const config = (over: Partial<KclWorkerConfig> = {}): KclWorkerConfig => ({
  app: 'orders', workerIdentifier: 'w1', streamName: STREAM, initialPosition: 'TRIM_HORIZON', retrieval: { mode: 'polling' }, now: 0, ...over,
});

async function run(sim: Simulation, api: Comlink.Remote<KclWorkerApi>, ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    sim.clock.advance(step);
    await api.tick(sim.kinesis.now());
    await api.idle();
  }
}

async function putText(sim: Simulation, texts: readonly [key: string, text: string][]): Promise<{ ShardId: string; SequenceNumber: string }[]> {
  const out = await sim.kinesis.dispatch('PutRecords', {
    StreamName: STREAM, Records: texts.map(([k, t]) => ({ PartitionKey: k, Data: Buffer.from(t).toString('base64') })),
  });
  if (!out.ok) throw new Error(out.error.message);
  return (out.value as { Records: { ShardId: string; SequenceNumber: string }[] }).Records;
}

describe('KclWorkerHost (a KCL worker in a Web Worker, over Comlink)', () => {
  it('polls through the page, reports every record (text, first 200 bytes) and checkpoints each batch', async () => {
    const sim = await stream(2);
    const store = new MemoryLeaseStore();
    const api = connect(store);
    const page = pageHost(sim);
    const started = await api.start(config({ now: sim.kinesis.now() }), hostPort(page.host));
    expect(started.workerIdentifier).toBe('w1');
    await api.idle();
    expect((await store.list()).map((l) => l.leaseOwner)).toEqual(['w1', 'w1']);
    const long = 'x'.repeat(300);
    const puts = await putText(sim, [['a', 'one'], ['b', 'two'], ['a', long], ['c', 'héllo']]);
    await run(sim, api, 3000);
    const got = page.processed();
    expect(got.map((r) => r.sequenceNumber).sort()).toEqual(puts.map((p) => p.SequenceNumber).sort());
    const one = got.find((r) => r.sequenceNumber === puts[0]!.SequenceNumber);
    expect(one).toEqual({ workerIdentifier: 'w1', shardId: puts[0]!.ShardId, partitionKey: 'a', sequenceNumber: puts[0]!.SequenceNumber, subSequenceNumber: 0, data: 'one' });
    expect(got.find((r) => r.sequenceNumber === puts[2]!.SequenceNumber)?.data).toBe('x'.repeat(200));
    expect(got.find((r) => r.sequenceNumber === puts[3]!.SequenceNumber)?.data).toBe('héllo');
    // Checkpointed after each batch: every shard's checkpoint is its last record.
    for (const l of await store.list()) {
      const last = puts.filter((p) => p.ShardId === l.leaseKey).at(-1)?.SequenceNumber ?? 'TRIM_HORIZON';
      expect(l.checkpoint).toBe(last);
    }
    expect((await api.snapshot()).metrics.RecordsProcessed).toBe(4);
    expect(page.reports.at(-1)?.snapshot.leases.map((l) => l.shardId)).toEqual((await store.list()).map((l) => l.leaseKey));
  });

  it('de-aggregates KPL records (one report entry per user record, with its sub-sequence)', async () => {
    const sim = await stream(1);
    const api = connect(new MemoryLeaseStore());
    const page = pageHost(sim);
    await api.start(config({ now: sim.kinesis.now() }), hostPort(page.host));
    const blob = aggregate([{ partitionKey: 'k1', data: new TextEncoder().encode('u0') }, { partitionKey: 'k2', data: new TextEncoder().encode('u1') }]);
    const put = await sim.kinesis.dispatch('PutRecord', { StreamName: STREAM, PartitionKey: 'agg', Data: Buffer.from(blob).toString('base64') });
    expect(put.ok).toBe(true);
    await run(sim, api, 3000);
    expect(page.processed().map((r) => [r.partitionKey, r.subSequenceNumber, r.data])).toEqual([['k1', 0, 'u0'], ['k2', 1, 'u1']]);
  });

  it('reads with enhanced fan-out: SubscribeToShard events cross the port one by one', async () => {
    const sim = await stream(1);
    const summary = await sim.kinesis.dispatch('DescribeStreamSummary', { StreamName: STREAM });
    if (!summary.ok) throw new Error(summary.error.message);
    const arn = (summary.value as { StreamDescriptionSummary: { StreamARN: string } }).StreamDescriptionSummary.StreamARN;
    const reg = await sim.kinesis.dispatch('RegisterStreamConsumer', { StreamARN: arn, ConsumerName: 'orders' });
    if (!reg.ok) throw new Error(reg.error.message);
    const consumerARN = (reg.value as { Consumer: { ConsumerARN: string } }).Consumer.ConsumerARN;
    sim.clock.advance(10_000);
    const api = connect(new MemoryLeaseStore());
    const page = pageHost(sim);
    await api.start(config({ now: sim.kinesis.now(), retrieval: { mode: 'fanout', consumerARN } }), hostPort(page.host));
    const puts = await putText(sim, [['a', '1'], ['a', '2'], ['b', '3']]);
    await run(sim, api, 5000);
    expect(page.processed().map((r) => r.data)).toEqual(['1', '2', '3']);
    expect(page.processed().map((r) => r.sequenceNumber)).toEqual(puts.map((p) => p.SequenceNumber));
  });

  it('a graceful shutdown releases its leases and reports its last snapshot', async () => {
    const sim = await stream(2);
    const store = new MemoryLeaseStore();
    const api = connect(store);
    const page = pageHost(sim);
    await api.start(config({ now: sim.kinesis.now() }), hostPort(page.host));
    await run(sim, api, 1000);
    const s = await api.shutdown();
    expect(s.running).toBe(false);
    expect((await store.list()).every((l) => l.leaseOwner === undefined)).toBe(true);
    expect(page.reports.at(-1)?.snapshot.running).toBe(false);
  });
});
