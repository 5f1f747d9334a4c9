/**
 * Firehose through the UI, as a learner builds it: a Lambda written in the editor, a delivery
 * stream reading a Kinesis stream through that transform into S3; objects appear when the buffer's
 * interval has passed and not before; a record the transform fails and a function that throws
 * both end up under the error output prefix; the S3 browser opens what was delivered.
 */
import { expect, test, type Page } from '@playwright/test';
import { createStreamInUi, openApp } from './helpers';

const keys = (page: Page, prefix = '') => page.evaluate(async (Prefix) => {
  const { s3, s3Sdk } = window.shardlab!;
  const out = await s3.send(new s3Sdk.ListObjectsV2Command({ Bucket: 'shardlab-lake', Prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}, prefix);
const step = async (page: Page, ms: number) => {
  for (let t = 0; t < ms; t += 1000) await page.evaluate(() => window.shardlab!.clock.step(1000));
};
const fh = (page: Page) => page.getByTestId('firehose');

test('Kinesis → Firehose (Lambda transform) → S3, built in the UI; failures go to the error output', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openApp(page);
  await createStreamInUi(page, 'clicks', 1);
  await page.getByRole('tab', { name: 'Data Firehose & S3' }).click();

  // The transform, from the first template; and a broken one.
  const lambda = page.getByTestId('lambda');
  await lambda.getByRole('button', { name: 'Save function' }).click();
  await expect(lambda.getByRole('button', { name: 'enrich-json', exact: true })).toBeVisible();
  await lambda.getByLabel('Start from a template').selectOption({ label: 'A function that throws (see the error output)' });
  await lambda.getByRole('button', { name: 'Save function' }).click();
  await expect(lambda.getByRole('button', { name: 'enrich-json', exact: true })).toBeVisible();
  await expect(lambda.getByRole('button', { name: 'broken', exact: true })).toBeVisible();

  await page.evaluate(() => window.shardlab!.clock.pause());
  const form = fh(page).getByRole('form', { name: 'Create a delivery stream' });
  await form.getByLabel('Delivery stream name').fill('enriched');
  await form.getByLabel('Source').selectOption({ label: 'Kinesis stream clicks' });
  await form.getByLabel('Buffer interval (s)').fill('60');
  await form.getByLabel('Transform (Lambda)').selectOption('enrich-json');
  await form.getByRole('button', { name: 'Create delivery stream' }).click();
  // The clock is paused: it moves once the stream exists (CREATING), so CREATING → ACTIVE can happen.
  await expect(fh(page).getByTestId('delivery-stream')).toHaveCount(1);
  await step(page, 2000);
  await expect(fh(page).getByTestId('delivery-status').first()).toHaveText('ACTIVE', { timeout: 10_000 });

  // Records into the Kinesis stream: three JSON ones and one that is not JSON.
  await page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const recs = ['{"id":1}', '{"id":2}', 'oops', '{"id":3}'];
    await kinesis.send(new sdk.PutRecordsCommand({ StreamName: 'clicks', Records: recs.map((d, i) => ({ PartitionKey: `k${i}`, Data: new TextEncoder().encode(d) })) }));
  });
  // Firehose reads the shard every second; the Lambda buffer waits 60 s, then the function runs
  // (in real time, in the sandbox); the transformed records wait in the S3 buffer 60 s more.
  const flow = page.locator('[data-testid="firehose-flow"][data-stream="enriched"]');
  // Every particle the picture draws, by kind (they live for a second or two).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { particleKinds: string[] }).particleKinds = seen;
    new MutationObserver((ms) => {
      for (const m of ms) for (const n of m.addedNodes) if (n instanceof Element && n.matches('[data-testid="fh-particle"]')) seen.push(n.getAttribute('data-kind') ?? '');
    }).observe(document.body, { childList: true, subtree: true });
  });
  await step(page, 61_000);
  await expect(flow.getByTestId('firehose-lambda')).toContainText('✓ 3', { timeout: 10_000 });
  // The records leave the Lambda coloured by its verdict: three Ok (green) and one ProcessingFailed (red).
  await expect.poll(() => page.evaluate(() => [...new Set((window as unknown as { particleKinds: string[] }).particleKinds)].sort()), { timeout: 5000 }).toEqual(['failed', 'in', 'ok']);
  expect(await page.evaluate(() => (window as unknown as { particleKinds: string[] }).particleKinds.filter((k) => k === 'ok').length)).toBe(3);
  await flow.screenshot({ path: 'test-results/firehose-particles.png' });
  await step(page, 50_000);
  expect((await keys(page)).filter((k) => !k.startsWith('errors/'))).toEqual([]);
  await expect(flow.getByTestId('firehose-buffer')).toHaveAttribute('data-records', '3');
  await step(page, 12_000);
  await expect.poll(async () => (await keys(page)).filter((k) => !k.startsWith('errors/')).length, { timeout: 10_000 }).toBe(1);
  await expect.poll(async () => (await keys(page, 'errors/processing-failed/')).length, { timeout: 10_000 }).toBe(1);

  // The picture shows the transform's outcomes and the delivered object.
  await expect(flow.getByTestId('firehose-objects')).toHaveText('1 object');
  await expect(flow.getByTestId('firehose-lambda')).toContainText('✓ 3');
  await expect(flow.getByTestId('firehose-lambda')).toContainText('✗ 1');

  // The S3 browser opens the object: three enriched records, one per line.
  const browser = page.getByTestId('s3-browser');
  await browser.getByRole('button', { name: 'Refresh' }).click();
  await browser.getByTestId('s3-object').filter({ hasNotText: 'errors/' }).getByRole('button').first().click();
  const lines = browser.getByTestId('s3-lines').locator('li');
  await expect(lines).toHaveCount(3);
  await expect(lines.first()).toContainText('"processedAt"');
  // Metrics with AWS's names: the records read from the source and delivered to S3.
  const metrics = page.getByTestId('firehose-metrics');
  await metrics.getByLabel('DeliveryStreamName').selectOption('enriched');
  await metrics.getByLabel('Period').selectOption({ label: '1 minute (CloudWatch\'s)' });
  await metrics.getByTestId('firehose-metric-select').selectOption('DataReadFromKinesisStream.Records');
  await expect(metrics.getByTestId('firehose-metric-value')).toHaveText('4');
  await metrics.getByTestId('firehose-metric-select').selectOption('DeliveryToS3.Records');
  await expect(metrics.getByTestId('firehose-metric-value')).toHaveText('3');
  await metrics.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/firehose-metrics.png' });
  await fh(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/firehose-ui.png' });
  await browser.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/firehose-s3.png' });

  // The Kinesis picture names the delivery stream among the consumers of `clicks`.
  await page.getByRole('tab', { name: 'Kinesis Data Streams' }).click();
  await expect(page.getByTestId('flow-scene').locator('[data-testid="flow-consumer"]').filter({ hasText: 'Firehose enriched' })).toHaveCount(1);
  await page.getByRole('tab', { name: 'Data Firehose & S3' }).click();

  // A function that throws: after its retries, every record goes to processing-failed.
  await fh(page).getByRole('button', { name: 'New delivery stream' }).click();
  await form.getByLabel('Delivery stream name').fill('broken-pipe');
  await form.getByLabel('Source').selectOption({ label: 'Direct PUT (PutRecord / PutRecordBatch)' });
  await form.getByLabel('Transform (Lambda)').selectOption('broken');
  await form.getByRole('button', { name: 'Create delivery stream' }).click();
  await expect(fh(page).getByTestId('delivery-stream')).toHaveCount(2);
  await step(page, 2000);
  const broken = page.getByTestId('delivery-stream').filter({ hasText: 'broken-pipe' });
  await expect(broken.getByTestId('delivery-status')).toHaveText('ACTIVE', { timeout: 10_000 });
  const before = (await keys(page, 'errors/processing-failed/')).length;
  await broken.getByRole('button', { name: 'Send 100 test records' }).click();
  await expect.poll(async () => (await page.evaluate(() => window.shardlab!.deliveryStreams().find((d) => d.name === 'broken-pipe')?.buffered.records)) ?? 0).toBe(100);
  // Ingestion is billed per GB with each record rounded up to 5 KB: 100 small records bill 500 KiB.
  await metrics.getByLabel('DeliveryStreamName').selectOption('broken-pipe');
  await expect(metrics.getByTestId('firehose-cost')).toContainText('(each record rounded up to 5 KB)');
  await expect(metrics.getByTestId('firehose-cost')).toContainText(/billed as 8\.3 KiB\/s/); // 100 × 5 KiB over a 60 s window
  await step(page, 61_000);
  await expect.poll(async () => (await keys(page, 'errors/processing-failed/')).length, { timeout: 15_000 }).toBe(before + 1);
  const failed = await page.evaluate(async () => {
    const { s3, s3Sdk } = window.shardlab!;
    const list = await s3.send(new s3Sdk.ListObjectsV2Command({ Bucket: 'shardlab-lake', Prefix: 'errors/processing-failed/' }));
    const newest = (list.Contents ?? []).sort((a, b) => b.LastModified!.getTime() - a.LastModified!.getTime())[0]!;
    const text = await (await s3.send(new s3Sdk.GetObjectCommand({ Bucket: 'shardlab-lake', Key: newest.Key! }))).Body!.transformToString();
    return text.trim().split('\n').map((l) => JSON.parse(l) as { errorCode: string; attemptsMade: number });
  });
  expect(failed).toHaveLength(100);
  expect(failed[0]).toMatchObject({ errorCode: 'Lambda.FunctionError', attemptsMade: 4 });
  await expect(broken.getByTestId('firehose-errors')).toBeVisible();
  expect(errors).toEqual([]);
});
