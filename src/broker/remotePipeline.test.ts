/**
 * RemotePipeline in Node: the delivery stream worker's real code (FirehoseWorker) behind a
 * MessageChannel that can be "terminated", driven by the real FirehoseEngine and SDK clients.
 */
import { FirehoseClient, PutRecordBatchCommand, CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestHandler } from '../api/requestHandler';
import { createServiceRouter } from '../api/router';
import { createS3Router } from '../api/s3Rest';
import { FirehoseEngine } from '../core/firehose/engine';
import { restoreDeliveryStreams, saveDeliveryStreams } from '../core/firehose/persist';
import { createClock } from '../core/sim/clock';
import { createRandom } from '../core/sim/random';
import { S3Store } from '../core/s3/store';
import { MemoryFirehoseLog } from '../adapters/memory/memoryFirehoseLog';
import { PipelineUnavailableError } from './pipelineUnavailable';
import { RemotePipeline } from './remotePipeline';
import { closePorts, deliveryStream, fakeWorkers, record, recordingHost, ROLE, T0 } from './testing/firehoseFixtures';
import { stateOf } from './firehoseWorker';

afterEach(closePorts);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const never = new Promise<void>(() => undefined);

/** A RemotePipeline on fake workers sharing one log; the virtual clock is `t.now`. */
async function remote(opts: { tickEveryMs?: number } = {}) {
  const log = new MemoryFirehoseLog();
  const fw = fakeWorkers(log);
  const t = { now: T0 };
  const h = recordingHost(() => t.now);
  const restarts: string[] = [];
  const p = new RemotePipeline(stateOf(await deliveryStream()), {
    dbName: 'db', spawn: fw.spawn, now: () => t.now, seed: () => 7, region: 'us-east-1',
    services: { putObject: (b, k, d) => h.host.putObject(b, k, d), invokeLambda: (a, e) => h.host.invokeLambda(a, e), emit: (e) => h.events.push(e) },
    onRestart: (_p, why) => restarts.push(why),
    ...(opts.tickEveryMs !== undefined ? { tickEveryMs: opts.tickEveryMs } : {}),
  });
  /** Moves virtual time, ticks, and waits for what that started. */
  const advanceTo = async (now: number) => {
    t.now = now;
    p.tick(now);
    await p.idle();
  };
  return { p, log, fw, t, restarts, advanceTo, ...h };
}

describe('RemotePipeline', () => {
  it('answers accept after the worker committed, and reports its buffer synchronously from then on', async () => {
    const { p, log, objects, advanceTo } = await remote();
    await p.accept([record('a', 'x', T0), record('b', 'yz', T0)]);
    expect(log.records.size).toBe(2);
    expect(p.buffered()).toMatchObject({ records: 2, bytes: 3, oldestArrival: T0, sizeBytes: 1048576, intervalMs: 60_000 });
    expect(p.retrying).toBe(0);
    await advanceTo(T0 + 59_999);
    expect(objects()).toEqual([]);
    await advanceTo(T0 + 60_000);
    expect(objects().map((o) => o.text)).toEqual(['xyz']);
    expect(p.buffered().records).toBe(0);
    expect(p.inFlight).toBe(0);
  });

  it('throttles ticks to one per interval with at most one in flight, and never drops the last', async () => {
    const { p, fw } = await remote({ tickEveryMs: 40 });
    await p.idle();
    const ticks: number[] = [];
    const w = fw.last().worker;
    const tick = w.tick.bind(w);
    w.tick = (now) => { ticks.push(now - T0); return tick(now); };
    for (let i = 1; i <= 10; i++) p.tick(T0 + i);
    await sleep(120);
    expect(ticks).toEqual([1, 10]);
  });

  it('sends a throttled tick at once when asked to idle (advance, then idle, sees the delivery)', async () => {
    const { p, t, objects } = await remote({ tickEveryMs: 10_000 });
    await p.accept([record('a', 'A', T0)]);
    p.tick(T0 + 1);
    t.now = T0 + 60_000;
    p.tick(t.now); // throttled: the previous one was just sent
    await p.idle();
    expect(objects().map((o) => o.text)).toEqual(['A']);
  });

  it('restarts a killed worker from its log: the buffer is back and delivered once, on time', async () => {
    const { p, fw, restarts, objects, advanceTo } = await remote();
    await p.accept([record('a', 'A', T0), record('b', 'B', T0 + 10)]);
    p.kill('test');
    expect(fw.spawned[0]!.port.terminated).toBe(true);
    expect(fw.spawned).toHaveLength(2);
    expect(restarts).toEqual(['test']);
    await p.idle();
    expect(p.buffered()).toMatchObject({ records: 2, oldestArrival: T0 });
    await advanceTo(T0 + 59_000);
    expect(objects()).toEqual([]);
    await advanceTo(T0 + 61_000);
    expect(objects().map((o) => o.text)).toEqual(['AB']);
  });

  it('restarts a worker that crashed (an uncaught error)', async () => {
    const { p, fw, restarts } = await remote();
    await p.accept([record('a', 'A', T0)]);
    fw.last().port.crash();
    expect(restarts).toEqual(['crashed: uncaught error']);
    await p.idle();
    expect(p.buffered().records).toBe(1);
  });

  it('retries an accept once when the worker dies before committing: the put succeeds, exactly once', async () => {
    const { p, fw, log, objects, advanceTo } = await remote();
    await p.idle();
    fw.last().view.hold = never;
    const put = p.accept([record('a', 'A', T0)]);
    await sleep(10);
    p.kill('mid-accept');
    await put;
    expect([...log.records.values()].map((r) => r.recordId)).toEqual(['a']);
    await advanceTo(T0 + 60_000);
    expect(objects().map((o) => o.text)).toEqual(['A']);
  });

  it('retries an accept once when the worker dies after committing but before answering: no duplicate', async () => {
    const { p, fw, log, objects, advanceTo } = await remote();
    await p.idle();
    fw.last().view.hangAfterCommit = true;
    const put = p.accept([record('a', 'A', T0)]);
    await sleep(10);
    expect(log.records.size).toBe(1);
    p.kill('after commit');
    await put;
    expect(log.records.size).toBe(1);
    await advanceTo(T0 + 60_000);
    expect(objects().map((o) => o.text)).toEqual(['A']);
  });

  it('fails the put (retriable) when the worker dies again during the retry', async () => {
    const { p, fw } = await remote();
    await p.idle();
    fw.last().view.hold = never;
    const put = p.accept([record('a', 'A', T0)]);
    await sleep(10);
    p.kill('first');
    fw.last().view.hold = never;
    await sleep(10);
    p.kill('second');
    const err = await put.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineUnavailableError);
    expect((err as Error).message).toMatch(/worker second/);
  });

  it('gives up on a worker that keeps crashing instead of restarting it forever', async () => {
    const { p } = await remote();
    for (let i = 0; i < 6; i++) p.kill(`crash ${i}`);
    expect(p.alive).toBe(false);
    await expect(p.accept([record('a', 'A', T0)])).rejects.toThrow(/keeps crashing/);
  });

  it('deletes the log and stops the worker when the delivery stream is deleted', async () => {
    const { p, fw, log } = await remote();
    await p.accept([record('a', 'A', T0)]);
    p.close();
    await sleep(20);
    expect(log.destroyed).toBe(true);
    expect(fw.last().port.terminated).toBe(true);
    await expect(p.accept([record('b', 'B', T0)])).rejects.toThrow(/closed/);
  });
});

describe('FirehoseEngine with a worker per delivery stream (SDK clients, simulated S3)', () => {
  const logs = new Map<string, MemoryFirehoseLog>();
  function page() {
    const clock = createClock({ mode: 'manual', start: T0 });
    const account = { region: 'us-east-1', accountId: '123456789012' };
    const s3 = new S3Store({ now: () => clock.now() });
    const spawned: ReturnType<typeof fakeWorkers>[] = [];
    const firehose: FirehoseEngine = new FirehoseEngine({
      clock, account, random: createRandom(5), s3,
      pipelineFactory: (e, state) => {
        const log = logs.get(state.name) ?? new MemoryFirehoseLog();
        logs.set(state.name, log);
        const fw = fakeWorkers(log);
        spawned.push(fw);
        return new RemotePipeline(state, {
          dbName: state.name, spawn: fw.spawn, now: () => e.now(), seed: () => e.random.int(1e9), region: account.region,
          services: { putObject: async (b, k, d) => s3.putObject(b, k, d), invokeLambda: async () => ({ ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: 'none' }), emit: (ev) => e.events.emit(ev) },
        });
      },
    });
    const requestHandler = createRequestHandler(createServiceRouter({ json: [firehose], s3: createS3Router(s3, account) }));
    const opts = { region: account.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler, maxAttempts: 1 };
    return { clock, s3, firehose, spawned, fh: new FirehoseClient(opts), s3c: new S3Client({ ...opts, forcePathStyle: true }) };
  }
  const keys = async (c: S3Client) => ((await c.send(new ListObjectsV2Command({ Bucket: 'lake' }))).Contents ?? []).map((o) => o.Key!);

  it('buffers Direct PUT records in the worker, delivers the exact bytes after the interval, and again after a "reload"', async () => {
    const a = page();
    a.s3.createBucket('lake');
    await a.fh.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'orders', DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
    }));
    a.clock.advance(a.firehose.createMs);
    const put = await a.fh.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: ['one\n', 'two\n'].map((s) => ({ Data: new TextEncoder().encode(s) })) }));
    expect(put.FailedPutCount).toBe(0);
    expect(a.spawned).toHaveLength(1);
    expect(a.firehose.pipelineStats('orders')).toMatchObject({ records: 2, bytes: 8, retrying: 0 });
    a.clock.advance(59_000);
    await a.firehose.idle();
    expect(await keys(a.s3c)).toEqual([]);
    a.clock.advance(1_000);
    await a.firehose.idle();
    const [key] = await keys(a.s3c);
    expect(await (await a.s3c.send(new GetObjectCommand({ Bucket: 'lake', Key: key! }))).Body!.transformToString()).toBe('one\ntwo\n');

    // Records still buffered when the page goes: a new engine on the same logs delivers them.
    await a.fh.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: new TextEncoder().encode('three\n') }] }));
    const saved = JSON.parse(JSON.stringify(saveDeliveryStreams(a.firehose))) as ReturnType<typeof saveDeliveryStreams>;
    for (const s of a.firehose.streams.values()) (s.pipeline as RemotePipeline).shutdown();
    const b = page();
    b.s3.load(a.s3.snapshot());
    b.clock.advance(a.clock.now() - b.clock.now());
    restoreDeliveryStreams(b.firehose, saved);
    await b.firehose.idle();
    expect(b.firehose.pipelineStats('orders')).toMatchObject({ records: 1 });
    b.clock.advance(60_000);
    await b.firehose.idle();
    const after = await keys(b.s3c);
    expect(after).toHaveLength(2);
    const texts = await Promise.all(after.map(async (k) => (await b.s3c.send(new GetObjectCommand({ Bucket: 'lake', Key: k }))).Body!.transformToString()));
    expect(texts.sort()).toEqual(['one\ntwo\n', 'three\n']);
  });
});
