/**
 * The design card in the real browser: shards in Web Workers keeping their records in
 * IndexedDB, a main-thread broker, restore on reload, recovery from a dead shard worker, and
 * `window.shardlab` scripted from outside.
 */
import { expect, test, type Page } from '@playwright/test';
import { createStreamInUi } from './helpers';

async function open(page: Page, speed = 10): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.shardlab !== undefined, undefined, { timeout: 20_000 });
  // Limits and waits are in virtual time: run it 10× faster than the wall clock.
  await page.evaluate((s) => window.shardlab!.clock.speed(s), speed);
}

/** Creates a stream through window.shardlab and waits until it is ACTIVE. */
async function createStream(page: Page, name: string, shards: number): Promise<void> {
  await page.evaluate(async ({ name, shards }) => {
    const { kinesis, sdk } = window.shardlab!;
    await kinesis.send(new sdk.CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    for (;;) {
      const d = await kinesis.send(new sdk.DescribeStreamSummaryCommand({ StreamName: name }));
      if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, { name, shards });
}

/** Every record of the stream, shard by shard in order, via the SDK (TRIM_HORIZON → caught up). */
async function readAll(page: Page, name: string): Promise<{ shard: string; seq: string; data: string }[]> {
  return page.evaluate(async (name) => {
    const { kinesis, sdk, clock } = window.shardlab!;
    const out: { shard: string; seq: string; data: string }[] = [];
    const { Shards } = await kinesis.send(new sdk.ListShardsCommand({ StreamName: name }));
    for (const s of Shards ?? []) {
      let it = (await kinesis.send(new sdk.GetShardIteratorCommand({ StreamName: name, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      for (;;) {
        const t = clock.now();
        const r = await kinesis.send(new sdk.GetRecordsCommand({ ShardIterator: it }));
        for (const rec of r.Records ?? []) out.push({ shard: s.ShardId!, seq: rec.SequenceNumber!, data: new TextDecoder().decode(rec.Data) });
        it = r.NextShardIterator;
        if (!r.Records?.length && r.MillisBehindLatest === 0) break;
        // stay under 5 GetRecords calls per second per shard, in virtual time
        while (clock.now() - t < 210) await new Promise((res) => setTimeout(res, 20));
      }
    }
    return out;
  }, name);
}

test.describe('shard workers and IndexedDB', () => {
  test('window.shardlab.kinesis is a real KinesisClient from page.evaluate, with AWS errors', async ({ page }) => {
    await open(page);
    await createStream(page, 'scripted', 2);
    const result = await page.evaluate(async () => {
      const { kinesis, sdk } = window.shardlab!;
      const put = await kinesis.send(new sdk.PutRecordCommand({ StreamName: 'scripted', PartitionKey: 'user-42', Data: new TextEncoder().encode('hi') }));
      const list = await kinesis.send(new sdk.ListStreamsCommand({}));
      let error = '';
      try {
        await kinesis.send(new sdk.CreateStreamCommand({ StreamName: 'scripted', ShardCount: 1 }));
      } catch (e) {
        error = `${(e as Error).name}: ${(e as Error).message} ${e instanceof sdk.ResourceInUseException}`;
      }
      return { shard: put.ShardId, seq: put.SequenceNumber, names: list.StreamNames, error, storage: window.shardlab!.status().storage };
    });
    expect(result.shard).toBe('shardId-000000000000'); // MD5('user-42') is in the lower half of the space
    expect(result.seq).toMatch(/^\d{56}$/);
    expect(result.names).toEqual(['scripted']);
    expect(result.error).toBe('ResourceInUseException: Stream scripted under account 123456789012 already exists. true');
    expect(result.storage).toBe('indexeddb');
  });

  test('a stream made in the UI and 5,000 records survive a reload, in order, with the same sequence numbers; the clock resumes', async ({ page }) => {
    await open(page);
    await createStreamInUi(page, 'durable', 5, 48);
    await page.evaluate(async () => {
      const { kinesis, sdk, clock } = window.shardlab!;
      for (let b = 0; b < 10; b++) {
        const t = clock.now();
        const r = await kinesis.send(new sdk.PutRecordsCommand({ StreamName: 'durable', Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `k${(b * 500 + i) % 97}`, Data: new TextEncoder().encode(String(b * 500 + i)) })) }));
        if (r.FailedRecordCount) throw new Error(`${r.FailedRecordCount} records failed`);
        while (clock.now() - t < 1000) await new Promise((res) => setTimeout(res, 20)); // 500 rec/s, under every shard's limit
      }
    });
    const before = await readAll(page, 'durable');
    expect(before).toHaveLength(5000);
    const vBefore = await page.evaluate(() => window.shardlab!.clock.now());
    await page.reload();
    await page.waitForFunction(() => window.shardlab !== undefined);
    expect(await page.evaluate(() => window.shardlab!.clock.speed())).toBe(10); // the clock's settings were restored too
    const after = await readAll(page, 'durable');
    expect(after).toEqual(before);
    // The stream, as the UI made it, is back too.
    const summary = await page.evaluate(async () => {
      const { kinesis, sdk } = window.shardlab!;
      return (await kinesis.send(new sdk.DescribeStreamSummaryCommand({ StreamName: 'durable' }))).StreamDescriptionSummary;
    });
    expect(summary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 5, RetentionPeriodHours: 48 });
    await expect(page.getByTestId('shard-row')).toHaveCount(5);
    for (const shard of new Set(after.map((r) => r.shard))) {
      const seqs = after.filter((r) => r.shard === shard).map((r) => BigInt(r.seq));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
    }
    expect(await page.evaluate(() => window.shardlab!.clock.now())).toBeGreaterThanOrEqual(vBefore);
  });

  test('closing the page mid-ingest loses no acknowledged record and duplicates nothing', async ({ page, context }) => {
    await open(page);
    await createStream(page, 'crash', 4);
    const acked = new Set<string>();
    await page.exposeFunction('ack', (data: string[]) => { for (const d of data) acked.add(d); });
    // Ingest in the background of the page; the test closes the page while it runs.
    await page.evaluate(() => {
      const { kinesis, sdk } = window.shardlab!;
      void (async () => {
        for (let b = 0; ; b++) {
          const recs = Array.from({ length: 200 }, (_, i) => `${b}-${i}`);
          const r = await kinesis.send(new sdk.PutRecordsCommand({ StreamName: 'crash', Records: recs.map((d) => ({ PartitionKey: d, Data: new TextEncoder().encode(d) })) }));
          await (window as unknown as { ack: (d: string[]) => Promise<void> }).ack(recs.filter((_, i) => !r.Records?.[i]?.ErrorCode));
        }
      })();
    });
    await expect.poll(() => acked.size, { timeout: 20_000 }).toBeGreaterThan(1500);
    await page.close();
    const again = await context.newPage();
    await open(again);
    const all = await readAll(again, 'crash');
    const seen = all.map((r) => r.data);
    expect(new Set(seen).size).toBe(seen.length); // nothing duplicated
    const present = new Set(seen);
    const missing = [...acked].filter((d) => !present.has(d));
    expect(missing).toEqual([]); // every acknowledged record is there
  });

  test('a shard worker killed mid-ingest is restarted from IndexedDB; the app recovers by itself', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await open(page);
    await createStream(page, 'phoenix', 1);
    const outcome = await page.evaluate(async () => {
      const { kinesis, sdk, clock, debug, status } = window.shardlab!;
      const acked: string[] = [];
      let failures = 0;
      const errorsSeen = new Set<string>();
      for (let b = 0; b < 12; b++) {
        const t = clock.now();
        // kill the worker while this batch is on its way to it
        if (b === 5) setTimeout(() => debug.killShardWorker('phoenix', 'shardId-000000000000'), 1);
        const recs = Array.from({ length: 100 }, (_, i) => `${b}-${i}`);
        try {
          const r = await kinesis.send(new sdk.PutRecordsCommand({ StreamName: 'phoenix', Records: recs.map((d) => ({ PartitionKey: d, Data: new TextEncoder().encode(d) })) }));
          recs.forEach((d, i) => { const e = r.Records?.[i]; if (e?.ErrorCode) { failures++; errorsSeen.add(e.ErrorCode); } else acked.push(d); });
        } catch (e) {
          failures += recs.length;
          errorsSeen.add((e as Error).name);
        }
        while (clock.now() - t < 200) await new Promise((res) => setTimeout(res, 10));
      }
      return { acked, failures, errorsSeen: [...errorsSeen], restarts: status().workerRestarts };
    });
    expect(outcome.restarts).toBeGreaterThanOrEqual(1);
    expect(outcome.acked.length).toBeGreaterThanOrEqual(1000); // the batches after the kill went through
    const present = new Set((await readAll(page, 'phoenix')).map((r) => r.data));
    expect(outcome.acked.filter((d) => !present.has(d))).toEqual([]);
    for (const e of outcome.errorsSeen) expect(e).toBe('InternalFailure'); // only the retriable kind, if any
    expect(errors).toEqual([]);
  });
});
