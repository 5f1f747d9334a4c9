/**
 * Firehose → Amazon OpenSearch Service through the UI, as a learner builds it: a delivery stream
 * into a simulated domain (index rotated per day), 100 test records sent, and the OpenSearch
 * panel finds them — all of them, then the ones of one ticker. The page stays usable for a class:
 * the screenshot is looked at.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('create an OpenSearch destination in the UI, send test records, search finds them', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1100 });
  await openApp(page);
  await page.getByRole('tab', { name: 'Data Firehose & S3' }).click();
  await page.evaluate(() => window.shardlab!.clock.pause());

  const fh = page.getByTestId('firehose');
  const form = fh.getByRole('form', { name: 'Create a delivery stream' });
  await form.getByLabel('Delivery stream name').fill('to-search');
  await form.getByLabel('Destination').selectOption({ label: 'Amazon OpenSearch Service' });
  await form.getByLabel('OpenSearch domain').fill('classroom');
  await form.getByLabel('Index name').fill('quotes');
  await form.getByLabel('Index rotation').selectOption('OneDay');
  await form.getByLabel('Buffer interval (s)').fill('10');
  await form.getByRole('button', { name: 'Create delivery stream' }).click();
  await expect(fh.getByTestId('delivery-stream')).toHaveCount(1);
  const step = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) await page.evaluate(() => window.shardlab!.clock.step(1000));
  };
  await step(2000);
  await expect(fh.getByTestId('delivery-status').first()).toHaveText('ACTIVE', { timeout: 10_000 });
  await expect(page.getByTestId('firehose-opensearch-icon')).toBeVisible();

  await fh.getByRole('button', { name: 'Send 100 test records' }).click();
  await expect.poll(() => page.evaluate(() => window.shardlab!.deliveryStreams()[0]?.buffered.records ?? 0), { timeout: 10_000 }).toBe(100);
  await step(11_000);
  await expect(page.getByTestId('firehose-endpoint-delivered')).toHaveText('✓ 100 indexed', { timeout: 10_000 });

  const os = page.getByTestId('opensearch');
  await os.scrollIntoViewIfNeeded();
  await expect(os.getByTestId('os-total')).toHaveText('100', { timeout: 10_000 });
  await expect(os.getByTestId('os-hit').first()).toContainText('ticker');
  await os.getByTestId('os-search').fill('ticker: AMZN');
  await expect(os.getByTestId('os-total')).toHaveText('25');
  await os.getByTestId('os-search').fill('nvda');
  await expect(os.getByTestId('os-total')).toHaveText('25');
  await expect(os.getByTestId('os-hit').first()).toContainText('NVDA');

  // The same search from the console API.
  const api = await page.evaluate(() => window.shardlab!.opensearch.search('classroom', { index: 'quotes-*', term: { field: 'ticker', value: 'MSFT' } }));
  expect(api.total).toBe(25);
  expect(api.hits[0]!._index).toMatch(/^quotes-\d{4}-\d{2}-\d{2}$/);

  await os.screenshot({ path: 'test-results/firehose-opensearch-panel.png' });
  await page.locator('[data-testid="firehose-flow"][data-stream="to-search"]').screenshot({ path: 'test-results/firehose-opensearch-flow.png' });
  expect(errors).toEqual([]);
});
