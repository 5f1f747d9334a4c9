/**
 * Consumer applications from the UI, both kinds: shared-throughput ones hang off one pipe in the
 * picture (a shard's 2 MB/s divided), each enhanced fan-out one has a pipe of its own; removing an
 * enhanced one deregisters it.
 */
import { expect, test } from '@playwright/test';
import { createStreamInUi, openApp } from './helpers';

test('add two shared and one enhanced consumer, watch them read through their pipes, remove them', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openApp(page);
  await createStreamInUi(page, 'apps', 2);
  // A steady trickle of records, from the page's own SDK client.
  await page.evaluate(() => {
    const { kinesis, sdk } = window.shardlab!;
    let n = 0;
    setInterval(() => {
      void kinesis.send(new sdk.PutRecordsCommand({ StreamName: 'apps', Records: Array.from({ length: 20 }, () => ({ PartitionKey: `k${n++ % 40}`, Data: new TextEncoder().encode(`r${n}`) })) }));
    }, 100);
  });

  const panel = page.getByTestId('consumer-apps');
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole('button', { name: 'Add shared consumer' }).click();
  await panel.getByRole('button', { name: 'Add shared consumer' }).click();
  await panel.getByRole('button', { name: 'Add enhanced consumer' }).click();
  const rows = panel.getByTestId('consumer-app');
  await expect(rows).toHaveCount(3);
  // Every application reads: its record count climbs above zero.
  for (const name of ['shared-1', 'shared-2', 'efo-1']) {
    await expect.poll(async () => Number((await rows.filter({ hasText: name }).getByTestId('app-records').innerText()).replace(/\D/g, '')), { timeout: 20_000 }).toBeGreaterThan(0);
  }

  // The picture: one trunk split into two branches for the shared pair, a whole pipe for efo-1.
  const scene = page.getByTestId('flow-scene');
  await expect(scene.locator('[data-testid="flow-pipe"][data-kind="trunk"]')).toHaveCount(1);
  await expect(scene.locator('[data-testid="flow-pipe"][data-kind="branch"]')).toHaveCount(2);
  await expect(scene.locator('[data-testid="flow-pipe"][data-kind="enhanced"]')).toHaveCount(1);
  await expect(scene.getByTestId('flow-hub')).toContainText('÷ 2 consumers');
  await expect(scene.locator('[data-testid="flow-consumer"][data-kind="shared"]')).toHaveCount(2);
  await expect(scene.locator('[data-testid="flow-consumer"][data-kind="enhanced"]')).toContainText('efo-1');
  const widths = await scene.locator('[data-testid="flow-pipe"]').evaluateAll((ps) => ps.map((p) => `${p.getAttribute('data-kind')}:${p.getAttribute('stroke-width')}`));
  const w = (kind: string) => widths.filter((x) => x.startsWith(`${kind}:`)).map((x) => Number(x.split(':')[1]));
  expect(w('branch')[0]! * 2).toBeCloseTo(w('trunk')[0]!);
  expect(w('enhanced')[0]).toBe(w('trunk')[0]);
  await page.getByTestId('flow-canvas').scrollIntoViewIfNeeded();
  await page.waitForTimeout(700); // particles on their way
  await page.screenshot({ path: 'test-results/consumer-pipes.png' });
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/consumer-apps.png' });

  // Remove the enhanced one: gone from the table and from the stream's registered consumers.
  await panel.getByRole('button', { name: 'Remove efo-1' }).click();
  await expect(rows).toHaveCount(2);
  await expect.poll(() => page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const d = await kinesis.send(new sdk.DescribeStreamSummaryCommand({ StreamName: 'apps' }));
    const l = await kinesis.send(new sdk.ListStreamConsumersCommand({ StreamARN: d.StreamDescriptionSummary!.StreamARN! }));
    return (l.Consumers ?? []).length;
  }), { timeout: 10_000 }).toBe(0);
  await expect(scene.locator('[data-testid="flow-pipe"][data-kind="enhanced"]')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Remove shared-1' }).click();
  await expect(rows).toHaveCount(1);
  await expect(scene.getByTestId('flow-hub')).toContainText('÷ 1 consumer');
  expect(errors).toEqual([]);
});
