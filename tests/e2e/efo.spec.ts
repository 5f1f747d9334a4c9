/** Enhanced fan-out in the real page: SubscribeToShard's event stream through window.shardlab. */
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('SubscribeToShard pushes records to an enhanced fan-out consumer in the browser', async ({ page }) => {
  await openApp(page);
  await page.waitForFunction(() => window.shardlab !== undefined);
  const got = await page.evaluate(async () => {
    const { kinesis, sdk, clock } = window.shardlab!;
    clock.speed(10);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await kinesis.send(new sdk.CreateStreamCommand({ StreamName: 'fan', ShardCount: 1 }));
    let d;
    while ((d = await kinesis.send(new sdk.DescribeStreamSummaryCommand({ StreamName: 'fan' }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') await sleep(50);
    const StreamARN = d.StreamDescriptionSummary!.StreamARN!;
    const { Consumer } = await kinesis.send(new sdk.RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'pusher' }));
    while ((await kinesis.send(new sdk.DescribeStreamConsumerCommand({ ConsumerARN: Consumer!.ConsumerARN }))).ConsumerDescription?.ConsumerStatus !== 'ACTIVE') await sleep(50);
    const out = await kinesis.send(new sdk.SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }));
    await kinesis.send(new sdk.PutRecordsCommand({ StreamARN, Records: ['a', 'b', 'c'].map((s) => ({ PartitionKey: s, Data: new TextEncoder().encode(s) })) }));
    const seen: string[] = [];
    for await (const ev of out.EventStream!) {
      for (const r of ev.SubscribeToShardEvent?.Records ?? []) seen.push(new TextDecoder().decode(r.Data));
      if (seen.length >= 3) break;
    }
    return seen;
  });
  expect(got).toEqual(['a', 'b', 'c']);
  // The cost meter bills the enhanced fan-out consumer: consumer-shard-hours and data retrieved.
  const lines = page.getByTestId('cost-line');
  await expect(lines.filter({ hasText: 'Enhanced Fan-Out Consumer-Shard Hour' })).toHaveCount(1, { timeout: 10_000 });
  await expect(lines.filter({ hasText: 'Enhanced Fan-Out Data Retrievals' })).toHaveCount(1);
});

test('the fan-out comparison: polling consumers fall behind on a busy shard, enhanced fan-out ones do not', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openApp(page);
  await page.waitForFunction(() => window.shardlab !== undefined);
  const panel = page.getByTestId('fanout');
  await panel.getByRole('button', { name: 'Run the comparison' }).click();
  const lags = async (side: string) => (await panel.getByTestId(`fanout-${side}`).getByTestId('fanout-lag').allInnerTexts());
  const seconds = (t: string) => (t === '–' ? -1 : t.endsWith('ms') ? Number(t.replace(/[^\d.]/g, '')) / 1000 : Number(t.replace(/[^\d.]/g, '')));
  await expect.poll(async () => (await lags('enhanced')).length, { timeout: 20_000 }).toBe(3);
  await expect.poll(async () => (await lags('shared')).length, { timeout: 20_000 }).toBe(3);
  // Over several virtual seconds the shared consumers fall behind; the enhanced ones keep up.
  await expect.poll(async () => Math.max(...(await lags('shared')).map(seconds)), { timeout: 30_000 }).toBeGreaterThan(3);
  const enhanced = (await lags('enhanced')).map(seconds);
  expect(Math.max(...enhanced)).toBeLessThan(1.5);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/fanout.png' });
  await panel.getByRole('button', { name: 'Stop comparison' }).click();
  await panel.getByRole('button', { name: 'Remove its streams' }).click();
  expect(errors).toEqual([]);
});
