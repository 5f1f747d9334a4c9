/**
 * The first working screen, used the way a learner would: create a stream, produce and consume
 * through the panels, watch the shard table, hit the limits, make mistakes — and never see a
 * blank page, a console error, or markup from a record's data turned into elements.
 */
import { expect, test, type Page } from '@playwright/test';
import { createStreamInUi, openApp } from './helpers';

const XSS = '<img src=x onerror=alert(1)>';

interface Watch {
  readonly errors: string[];
  readonly dialogs: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { errors: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('dialog', (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  return w;
}

const open = (page: Page) => openApp(page);
const createStream = createStreamInUi;

const rate = (page: Page) => page.getByRole('spinbutton', { name: /Records per second/ });

const num = async (page: Page, testId: string): Promise<number> =>
  Number((await page.getByTestId(testId).first().innerText()).replace(/[^\d]/g, ''));

test('create a stream, produce and consume through the UI, see the shard table move, and a duplicate name fail', async ({ page }) => {
  const w = watch(page);
  await open(page);
  await expect(page.getByText('Create a stream to begin')).toBeVisible();
  await page.screenshot({ path: 'test-results/empty-screen.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/empty-screen-1920.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  await createStream(page, 'demo', 2);
  await expect(page.getByTestId('shard-row')).toHaveCount(2);
  await expect(page.getByTestId('limits-badge')).toHaveText('limits ON');

  await rate(page).fill('200');
  await page.getByRole('button', { name: 'Start producer' }).click();
  await page.getByRole('button', { name: 'Start consumer' }).click();

  await expect(page.getByTestId('consumer-record').first()).toBeVisible({ timeout: 10_000 });
  await expect.poll(() => num(page, 'consumer-received'), { timeout: 10_000 }).toBeGreaterThan(50);
  await expect.poll(() => num(page, 'producer-acked')).toBeGreaterThan(100);
  // The shard table's write rate becomes non-zero (meters carry the value for assistive tech too).
  await expect.poll(async () => {
    const values = await page.getByRole('meter', { name: /Write records per second/ }).evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-valuenow'))));
    return values.reduce((a, b) => a + b, 0);
  }, { timeout: 10_000 }).toBeGreaterThan(50);
  // Iterator age appears once the consumer has polled.
  await expect(page.getByText(/Behind latest/)).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/first-screen.png' });
  await page.screenshot({ path: 'test-results/first-screen-full.png', fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/first-screen-1920.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The same name again: AWS's own error, word for word, in the message area.
  await page.getByLabel('Stream name').fill('demo');
  await page.getByRole('button', { name: 'Create stream' }).click();
  const msg = page.getByTestId('message').filter({ hasText: 'ResourceInUseException' });
  await expect(msg).toContainText('ResourceInUseException: Stream demo under account 123456789012 already exists.');
  await msg.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(msg).toHaveCount(0);

  await page.getByRole('button', { name: 'Stop producer' }).click();
  await page.getByRole('button', { name: 'Stop consumer' }).click();
  expect(w.errors).toEqual([]);
  expect(w.dialogs).toEqual([]);
});

test('a producer above the shard limit shows throttled records', async ({ page }) => {
  const w = watch(page);
  await open(page);
  await createStream(page, 'hot', 1);
  await rate(page).fill('3000');
  await page.getByRole('button', { name: 'Start producer' }).click();
  await expect.poll(() => num(page, 'producer-throttled'), { timeout: 10_000 }).toBeGreaterThan(500);
  await expect.poll(() => num(page, 'write-throttled'), { timeout: 10_000 }).toBeGreaterThan(500);
  await expect(page.getByText(/throttled$/).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/throttled.png' });
  await page.getByRole('button', { name: 'Stop producer' }).click();

  // Limits off (the shardlab:limits tag) is visible and stops the throttling.
  await page.getByRole('button', { name: 'Turn limits off' }).click();
  await expect(page.getByTestId('limits-badge')).toHaveText('limits OFF');
  await expect(page.getByTestId('stream-card').getByText('limits OFF')).toBeVisible();
  expect(w.errors).toEqual([]);
});

test('record data is always text: markup in a record shows as characters, in the consumer and the browser', async ({ page }) => {
  const w = watch(page);
  await open(page);
  await createStream(page, 'xss', 1);
  await rate(page).fill('20');
  await page.getByLabel('Payload (JSON template)').fill(XSS);
  await expect(page.getByTestId('producer-preview')).toHaveText(XSS);
  await page.getByRole('button', { name: 'Start producer' }).click();
  await page.getByRole('button', { name: 'Start consumer' }).click();
  await expect(page.getByTestId('consumer-record').first()).toContainText(XSS, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Stop producer' }).click();

  await page.getByRole('button', { name: 'Show records' }).click();
  const row = page.getByTestId('browser-record').first();
  await expect(row).toContainText(XSS);
  await page.getByRole('group', { name: 'Show data as' }).getByRole('button', { name: 'JSON' }).click();
  await expect(row).toContainText('not JSON — shown as text');
  await expect(row).toContainText(XSS);
  await page.getByRole('group', { name: 'Show data as' }).getByRole('button', { name: 'Hex' }).click();
  await expect(row).toContainText('3c 69 6d 67 20 73 72 63');
  await page.screenshot({ path: 'test-results/xss-as-text.png', fullPage: true });

  expect(await page.locator('img').count()).toBe(0);
  expect(w.dialogs).toEqual([]);
  expect(w.errors).toEqual([]);
});

test('a new stream stays CREATING while the clock is paused; deleting it under a running producer and consumer leaves a working page', async ({ page }) => {
  const w = watch(page);
  await open(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByLabel('Stream name').fill('gone');
  await page.getByLabel('Retention (hours)').fill('48');
  await page.getByRole('button', { name: 'Create stream' }).click();
  await expect(page.getByTestId('selected-status')).toHaveText('CREATING');
  await expect(page.getByText('(→ 48 h once ACTIVE)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start producer' })).toBeDisabled();
  await page.getByRole('button', { name: /^Step/ }).click();
  await expect(page.getByTestId('selected-status')).toHaveText('ACTIVE');
  // IncreaseStreamRetentionPeriod, sent once the stream is ACTIVE.
  await expect(page.getByTestId('stream-card')).toContainText('48 h');
  await page.getByRole('button', { name: 'Play' }).click();

  await page.getByRole('button', { name: 'Start producer' }).click();
  await page.getByRole('button', { name: 'Start consumer' }).click();
  await expect.poll(() => num(page, 'consumer-received'), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Delete stream…' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('heading', { name: 'Create a stream to begin' })).toBeVisible({ timeout: 10_000 });
  // The producer and consumer learn it from AWS's own error and stop, saying so.
  await expect(page.getByTestId('message').filter({ hasText: 'ResourceNotFoundException' }).first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('heading', { name: 'Shardlab' })).toBeVisible();
  await page.screenshot({ path: 'test-results/after-delete.png' });
  expect(w.errors).toEqual([]);
});

test('an iterator idle for over 5 virtual minutes expires; the consumer says so and re-acquires it', async ({ page }) => {
  const w = watch(page);
  await open(page);
  await createStream(page, 'idle', 1);
  await rate(page).fill('10');
  await page.getByRole('button', { name: 'Start producer' }).click();
  // Polling every 5 min 10 s (virtual): each iterator is older than the 5 minutes AWS allows.
  await page.getByRole('spinbutton', { name: 'Poll every (virtual ms)' }).fill('310000');
  await page.getByRole('button', { name: 'Start consumer' }).click();
  await page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '100×' }).click();
  const events = page.getByRole('list', { name: 'Consumer events' });
  await expect(events).toContainText('ExpiredIteratorException', { timeout: 15_000 });
  await expect(events).toContainText('Re-acquiring an iterator');
  // …and reading goes on at once with the new iterator.
  await expect.poll(() => num(page, 'consumer-received'), { timeout: 5_000 }).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Stop consumer' }).click();
  await page.getByRole('button', { name: 'Stop producer' }).click();
  expect(w.errors).toEqual([]);
});

test('keyboard: space pauses and plays, → steps one virtual second, + and − change speed', async ({ page }) => {
  const w = watch(page);
  await open(page);
  await page.locator('body').press(' ');
  await expect(page.getByText('PAUSED', { exact: true })).toBeVisible();
  const before = await page.getByTestId('virtual-clock').innerText();
  await page.locator('body').press('ArrowRight');
  await expect(page.getByTestId('virtual-clock')).not.toHaveText(before);
  await page.locator('body').press('+');
  await expect(page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '2×' })).toHaveAttribute('aria-pressed', 'true');
  await page.locator('body').press('-');
  await page.locator('body').press('-');
  await expect(page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '0.25×' })).toHaveAttribute('aria-pressed', 'true');
  // Typing in a field never drives the clock.
  await page.getByLabel('Stream name').press('+');
  await expect(page.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '0.25×' })).toHaveAttribute('aria-pressed', 'true');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(' ');
  await expect(page.getByText('PAUSED', { exact: true })).toHaveCount(0);
  expect(w.errors).toEqual([]);
});
