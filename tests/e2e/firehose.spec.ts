/**
 * Firehose and S3 in the page, through `window.shardlab` only: a Direct PUT delivery stream
 * buffering in its own worker, delivering the exact bytes to the simulated S3 after its interval;
 * a reload with records still buffered (the delivery stream, its buffer and the bucket's objects
 * come back, and the buffered records are delivered once); a worker per delivery stream, and a
 * killed worker restarted from IndexedDB without losing anything.
 *
 * The virtual clock is paused and stepped, so "not before the interval" is exact.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/firehose';

async function open(page: Page): Promise<void> {
  await openApp(page);
  await page.waitForFunction(() => window.shardlab !== undefined);
}

/** Live delivery stream workers, as the browser counts them (not our own bookkeeping). */
const firehoseWorkers = (page: Page): number => page.workers().filter((w) => /firehose\.worker/.test(w.url())).length;

/** Pauses the clock, creates bucket `lake` and the delivery streams (1 MiB / 60 s), and steps them ACTIVE. */
async function setUp(page: Page, names: string[]): Promise<void> {
  await page.evaluate(async ({ names, role }) => {
    const { s3, s3Sdk, firehose, firehoseSdk, clock } = window.shardlab!;
    clock.pause();
    await s3.send(new s3Sdk.CreateBucketCommand({ Bucket: 'lake' }));
    for (const name of names) {
      await firehose.send(new firehoseSdk.CreateDeliveryStreamCommand({
        DeliveryStreamName: name,
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: {
          RoleARN: role, BucketARN: 'arn:aws:s3:::lake', Prefix: `${name}/`, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        },
      }));
    }
    clock.step(1000);
    for (const name of names) {
      const d = await firehose.send(new firehoseSdk.DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
      if (d.DeliveryStreamDescription?.DeliveryStreamStatus !== 'ACTIVE') throw new Error(`${name} is ${d.DeliveryStreamDescription?.DeliveryStreamStatus}`);
    }
  }, { names, role: ROLE });
}

/** Puts records (text) to a delivery stream in one PutRecordBatch; returns the failed count. */
function put(page: Page, name: string, texts: string[]): Promise<number> {
  return page.evaluate(async ({ name, texts }) => {
    const { firehose, firehoseSdk } = window.shardlab!;
    const out = await firehose.send(new firehoseSdk.PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: new TextEncoder().encode(t) })) }));
    return out.FailedPutCount ?? 0;
  }, { name, texts });
}

/** Every object under `prefix` in bucket `lake`, key and text, in key order. */
function objects(page: Page, prefix = ''): Promise<{ key: string; text: string }[]> {
  return page.evaluate(async (prefix) => {
    const { s3, s3Sdk } = window.shardlab!;
    const list = await s3.send(new s3Sdk.ListObjectsV2Command({ Bucket: 'lake', Prefix: prefix }));
    const out: { key: string; text: string }[] = [];
    for (const o of list.Contents ?? []) {
      const got = await s3.send(new s3Sdk.GetObjectCommand({ Bucket: 'lake', Key: o.Key! }));
      out.push({ key: o.Key!, text: await got.Body!.transformToString() });
    }
    return out;
  }, prefix);
}

const buffered = (page: Page, name: string): Promise<number | undefined> =>
  page.evaluate((name) => window.shardlab!.deliveryStreams().find((d) => d.name === name)?.buffered.records, name);

const step = (page: Page, ms: number): Promise<void> => page.evaluate((ms) => window.shardlab!.clock.step(ms), ms);

test.describe('Firehose and S3 in the page', () => {
  test('delivers the exact bytes only after the interval; a reload brings back the stream, its buffer and the objects, and delivers the rest once', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await open(page);
    await setUp(page, ['orders']);
    expect(await put(page, 'orders', ['a\n', 'b\n', 'c\n'])).toBe(0);
    expect(await put(page, 'orders', ['d\n'])).toBe(0);
    expect(await buffered(page, 'orders')).toBe(4);

    await step(page, 59_000);
    await page.waitForTimeout(300); // ticks reach the worker within 50 ms
    expect(await objects(page)).toEqual([]);
    await step(page, 1_500);
    await expect.poll(async () => (await objects(page)).length).toBe(1);
    const [first] = await objects(page);
    // AWS adds the default YYYY/MM/dd/HH/ after a prefix without expressions.
    expect(first!.key).toMatch(/^orders\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/orders-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$/);
    expect(first!.text).toBe('a\nb\nc\nd\n');
    await expect.poll(() => buffered(page, 'orders')).toBe(0);

    // Records still buffered when the page goes away.
    expect(await put(page, 'orders', ['e\n', 'f\n'])).toBe(0);
    expect(await buffered(page, 'orders')).toBe(2);
    expect(firehoseWorkers(page)).toBe(1);
    await page.waitForTimeout(1_300); // the broker saves the virtual clock once a second
    const before = await page.evaluate(() => window.shardlab!.clock.now());

    await page.reload();
    await page.waitForFunction(() => window.shardlab !== undefined);
    expect(await page.evaluate(() => window.shardlab!.clock.paused)).toBe(true);
    expect(await page.evaluate(() => window.shardlab!.clock.now())).toBeGreaterThanOrEqual(before);
    await expect.poll(() => buffered(page, 'orders')).toBe(2);
    const snap = await page.evaluate(() => window.shardlab!.deliveryStreams());
    expect(snap).toEqual([expect.objectContaining({
      name: 'orders', status: 'ACTIVE', type: 'DirectPut', bucket: 'lake', prefix: 'orders/', compression: 'UNCOMPRESSED',
      sizeInMBs: 1, intervalInSeconds: 60, versionId: 1, retrying: 0,
      buffered: expect.objectContaining({ records: 2, bytes: 4, sizeBytes: 1048576, intervalMs: 60_000 }),
    })]);
    expect(await objects(page)).toEqual([first]); // the bucket's objects are back
    await expect.poll(() => firehoseWorkers(page)).toBe(1);

    await step(page, 58_000);
    await page.waitForTimeout(300);
    expect(await objects(page)).toHaveLength(1);
    await step(page, 3_000);
    await expect.poll(async () => (await objects(page)).length).toBe(2);
    // Exactly once: more time passes, nothing more arrives.
    await step(page, 120_000);
    await page.waitForTimeout(300);
    const all = await objects(page);
    expect(all.map((o) => o.text).sort()).toEqual(['a\nb\nc\nd\n', 'e\nf\n']);
    expect(await buffered(page, 'orders')).toBe(0);
    expect(errors).toEqual([]);
  });

  test('each delivery stream has its own worker; a killed one is restarted from IndexedDB and nothing is lost or doubled', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await open(page);
    await setUp(page, ['alpha', 'beta']);
    await expect.poll(() => firehoseWorkers(page)).toBe(2);
    expect(await page.evaluate(() => window.shardlab!.debug.firehoseWorkers())).toBe(2);

    expect(await put(page, 'alpha', ['a1\n', 'a2\n'])).toBe(0);
    expect(await put(page, 'beta', ['b1\n'])).toBe(0);
    await page.evaluate(() => window.shardlab!.debug.killFirehoseWorker('alpha'));
    expect(await page.evaluate(() => window.shardlab!.status().workerRestarts)).toBe(1);
    await expect.poll(() => buffered(page, 'alpha')).toBe(2); // replayed from its log
    await expect.poll(() => firehoseWorkers(page)).toBe(2);

    // Kill it twice more, each time just as a put reached it (while its worker commits). One
    // attempt per call, so a failed put would show (the SDK would otherwise retry a 500 itself).
    const outcome = await page.evaluate(async () => {
      const sl = window.shardlab!;
      const client = new sl.firehoseSdk.FirehoseClient({
        region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1,
        requestHandler: sl.firehose.config.requestHandler as never,
      });
      let armed = false;
      let kills = 0;
      const stop = sl.observeFirehose((e) => {
        if (e.type !== 'incoming' || e.deliveryStream !== 'alpha' || !armed) return;
        armed = false;
        kills++;
        setTimeout(() => sl.debug.killFirehoseWorker('alpha'), 0);
      });
      const acked: string[] = [];
      const errorsSeen: string[] = [];
      for (let b = 0; b < 8; b++) {
        armed = b === 2 || b === 5;
        const texts = Array.from({ length: 50 }, (_, i) => `x${b}-${i}\n`);
        try {
          const out = await client.send(new sl.firehoseSdk.PutRecordBatchCommand({ DeliveryStreamName: 'alpha', Records: texts.map((t) => ({ Data: new TextEncoder().encode(t) })) }));
          texts.forEach((t, i) => { if (out.RequestResponses?.[i]?.ErrorCode) errorsSeen.push(out.RequestResponses[i]!.ErrorCode!); else acked.push(t); });
        } catch (e) {
          errorsSeen.push((e as Error).name);
        }
      }
      stop();
      return { acked, errorsSeen, kills, restarts: sl.status().workerRestarts };
    });
    expect(outcome.kills).toBe(2);
    expect(outcome.restarts).toBe(3);
    // A put whose worker died under it is retried once on the new worker: every put succeeded.
    expect(outcome.errorsSeen).toEqual([]);
    expect(outcome.acked).toHaveLength(400);
    await expect.poll(() => firehoseWorkers(page)).toBe(2);

    await step(page, 61_000);
    await expect.poll(async () => (await objects(page, 'alpha/')).length).toBeGreaterThan(0);
    await expect.poll(() => buffered(page, 'alpha')).toBe(0);
    const alpha = (await objects(page, 'alpha/')).flatMap((o) => o.text.split('\n').filter(Boolean).map((l) => `${l}\n`));
    expect(alpha.slice(0, 2)).toEqual(['a1\n', 'a2\n']);
    expect(new Set(alpha).size).toBe(alpha.length); // nothing doubled
    expect(outcome.acked.filter((t) => !alpha.includes(t))).toEqual([]); // nothing acknowledged lost
    await expect.poll(async () => (await objects(page, 'beta/')).map((o) => o.text)).toEqual(['b1\n']);
    expect(errors).toEqual([]);
  });
});
