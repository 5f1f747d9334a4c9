/**
 * The Kinesis Agent through the UI: agent.json from a template (Apache access log → LOGTOJSON),
 * lines appended to the virtual access_log are sent to the stream as JSON; the page reloads
 * before the last lines were sent and the agent resumes from its file checkpoint: every line
 * arrives once, none lost, none twice.
 */
import { expect, test, type Page } from '@playwright/test';
import { createStreamsViaSdk, openApp } from './helpers';

const line = (i: number): string => `10.0.0.${i} - - [10/Oct/2000:13:55:36 -0700] "GET /page-${i} HTTP/1.0" 200 ${100 + i} "-" "curl/8"`;

/** Every record in the one-shard stream, as text. */
async function records(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const it = await kinesis.send(new sdk.GetShardIteratorCommand({ StreamName: 'weblogs', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const out = await kinesis.send(new sdk.GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
    return (out.Records ?? []).map((r) => new TextDecoder().decode(r.Data));
  });
}

async function append(page: Page, from: number, to: number): Promise<void> {
  const agent = page.getByTestId('kinesis-agent');
  for (let i = from; i <= to; i++) {
    await agent.getByLabel('Line to append').fill(line(i));
    await agent.getByRole('button', { name: 'Append' }).click();
  }
}

test('the agent sends appended log lines as JSON and resumes from its checkpoint after a reload: nothing lost, nothing twice', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1100 });
  await openApp(page);
  await createStreamsViaSdk(page, { weblogs: 1 });
  await page.getByRole('tab', { name: 'Producers & consumers' }).click();
  const agent = page.getByTestId('kinesis-agent');
  // Only the lines this test appends: the access log stops growing by itself.
  await agent.getByLabel('/var/log/httpd/access_log grows').uncheck();
  await agent.getByTestId('agent-template').selectOption('apache');
  await agent.getByTestId('agent-template-stream').selectOption('weblogs');
  await agent.getByRole('button', { name: 'Load template' }).click();
  await expect(agent.getByRole('textbox', { name: 'agent.json' })).toContainText('"kinesisStream": "weblogs"');
  await agent.getByRole('button', { name: 'Start agent' }).click();
  await expect(agent.getByTestId('agent-status')).toHaveText('running');

  await append(page, 1, 5);
  await expect.poll(async () => (await records(page)).length, { timeout: 20_000 }).toBe(5);
  const first = JSON.parse((await records(page))[0]!) as Record<string, unknown>;
  expect(first).toMatchObject({ host: '10.0.0.1', request: 'GET /page-1 HTTP/1.0', response: '200', bytes: '101', agent: 'curl/8' });
  await expect(agent.getByTestId('agent-recent')).toContainText('"request":"GET /page-5 HTTP/1.0"');
  await expect(agent.getByTestId('agent-checkpoints')).toContainText('/var/log/httpd/access_log');

  // Five more lines, and the page reloads before they leave the agent's buffer (maxBufferAgeMillis 5 s).
  await append(page, 6, 10);
  expect((await records(page)).length).toBe(5);
  await page.waitForTimeout(500); // the page's write of the file to IndexedDB lands
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Shardlab' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Producers & consumers' }).click();
  await expect(agent.getByTestId('agent-status')).toHaveText('running', { timeout: 10_000 });
  await expect.poll(async () => (await records(page)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
  await page.waitForTimeout(3000); // anything sent twice would have arrived by now
  const requests = (await records(page)).map((r) => (JSON.parse(r) as { request: string }).request);
  expect(requests).toEqual(Array.from({ length: 10 }, (_, i) => `GET /page-${i + 1} HTTP/1.0`));
  if (process.env.SHOTS) await agent.screenshot({ path: `${process.env.SHOTS}/agent.png` });
  expect(errors).toEqual([]);
});
