import 'fake-indexeddb/auto';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { IdbFirehoseLog } from '../adapters/idb/idbFirehoseLog';
import { MemoryFirehoseLog } from '../adapters/memory/memoryFirehoseLog';
import type { FirehoseLog } from '../adapters/firehoseLog';
import { FirehoseWorker } from './firehoseWorker';
import { FIREHOSE_PROTOCOL_VERSION, type FirehoseWorkerApi } from './protocol';
import { closePorts, deliveryStream, initFor, record, recordingHost, T0 } from './testing/firehoseFixtures';

const ports: MessagePort[] = [];
afterEach(() => {
  closePorts();
  for (const p of ports.splice(0)) p.close(); // open ports would keep Vitest from exiting
});

let n = 0;
const dbName = () => `firehose-log-${++n}`;

/** A FirehoseWorker over Comlink (as the page has it), on `log`. */
function connect(log: FirehoseLog): Comlink.Remote<FirehoseWorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(new FirehoseWorker(() => log), port1);
  return Comlink.wrap<FirehoseWorkerApi>(port2);
}

async function started(log: FirehoseLog, now = T0, dest: Record<string, unknown> = {}) {
  const api = connect(log);
  const h = recordingHost();
  const ready = await api.init(initFor('db', await deliveryStream('d', dest), now), Comlink.proxy(h.host));
  return { api, ready, ...h };
}

describe('FirehoseWorker (the delivery stream worker, over Comlink)', () => {
  it('answers accept only once the records are committed to the log', async () => {
    const log = new MemoryFirehoseLog();
    const { api } = await started(log);
    let release!: () => void;
    log.gate = new Promise<void>((r) => { release = r; });
    let answered = false;
    const p = api.accept([record('a', 'A', T0), record('b', 'B', T0)], T0).then((s) => { answered = true; return s; });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    expect(log.records.size).toBe(0);
    log.gate = undefined;
    release();
    const stats = await p;
    expect([...log.records.values()].map((r) => r.recordId)).toEqual(['a', 'b']);
    expect(stats).toMatchObject({ buffered: { records: 2, bytes: 2, oldestArrival: T0, sizeBytes: 1048576, intervalMs: 60_000 }, retrying: 0, inFlight: 0 });
  });

  it('delivers when the interval has passed in the time the broker gives it, with the exact bytes, then forgets the records', async () => {
    const log = new MemoryFirehoseLog();
    const { api, objects, events } = await started(log);
    await api.accept([record('a', 'hello ', T0), record('b', 'world', T0 + 5)], T0 + 5);
    await api.tick(T0 + 59_999);
    await api.idle();
    expect(objects()).toEqual([]);
    await api.tick(T0 + 60_000);
    const after = await api.idle();
    expect(objects().map((o) => o.text)).toEqual(['hello world']);
    expect(events.filter((e) => e.type === 'delivered')).toHaveLength(1);
    expect(after.buffered.records).toBe(0);
    expect(log.records.size).toBe(0); // settled records left the log
  });

  it('flushes at once when the size hint is reached', async () => {
    const { api, objects } = await started(new MemoryFirehoseLog());
    const big = 'x'.repeat(600 * 1024);
    await api.accept([record('a', big, T0), record('b', big, T0)], T0);
    await api.idle();
    expect(objects()).toHaveLength(1);
  });

  it('replays its log into a fresh pipeline after a restart: the buffer comes back with its original arrivals, so its deadline holds', async () => {
    const log = new MemoryFirehoseLog();
    const first = await started(log);
    await first.api.accept([record('a', '1', T0), record('b', '2', T0 + 1000)], T0 + 1000);
    // A new worker on the same log, 30 virtual seconds later.
    const second = await started(log, T0 + 30_000);
    expect(second.ready).toMatchObject({ protocolVersion: FIREHOSE_PROTOCOL_VERSION, restored: 2, stats: { buffered: { records: 2, bytes: 2, oldestArrival: T0 } } });
    await second.api.tick(T0 + 59_999);
    await second.api.idle();
    expect(second.objects()).toEqual([]);
    await second.api.tick(T0 + 60_000);
    await second.api.idle();
    expect(second.objects().map((o) => o.text)).toEqual(['12']);
    expect(log.records.size).toBe(0);
  });

  it('delivers at once on restart what became due while it was down', async () => {
    const log = new MemoryFirehoseLog();
    const first = await started(log);
    await first.api.accept([record('a', 'late', T0)], T0);
    const second = await started(log, T0 + 120_000);
    await second.api.idle();
    expect(second.objects().map((o) => o.text)).toEqual(['late']);
  });

  it('skips records it holds or delivered lately, so a retried accept is taken once', async () => {
    const log = new MemoryFirehoseLog();
    const { api, objects } = await started(log);
    await api.accept([record('a', 'A', T0)], T0);
    await api.accept([record('a', 'A', T0), record('b', 'B', T0)], T0);
    expect(log.records.size).toBe(2);
    await api.tick(T0 + 60_000);
    await api.idle();
    await api.accept([record('b', 'B', T0)], T0 + 60_000); // already delivered
    await api.tick(T0 + 200_000);
    await api.idle();
    expect(objects().map((o) => o.text)).toEqual(['AB']);
  });

  it('fails an accept whose commit failed and keeps nothing of it; the next one works', async () => {
    const log = new MemoryFirehoseLog();
    const { api, objects } = await started(log);
    log.failNext = new Error('QuotaExceededError');
    await expect(api.accept([record('a', 'A', T0)], T0)).rejects.toThrow(/storage write failed: QuotaExceededError/);
    expect((await api.stats()).buffered.records).toBe(0);
    await api.accept([record('a', 'A2', T0 + 1)], T0 + 1);
    await api.tick(T0 + 70_000);
    await api.idle();
    expect(objects().map((o) => o.text)).toEqual(['A2']);
  });

  it('takes a new configuration (UpdateDestination) for what it buffers', async () => {
    const { api } = await started(new MemoryFirehoseLog());
    await api.accept([record('a', 'A', T0)], T0);
    const next = await deliveryStream('d', { BufferingHints: { SizeInMBs: 2, IntervalInSeconds: 120 } });
    const stats = await api.reconfigure({ ...next, versionId: 2 });
    expect(stats.buffered).toMatchObject({ records: 1, sizeBytes: 2 * 1048576, intervalMs: 120_000 });
  });

  it('refuses a broker speaking another protocol version', async () => {
    const api = connect(new MemoryFirehoseLog());
    await expect(api.init(initFor('db', await deliveryStream(), T0, { protocolVersion: 99 }), Comlink.proxy(recordingHost().host))).rejects.toThrow(/protocol mismatch/);
  });

  it('deletes its log on destroy (the delivery stream was deleted)', async () => {
    const log = new MemoryFirehoseLog();
    const { api } = await started(log);
    await api.accept([record('a', 'A', T0)], T0);
    await api.destroy();
    expect(log.destroyed).toBe(true);
    expect(log.records.size).toBe(0);
  });
});

describe('IdbFirehoseLog (fake-indexeddb)', () => {
  it('keeps records across a reopen, in log order, and commits puts and deletes together', async () => {
    const name = dbName();
    const a = new IdbFirehoseLog(name);
    await a.open();
    await a.commit([2, 10, 1].map((seq) => ({ seq, record: record(`r${seq}`, `${seq}`, T0 + seq) })), []);
    await a.commit([{ seq: 11, record: record('r11', '11', T0) }], [2]);
    await a.close();
    const b = new IdbFirehoseLog(name);
    await b.open();
    expect((await b.loadAll()).map((r) => [r.seq, r.record.recordId])).toEqual([[1, 'r1'], [10, 'r10'], [11, 'r11']]);
    await b.destroy();
    const c = new IdbFirehoseLog(name);
    await c.open();
    expect(await c.loadAll()).toEqual([]);
    await c.destroy();
  });

  it('restores a worker from IndexedDB', async () => {
    const name = dbName();
    const first = connect(new IdbFirehoseLog(name));
    const h1 = recordingHost();
    await first.init(initFor(name, await deliveryStream()), Comlink.proxy(h1.host));
    await first.accept([record('a', 'kept', T0)], T0);
    const second = connect(new IdbFirehoseLog(name));
    const h2 = recordingHost();
    expect((await second.init(initFor(name, await deliveryStream(), T0 + 1), Comlink.proxy(h2.host))).restored).toBe(1);
    await second.tick(T0 + 60_000);
    await second.idle();
    expect(h2.objects().map((o) => o.text)).toEqual(['kept']);
    const check = new IdbFirehoseLog(name);
    await check.open();
    expect(await check.loadAll()).toEqual([]); // delivered: gone from the log
    await check.close();
  });
});
