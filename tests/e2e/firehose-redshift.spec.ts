/**
 * Firehose → Amazon Redshift through the UI, as a learner builds it: a delivery stream whose
 * cluster is made on the spot; the first COPY fails because the table does not exist yet (the
 * picture and the panel say so, and when it is tried again); the table is created in the
 * Redshift panel's editor; the retry five minutes later loads every record; the rows are queried
 * in the panel and through the real RedshiftDataClient; a SQL error is marked where it is; the
 * table survives a reload. Screenshots are looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const step = async (page: Page, ms: number) => {
  for (let t = 0; t < ms; t += 5000) await page.evaluate((d) => window.shardlab!.clock.step(d), Math.min(5000, ms - t));
};

test('KDS-less Direct PUT → Firehose → intermediate S3 → COPY into Redshift, retried until the table exists, then queried', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1100 });
  await openApp(page);
  await page.getByRole('tab', { name: 'Data Firehose & S3' }).click();
  await page.evaluate(() => window.shardlab!.clock.pause());

  const fh = page.getByTestId('firehose');
  const form = fh.getByRole('form', { name: 'Create a delivery stream' });
  await form.getByLabel('Delivery stream name').fill('to-warehouse');
  await form.getByLabel('Destination').selectOption({ label: 'Amazon Redshift' });
  await expect(form.getByLabel('Error output prefix')).toHaveCount(0); // Redshift takes none
  await form.getByLabel('Redshift cluster').fill('warehouse');
  await form.getByLabel('Table').fill('quotes');
  await form.getByLabel('Buffer interval (s)').fill('60');
  await form.getByRole('button', { name: 'Create delivery stream' }).click();
  await expect(fh.getByTestId('delivery-stream')).toHaveCount(1);
  await step(page, 2000);
  await expect(fh.getByTestId('delivery-status').first()).toHaveText('ACTIVE', { timeout: 10_000 });
  await expect(page.getByTestId('firehose-redshift')).toBeVisible();

  // The cluster was made with the form's login; Describe never shows the password.
  const described = await page.evaluate(async () => {
    const { DescribeDeliveryStreamCommand } = window.shardlab!.firehoseSdk;
    const d = await window.shardlab!.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'to-warehouse' }));
    return d.DeliveryStreamDescription!.Destinations![0]!.RedshiftDestinationDescription!;
  });
  expect(described.ClusterJDBCURL).toMatch(/^jdbc:redshift:\/\/warehouse\.[a-z0-9]+\.us-east-1\.redshift\.amazonaws\.com:5439\/dev$/);
  expect(described.CopyCommand).toEqual({ DataTableName: 'quotes', CopyOptions: "JSON 'auto' TIMEFORMAT 'auto'" });
  expect(described).not.toHaveProperty('Password');

  await fh.getByRole('button', { name: 'Send 100 test records' }).click();
  await expect.poll(() => page.evaluate(() => window.shardlab!.deliveryStreams()[0]?.buffered.records ?? 0), { timeout: 10_000 }).toBe(100);
  await step(page, 59_000);
  // Not before the buffer's interval: nothing in the intermediate bucket yet.
  expect(await page.evaluate(async () => (await window.shardlab!.s3.send(new window.shardlab!.s3Sdk.ListObjectsV2Command({ Bucket: 'shardlab-lake' }))).KeyCount)).toBe(0);
  await step(page, 1000);

  // The object and its manifest are written; the COPY fails: there is no table yet.
  const rs = page.getByTestId('redshift');
  await rs.scrollIntoViewIfNeeded();
  await expect(rs.getByTestId('rs-last-failure')).toContainText('Redshift.TableNotFound', { timeout: 10_000 });
  await expect(page.getByTestId('firehose-redshift-retrying')).toContainText('COPY again in');
  const keys = await page.evaluate(async () => ((await window.shardlab!.s3.send(new window.shardlab!.s3Sdk.ListObjectsV2Command({ Bucket: 'shardlab-lake' }))).Contents ?? []).map((o) => o.Key!));
  expect(keys.filter((k) => k.startsWith('manifests/'))).toHaveLength(1);
  expect(keys.filter((k) => !k.startsWith('manifests/'))).toHaveLength(1);
  await page.locator('[data-testid="firehose-flow"][data-stream="to-warehouse"]').screenshot({ path: 'test-results/firehose-redshift-flow-retrying.png' });

  // The editor starts with the create-table template: run it.
  await expect(rs.getByRole('textbox', { name: 'SQL for Redshift' })).toContainText('CREATE TABLE IF NOT EXISTS quotes');
  await rs.getByTestId('rs-run').click();
  await expect(rs.getByTestId('rs-tag')).toHaveText('CREATE TABLE');
  await expect(rs.getByTestId('rs-table-chip')).toContainText('0 rows');

  // Firehose tries again 5 minutes after the failure: every record is loaded.
  await step(page, 5 * 60_000);
  await expect(rs.getByTestId('rs-table-chip')).toContainText('100 rows', { timeout: 10_000 });
  await expect(page.getByTestId('firehose-redshift-rows')).toHaveText('✓ 100 rows', { timeout: 10_000 });
  await expect(page.getByTestId('firehose-redshift-retrying')).toHaveText('1 COPY'); // nothing waits any more
  await expect(rs.getByTestId('rs-loader')).not.toContainText('wait for a retry');

  await rs.getByRole('button', { name: 'Count and average per ticker' }).click();
  await rs.getByTestId('rs-run').click();
  const result = rs.getByTestId('rs-result');
  await expect(result.locator('tbody tr')).toHaveCount(4);
  await expect(result.locator('thead')).toContainText('avg_price');
  await expect(result.locator('tbody tr').first()).toContainText('25');

  // The same table through the real Data API client.
  const viaSdk = await page.evaluate(async () => {
    const { ExecuteStatementCommand, DescribeStatementCommand, GetStatementResultCommand } = window.shardlab!.redshiftDataSdk;
    const c = window.shardlab!.redshiftData;
    const { Id } = await c.send(new ExecuteStatementCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', DbUser: 'awsuser', Sql: "SELECT COUNT(*) FROM quotes WHERE ticker = 'NVDA'" }));
    const d = await c.send(new DescribeStatementCommand({ Id }));
    const r = await c.send(new GetStatementResultCommand({ Id }));
    return { status: d.Status, records: r.Records, column: r.ColumnMetadata?.[0]?.name };
  });
  expect(viaSdk).toEqual({ status: 'FINISHED', records: [[{ longValue: 25 }]], column: 'count' });

  // Metrics with AWS's names: Redshift's own, beside its intermediate bucket's.
  const metrics = page.getByTestId('firehose-metrics');
  await metrics.getByTestId('firehose-metric-select').selectOption('DeliveryToRedshift.Records');
  await metrics.getByLabel('Period').selectOption({ label: '1 minute (CloudWatch\'s)' });
  await expect(metrics.getByTestId('firehose-metric-value')).toHaveText('100');
  await metrics.getByTestId('firehose-metric-select').selectOption('DeliveryToRedshift.Success');
  await metrics.getByLabel('Statistic').selectOption('Average');
  // Latest minute: the retry that loaded (1); the minute of the failed COPY averaged 0.
  await expect(metrics.getByTestId('firehose-metric-value')).toHaveText('1');
  expect(await metrics.getByTestId('firehose-metric-select').locator('option').allTextContents()).not.toContain('DeliveryToSplunk.Records');

  // A syntax error is marked at its line and column.
  await rs.getByRole('textbox', { name: 'SQL for Redshift' }).fill('SELECT ticker\nFROM quotes\nWHER price > 100;');
  await rs.getByTestId('rs-run').click();
  await expect(rs.getByTestId('editor-problem')).toContainText('Line 3');
  await expect(rs.getByTestId('editor-problem')).toContainText('syntax error');
  await expect(rs.locator('.cm-problem-at')).toHaveCount(1);
  await rs.screenshot({ path: 'test-results/firehose-redshift-panel.png' });

  // The loaded table survives a reload.
  await page.reload();
  await page.getByRole('tab', { name: 'Data Firehose & S3' }).click();
  await expect.poll(() => page.evaluate(() => window.shardlab!.redshift.list()[0]?.tables.find((t) => t.name === 'quotes')?.rows ?? -1), { timeout: 10_000 }).toBe(100);
  expect(errors).toEqual([]);
});
