/**
 * Firehose to HTTP endpoints through the UI, as a learner does it:
 *
 * 1. A delivery stream to the learner's own endpoint — here a real `http.createServer` started by
 *    the test on 127.0.0.1 (Shardlab accepts plain http to loopback). Decision: a real server, not
 *    `page.route` interception: the delivery stream's worker really fetches it, so the CORS
 *    preflight for the X-Amz-Firehose-* headers, the network stack and the exact bytes on the
 *    wire are all exercised (and `page.route` does not reliably see a dedicated worker's
 *    requests). The endpoint fails the first request (500); Firehose retries the same batch with
 *    the same request id and it is delivered.
 * 2. A delivery stream to the simulated Datadog (prefilled URL and API key): the endpoint is told
 *    to fail once from the receivers panel, then shows the logs that arrived.
 *
 * Screenshots in test-results/ (firehose-http-endpoint.png, firehose-receivers.png).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './helpers';

interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly body: { requestId: string; timestamp: number; records: { data: string }[] };
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST',
  'Access-Control-Allow-Headers': 'content-type, x-amz-firehose-protocol-version, x-amz-firehose-request-id, x-amz-firehose-source-arn, x-amz-firehose-access-key, x-amz-firehose-common-attributes',
};

/** The learner's endpoint: answers the Firehose protocol, failing the first request with 500. */
async function learnersEndpoint(): Promise<{ server: Server; url: string; seen: Seen[]; preflights: () => number }> {
  const seen: Seen[] = [];
  let preflights = 0;
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      preflights++;
      res.writeHead(204, CORS).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Seen['body'];
      seen.push({ headers: req.headers, body });
      const fail = seen.length === 1;
      res.writeHead(fail ? 500 : 200, { ...CORS, 'Content-Type': 'application/json' })
        .end(JSON.stringify({ requestId: body.requestId, timestamp: Date.now(), ...(fail ? { errorMessage: 'warming up, try again' } : {}) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/firehose`, seen, preflights: () => preflights };
}

const step = async (page: Page, ms: number) => {
  for (let t = 0; t < ms; t += 500) await page.evaluate(() => window.shardlab!.clock.step(500));
};
/** Steps the paused clock until the delivery stream, once listed, is ACTIVE (the create may land after a first step). */
const activate = async (page: Page, row: Locator): Promise<void> => {
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await expect.poll(async () => { await step(page, 500); return row.getByTestId('delivery-status').textContent(); }, { timeout: 15_000 }).toBe('ACTIVE');
};
const fh = (page: Page) => page.getByTestId('firehose');
const form = (page: Page) => fh(page).getByRole('form', { name: 'Create a delivery stream' });

test('Firehose → an HTTP endpoint (a real server: one failure, then the retry with the same request id) and → the simulated Datadog', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const ep = await learnersEndpoint();
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openApp(page, '/#firehose');
    await page.evaluate(() => window.shardlab!.clock.pause());

    // 1. The learner's endpoint.
    await form(page).getByLabel('Delivery stream name').fill('to-my-endpoint');
    await form(page).getByLabel('Destination').selectOption({ label: 'HTTP endpoint' });
    await form(page).getByLabel('Endpoint URL').fill(ep.url);
    await form(page).getByLabel('Access key (optional)').fill('classroom-key');
    await form(page).getByLabel('Buffer interval (s)').fill('0');
    await form(page).getByRole('button', { name: 'Create delivery stream' }).click();
    const mine = page.getByTestId('delivery-stream').filter({ hasText: 'to-my-endpoint' });
    await activate(page, mine);

    await mine.getByRole('button', { name: 'Send 100 test records' }).click();
    await expect.poll(() => ep.seen.length, { timeout: 10_000 }).toBe(1);
    const first = ep.seen[0]!;
    expect(first.headers).toMatchObject({
      'content-type': 'application/json',
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-request-id': first.body.requestId,
      'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/to-my-endpoint',
      'x-amz-firehose-access-key': 'classroom-key',
      'x-amz-firehose-common-attributes': '{"commonAttributes":{}}',
    });
    expect(ep.preflights()).toBeGreaterThan(0); // the browser asked, as it must for X-Amz-Firehose-* headers
    const records = first.body.records.map((r) => JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as { id: number; ticker: string });
    expect(records).toHaveLength(100);
    expect(records[3]).toMatchObject({ id: 3, ticker: 'NVDA' });

    // The picture: 100 records waiting for a retry, the endpoint's error as the last failure.
    const flow = page.locator('[data-testid="firehose-flow"][data-stream="to-my-endpoint"]');
    await expect(flow.getByTestId('firehose-endpoint-retrying')).toContainText('↻ 100 to retry', { timeout: 10_000 });
    await expect(mine.locator('.failure')).toContainText('HttpEndpoint.DestinationException');
    await expect(mine.locator('.failure')).toContainText('warming up, try again');
    await mine.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/firehose-http-retrying.png' });

    // The retry comes ~1 s (virtual) later: the same batch, the same request id.
    await step(page, 2000);
    await expect.poll(() => ep.seen.length, { timeout: 10_000 }).toBe(2);
    expect(ep.seen[1]!.body.requestId).toBe(first.body.requestId);
    expect(ep.seen[1]!.headers['x-amz-firehose-request-id']).toBe(first.body.requestId);
    expect(ep.seen[1]!.body.records).toEqual(first.body.records);
    await expect(flow.getByTestId('firehose-endpoint-delivered')).toHaveText('✓ 100 delivered', { timeout: 10_000 });
    await expect(flow.getByTestId('firehose-endpoint-retrying')).toHaveText('↻ none waiting');
    await expect(mine.locator('.failure')).toHaveCount(0); // delivered: the failure is history (the receivers' log keeps it)
    await page.screenshot({ path: 'test-results/firehose-http-endpoint.png' });

    // 2. The simulated Datadog: prefilled intake URL and an API key it accepts.
    await fh(page).getByRole('button', { name: 'New delivery stream' }).click();
    await form(page).getByLabel('Delivery stream name').fill('to-datadog');
    await form(page).getByLabel('Destination').selectOption({ label: 'Datadog' });
    await expect(form(page).getByLabel('Datadog site')).toHaveValue('https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input');
    await form(page).getByLabel('Buffer interval (s)').fill('0');
    await form(page).screenshot({ path: 'test-results/firehose-http-form.png' });
    await form(page).getByRole('button', { name: 'Create delivery stream' }).click();
    const dd = page.getByTestId('delivery-stream').filter({ hasText: 'to-datadog' });
    await activate(page, dd);

    // The receivers panel lists Datadog before anything arrived; make it fail once.
    const card = page.getByTestId('receiver').filter({ hasText: 'Datadog' });
    await expect(card).toBeVisible({ timeout: 10_000 });
    await card.getByLabel('Failure').selectOption({ label: '503 unavailable' });
    await card.getByRole('button', { name: 'Fail them' }).click();
    await expect(card.getByTestId('receiver-pending-failures')).toContainText('1 to fail (503)');

    await dd.getByRole('button', { name: 'Send 100 test records' }).click();
    await expect(card.getByTestId('receiver-log')).toContainText('503 · failed on purpose', { timeout: 10_000 });
    await step(page, 2000);
    await expect(card.getByTestId('receiver-received')).toHaveText('100', { timeout: 10_000 });
    const log = card.getByTestId('receiver-log').locator('li');
    await expect(log).toHaveCount(2);
    const ids = await log.locator('code.id').allTextContents();
    expect(ids[0]).toBe(ids[1]); // the retry kept its request id
    const items = card.getByTestId('receiver-items').locator('li');
    await expect(items.first()).toContainText('firehose · INFO');
    await expect(items.first()).toContainText('"ticker":"');
    await expect(items.first()).toContainText('env:classroom');
    const ddFlow = page.locator('[data-testid="firehose-flow"][data-stream="to-datadog"]');
    await expect(ddFlow.getByTestId('firehose-endpoint')).toHaveAttribute('data-vendor', 'datadog');
    await expect(ddFlow.getByTestId('firehose-endpoint-delivered')).toHaveText('✓ 100 delivered');

    await dd.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/firehose-datadog-flow.png' });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/firehose-receivers.png' });
    expect(errors).toEqual([]);
  } finally {
    ep.server.closeAllConnections();
    ep.server.close();
  }
});
