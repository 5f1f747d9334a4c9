/**
 * The producer and consumer engines embedded in Node, exactly as the README shows: a KPL
 * producer aggregates into a simulated stream, two KCL workers share its leases and get every
 * user record back, de-aggregated, in order per key; the Kinesis Agent tails a virtual file;
 * the data generator makes records from a preset. Everything imported from the package entry.
 */
import { describe, expect, it } from 'vitest';
import {
  createSimulation, Generator, KclWorker, KinesisAgent, KinesisProducer, MemoryLeaseStore, VirtualFileSystem,
  type KinesisClientRecord, type KinesisFunction, type ShardRecordProcessor,
} from '../../src/index';

describe('the producer and consumer engines from src/index.ts', () => {
  it('README: a KPL producer and two KCL workers on a simulated stream', async () => {
    // --- the README example, verbatim from here ---
    const sim = createSimulation({ clock: 'manual' });
    const kinesis: KinesisFunction = (op, input) => sim.kinesis.dispatch(op, input);
    await kinesis('CreateStream', { StreamName: 'orders', ShardCount: 2 });
    sim.clock.advance(sim.kinesis.createStreamMs);

    // The KPL: user records aggregated into Kinesis records, collected into PutRecords.
    const kpl = new KinesisProducer((input) => kinesis('PutRecords', input), { RecordMaxBufferedTime: 100 }, { now: sim.clock.now() });
    const shards = await kinesis('ListShards', { StreamName: 'orders' });
    if (!shards.ok) throw new Error(shards.error.message);
    kpl.setShards(shards.value.Shards, 'orders'); // the KPL routes by hash key, as the real one does
    for (let i = 0; i < 1000; i++) void kpl.addUserRecord('orders', `customer-${i % 10}`, new TextEncoder().encode(`order ${i}`));

    // The KCL: two workers sharing one lease table; a record processor per shard.
    const leases = new MemoryLeaseStore();
    const seen: KinesisClientRecord[] = [];
    const processor = (): ShardRecordProcessor => ({
      initialize: () => {},
      processRecords: async ({ records, checkpointer }) => { seen.push(...records); await checkpointer.checkpoint(); },
      leaseLost: () => {},
      shardEnded: ({ checkpointer }) => checkpointer.checkpoint(),
      shutdownRequested: ({ checkpointer }) => checkpointer.checkpoint(),
    });
    const workers = ['worker-1', 'worker-2'].map((workerIdentifier) => new KclWorker({
      workerIdentifier, streamName: 'orders', kinesis, leaseStore: leases, processorFactory: processor, initialPosition: 'TRIM_HORIZON',
    }));
    workers.forEach((w) => w.start(sim.clock.now()));

    // Virtual time moves only when you say so: tick every engine as it advances. The first worker
    // takes both leases; the second takes its share at its next lease-taker run (2 × failoverTimeMillis).
    for (let t = 0; t < 60_000; t += 250) {
      sim.clock.advance(250);
      kpl.tick(sim.clock.now());
      workers.forEach((w) => w.tick(sim.clock.now()));
      await Promise.all([kpl.idle(), ...workers.map((w) => w.idle())]);
    }
    console.log(kpl.metric('UserRecordsPut').sum, 'user records in', kpl.metric('KinesisRecordsPut').sum, 'Kinesis records');
    console.log(seen.length, 'user records processed; leases:', (await leases.list()).map((l) => `${l.leaseKey}→${l.leaseOwner}`));
    // --- end of the README example ---

    expect(kpl.metric('UserRecordsPut').sum).toBe(1000);
    expect(kpl.metric('KinesisRecordsPut').sum).toBeLessThan(50);
    expect(seen).toHaveLength(1000);
    expect(seen.every((r) => r.aggregated)).toBe(true);
    for (let c = 0; c < 10; c++) {
      const orders = seen.filter((r) => r.partitionKey === `customer-${c}`).map((r) => Number(new TextDecoder().decode(r.data).split(' ')[1]));
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(orders).toHaveLength(100);
    }
    const owners = (await leases.list()).map((l) => l.leaseOwner).sort();
    expect(owners).toEqual(['worker-1', 'worker-2']);
  });

  it('README: the Kinesis Agent tails a virtual file; the generator makes records from a preset', async () => {
    const sim = createSimulation({ clock: 'manual' });
    const kinesis: KinesisFunction = (op, input) => sim.kinesis.dispatch(op, input);
    await kinesis('CreateStream', { StreamName: 'weblogs', ShardCount: 1 });
    sim.clock.advance(sim.kinesis.createStreamMs);
    const files = new VirtualFileSystem();
    files.create('/var/log/httpd/access_log');
    const agent = new KinesisAgent({
      config: JSON.stringify({ flows: [{ filePattern: '/var/log/httpd/access_log*', kinesisStream: 'weblogs', dataProcessingOptions: [{ optionName: 'LOGTOJSON', logFormat: 'COMBINEDAPACHELOG' }] }] }),
      vfs: files,
      destinations: { putRecords: (StreamName, Records) => kinesis('PutRecords', { StreamName, Records }) },
    });
    const gen = new Generator({ preset: 'apacheLog', rate: { kind: 'constant', perSecond: 20 }, seed: 7 });
    for (let t = 0; t < 5000; t += 250) {
      sim.clock.advance(250);
      for (const r of gen.tick(sim.clock.now())) files.append('/var/log/httpd/access_log', `${r.data}\n`);
      await agent.tick(sim.clock.now());
    }
    for (let t = 0; t < 70_000; t += 1000) { sim.clock.advance(1000); await agent.tick(sim.clock.now()); }
    const m = agent.metrics();
    expect(m.Agent.TotalRecordsParsed).toBeGreaterThanOrEqual(90);
    expect(m.Agent.TotalRecordsSent).toBe(m.Agent.TotalRecordsParsed);
    expect(agent.checkpoints()[0]).toMatchObject({ path: '/var/log/httpd/access_log', offset: files.stat('/var/log/httpd/access_log')!.size });
  });
});
