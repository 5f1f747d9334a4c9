/** What several e2e specs do the same way: open the app, make a stream through the stream form. */
import { expect, type Page } from '@playwright/test';

/** Opens the app and waits for its first screen. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Shardlab' })).toBeVisible({ timeout: 20_000 });
}

/** Creates a stream the way a learner does — the stream form — and waits until it is ACTIVE. */
export async function createStreamInUi(page: Page, name: string, shards: number, retentionHours?: number): Promise<void> {
  await page.getByLabel('Stream name').fill(name);
  await page.getByLabel('Shards', { exact: true }).fill(String(shards));
  if (retentionHours !== undefined) await page.getByLabel('Retention (hours)').fill(String(retentionHours));
  await page.getByRole('button', { name: 'Create stream' }).click();
  await expect(page.getByTestId('selected-status')).toHaveText('ACTIVE', { timeout: 10_000 });
}

/** Creates streams through `window.shardlab`'s SDK client and waits until every one is ACTIVE. */
export async function createStreamsViaSdk(page: Page, streams: Readonly<Record<string, number>>): Promise<void> {
  await page.evaluate(async (all) => {
    const { kinesis, sdk } = window.shardlab!;
    for (const [StreamName, ShardCount] of Object.entries(all)) await kinesis.send(new sdk.CreateStreamCommand({ StreamName, ShardCount }));
  }, streams);
  const names = Object.keys(streams);
  await expect.poll(() => page.evaluate((ns) => window.shardlab!.snapshot().filter((s) => ns.includes(s.name) && s.status === 'ACTIVE').length, names),
    { timeout: 10_000 }).toBe(names.length);
}
