/**
 * Consumer applications against an in-memory simulation on a fast realtime clock, through the
 * real AWS SDK client: every record once and in per-key order (also across SplitShard and
 * MergeShards), the reader ids the picture needs, deregistration, and AWS's errors.
 */
import { DeleteStreamCommand, DescribeStreamSummaryCommand, ListStreamConsumersCommand, MergeShardsCommand, PutRecordsCommand, SplitShardCommand, SubscribeToShardCommand, type _Record } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost } from '../../broker/memoryHost';
import type { SimulationHost } from '../../broker/host';
import type { SimEvent } from '../../core/observe/events';
import type { AppView } from './consumerApp';
import { ConsumerApps } from './consumerApps.svelte';
import { Messages } from './messages.svelte';
import { activeStream, waitActive, waitFor } from './hostTesting';

const id = (i: number) => `shardId-${String(i).padStart(12, '0')}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Got { key: string; data: string }

/** A host at 50× with an app set whose deliveries are recorded per app id. */
function lab(options: { pollMs?: number } = {}) {
  const host = createMemoryHost();
  host.clock.speed(50);
  const messages = new Messages();
  const got = new Map<number, Got[]>();
  const onRecords = (app: { id: number }, _shard: string, records: readonly _Record[]): void => {
    const list = got.get(app.id) ?? [];
    for (const r of records) list.push({ key: r.PartitionKey ?? '', data: decoder.decode(r.Data) });
    got.set(app.id, list);
  };
  const apps = new ConsumerApps(host, messages, { ...options, onRecords });
  const events: SimEvent[] = [];
  host.observe((e) => { if (e.type === 'read') events.push(e); });
  cleanups.push(async () => { apps.stopAll(); await host.close(); });
  return { host, messages, apps, events, got: (app: AppView | undefined) => got.get(app!.id) ?? [] };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Puts `n` records with keys k0…k9 and data `<tag>-<i>`; returns what was sent, in order. */
async function put(host: SimulationHost, StreamName: string, tag: string, n: number): Promise<Got[]> {
  const sent = Array.from({ length: n }, (_, i) => ({ key: `k${i % 10}`, data: `${tag}-${i}` }));
  const out = await host.kinesis.send(new PutRecordsCommand({ StreamName, Records: sent.map((r) => ({ PartitionKey: r.key, Data: encoder.encode(r.data) })) }));
  expect(out.FailedRecordCount).toBe(0);
  return sent;
}

/** Every record exactly once, and per key in the order it was put. */
function expectOnceInKeyOrder(got: readonly Got[], sent: readonly Got[]): void {
  expect(got.map((r) => r.data).sort()).toEqual(sent.map((r) => r.data).sort());
  for (const key of new Set(sent.map((r) => r.key))) {
    expect(got.filter((r) => r.key === key).map((r) => r.data), `order of ${key}`).toEqual(sent.filter((r) => r.key === key).map((r) => r.data));
  }
}

const viewOf = (apps: ConsumerApps, app: AppView | undefined) => apps.apps.find((a) => a.id === app?.id);

describe('ConsumerApps', () => {
  it('a shared and an enhanced app read every record put after they start, once and in key order, and name their readers', async () => {
    const { host, apps, events, got } = lab();
    await activeStream(host, 'two', 2);
    await put(host, 'two', 'before', 20); // LATEST: not to be read
    const shared = await apps.add('two', 'shared');
    const efo = await apps.add('two', 'enhanced');
    expect(shared).toMatchObject({ name: 'shared-1', kind: 'shared', status: 'reading', shards: [id(0), id(1)] });
    expect(efo).toMatchObject({ name: 'efo-1', kind: 'enhanced', status: 'reading', readers: ['consumer:efo-1'] });

    const sent = [...await put(host, 'two', 'a', 100), ...await put(host, 'two', 'b', 100)];
    await waitFor(() => got(shared).length >= 200 && got(efo).length >= 200, 'both apps to get 200 records');
    await new Promise((r) => setTimeout(r, 200)); // nothing more (duplicates) may follow
    expectOnceInKeyOrder(got(shared), sent);
    expectOnceInKeyOrder(got(efo), sent);

    await waitFor(() => (viewOf(apps, shared)?.records ?? 0) >= 200 && (viewOf(apps, efo)?.records ?? 0) >= 200, 'the views to catch up');
    const s = viewOf(apps, shared)!;
    const e = viewOf(apps, efo)!;
    expect(s.readers).toHaveLength(2);
    for (const r of s.readers) expect(r).toMatch(/^reader-\d+$/);
    expect(s.iteratorAgeMs).toBeGreaterThanOrEqual(0);
    expect(e.iteratorAgeMs).toBeGreaterThanOrEqual(0);
    expect(s.bytes).toBeGreaterThan(0);
    // The simulation's read events carry exactly these reader ids, and appFor maps them back.
    const readers = new Set(events.filter((ev) => ev.type === 'read' && ev.stream === 'two' && ev.records > 0).map((ev) => (ev as { reader: string }).reader));
    expect([...readers].sort()).toEqual([...s.readers, 'consumer:efo-1'].sort());
    for (const r of s.readers) expect(apps.appFor(r)?.id).toBe(shared!.id);
    expect(apps.appFor('consumer:efo-1')?.id).toBe(efo!.id);
    expect(apps.appFor('consumer:efo-1', 'other')).toBeUndefined();
    expect(apps.appFor('reader-999999')).toBeUndefined();
  });

  it('reads through a SplitShard and a MergeShards: every record once, per-key order kept, for both kinds', async () => {
    const { host, apps, got } = lab();
    await activeStream(host, 'rs', 2);
    const sent = await put(host, 'rs', 'old', 50); // TRIM_HORIZON: read too
    const shared = await apps.add('rs', 'shared', { start: 'TRIM_HORIZON' });
    const efo = await apps.add('rs', 'enhanced', { start: 'TRIM_HORIZON' });
    expect([shared?.status, efo?.status]).toEqual(['reading', 'reading']);
    sent.push(...await put(host, 'rs', 'p1', 100));

    // Shard 0 holds [0, 2^127); split it in half, then merge the halves again.
    await host.kinesis.send(new SplitShardCommand({ StreamName: 'rs', ShardToSplit: id(0), NewStartingHashKey: (2n ** 126n).toString() }));
    sent.push(...await put(host, 'rs', 'p2', 100)); // during UPDATING: still to the parent
    await waitActive(host, 'rs');
    sent.push(...await put(host, 'rs', 'p3', 100));
    await host.kinesis.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: id(2), AdjacentShardToMerge: id(3) }));
    sent.push(...await put(host, 'rs', 'p4', 100));
    await waitActive(host, 'rs');
    sent.push(...await put(host, 'rs', 'p5', 100));

    await waitFor(() => got(shared).length >= sent.length && got(efo).length >= sent.length, `both apps to get ${sent.length} records`, 15_000);
    await new Promise((r) => setTimeout(r, 200));
    expectOnceInKeyOrder(got(shared), sent);
    expectOnceInKeyOrder(got(efo), sent);
    // Now reading the merged shard and the untouched one.
    await waitFor(() => ['shared-1', 'efo-1'].every((n) => apps.apps.find((a) => a.name === n)?.shards.join() === `${id(1)},${id(4)}`), 'the apps to read shards 1 and 4');
  });

  it('started at TRIM_HORIZON after the reshards, reads parents before children (a big parent keeps the children waiting)', async () => {
    const { host, apps, got } = lab();
    await activeStream(host, 'lin', 2);
    // Key `big` always hashes to 0: shard 0, then child 2, then merged shard 4. 2.5 MiB in the
    // parent take an enhanced consumer over a second (2 MiB/s): read early, the children's `big`
    // records would come first.
    const sent: Got[] = [];
    const big = new Uint8Array(10 * 1024);
    for (let b = 0; b < 5; b++) {
      const batch = Array.from({ length: 50 }, (_, i) => ({ key: 'big', data: `big-${b}-${i}` }));
      const out = await host.kinesis.send(new PutRecordsCommand({ StreamName: 'lin', Records: batch.map((r) => ({ PartitionKey: r.key, ExplicitHashKey: '0', Data: new Uint8Array([...encoder.encode(r.data.padEnd(16)), ...big]) })) }));
      expect(out.FailedRecordCount).toBe(0);
      sent.push(...batch);
      const until = host.clock.now() + 1000; // under the shard's 1 MiB/s of writes
      while (host.clock.now() < until) await new Promise((r) => setTimeout(r, 5));
    }
    const small = async (tag: string) => {
      const out = await host.kinesis.send(new PutRecordsCommand({ StreamName: 'lin', Records: [{ PartitionKey: 'big', ExplicitHashKey: '0', Data: encoder.encode(tag.padEnd(16)) }] }));
      expect(out.FailedRecordCount).toBe(0);
      sent.push({ key: 'big', data: tag });
    };
    sent.push(...await put(host, 'lin', 'p1', 50));
    await host.kinesis.send(new SplitShardCommand({ StreamName: 'lin', ShardToSplit: id(0), NewStartingHashKey: (2n ** 126n).toString() }));
    await waitActive(host, 'lin');
    await small('after-split');
    sent.push(...await put(host, 'lin', 'p2', 50));
    await host.kinesis.send(new MergeShardsCommand({ StreamName: 'lin', ShardToMerge: id(2), AdjacentShardToMerge: id(3) }));
    await waitActive(host, 'lin');
    await small('after-merge');
    sent.push(...await put(host, 'lin', 'p3', 50));

    const shared = await apps.add('lin', 'shared', { start: 'TRIM_HORIZON' });
    expect(shared?.shards).toEqual([id(0), id(1)]); // the roots only, at first
    const efo = await apps.add('lin', 'enhanced', { start: 'TRIM_HORIZON' });
    await waitFor(() => got(shared).length >= sent.length && got(efo).length >= sent.length, `both apps to get ${sent.length} records`, 15_000);
    const trimmed = (g: readonly Got[]) => g.map((r) => ({ key: r.key, data: r.data.slice(0, 16).trim() }));
    expectOnceInKeyOrder(trimmed(got(shared)), sent);
    expectOnceInKeyOrder(trimmed(got(efo)), sent);
  });

  it('remove() deregisters an enhanced consumer and stops its loops', async () => {
    const { host, apps, events, got } = lab();
    await activeStream(host, 'rm', 1);
    const efo = await apps.add('rm', 'enhanced');
    await put(host, 'rm', 'a', 10);
    await waitFor(() => got(efo).length === 10, 'the first records');
    const { StreamARN } = (await host.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'rm' }))).StreamDescriptionSummary!;
    const consumers = async () => (await host.kinesis.send(new ListStreamConsumersCommand({ StreamARN }))).Consumers ?? [];
    expect((await consumers()).map((c) => c.ConsumerName)).toEqual(['efo-1']);

    await apps.remove(efo!.id);
    expect(apps.apps).toEqual([]);
    // Its reader is known as a removed app's (the picture does not draw it as a new consumer).
    expect(apps.appFor('consumer:efo-1', 'rm')).toBeUndefined();
    expect(apps.wasRemoved('consumer:efo-1', 'rm')).toBe(true);
    expect(apps.wasRemoved('consumer:efo-1', 'other')).toBe(false);
    const readsBefore = events.filter((e) => e.type === 'read').length;
    await put(host, 'rm', 'b', 10);
    await new Promise((r) => setTimeout(r, 400)); // 20 virtual s: several pushes and a resubscribe, had it gone on
    expect(got(efo)).toHaveLength(10);
    expect(events.filter((e) => e.type === 'read')).toHaveLength(readsBefore);
    let left = await consumers();
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = await consumers();
    }
    expect(left).toEqual([]);
  });

  it('an enhanced app that stops aborts its SubscribeToShard requests (what closes a subscription on the service side)', async () => {
    const { host } = lab();
    await activeStream(host, 'close', 2);
    // The host's client, watched: every SubscribeToShard's abortSignal is kept.
    const signals: (AbortSignal | undefined)[] = [];
    const kinesis = {
      send: (command: never, options?: { abortSignal?: AbortSignal }) => {
        if ((command as object) instanceof SubscribeToShardCommand) signals.push(options?.abortSignal);
        return host.kinesis.send(command, options);
      },
    };
    const watched = Object.create(host, { kinesis: { value: kinesis } }) as SimulationHost;
    const apps = new ConsumerApps(watched, new Messages());
    cleanups.push(async () => apps.stopAll());
    await apps.add('close', 'enhanced');
    await put(host, 'close', 'a', 10);
    await waitFor(() => apps.apps[0]?.records === 10, 'the records');
    expect(signals.length).toBeGreaterThanOrEqual(2); // one subscription per shard
    expect(signals.every((sg) => sg && !sg.aborted)).toBe(true);
    apps.stopAll(); // the page goes: no deregistration, only the subscriptions are closed
    await waitFor(() => signals.every((sg) => sg!.aborted), 'every subscription aborted', 2000);
  });

  it('fails with AWS\'s error on a missing stream, and when the stream is deleted under it (once, no crash loop)', async () => {
    const { host, apps, messages } = lab();
    const missing = await apps.add('nope', 'shared');
    const missingEfo = await apps.add('nope', 'enhanced');
    expect(missing).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ResourceNotFoundException: /) });
    expect(missingEfo).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ResourceNotFoundException: /) });
    expect(messages.list.some((m) => m.kind === 'error' && m.text.startsWith('ResourceNotFoundException'))).toBe(true);

    await activeStream(host, 'gone', 1);
    const shared = await apps.add('gone', 'shared');
    const efo = await apps.add('gone', 'enhanced');
    await host.kinesis.send(new DeleteStreamCommand({ StreamName: 'gone', EnforceConsumerDeletion: true }));
    await waitFor(() => [shared, efo].every((a) => viewOf(apps, a)?.status === 'failed'), 'both apps to fail');
    for (const a of [shared, efo]) expect(viewOf(apps, a)?.error).toMatch(/^ResourceNotFoundException: /);
    const count = (name: string) => messages.list.filter((m) => m.context.includes(`${name} on gone`)).reduce((n, m) => n + m.count, 0);
    await new Promise((r) => setTimeout(r, 300));
    expect([count(shared!.name), count(efo!.name)]).toEqual([1, 1]);
    await apps.removeAllOf('gone'); // deregistering a consumer that is already gone is no error
    expect(apps.apps.map((a) => a.stream)).toEqual(['nope', 'nope']);
    expect(messages.list.filter((m) => m.context.startsWith('Remove'))).toEqual([]);
  });

  it('six shared apps polling every 100 ms on one shard get throttled (5 GetRecords calls/s per shard, shared)', async () => {
    const { host, apps } = lab({ pollMs: 100 });
    // Real time here: the SDK retries a throttled call itself (after ~0.5 real s); at 50× the
    // shard has refilled by then and the app would never see the exception.
    await activeStream(host, 'busy', 1);
    host.clock.speed(1);
    const six = await Promise.all(Array.from({ length: 6 }, () => apps.add('busy', 'shared')));
    expect(six.map((a) => a?.name).sort()).toEqual(['shared-1', 'shared-2', 'shared-3', 'shared-4', 'shared-5', 'shared-6']);
    await waitFor(() => apps.apps.reduce((n, a) => n + a.throttled, 0) > 0, 'a throttled read');
    expect(apps.apps.every((a) => a.status === 'reading')).toBe(true);
  });

  it('stops promptly on a paused clock: an enhanced app waiting for ACTIVE gives up when stopAll() is called', async () => {
    const { host, apps } = lab();
    await activeStream(host, 'paused', 1);
    host.clock.pause();
    const adding = apps.add('paused', 'enhanced');
    await waitFor(() => apps.apps[0]?.status === 'starting', 'the app to start');
    await new Promise((r) => setTimeout(r, 100));
    expect(apps.apps[0]?.status).toBe('starting'); // no virtual time: the consumer stays CREATING
    apps.stopAll();
    const started = Date.now();
    expect(await adding).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
    expect(apps.apps).toEqual([]);
  });

  it('refuses a second app of the same name on a stream', async () => {
    const { host, apps, messages } = lab();
    await activeStream(host, 'dup', 1);
    expect(await apps.add('dup', 'shared', { name: 'mine' })).toBeDefined();
    expect(await apps.add('dup', 'enhanced', { name: 'mine' })).toBeUndefined();
    expect(messages.list[0]?.text).toBe('Stream dup already has a consumer application named mine.');
  });
});
