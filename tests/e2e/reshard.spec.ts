/**
 * Resharding through the UI, as a learner does it: split a shard, merge two, change the shard
 * count — then reload and find the lineage intact.
 */
import { expect, test } from '@playwright/test';
import { createStreamInUi, openApp } from './helpers';

const row = (page: import('@playwright/test').Page, shardId: string) =>
  page.getByTestId('shard-row').filter({ has: page.getByText(shardId, { exact: true }) });

test('split and merge in the shard table, scale the stream, reload: closed parents and lineage are back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openApp(page);
  await createStreamInUi(page, 'grow', 2);
  // Records in shard 0 before it splits: the closed parent stays in the picture while it holds them.
  await page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    await kinesis.send(new sdk.PutRecordsCommand({ StreamName: 'grow', Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `p${i}`, ExplicitHashKey: String(i * 1000), Data: new Uint8Array([i]) })) }));
  });

  // Every element that animates from now on, by the shard it draws (tag:shard).
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { animated: Set<string> }).animated = seen;
    const look = (): void => {
      for (const a of document.getAnimations()) {
        const t = (a.effect as KeyframeEffect | null)?.target as SVGElement | null;
        if (t?.dataset.shard) seen.add(`${t.tagName}:${t.dataset.shard}`);
      }
      requestAnimationFrame(look);
    };
    look();
  });
  await row(page, 'shardId-000000000000').getByRole('button', { name: 'Split' }).click();
  await expect(page.getByTestId('shard-row')).toHaveCount(4, { timeout: 10_000 });
  // The split is told and drawn: a caption, the children's bands growing out of the parent's range
  // on the ruler, their lanes sliding out of the parent's lane, the parent dropping to the closed row.
  await expect(page.getByTestId('flow-news')).toHaveText('Shard 0 split into shards 2 and 3.');
  await expect.poll(() => page.evaluate(() => [...(window as unknown as { animated: Set<string> }).animated])).toEqual(expect.arrayContaining(
    ['g:shardId-000000000002', 'g:shardId-000000000003', 'rect:shardId-000000000000', 'rect:shardId-000000000002', 'rect:shardId-000000000003']));
  // The picture: the closed parent's lane (dashed) above its two children, joined by lineage links.
  const scene = page.getByTestId('flow-scene');
  await expect(scene.locator('path.link')).toHaveCount(2);
  await expect(scene.locator('g.lane.closed')).toHaveCount(1);
  await scene.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/reshard-picture.png' });
  await expect(page.getByTestId('selected-status')).toHaveText('ACTIVE', { timeout: 10_000 });
  await expect(row(page, 'shardId-000000000000')).toContainText('closed');
  await expect(row(page, 'shardId-000000000002')).toContainText('from 0');

  // Merge the split's two children back together.
  await row(page, 'shardId-000000000002').getByRole('button', { name: 'Merge ↓' }).click();
  await expect(page.getByTestId('shard-row')).toHaveCount(5, { timeout: 10_000 });
  await expect(page.getByTestId('flow-news')).toHaveText('Shards 2 and 3 merged into shard 4.');
  await expect(row(page, 'shardId-000000000004')).toContainText('from 2 + 3');
  await expect(page.getByTestId('selected-status')).toHaveText('ACTIVE', { timeout: 10_000 });

  // UpdateShardCount: 2 open → 4.
  await page.getByRole('spinbutton', { name: 'Open shards' }).fill('4');
  await page.getByRole('button', { name: 'Change shard count' }).click();
  await expect.poll(async () => page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const d = await kinesis.send(new sdk.DescribeStreamSummaryCommand({ StreamName: 'grow' }));
    return `${d.StreamDescriptionSummary?.StreamStatus} ${d.StreamDescriptionSummary?.OpenShardCount}`;
  }), { timeout: 10_000 }).toBe('ACTIVE 4');
  await page.screenshot({ path: 'test-results/reshard-table.png', fullPage: false });

  const lineage = () => page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const { Shards } = await kinesis.send(new sdk.ListShardsCommand({ StreamName: 'grow' }));
    return (Shards ?? []).map((s) => `${s.ShardId}<${s.ParentShardId ?? ''},${s.AdjacentParentShardId ?? ''}>${s.SequenceNumberRange?.EndingSequenceNumber ? 'closed' : 'open'}`);
  });
  const before = await lineage();
  expect(before.filter((s) => s.endsWith('open'))).toHaveLength(4);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Shardlab' })).toBeVisible({ timeout: 20_000 });
  await page.waitForFunction(() => window.shardlab !== undefined);
  expect(await lineage()).toEqual(before);
  // Records still flow into the open shards after the reload.
  const shard = await page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    return (await kinesis.send(new sdk.PutRecordCommand({ StreamName: 'grow', PartitionKey: 'after', Data: new TextEncoder().encode('x') }))).ShardId;
  });
  expect(before).toContainEqual(expect.stringMatching(new RegExp(`^${shard}<.*open$`)));

  // The ruler: click a point on an open shard's band → it splits right there.
  const openBefore = (await lineage()).filter((x) => x.endsWith('open')).length;
  const band = page.getByTestId('ruler-band').first();
  await band.scrollIntoViewIfNeeded();
  const box = (await band.boundingBox())!;
  await band.click({ position: { x: box.width * 0.3, y: box.height / 2 } });
  await expect.poll(async () => (await lineage()).filter((x) => x.endsWith('open')).length, { timeout: 10_000 }).toBe(openBefore + 1);
  // The second child starts where the band was clicked (30 % into the parent's range).
  const split = await page.evaluate(async () => {
    const { kinesis, sdk } = window.shardlab!;
    const { Shards = [] } = await kinesis.send(new sdk.ListShardsCommand({ StreamName: 'grow' }));
    const child = Shards[Shards.length - 1]!;
    const parent = Shards.find((p) => p.ShardId === child.ParentShardId)!;
    const [s, e, k] = [parent.HashKeyRange!.StartingHashKey!, parent.HashKeyRange!.EndingHashKey!, child.HashKeyRange!.StartingHashKey!].map(BigInt);
    return Number(((k! - s!) * 1000n) / (e! - s!)) / 1000;
  });
  expect(split).toBeGreaterThan(0.27);
  expect(split).toBeLessThan(0.33);

  // The ruler's ⋈ handle between the first two open shards merges them.
  await expect(page.getByTestId('selected-status')).toHaveText('ACTIVE', { timeout: 10_000 });
  const joint = page.getByTestId('ruler-merge').first();
  const pair = (await joint.getAttribute('aria-label'))!.match(/Merge (\S+) and (\S+) into/)!;
  await joint.click();
  await expect.poll(async () => (await lineage()).filter((x) => x.endsWith('open')).length, { timeout: 10_000 }).toBe(openBefore);
  expect(await lineage()).toContainEqual(`shardId-${String(Number((await lineage()).length) - 1).padStart(12, '0')}<${pair[1]},${pair[2]}>open`);

  // Capacity mode: on-demand takes the resharding controls away (the service reshards).
  await page.getByRole('button', { name: 'Switch to on-demand' }).click();
  await expect(page.getByTestId('stream-mode')).toContainText('on-demand', { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Change shard count' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Split' })).toHaveCount(0);
  expect(errors).toEqual([]);
});
