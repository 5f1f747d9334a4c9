/**
 * The living picture in the real app: records flowing as particles, throttled ones bouncing,
 * pause freezing the picture, following one record from a click.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { createStreamInUi, openApp } from './helpers';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const open = (page: Page) => openApp(page);
const createStream = createStreamInUi;

/** Canvas pixels painted in a partition-key colour (particles), as CSS px offsets. */
async function particlePixels(page: Page): Promise<{ x: number; y: number }[]> {
  return page.getByTestId('flow-canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    const palette = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#D55E00', '#CC79A7'].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const scale = c.width / c.clientWidth;
    const out: { x: number; y: number }[] = [];
    for (let y = 0; y < height; y += 2) {
      for (let x = 0; x < width; x += 2) {
        const o = (y * width + x) * 4;
        if (palette.some(([r, g, b]) => data[o] === r && data[o + 1] === g && data[o + 2] === b && data[o + 3] === 255)) out.push({ x: x / scale, y: y / scale });
      }
    }
    return out;
  });
}

test('records flow as particles; pause freezes the picture; a clicked record shows its path and its readers', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.setViewportSize({ width: 1600, height: 1000 });
  await open(page);
  await createStream(page, 'picture', 4);
  await page.getByRole('spinbutton', { name: /Records per second/ }).fill('40');
  await page.getByRole('button', { name: 'Start producer' }).click();
  await page.getByRole('button', { name: 'Start consumer' }).click();
  const canvas = page.getByTestId('flow-canvas');
  await expect.poll(async () => (await particlePixels(page)).length, { timeout: 10_000 }).toBeGreaterThan(20);
  await canvas.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/picture-flowing.png' });

  // Pause: the picture stops moving.
  await page.getByRole('button', { name: /Pause/ }).click();
  await page.waitForTimeout(300);
  const frozen = await particlePixels(page);
  await page.waitForTimeout(500);
  expect(await particlePixels(page)).toEqual(frozen);

  // Click a particle: the record's path appears.
  const target = frozen[Math.floor(frozen.length / 2)]!;
  await canvas.click({ position: { x: target.x + 1, y: target.y + 1 } });
  const follow = page.getByTestId('follow-record');
  await expect(follow.getByTestId('follow-key')).toHaveText(/.+/);
  await expect(follow.getByTestId('follow-md5')).toHaveText(/^[0-9a-f]{32}$/);
  await expect(follow.getByTestId('follow-seq')).toHaveText(/^\d{56}$/);
  await expect(follow.getByTestId('follow-shard')).toHaveText(/^shardId-00000000000[0-3]$/);
  // The routing facts agree with each other: the hash key is the MD5 read as a number.
  const md5 = await follow.getByTestId('follow-md5').innerText();
  expect(await follow.getByTestId('follow-hash').innerText()).toBe(BigInt('0x' + md5).toString());
  await page.getByRole('button', { name: /Play/ }).click();
  await expect(follow.getByTestId('follow-readers')).toContainText('reader-', { timeout: 10_000 });
  await follow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/picture-follow.png' });
  // The cost meter prices this stream, and the same load in the other capacity mode.
  await expect(page.getByTestId('cost-per-month')).toHaveText(/^\$\d/);
  await expect(page.getByTestId('cost-other-mode')).toContainText(/\$[\d.]+\s*per month for the same load on-demand/);
  expect(errors).toEqual([]);
});

test('presenter mode and reduced motion at 1280×720; axe finds no serious violations', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page);
  await createStream(page, 'classroom', 3);
  // One hot key at 1,500 records/s: its shard is over the 1,000/s limit and throttles.
  await page.getByRole('spinbutton', { name: /Records per second/ }).fill('1500');
  await page.getByLabel('Key strategy').selectOption('hot');
  await page.getByRole('button', { name: 'Start producer' }).click();
  await expect(page.getByTestId('flow-canvas')).toBeVisible();

  await page.getByRole('button', { name: 'Presenter' }).click();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('22px');
  await page.getByTestId('flow-canvas').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('ruler-summary')).toContainText(/gets (9\d|100) % of records \(key "hot-key"\)/, { timeout: 10_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'test-results/picture-presenter-720.png' });
  await page.getByTestId('hash-ruler').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/picture-throttling-ruler.png' });

  await page.getByRole('button', { name: 'Reduce motion' }).click();
  await expect(page.getByTestId('flow-table')).toBeVisible();
  await expect(page.getByTestId('flow-canvas')).toBeHidden();
  // The hot shard's row shows it throttling (whichever shard the key's MD5 picked).
  await expect.poll(async () => {
    const cells = await page.getByTestId('flow-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
    return Math.max(...cells.map(Number));
  }, { timeout: 10_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/picture-reduced-motion.png' });
  // The choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('flow-table')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('html')).toHaveClass(/presenter/);

  // axe, from the axe-core package, in the page.
  await page.addScriptTag({ path: axePath });
  const serious = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(serious).toEqual([]);
});

test('the system\'s prefers-reduced-motion is honoured', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await open(page);
  await createStream(page, 'calm', 1);
  await expect(page.getByTestId('flow-table')).toBeVisible();
  await context.close();
});

test('the timeline scrubs back to a throttling moment: the picture shows it, then returns to live', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/?motion=reduced'); // the live table shows the same rates the lanes draw
  await expect(page.getByRole('heading', { name: 'Shardlab' })).toBeVisible({ timeout: 20_000 });
  await createStream(page, 'history', 1);
  // Over the shard's 1,000 records/s for a few virtual seconds, then stop.
  await page.getByRole('spinbutton', { name: /Records per second/ }).fill('1500');
  await page.getByRole('button', { name: 'Start producer' }).click();
  const row = page.getByTestId('flow-table').locator('tbody tr').first();
  await expect.poll(async () => Number(await row.locator('td').nth(2).innerText()), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(2000);
  await page.getByRole('button', { name: 'Stop producer' }).click();
  await expect.poll(async () => Number(await row.locator('td').nth(1).innerText()), { timeout: 10_000 }).toBe(0);

  // Drag the timeline back step by step until the table shows throttling again.
  const range = page.getByTestId('timeline-range');
  await range.focus();
  let found = false;
  for (let i = 0; i < 30 && !found; i++) {
    await page.keyboard.press('ArrowLeft');
    found = Number(await row.locator('td').nth(2).innerText()) > 0;
  }
  expect(found).toBe(true);
  await expect(page.getByTestId('timeline-moment')).toContainText('s ago');
  expect(Number(await row.locator('td').nth(1).innerText())).toBeGreaterThan(0); // live, it is 0 (stopped)
  await page.screenshot({ path: 'test-results/picture-scrubbed.png' });
  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByTestId('timeline-moment')).toHaveCount(0);
  expect(Number(await row.locator('td').nth(2).innerText())).toBe(0);
});

test('hovering a key on the ruler explains it; a record from the browser can be followed; pause freezes counters and step moves one tick', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await open(page);
  await createStream(page, 'ruler', 4);
  await page.getByRole('spinbutton', { name: /Records per second/ }).fill('50');
  await page.getByLabel('Key strategy').selectOption('hot');
  await page.getByRole('button', { name: 'Start producer' }).click();

  // The hot key's dot: hover → its MD5, hash key and shard, agreeing with each other.
  await expect(page.getByTestId('ruler-key').first()).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('ruler-key').first().hover();
  const tip = page.getByTestId('ruler-tooltip');
  await expect(tip).toBeVisible();
  const text = await tip.innerText();
  const md5 = /[0-9a-f]{32}/.exec(text)?.[0];
  expect(md5).toBeDefined();
  expect(text).toContain(BigInt('0x' + md5!).toString());
  expect(text).toMatch(/shardId-00000000000[0-3]/);

  // Pause: counters stop; Step: exactly one tick (1 virtual second).
  await page.getByRole('button', { name: /Pause/ }).click();
  const clock = page.getByTestId('virtual-clock');
  const before = await page.evaluate(() => window.shardlab!.clock.now());
  // Requests already in flight when the clock stopped still land (and are counted): wait until
  // the counter stops changing, then check it stays put.
  const sentText = () => page.getByText(/^sent$/).locator('..').innerText();
  let sent = await sentText();
  await expect.poll(async () => { const prev = sent; sent = await sentText(); return sent === prev; }, { intervals: [300] }).toBe(true);
  await page.waitForTimeout(800);
  expect(await page.evaluate(() => window.shardlab!.clock.now())).toBe(before);
  expect(await page.getByText(/^sent$/).locator('..').innerText()).toBe(sent);
  await page.getByRole('button', { name: /Step/ }).click();
  await expect.poll(() => page.evaluate(() => window.shardlab!.clock.now())).toBe(before + 1000);
  await expect(clock).toBeVisible();
  await page.getByRole('button', { name: /Play/ }).click();

  // The record browser's "follow" shows that record's path in the picture.
  await page.getByRole('button', { name: 'Show records' }).click();
  const row = page.getByTestId('browser-record').first();
  await expect(row).toBeVisible({ timeout: 10_000 });
  const seqTitle = await row.locator('code').first().getAttribute('title');
  const key = await row.locator('td.key').innerText();
  await row.getByRole('button', { name: 'follow' }).click();
  await expect(page.getByTestId('follow-seq')).toHaveText(seqTitle!);
  await expect(page.getByTestId('follow-key')).toHaveText(key);
});
