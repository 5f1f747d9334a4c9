/**
 * The code sandbox through the UI: a producer written with the real AWS SDK v3 in the editor
 * writes records into the simulation; a script cannot open the app's IndexedDB nor reach
 * `parent.document`; `while (true) {}` is stopped within ~2 s and the page stays responsive; an
 * error names its line. Screenshot looked at.
 */
import { expect, test } from '@playwright/test';
import { createStreamsViaSdk, openApp } from './helpers';

test('SDK producer code from the editor writes records; isolation holds; a runaway loop is stopped and the page stays responsive', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1100 });
  await openApp(page);
  await createStreamsViaSdk(page, { sensors: 2 });
  await page.getByRole('tab', { name: 'Producers & consumers' }).click();
  const sc = page.getByTestId('scripts');
  const editor = sc.getByRole('textbox', { name: 'Script code' });

  // The producer example: real SDK calls from the sandbox into the simulation.
  await editor.fill(`import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
const kinesis = new KinesisClient({ region: 'us-east-1' });
const out = await kinesis.send(new PutRecordsCommand({ StreamName: 'sensors', Records: Array.from({ length: 25 }, (_, i) => ({ PartitionKey: 'k' + i, Data: new TextEncoder().encode('r' + i) })) }));
console.log('put', out.Records.length - out.FailedRecordCount, 'shards', [...new Set(out.Records.map((r) => r.ShardId))].sort().join(','));`);
  await sc.getByTestId('script-run').click();
  await expect(sc.getByTestId('script-status')).toHaveText('finished', { timeout: 15_000 });
  await expect(sc.getByTestId('script-console')).toContainText('put 25 shards shardId-000000000000,shardId-000000000001');
  const stored = await page.evaluate(() => window.shardlab!.snapshot()[0]!.shards.reduce((a, s) => a + s.records, 0));
  expect(stored).toBe(25);

  // An SDK error arrives as the SDK's exception class.
  await editor.fill(`import { KinesisClient, DescribeStreamCommand, ResourceNotFoundException } from '@aws-sdk/client-kinesis';
try { await new KinesisClient({}).send(new DescribeStreamCommand({ StreamName: 'nope' })); }
catch (e) { console.log(e instanceof ResourceNotFoundException, e.name, e.message); }`);
  await sc.getByTestId('script-run').click();
  await expect(sc.getByTestId('script-console')).toContainText('true ResourceNotFoundException Stream nope under account 123456789012 not found.', { timeout: 15_000 });

  // Isolation: no IndexedDB of the app, no parent document.
  await editor.fill(`try { indexedDB.open('shardlab-control'); console.log('IDB opened'); } catch (e) { console.log('IDB refused:', e.name); }
try { console.log(parent.document.title); } catch (e) { console.log('parent refused:', e.name); }`);
  await sc.getByTestId('script-run').click();
  await expect(sc.getByTestId('script-status')).toHaveText('finished', { timeout: 15_000 });
  const lines = await sc.getByTestId('script-console').locator('li').allTextContents();
  expect(lines.join('\n')).toMatch(/IDB refused: (SecurityError|ReferenceError|TypeError)/);
  expect(lines.join('\n')).toMatch(/parent refused: (ReferenceError|SecurityError|TypeError)/);
  expect(lines.join('\n')).not.toContain('IDB opened');

  // A loop that never yields: stopped within ~2 s; meanwhile the page answers.
  await editor.fill('let n = 0;\nwhile (true) { n++; }');
  const started = Date.now();
  await sc.getByTestId('script-run').click();
  await expect(sc.getByTestId('script-status')).toHaveText('running');
  const clockBefore = await page.evaluate(() => window.shardlab!.clock.now());
  await page.getByRole('button', { name: /Pause|Play/ }).first().click(); // the UI still reacts
  await page.getByRole('button', { name: /Pause|Play/ }).first().click();
  await expect(sc.getByTestId('script-status')).toHaveText('failed', { timeout: 6000 });
  expect(Date.now() - started).toBeLessThan(4500);
  await expect(sc.getByTestId('script-error')).toContainText('did not yield for 2 s');
  expect(await page.evaluate(() => window.shardlab!.clock.now())).toBeGreaterThan(clockBefore); // the clock kept running

  // An error thrown by the script names its line, marked in the editor.
  await editor.fill('const a = 1;\nconst b = 2;\nnull.boom();');
  await sc.getByTestId('script-run').click();
  await expect(sc.getByTestId('editor-problem')).toContainText('Line 3', { timeout: 15_000 });
  await sc.screenshot({ path: 'test-results/scripts-panel.png' });
  expect(errors).toEqual([]);
});

test('the examples for the generator, the KPL, the KCL, enhanced fan-out and the Agent run as shipped and do what they say', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  await createStreamsViaSdk(page, { demo: 1 });
  await page.getByRole('tab', { name: 'Producers & consumers' }).click();
  const sc = page.getByTestId('scripts');
  const stored = (): Promise<number> => page.evaluate(() => window.shardlab!.snapshot()[0]!.shards.reduce((a, s) => a + s.records, 0));
  const run = async (example: string, expected: RegExp): Promise<void> => {
    await sc.getByTestId('script-example').selectOption(example);
    await sc.getByTestId('script-run').click();
    await expect(sc.getByTestId('script-status')).not.toHaveText('running', { timeout: 30_000 });
    await expect(sc.getByTestId('editor-problem'), `${example} failed`).toHaveCount(0);
    await expect(sc.getByTestId('script-status')).toHaveText('finished');
    await expect(sc.getByTestId('script-console')).toContainText(expected);
  };
  await run('generator', /generated 125 events/);
  expect(await stored()).toBe(125);
  await run('kpl', /all 1,?500 records put after [2-9] attempts/); // the hot shard refused some; each was put again
  expect(await stored()).toBe(1625);
  await run('agent', /skipped \(does not match\): this line is not an access log line[\s\S]*sent 2 records/);
  expect(await stored()).toBe(1627);
  // Two GetRecords of up to 1,000 records; the checkpoint advances after each batch.
  await run('kcl', /shardId-000000000000: 1000 records, checkpoint …\d{8}[\s\S]*shardId-000000000000: 627 records, checkpoint …\d{8}/);
  // Enhanced fan-out: every record pushed over SubscribeToShard; the abort ends the subscription, the consumer is deregistered.
  await run('efo', /consumer ACTIVE[\s\S]*1627 records in \d+ events from shardId-000000000000[\s\S]*consumer deregistered/);
  // Deregistered: DELETING, then gone.
  await expect.poll(() => page.evaluate(async () => {
    const { ListStreamConsumersCommand, DescribeStreamSummaryCommand } = window.shardlab!.sdk;
    const { StreamDescriptionSummary } = await window.shardlab!.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'demo' }));
    return ((await window.shardlab!.kinesis.send(new ListStreamConsumersCommand({ StreamARN: StreamDescriptionSummary!.StreamARN }))).Consumers ?? []).length;
  }), { timeout: 15_000 }).toBe(0);
  expect(errors).toEqual([]);
});
