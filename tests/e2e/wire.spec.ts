import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// Raw AWS JSON 1.1 requests in the page, through the same requestHandler the SDK client uses:
// the broker's wire validation as Chromium runs it (its base64 check uses the browser's native
// strict decoder, which Node's unit tests cannot exercise).
test('the broker checks base64 blobs in the browser exactly as AWS words it', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.shardlab !== undefined);
  const results = await page.evaluate(async () => {
    const sl = window.shardlab!;
    const { CreateStreamCommand, DescribeStreamSummaryCommand } = sl.sdk;
    await sl.kinesis.send(new CreateStreamCommand({ StreamName: 'wire', ShardCount: 1 }));
    for (;;) {
      const d = await sl.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'wire' }));
      if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const handler = sl.kinesis.config.requestHandler as unknown as {
      handle(req: unknown): Promise<{ response: { statusCode: number; body: Uint8Array } }>;
    };
    const put = async (data: string) => {
      const body = new TextEncoder().encode(JSON.stringify({ StreamName: 'wire', PartitionKey: 'k', Data: data }));
      const { response } = await handler.handle({
        method: 'POST', protocol: 'https:', hostname: 'kinesis.us-east-1.amazonaws.com', path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecord' },
        body,
      });
      return { status: response.statusCode, json: JSON.parse(new TextDecoder().decode(response.body)) as Record<string, string> };
    };
    const long = btoa('x'.repeat(1023));
    const cases = ['AA==', 'AAAA', '', long, 'AA A', 'AA\nA', 'AAAA    ', '-AAA', 'AA_A', 'A=AA', 'AB==', 'AAB=', 'AA=A', long.slice(0, -4) + 'AA%A'];
    const out: Record<string, { status: number; type?: string; message?: string; seq?: boolean }> = {};
    for (const c of cases) {
      const r = await put(c);
      out[c.length > 20 ? `long:${c.slice(-4)}` : c] = r.status === 200
        ? { status: 200, seq: typeof r.json.SequenceNumber === 'string' }
        : { status: r.status, type: r.json.__type, message: r.json.message };
    }
    return out;
  });
  const bad = (shown: string, problem: string) => ({
    status: 400, type: 'SerializationException', message: `'${shown}' can not be converted to a Blob: ${problem}`,
  });
  const ok = { status: 200, seq: true };
  expect(results['AA==']).toEqual(ok);
  expect(results['AAAA']).toEqual(ok);
  expect(results['']).toEqual(ok);
  expect(results[`long:${btoa('x'.repeat(1023)).slice(-4)}`]).toEqual(ok);
  expect(results['AA A']).toEqual(bad('AA A', "Invalid Base64 character: ' '"));
  expect(results['AA\nA']).toEqual(bad('AA\nA', "Invalid Base64 character: '\n'"));
  // Whitespace that leaves a decodable rest (the native decoder skips it): still rejected.
  expect(results['AAAA    ']).toEqual(bad('AAAA    ', "Invalid Base64 character: ' '"));
  expect(results['-AAA']).toEqual(bad('-AAA', "Invalid Base64 character: '-'"));
  expect(results['AA_A']).toEqual(bad('AA_A', "Invalid Base64 character: '_'"));
  expect(results['A=AA']).toEqual(bad('A=AA', "Invalid Base64 character: '='"));
  expect(results['AA=A']).toEqual(bad('AA=A', "Invalid Base64 character: '='"));
  expect(results['AB==']).toEqual(bad('AB==', 'Invalid last non-pad Base64 character dectected'));
  expect(results['AAB=']).toEqual(bad('AAB=', 'Invalid last non-pad Base64 character dectected'));
  const longBad = results['long:AA%A'];
  expect(longBad?.type).toBe('SerializationException');
  expect(longBad?.message).toMatch(/: Invalid Base64 character: '%'$/);
});

test('a script looping on calls answered at once does not freeze the page: the virtual clock keeps running', async ({ page }) => {
  await openApp(page);
  await page.waitForFunction(() => window.shardlab !== undefined);
  const moved = await page.evaluate(async () => {
    const { kinesis, sdk, clock } = window.shardlab!;
    clock.speed(1);
    const t0 = clock.now();
    const until = performance.now() + 1500;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 100);
    // Each answer is immediate (no stream: ResourceNotFoundException), awaited back to back.
    while (performance.now() < until) {
      await kinesis.send(new sdk.DescribeStreamSummaryCommand({ StreamName: 'nope' })).catch(() => undefined);
    }
    clearInterval(timer);
    return { virtual: clock.now() - t0, ticks };
  });
  // Timers ran meanwhile, and virtual time followed real time (≈ 1.5 s at 1×).
  expect(moved.ticks).toBeGreaterThanOrEqual(10);
  expect(moved.virtual).toBeGreaterThan(1000);
});
