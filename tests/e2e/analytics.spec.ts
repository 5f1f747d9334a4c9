/**
 * Kinesis Data Analytics through the UI, as a learner uses it: a producer sends ticker quotes to
 * a stream; the schema is discovered from them; a tumbling-window query written in the editor
 * runs in the application's worker; its rows appear in the output table and chart (a line per
 * ticker), and go to a second Kinesis stream; a syntax error is shown at its line and column.
 * Screenshots are looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const QUERY = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), quotes INTEGER, avg_price DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "ticker_symbol", COUNT(*), AVG("price")
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY "ticker_symbol", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`;

async function createStreams(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    await kinesis.send(new sdk.CreateStreamCommand({ StreamName: 'ticker', ShardCount: 1 }));
    await kinesis.send(new sdk.CreateStreamCommand({ StreamName: 'counts', ShardCount: 1 }));
  });
  await expect.poll(() => page.evaluate(() => window.shardlab!.snapshot().filter((s) => s.status === 'ACTIVE').length), { timeout: 10_000 }).toBe(2);
}

test('discover a schema from a running producer, run a tumbling window, see its rows in the table, the chart and a second stream', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1200 });
  await openApp(page);
  await createStreams(page);
  await page.getByRole('tab', { name: 'Data Analytics (SQL)' }).click();
  const ka = page.getByTestId('analytics');
  await ka.getByTestId('analytics-source').selectOption('ticker');
  await ka.getByTestId('analytics-demo').click();
  // A few seconds of quotes, then the console's "Discover schema".
  await expect.poll(() => page.evaluate(() => window.shardlab!.snapshot().find((s) => s.name === 'ticker')?.shards[0]?.records ?? 0), { timeout: 15_000 }).toBeGreaterThan(10);
  await ka.getByTestId('analytics-discover').click();
  const schema = ka.getByTestId('analytics-schema');
  await expect(schema).toBeVisible({ timeout: 10_000 });
  await expect(schema.getByLabel('Column 1 name')).toHaveValue('ticker_symbol');
  await expect(schema.getByLabel('Column 1 SQL type')).toHaveValue('VARCHAR(4)');
  await expect(schema.getByLabel('Column 4 name')).toHaveValue('price');
  await expect(schema.getByLabel('Column 4 SQL type')).toHaveValue('REAL');

  // The query, typed in the editor; the plan check says what it is.
  const editor = ka.getByRole('textbox', { name: 'Application SQL' });
  await editor.fill(QUERY);
  await expect(ka.getByTestId('analytics-check')).toContainText('STREAM_PUMP (tumbling)');
  await ka.getByTestId('analytics-output-target').selectOption('counts');
  await ka.getByTestId('analytics-add-output').click();
  await ka.getByTestId('analytics-run').click(); // creates the application
  await expect(ka.getByTestId('analytics-app')).toHaveCount(1);
  await ka.getByTestId('analytics-run').click(); // runs it
  await expect(ka.getByTestId('analytics-status')).toHaveText('RUNNING', { timeout: 10_000 });
  await page.evaluate(() => window.shardlab!.clock.speed(5));

  // The tumbling window fills in the picture, then emits: rows in the table, a line per ticker.
  await expect(ka.getByTestId('analytics-window')).toBeVisible({ timeout: 15_000 });
  const rows = ka.getByTestId('analytics-rows').locator('tbody tr');
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await expect(rows.first()).toContainText(/AMZN|MSFT|AAPL|NVDA|QXZ/);
  await expect.poll(() => ka.getByTestId('analytics-line').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await ka.screenshot({ path: 'test-results/analytics-running.png' });

  // The Kinesis picture names the application among the consumers of `ticker`.
  await page.getByRole('tab', { name: 'Kinesis Data Streams' }).click();
  await page.getByTestId('stream-card').filter({ hasText: 'ticker' }).first().click();
  await expect(page.getByTestId('flow-scene').locator('[data-testid="flow-consumer"]').filter({ hasText: 'Analytics ticker-analytics' })).toHaveCount(1, { timeout: 10_000 });
  await page.getByRole('tab', { name: 'Data Analytics (SQL)' }).click();

  // The same rows went to the second Kinesis stream, as JSON.
  const out = await page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const it = await kinesis.send(new sdk.GetShardIteratorCommand({ StreamName: 'counts', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const r = await kinesis.send(new sdk.GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
    return (r.Records ?? []).map((x) => JSON.parse(new TextDecoder().decode(x.Data)) as Record<string, unknown>);
  });
  expect(out.length).toBeGreaterThanOrEqual(3);
  expect(Object.keys(out[0]!)).toEqual(['TICKER_SYMBOL', 'QUOTES', 'AVG_PRICE']);
  // Every record the window counted is one the producer sent (counts are whole quotes).
  expect(out.every((o) => Number.isInteger(o.QUOTES) && (o.QUOTES as number) > 0)).toBe(true);

  // Stopped, a syntax error in the editor is marked where it is.
  await ka.getByTestId('analytics-stop').click();
  await expect(ka.getByTestId('analytics-status')).toHaveText('READY', { timeout: 10_000 });
  await ka.getByRole('button', { name: 'Stop it' }).click();
  await editor.fill('CREATE OR REPLACE STREAM "OUT" (a INTEGER);\nCREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"\n  SELECT STREAM "price" FORM "SOURCE_SQL_STREAM_001";');
  await expect(ka.getByTestId('editor-problem')).toContainText('Line 3, column', { timeout: 5000 });
  await expect(ka.locator('.cm-problem-at')).toHaveCount(1);
  await ka.screenshot({ path: 'test-results/analytics-error.png' });
  expect(errors).toEqual([]);
});
