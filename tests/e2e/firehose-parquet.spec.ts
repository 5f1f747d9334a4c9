/**
 * Record format conversion through the UI: a delivery stream that converts JSON records to
 * Apache Parquet with a Glue table made from the form's columns; the test records land as one
 * `.parquet` object, which the S3 browser opens as rows. The screenshot is looked at.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('JSON records converted to Apache Parquet with a Glue schema, opened in the S3 browser', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1100 });
  await openApp(page);
  await page.getByRole('tab', { name: 'Data Firehose & S3' }).click();
  await page.evaluate(() => window.shardlab!.clock.pause());

  const fh = page.getByTestId('firehose');
  const form = fh.getByRole('form', { name: 'Create a delivery stream' });
  await form.getByLabel('Delivery stream name').fill('to-parquet');
  await form.getByTestId('fh-parquet').check();
  await expect(form.getByLabel('Buffer size (MiB)')).toHaveValue('64'); // AWS's floor with conversion
  await form.getByTestId('fh-glue-columns').fill('id int, ticker string, price double');
  await form.getByRole('button', { name: 'Create delivery stream' }).click();
  await expect(fh.getByTestId('delivery-stream')).toHaveCount(1);
  await page.evaluate(() => window.shardlab!.clock.step(2000));
  await expect(fh.getByTestId('delivery-status').first()).toHaveText('ACTIVE', { timeout: 10_000 });

  await fh.getByRole('button', { name: 'Send 100 test records' }).click();
  await expect.poll(() => page.evaluate(() => window.shardlab!.deliveryStreams()[0]?.buffered.records ?? 0), { timeout: 10_000 }).toBe(100);
  for (let t = 0; t < 60; t += 5) await page.evaluate(() => window.shardlab!.clock.step(5000));

  const browser = page.getByTestId('s3-browser');
  await expect.poll(async () => {
    await browser.getByRole('button', { name: 'Refresh' }).click();
    return browser.getByTestId('s3-object').count();
  }, { timeout: 10_000 }).toBe(1);
  await expect(browser.getByTestId('s3-object').first()).toContainText('.parquet');
  await browser.getByTestId('s3-object').first().getByRole('button').first().click();
  await expect(browser.getByTestId('s3-opened')).toContainText('Apache Parquet, 100 rows');
  const lines = browser.getByTestId('s3-lines').locator('li');
  await expect(lines).toHaveCount(100);
  await expect(lines.first()).toHaveText('{"id":0,"ticker":"AMZN","price":100}');
  await browser.screenshot({ path: 'test-results/firehose-parquet-s3.png' });
  expect(errors).toEqual([]);
});
