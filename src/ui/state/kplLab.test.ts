/**
 * The KPL lab against an in-memory simulation on a manual clock, through the real AWS SDK client:
 * with aggregation many user records travel in few Kinesis records (KPL magic, deaggregated back
 * in per-key order), without it one Kinesis record per user record; config range errors; the
 * shard map refreshed after a reshard.
 */
import { ListShardsCommand, SplitShardCommand, type _Record } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost } from '../../broker/memoryHost';
import type { SimulationHost } from '../../broker/host';
import { deaggregate } from '../../core/kpl';
import { kplConfigProblem } from './kplConfigCheck';
import { KplLab } from './kplLab.svelte';
import { Messages } from './messages.svelte';
import { activeStream, readAll, readShards, waitActive } from './hostTesting';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const decoder = new TextDecoder();
const MAGIC = [0xf3, 0x89, 0x9a, 0xc2];
const hasMagic = (d: Uint8Array): boolean => MAGIC.every((b, i) => d[i] === b);

function setup(clock: 'manual' | 'realtime' = 'manual') {
  const host = createMemoryHost({ clock });
  const messages = new Messages();
  const fed = new Map<string, string[]>();
  const lab = new KplLab(host, messages, {
    autoTick: clock === 'realtime', mapRetryMs: 0,
    onUserRecord: (_stream, key, data) => fed.set(key, [...(fed.get(key) ?? []), data]),
  });
  cleanups.push(async () => { lab.dispose(); await host.close(); });
  return { host, lab, messages, fed };
}

async function run(host: SimulationHost, lab: KplLab, ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    host.clock.step(step);
    await lab.tick(host.clock.now());
  }
  await lab.idle();
}

/** User records by partition key, in the order the stream holds them (deaggregated). */
function userRecords(records: readonly _Record[]): Map<string, string[]> {
  const got = new Map<string, string[]>();
  for (const r of records) {
    const users = deaggregate(r.Data!) ?? [{ partitionKey: r.PartitionKey!, data: r.Data! }];
    for (const u of users) got.set(u.partitionKey, [...(got.get(u.partitionKey) ?? []), decoder.decode(u.data)]);
  }
  return got;
}

describe('KplLab', () => {
  it('with aggregation, 1,000 small user records into 2 shards become far fewer Kinesis records', async () => {
    const { host, lab, fed } = setup();
    await activeStream(host, 'ticks', 2);
    const added = await lab.add('ticks', {}, { preset: 'stockTicker', perSecond: 1000, count: 1000 });
    expect(added).toMatchObject({ mappedShards: 2, feeding: true });
    expect(added!.config.AggregationEnabled).toBe(true);
    await run(host, lab, 1000);
    // Mid-run: ~1,000 user records/s go out in a few dozen Kinesis records/s.
    const mid = lab.get('ticks')!;
    expect(mid.userPerSecond).toBeGreaterThan(700);
    expect(mid.kinesisPerSecond).toBeLessThan(mid.userPerSecond / 10);
    expect(mid.kinesisPerSecond).toBeGreaterThan(0);
    await run(host, lab, 1000);
    const view = lab.get('ticks')!;
    expect(view).toMatchObject({ feeding: false, userRecordsReceived: 1000, userRecordsPut: 1000, buffered: 0, retries: 0 });

    const byShard = await readShards(host, 'ticks');
    const records = [...byShard.values()].flat();
    expect(records.length).toBe(view.kinesisRecordsPut);
    expect(records.length).toBeLessThan(100);
    expect(view.userPerKinesis).toBeGreaterThan(10);
    // Every Kinesis record is a KPL aggregate: magic F3 89 9A C2, partition key "a" placeholder.
    for (const r of records) expect(hasMagic(r.Data!)).toBe(true);
    // Both shards got some (the aggregates carry ExplicitHashKey of their first user record).
    expect(byShard.size).toBe(2);
    for (const [shard, list] of byShard) expect(list.length, shard).toBeGreaterThan(0);
    // deaggregate gives back every user record, in order per partition key.
    const got = userRecords(records);
    expect([...got.values()].flat()).toHaveLength(1000);
    expect(got).toEqual(fed);
  });

  it('without aggregation, one Kinesis record per user record', async () => {
    const { host, lab, fed } = setup();
    await activeStream(host, 'plain', 2);
    await lab.add('plain', { AggregationEnabled: false }, { preset: 'iot', perSecond: 300, count: 300 });
    await run(host, lab, 1500);
    const view = lab.get('plain')!;
    expect(view).toMatchObject({ userRecordsPut: 300, kinesisRecordsPut: 300, userPerKinesis: 1, buffered: 0 });
    const records = await readAll(host, 'plain');
    expect(records).toHaveLength(300);
    expect(records.some((r) => hasMagic(r.Data!))).toBe(false);
    expect(userRecords(records)).toEqual(fed);
    // Collection still packs many Kinesis records per PutRecords request.
    expect(view.putRecordsRequests).toBeLessThan(300);
  });

  it('shows KPL range errors and keeps the old config; a valid change takes over without losing records', async () => {
    const { host, lab, fed } = setup();
    expect(kplConfigProblem({ RecordMaxBufferedTime: 50 })).toMatch(/RecordMaxBufferedTime must be an integer between 100 and/);
    expect(kplConfigProblem({ CollectionMaxCount: 501 })).toMatch(/CollectionMaxCount/);
    expect(kplConfigProblem({ AggregationMaxSize: 63 })).toMatch(/AggregationMaxSize/);
    await activeStream(host, 'cfg', 1);
    await lab.add('cfg', {}, { preset: 'clickstream', perSecond: 200 });
    expect(lab.setConfig('cfg', { RateLimit: 0 })).toMatch(/RateLimit/);
    expect(lab.get('cfg')!.config.RateLimit).toBe(150);
    await run(host, lab, 500);
    expect(lab.setConfig('cfg', { AggregationEnabled: false, RecordMaxBufferedTime: 200 })).toBeUndefined();
    expect(lab.get('cfg')!.config).toMatchObject({ AggregationEnabled: false, RecordMaxBufferedTime: 200 });
    await run(host, lab, 500);
    lab.stopFeed('cfg');
    await run(host, lab, 1000);
    const view = lab.get('cfg')!;
    expect(view.userRecordsPut).toBe(200);
    expect(view.buffered).toBe(0);
    expect(userRecords(await readAll(host, 'cfg'))).toEqual(fed);
  });

  it('refreshes its shard map with ListShards when a reshard makes it stale', async () => {
    const { host, lab } = setup();
    await activeStream(host, 'grow', 1);
    await lab.add('grow', {}, { preset: 'iot', perSecond: 200 });
    await run(host, lab, 500);
    expect(lab.get('grow')).toMatchObject({ mappedShards: 1, mapRefreshes: 0 });
    const { Shards = [] } = await host.kinesis.send(new ListShardsCommand({ StreamName: 'grow' }));
    await host.kinesis.send(new SplitShardCommand({ StreamName: 'grow', ShardToSplit: Shards[0]!.ShardId!, NewStartingHashKey: (2n ** 127n).toString() }));
    await waitActive(host, 'grow');
    await run(host, lab, 2000);
    const view = lab.get('grow')!;
    expect(view.mapRefreshes).toBeGreaterThanOrEqual(1);
    expect(view.mappedShards).toBe(2);
    // Nothing lost across the reshard: every user record fed is put once the feed stops.
    lab.stopFeed('grow');
    await run(host, lab, 1000);
    const done = lab.get('grow')!;
    expect(done.buffered).toBe(0);
    expect(done.userRecordsPut).toBe(done.userRecordsReceived);
    expect(done.userRecordsPut).toBeGreaterThanOrEqual(400);
  });

  it('a missing stream: ListShards fails and is shown', async () => {
    const { lab, messages } = setup();
    const view = await lab.add('nowhere');
    expect(view!.error).toMatch(/^ResourceNotFoundException/);
    expect(view!.feeding).toBe(false);
    expect(messages.list[0]!.text).toMatch(/ResourceNotFoundException/);
  });

  it('a stream that is not there yet: the producer waits, retries ListShards, and feeds once it exists', async () => {
    const { host, lab, messages } = setup();
    const view = await lab.add('later');
    expect(view).toMatchObject({ waiting: true, feeding: false });
    await run(host, lab, 500);
    expect(messages.list).toHaveLength(1); // said once, not at every retry
    await activeStream(host, 'later', 1);
    await run(host, lab, 2000);
    expect(lab.get('later')).toMatchObject({ waiting: false, feeding: true });
    expect(lab.get('later')!.error).toBeUndefined();
    expect(lab.get('later')!.userRecordsPut).toBeGreaterThan(0);
  });

  it('the timer feeds and ticks on virtual time, and does nothing while the clock is paused', async () => {
    const { host, lab, fed } = setup('realtime');
    host.clock.speed(20);
    await activeStream(host, 'live', 2);
    await lab.add('live', {}, { preset: 'iot', perSecond: 200 });
    const until = async (cond: () => boolean): Promise<void> => {
      const end = Date.now() + 8000;
      while (!cond()) {
        if (Date.now() > end) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => lab.get('live')!.userRecordsPut >= 200);
    expect(lab.get('live')!.userPerKinesis).toBeGreaterThan(1);
    host.clock.pause();
    await new Promise((r) => setTimeout(r, 150));
    await lab.idle();
    const atPause = [...fed.values()].flat().length;
    await new Promise((r) => setTimeout(r, 400));
    expect([...fed.values()].flat().length).toBe(atPause);
    host.clock.resume();
    await until(() => [...fed.values()].flat().length > atPause);
  });

  it('the timer runs only while a producer exists: removing the last one stops it', async () => {
    const { host, lab } = setup('realtime');
    await activeStream(host, 'a', 1);
    await activeStream(host, 'b', 1);
    expect(lab.timerRunning).toBe(false);
    await lab.add('a', {}, { preset: 'iot', perSecond: 10 });
    await lab.add('b', {}, { preset: 'iot', perSecond: 10 });
    expect(lab.timerRunning).toBe(true);
    lab.remove('a');
    expect(lab.timerRunning).toBe(true);
    lab.remove('b');
    expect(lab.timerRunning).toBe(false);
    await lab.add('a', {}, { preset: 'iot', perSecond: 10 });
    expect(lab.timerRunning).toBe(true);
  });
});
