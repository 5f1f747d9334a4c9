import 'fake-indexeddb/auto';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, packPut, unpackOutcomes, type ShardWorkerApi, type ShardWorkerInit } from '../broker/protocol';
import { uniformRanges } from '../core/kinesis/model/hashKey';
import type { StoredRecord } from '../core/kinesis/shard/recordLog';
import type { PutEntry, PutOutcome, ReadOutcome, Throttled } from '../core/kinesis/shard/shardCore';
import { BATCH_RECORDS, BUSY_GAP_MS, DurableShard } from './durableShard';
import { IdbSegmentStore } from './idb/idbSegmentStore';
import { MemorySegmentStore } from './memory/memorySegmentStore';
import { recordsOf } from './segmentStore';
import { decodeBase64, encodeBase64 } from '../core/util/base64';

const T0 = Date.UTC(2026, 0, 1);
const meta = { index: 3, range: uniformRanges(4)[3]!, createdAt: T0 };
let n = 0;
const dbName = () => `durable-shard-${++n}`;
const initFor = (name: string, over: Partial<ShardWorkerInit> = {}): ShardWorkerInit =>
  ({ protocolVersion: PROTOCOL_VERSION, dbName: name, meta, enforceLimits: false, ...over });

const enc = new TextEncoder();
const entry = (s: string): PutEntry => ({ partitionKey: 'pk', data: encodeBase64(enc.encode(s)), bytes: 2 + s.length });
const entries = (tag: string, count: number) => Array.from({ length: count }, (_, i) => entry(`${tag}-${i}`));
const text = (r: StoredRecord) => new TextDecoder().decode(decodeBase64(r.data));
const seqs = (out: readonly PutOutcome[]) => out.map((o) => ('sequenceNumber' in o ? o.sequenceNumber : 'throttled'));
const records = (r: ReadOutcome | Throttled): readonly StoredRecord[] => {
  if ('throttled' in r) throw new Error('unexpected throttle');
  return r.records;
};
const increasing = (xs: readonly string[]) => xs.every((x, i) => i === 0 || BigInt(xs[i - 1]!) < BigInt(x));
const tick = () => new Promise((r) => setTimeout(r, 20));

/**
 * Exposes `shard` on one end of a MessageChannel and returns the Comlink proxy on the other, with
 * `put` taking and giving plain entries and outcomes — packed on the wire, as RemoteShard does.
 */
type TestApi = Omit<Comlink.Remote<ShardWorkerApi>, 'put'> & { put(entries: readonly PutEntry[], now: number): Promise<PutOutcome[]> };
const ports: MessagePort[] = [];
function connect(shard: DurableShard): TestApi {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(shard, port1);
  const remote = Comlink.wrap<ShardWorkerApi>(port2);
  const put = async (entries: readonly PutEntry[], now: number) => unpackOutcomes(await remote.put(packPut(entries), now), entries.length);
  return new Proxy(remote, { get: (t, k) => (k === 'put' ? put : (t as unknown as Record<PropertyKey, unknown>)[k]) }) as unknown as TestApi;
}
afterEach(() => {
  for (const p of ports.splice(0)) p.close(); // open ports would keep Vitest from exiting
});

const idbShard = () => connect(new DurableShard((init) => new IdbSegmentStore(init.dbName)));
const memShard = (store: MemorySegmentStore) => connect(new DurableShard(() => store));

/** A promise with its resolve/reject outside, to hold a transaction open. */
function deferred() {
  let resolve!: () => void, reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
/** Tracks whether a promise has settled yet. */
function track<T>(p: Promise<T>) {
  const s = { settled: false };
  p.then(() => { s.settled = true; }, () => { s.settled = true; });
  return s;
}

describe('DurableShard over Comlink (IndexedDB)', () => {
  it('reads back put records in order with the sequence numbers it acknowledged', async () => {
    const api = idbShard();
    expect(await api.init(initFor(dbName()))).toEqual({ protocolVersion: PROTOCOL_VERSION, lastCounter: 0, recordCount: 0 });
    const a = await api.put(entries('a', 3), T0 + 10);
    const b = await api.put(entries('b', 2), T0 + 20);
    const read = records(await api.read(0, 100, T0 + 30, 0));
    expect(read.map(text)).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1']);
    expect(read.map((r) => r.sequenceNumber)).toEqual([...seqs(a), ...seqs(b)]);
    expect(increasing(read.map((r) => r.sequenceNumber))).toBe(true);
    expect((await api.browse(4, 10)).map(text)).toEqual(['b-0', 'b-1']);
  });

  it('restores every committed record after a restart and continues the counter', async () => {
    const name = dbName();
    const first = idbShard();
    await first.init(initFor(name));
    const before = [...seqs(await first.put(entries('a', 40), T0)), ...seqs(await first.put(entries('b', 10), T0 + 5))];
    const second = idbShard();
    expect(await second.init(initFor(name))).toEqual({ protocolVersion: PROTOCOL_VERSION, lastCounter: 50, recordCount: 50 });
    expect(records(await second.read(0, 100, T0 + 10, 0)).map((r) => r.sequenceNumber)).toEqual(before);
    const after = seqs(await second.put(entries('c', 5), T0 + 20));
    const all = [...before, ...after];
    expect(increasing(all)).toBe(true); // strictly greater than before, so never repeated
    expect(new Set(all).size).toBe(55);
  });

  it('group-commits concurrent puts: all resolve, fewer segments than puts, numbers in call order', async () => {
    const name = dbName();
    const api = idbShard();
    await api.init(initFor(name));
    const calls = Array.from({ length: 20 }, (_, i) => api.put(entries(`p${i}`, 50), T0 + i));
    const outs = await Promise.all(calls);
    const inCallOrder = outs.flatMap(seqs);
    expect(inCallOrder).toHaveLength(1000);
    expect(increasing(inCallOrder)).toBe(true);
    const stats = await api.stats();
    expect(stats).toMatchObject({ recordCount: 1000, lastCounter: 1000, committedCounter: 1000 });
    expect(stats.segmentCount).toBeLessThan(20);
    const direct = new IdbSegmentStore(name);
    await direct.open();
    const { segments, lastCounter } = await direct.loadAll();
    await direct.close();
    expect(segments.length).toBe(stats.segmentCount);
    expect(segments.flatMap((s) => recordsOf(s).map((r) => r.sequenceNumber))).toEqual(inCallOrder);
    expect(lastCounter).toBe(1000);
  });

  it('trim deletes whole expired segments from storage and keeps newer ones', async () => {
    const name = dbName();
    const api = idbShard();
    await api.init(initFor(name));
    await api.put(entries('old', 3), T0);
    await api.put(entries('mid', 3), T0 + 1000);
    await api.put(entries('new', 3), T0 + 2000);
    expect(await api.trim(T0 + 1500)).toBe(6);
    expect((await api.stats()).segmentCount).toBe(1);
    const again = idbShard();
    expect(await again.init(initFor(name))).toMatchObject({ lastCounter: 9, recordCount: 3 });
    expect((await again.browse(0, 100)).map(text)).toEqual(['new-0', 'new-1', 'new-2']);
  });

  it('rejects init with both versions when the protocol versions differ', async () => {
    const api = idbShard();
    const bad = PROTOCOL_VERSION + 41;
    await expect(api.init(initFor(dbName(), { protocolVersion: bad }))).rejects.toThrow(
      new RegExp(`protocol mismatch.*${bad}.*${PROTOCOL_VERSION}`),
    );
  });

  it('destroy deletes the database', async () => {
    const name = dbName();
    const api = idbShard();
    await api.init(initFor(name));
    await api.put(entries('x', 5), T0);
    expect((await indexedDB.databases()).map((d) => d.name)).toContain(name);
    await api.destroy();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    await expect(api.stats()).rejects.toThrow(/not initialised/);
  });
});

describe('DurableShard durability rules (memory store)', () => {
  it('acknowledges a put, and shows its records, only after its transaction completed', async () => {
    const gate = deferred();
    const started = deferred();
    const store = new MemorySegmentStore({ beforeAppend: () => { started.resolve(); return gate.promise; } });
    const api = memShard(store);
    await api.init(initFor('mem'));
    const put = api.put(entries('a', 3), T0);
    const state = track(put);
    await started.promise;
    await tick();
    expect(state.settled).toBe(false);
    expect(records(await api.read(0, 100, T0, 0))).toEqual([]);
    expect(await api.browse(0, 100)).toEqual([]);
    expect(await api.stats()).toMatchObject({ lastCounter: 3, committedCounter: 0 });
    gate.resolve();
    expect(seqs(await put)).toHaveLength(3);
    expect(records(await api.read(0, 100, T0, 0)).map(text)).toEqual(['a-0', 'a-1', 'a-2']);
  });

  it('writes the puts queued behind an open transaction as one segment in the next one', async () => {
    const gate = deferred();
    let calls = 0;
    const store = new MemorySegmentStore({ beforeAppend: () => (++calls === 1 ? gate.promise : undefined) });
    const api = memShard(store);
    await api.init(initFor('mem'));
    const puts = [api.put(entries('a', 2), T0), api.put(entries('b', 2), T0), api.put(entries('c', 2), T0)];
    await tick();
    expect(calls).toBe(1); // b and c wait for a's transaction
    gate.resolve();
    await Promise.all(puts);
    expect(store.appends).toBe(2);
    expect((await store.loadAll()).segments.map((s) => [s.first, s.last])).toEqual([[1, 2], [3, 6]]);
  });

  it('writes a lone put at once, but lets a busy shard gather puts into one bigger transaction', async () => {
    const store = new MemorySegmentStore();
    const api = memShard(store);
    await api.init(initFor('mem'));
    await api.put(entries('lone', 3), T0);
    expect(store.appends).toBe(1);
    await new Promise((r) => setTimeout(r, BUSY_GAP_MS + 5)); // idle again
    // Puts ~1 ms apart — each would find the (instant) store idle and get its own transaction
    // without lingering; with it, the first goes at once and the others gather.
    const puts: Promise<unknown>[] = [];
    for (const tag of ['a', 'b', 'c', 'd', 'e', 'f']) {
      puts.push(api.put(entries(tag, 10), T0));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(puts);
    const sizes = (await store.loadAll()).segments.map((s) => s.last - s.first + 1);
    expect(sizes[0]).toBe(3);
    expect(sizes.slice(1).reduce((a, b) => a + b)).toBe(60);
    expect(sizes.length - 1).toBeLessThanOrEqual(3);
  });

  it('does not hold a busy shard\'s batch once it is big enough', async () => {
    const gate = deferred();
    let calls = 0;
    const store = new MemorySegmentStore({ beforeAppend: () => (++calls === 1 ? gate.promise : undefined) });
    const api = memShard(store);
    await api.init(initFor('mem'));
    const first = api.put(entries('a', 1), T0);
    const big = [api.put(entries('b', BATCH_RECORDS / 2), T0), api.put(entries('c', BATCH_RECORDS / 2), T0)];
    await tick();
    gate.resolve();
    await Promise.all([first, ...big]);
    // b and c (BATCH_RECORDS together) were written as soon as a's transaction finished.
    expect((await store.loadAll()).segments.map((s) => s.last - s.first + 1)).toEqual([1, BATCH_RECORDS]);
  });

  it('resolves a put whose records were all throttled without writing anything', async () => {
    const store = new MemorySegmentStore({ beforeAppend: () => new Promise(() => undefined) }); // never completes
    const api = memShard(store);
    await api.init(initFor('mem', { enforceLimits: true }));
    const huge: PutEntry = { partitionKey: 'pk', data: 'AAAAAAAAAAA=', bytes: 2 * 1024 * 1024 };
    expect(await api.put([huge], T0)).toEqual([{ throttled: true }]);
    expect(store.appends).toBe(0);
  });

  it('rejects a put whose transaction failed, never shows its records, and keeps working', async () => {
    let fail = true;
    const store = new MemorySegmentStore({ beforeAppend: () => { if (fail) throw new Error('QuotaExceededError'); } });
    const api = memShard(store);
    await api.init(initFor('mem'));
    await expect(api.put(entries('lost', 3), T0)).rejects.toThrow(/storage write failed: QuotaExceededError/);
    fail = false;
    const ok = seqs(await api.put(entries('kept', 2), T0 + 10));
    const read = records(await api.read(0, 100, T0 + 20, 0));
    expect(read.map(text)).toEqual(['kept-0', 'kept-1']);
    expect(read.map((r) => r.sequenceNumber)).toEqual(ok);
    expect(await api.browse(0, 100)).toHaveLength(2);
    // Counters of the failed put are skipped, never reused.
    expect(read.map((r) => r.counter)).toEqual([4, 5]);
  });

  it('also fails the puts queued behind a failed transaction; a restart sees only what was acknowledged', async () => {
    const gate = deferred();
    let calls = 0;
    const store = new MemorySegmentStore({ beforeAppend: () => (++calls === 2 ? gate.promise : undefined) });
    const api = memShard(store);
    await api.init(initFor('mem'));
    const first = seqs(await api.put(entries('a', 2), T0));
    const doomed = api.put(entries('b', 2), T0 + 1);
    await tick();
    const queued = api.put(entries('c', 2), T0 + 2);
    await tick();
    gate.reject(new Error('disk gone'));
    await expect(doomed).rejects.toThrow(/disk gone/);
    await expect(queued).rejects.toThrow(/disk gone/);
    const later = seqs(await api.put(entries('d', 1), T0 + 3));
    expect(records(await api.read(0, 100, T0 + 4, 0)).map(text)).toEqual(['a-0', 'a-1', 'd-0']);
    const restarted = memShard(store);
    await restarted.init(initFor('mem'));
    const back = await restarted.browse(0, 100);
    expect(back.map((r) => r.sequenceNumber)).toEqual([...first, ...later]);
  });

  it('keeps a stored segment while any of its records is unexpired', async () => {
    const gate = deferred();
    let calls = 0;
    const store = new MemorySegmentStore({ beforeAppend: () => (++calls === 1 ? gate.promise : undefined) });
    const api = memShard(store);
    await api.init(initFor('mem'));
    const a = api.put(entries('a', 1), T0);
    await tick();
    const bc = [api.put(entries('b', 1), T0 + 100), api.put(entries('c', 1), T0 + 5000)];
    await tick(); // both queued behind a's open transaction: they go out as one segment
    gate.resolve();
    await Promise.all([a, ...bc]);
    expect(await api.trim(T0 + 1000)).toBe(2); // a and b leave memory...
    expect((await store.loadAll()).segments.map((s) => s.first)).toEqual([2]); // ...but b's segment holds c
    expect((await api.browse(0, 10)).map(text)).toEqual(['c-0']);
  });
});
