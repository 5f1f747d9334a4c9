/**
 * The producers and consumers through the UI: a data-generator preset feeding a stream, a KPL
 * producer packing user records into fewer Kinesis records, and a KCL application with two
 * workers (Web Workers) sharing the shards' leases; one crashes, its lease moves to the other
 * and no record is skipped. Screenshots looked at (/tmp/shots when SHOTS is set).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createStreamsViaSdk, openApp } from './helpers';

const num = async (l: Locator): Promise<number> => Number(((await l.textContent()) ?? '').replace(/[^\d.]/g, ''));
const stored = (page: Page, stream: string): Promise<number> =>
  page.evaluate((name) => window.shardlab!.snapshot().find((s) => s.name === name)!.shards.reduce((a, s) => a + s.records, 0), stream);
const shot = async (what: Page | Locator, name: string): Promise<void> => {
  if (process.env.SHOTS) await what.screenshot({ path: `${process.env.SHOTS}/${name}.png` });
};

test('a generator preset feeds a stream, a KPL producer aggregates, a KCL app with two workers shares the leases and survives a crash', async ({ page }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.setViewportSize({ width: 1600, height: 1100 });
  await openApp(page);
  await createStreamsViaSdk(page, { clicks: 2, ticks: 2 });
  await page.getByRole('tab', { name: 'Producers & consumers' }).click();

  // The data generator: the stock-ticker preset into "ticks"; what it says it stored is in the stream.
  const gen = page.getByTestId('generator-panel');
  await gen.getByTestId('gen-target').selectOption('ticks');
  await gen.getByTestId('gen-add-stockTicker').click();
  const g = gen.getByTestId('generator');
  await expect(g).toHaveCount(1);
  await expect(g.getByTestId('gen-status')).toHaveText('running');
  await expect.poll(() => num(g.getByTestId('gen-sent')), { timeout: 15_000 }).toBeGreaterThan(20);
  await expect(g.getByTestId('gen-sample')).toContainText('ticker_symbol');
  await g.getByTestId('gen-stop').click();
  await expect(g.getByTestId('gen-status')).toHaveText('stopped');
  await expect.poll(async () => (await stored(page, 'ticks')) === (await num(g.getByTestId('gen-sent'))), { timeout: 5000 }).toBe(true);
  expect(await num(g.getByTestId('gen-failed'))).toBe(0);

  // A KPL producer into "clicks": many user records per Kinesis record.
  const kpl = page.getByTestId('kpl-panel');
  await kpl.getByTestId('kpl-target').selectOption('clicks');
  await kpl.getByTestId('kpl-rate').fill('300');
  await kpl.getByTestId('kpl-add').click();
  const p = kpl.getByTestId('kpl-producer');
  await expect(p).toHaveCount(1);
  await expect(p.getByTestId('kpl-status')).toHaveText('feeding');
  await expect.poll(() => num(p.getByTestId('kpl-kinesis-put')), { timeout: 20_000 }).toBeGreaterThan(2);
  await expect.poll(() => num(p.getByTestId('kpl-per-record')), { timeout: 10_000 }).toBeGreaterThan(5);
  const [users, kinesisRecords] = [await num(p.getByTestId('kpl-user-put')), await num(p.getByTestId('kpl-kinesis-put'))];
  expect(users).toBeGreaterThan(kinesisRecords * 5);
  expect(await stored(page, 'clicks')).toBeGreaterThanOrEqual(kinesisRecords);
  expect(await stored(page, 'clicks')).toBeLessThan(users);
  await shot(gen, 'producers-generator');
  await shot(kpl, 'producers-kpl');

  // A KCL application on "clicks", two workers: one shard each; checkpoints advance.
  const kcl = page.getByTestId('kcl-panel');
  await expect(kcl.getByTestId('kcl-storage')).toContainText('IndexedDB');
  await kcl.getByTestId('kcl-stream').selectOption('clicks');
  await kcl.getByTestId('kcl-failover').fill('3000');
  await kcl.getByTestId('kcl-create-button').click();
  const app = kcl.getByTestId('kcl-app');
  await expect(app).toHaveCount(1);
  await app.getByTestId('kcl-add-worker').click();
  await app.getByTestId('kcl-add-worker').click();
  const workers = app.getByTestId('kcl-worker');
  await expect(workers).toHaveCount(2);
  const leases = app.getByTestId('kcl-lease');
  await expect(leases).toHaveCount(2, { timeout: 15_000 });
  const owners = async (): Promise<string[]> => (await leases.locator('td:nth-child(2)').allTextContents()).map((t) => t.trim()).sort();
  await expect.poll(owners, { timeout: 20_000 }).toEqual(['worker-1', 'worker-2']);
  await expect(workers.nth(0).getByTestId('kcl-worker-shards').locator('.chip')).toHaveCount(1);
  await expect(workers.nth(1).getByTestId('kcl-worker-shards').locator('.chip')).toHaveCount(1);
  const checkpoint = async (): Promise<bigint> => BigInt((await leases.nth(0).locator('td:nth-child(4)').getAttribute('title')) ?? '0');
  await expect.poll(async () => /^\d+$/.test((await leases.nth(0).locator('td:nth-child(4)').getAttribute('title')) ?? ''), { timeout: 20_000 }).toBe(true);
  const first = await checkpoint();
  await expect.poll(async () => (await checkpoint()) > first, { timeout: 20_000 }).toBe(true);
  await expect.poll(() => num(app.getByTestId('kcl-processed').locator('b')), { timeout: 10_000 }).toBeGreaterThan(0);
  await shot(kcl, 'producers-kcl');

  // The picture of "clicks": KPL aggregated records drawn as boxes (with their legend), each KCL
  // worker a consumer node naming the shard it holds and its checkpoint.
  await page.getByRole('tab', { name: 'Kinesis Data Streams' }).click();
  await page.getByTestId('stream-card').filter({ hasText: 'clicks' }).click();
  await expect(page.getByTestId('flow-packed')).toContainText(/packing \d+(\.\d)? user records/, { timeout: 15_000 });
  const nodes = page.getByTestId('flow-consumer');
  await expect(nodes.filter({ hasText: 'my-kcl-app/worker-1' })).toContainText(/shard \d/, { timeout: 15_000 });
  await expect(nodes.filter({ hasText: 'my-kcl-app/worker-2' })).toContainText(/KCL checkpoint …\d{6}/);
  expect(await nodes.count()).toBe(2); // the workers' reads are theirs, not anonymous readers
  // A packed particle is drawn (cells inside a box): follow the newest record and see it is an aggregate.
  await page.getByTestId('flow-canvas').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('follow-packed')).toContainText(/\d+ user records in this one Kinesis record/);
  await shot(page.locator('.picture'), 'producers-picture');
  await page.getByRole('tab', { name: 'Producers & consumers' }).click();

  // worker-1 crashes (its Web Worker terminated): its lease expires and moves to worker-2.
  await workers.filter({ hasText: 'worker-1' }).getByTestId('kcl-stop-worker').click();
  await expect(workers.filter({ hasText: 'worker-1' })).toContainText('stopped');
  await expect.poll(owners, { timeout: 30_000 }).toEqual(['worker-2', 'worker-2']);
  await expect(workers.filter({ hasText: 'worker-2' }).getByTestId('kcl-worker-shards').locator('.chip')).toHaveCount(2);
  // The KCL's own metrics say what happened: worker-2 took a lease that had expired.
  await expect(workers.filter({ hasText: 'worker-2' }).getByTestId('kcl-worker-metrics')).toContainText(/CurrentLeases 2 · TakenLeases [2-9]/);

  // The producer stops and flushes: every user record it put is processed, once each, in per-key order.
  await p.getByTestId('kpl-stop').click();
  await p.getByTestId('kpl-flush').click();
  await expect.poll(() => num(p.getByTestId('kpl-buffered')), { timeout: 15_000 }).toBe(0);
  const put = await num(p.getByTestId('kpl-user-put'));
  await expect.poll(() => num(app.getByTestId('kcl-processed').locator('b')), { timeout: 40_000 }).toBe(put);
  await expect(app.getByTestId('kcl-in-order')).toContainText('yes');
  await shot(kcl, 'producers-kcl-failover');
  expect(errors).toEqual([]);
});
