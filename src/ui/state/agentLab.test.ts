/**
 * The Kinesis Agent lab against an in-memory simulation on a manual clock, through the real AWS
 * SDK client: access-log lines arrive in the stream as LOGTOJSON's JSON, a lab rebuilt from the
 * saved state (IndexedDB via fake-indexeddb, and the memory store) resumes from its checkpoints
 * without loss or duplication, and agent.json problems come with line and column.
 */
import 'fake-indexeddb/auto';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost } from '../../broker/memoryHost';
import type { SimulationHost } from '../../broker/host';
import { AgentLab } from './agentLab.svelte';
import { checkConfig, locateJsonPath } from './agentConfigCheck';
import { CONFIG_TEMPLATES, defaultConfig } from './agentTemplates';
import { memoryAgentStore, openAgentStore, type AgentStore } from './agentPersist';
import { Messages } from './messages.svelte';
import { activeStream, readAll as readAllRecords } from './hostTesting';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const ACCESS = '/var/log/httpd/access_log';

/** Every record of the stream, as text, in order (one shard). */
const readAll = async (host: SimulationHost, StreamName: string): Promise<string[]> =>
  (await readAllRecords(host, StreamName)).map((r) => new TextDecoder().decode(r.Data));

function setup(): { host: SimulationHost; messages: Messages } {
  const host = createMemoryHost({ clock: 'manual' });
  cleanups.push(() => host.close());
  return { host, messages: new Messages() };
}

function newLab(host: SimulationHost, messages: Messages, opts: ConstructorParameters<typeof AgentLab>[2] = {}): AgentLab {
  const lab = new AgentLab(host, messages, { tickMs: 0, stream: 'weblogs', ...opts });
  cleanups.push(() => lab.dispose());
  return lab;
}



/** Steps the manual clock `ms` in `step` slices, ticking the lab after each. */
async function run(host: SimulationHost, lab: AgentLab, ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    host.clock.step(step);
    await lab.tick();
  }
}

const lineCount = (lab: AgentLab, prefix: string): number =>
  lab.files.filter((f) => f.path.startsWith(prefix)).reduce((n, f) => n + lab.read(f.path).split('\n').filter(Boolean).length, 0);

describe('tailing the access log', () => {
  it('lines appended to the access log arrive in the stream as JSON (LOGTOJSON COMBINEDAPACHELOG); a line that does not parse is skipped', async () => {
    const { host, messages } = setup();
    await activeStream(host, 'weblogs');
    const lab = newLab(host, messages);
    lab.setSource(ACCESS, { growing: false });
    expect(lab.start()).toBe(true);
    await lab.tick(); // END_OF_FILE: the agent starts after what the file holds
    lab.append(ACCESS, '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /x HTTP/1.1" 200 6291 "-" "curl/8.0"');
    lab.append(ACCESS, 'not an access log line');
    lab.append(ACCESS, '10.0.0.2 - alice [07/Mar/2004:16:10:03 -0800] "POST /cart HTTP/1.1" 500 12 "https://example.com/" "Mozilla/5.0"');
    await run(host, lab, 3000);
    expect(await readAll(host, 'weblogs')).toEqual([]); // maxBufferAgeMillis 5000 in the default agent.json
    await run(host, lab, 3000);
    const records = (await readAll(host, 'weblogs')).map((t) => JSON.parse(t) as Record<string, unknown>);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ host: '64.242.88.10', ident: null, authuser: null, datetime: '07/Mar/2004:16:10:02 -0800', request: 'GET /x HTTP/1.1', response: '200', bytes: '6291', agent: 'curl/8.0' });
    expect(records[1]).toMatchObject({ host: '10.0.0.2', authuser: 'alice', response: '500', referer: 'https://example.com/' });
    // What the panel shows: the last records as sent, newest first; the agent's counters; the checkpoint at the end of the file.
    expect(lab.recent.map((r) => JSON.parse(r.text).host)).toEqual(['10.0.0.2', '64.242.88.10']);
    const flow = lab.metrics!.flows['kinesis:weblogs:/var/log/httpd/access_log*']!;
    expect(flow['KinesisParser.TotalRecordsSkipped']).toBe(1);
    expect(flow['KinesisSender.TotalRecordsSent']).toBe(2);
    expect(lab.checkpoints).toEqual([expect.objectContaining({ path: ACCESS, offset: lab.files.find((f) => f.path === ACCESS)!.size })]);
    expect(messages.list).toEqual([]);
  });

  it('the growing access log (apacheLog preset) reaches the stream line for line, across logrotate', async () => {
    const { host, messages } = setup();
    await activeStream(host, 'weblogs');
    const lab = newLab(host, messages);
    lab.setSource(ACCESS, { perSecond: 10, rotateEveryLines: 30 });
    lab.start();
    await run(host, lab, 8000);
    lab.setSource(ACCESS, { growing: false });
    await run(host, lab, 6000);
    const lines = lineCount(lab, ACCESS);
    expect(lines).toBeGreaterThanOrEqual(75); // 10 a second for ~8 s
    expect(lab.files.map((f) => f.path)).toContain(`${ACCESS}.2`);
    const records = await readAll(host, 'weblogs');
    expect(records).toHaveLength(lines);
    expect(records.every((r) => typeof (JSON.parse(r) as { request?: unknown }).request === 'string')).toBe(true);
  });

  it.each([
    ['syslog', '/var/log/messages', ['timestamp', 'hostname', 'program', 'processid', 'message']],
    ['common', '/var/log/httpd/ssl_access_log', ['host', 'ident', 'authuser', 'datetime', 'request', 'response', 'bytes']],
  ] as const)('the %s template: every generated line of %s arrives as LOGTOJSON JSON', async (template, path, fields) => {
    const { host, messages } = setup();
    await activeStream(host, 'weblogs');
    const lab = newLab(host, messages);
    lab.config = CONFIG_TEMPLATES.find((t) => t.id === template)!.text('weblogs', '');
    lab.setSource(ACCESS, { growing: false });
    lab.setSource(path, { growing: true, perSecond: 10 });
    expect(lab.start()).toBe(true);
    await run(host, lab, 4000);
    lab.setSource(path, { growing: false });
    await run(host, lab, 7000);
    const lines = lineCount(lab, path);
    expect(lines).toBeGreaterThanOrEqual(30);
    const records = (await readAll(host, 'weblogs')).map((t) => JSON.parse(t) as Record<string, unknown>);
    expect(records).toHaveLength(lines); // none skipped: the generated lines are in the format the template names
    expect(records.every((r) => fields.every((f) => f in r))).toBe(true);
    expect(messages.list).toEqual([]);
  });

  it('"Restart to apply agent.json" while a batch is in flight: the new agent starts after it, nothing is sent twice', async () => {
    const { host, messages } = setup();
    await activeStream(host, 'weblogs');
    const lab = newLab(host, messages);
    lab.setSource(ACCESS, { perSecond: 20 });
    // Notes when the agent's PutRecords is in flight.
    let inFlight = false;
    const send = host.kinesis.send.bind(host.kinesis);
    (host.kinesis as { send: unknown }).send = async (command: { constructor: { name: string } }) => {
      const put = command.constructor.name === 'PutRecordsCommand';
      if (put) inFlight = true;
      try { return await send(command as never); } finally { if (put) inFlight = false; }
    };
    lab.start();
    let restarts = 0;
    for (let t = 0; t < 16_000; t += 250) {
      host.clock.step(250);
      const step = lab.tick();
      for (let i = 0; i < 50 && !inFlight; i++) await Promise.resolve();
      if (inFlight) {
        restarts++;
        lab.stop();
        lab.start();
      }
      await step;
    }
    expect(restarts).toBeGreaterThan(0);
    lab.setSource(ACCESS, { growing: false });
    await run(host, lab, 8000);
    const records = await readAll(host, 'weblogs');
    expect(new Set(records).size).toBe(records.length);
    expect(records).toHaveLength(lineCount(lab, ACCESS));
    expect(lab.checkpoints[0]!.offset).toBe(lab.files.find((f) => f.path === ACCESS)!.size);
  });

  it('the timer ticks on the simulation clock: stepping a paused clock grows the files', async () => {
    const { host, messages } = setup(); // a manual clock stands still until stepped
    const lab = newLab(host, messages, { tickMs: 10 });
    const size = (): number => lab.files.find((f) => f.path === ACCESS)!.size;
    await new Promise((r) => setTimeout(r, 60));
    host.clock.step(100); // the first tick starts the generator here
    await new Promise((r) => setTimeout(r, 60));
    expect(size()).toBe(0);
    host.clock.step(2000);
    await new Promise((r) => setTimeout(r, 60));
    expect(size()).toBeGreaterThan(0);
  });

  it('a stream that does not exist: the SDK error is shown and the agent retries until it does', async () => {
    const { host, messages } = setup();
    const lab = newLab(host, messages);
    lab.setSource(ACCESS, { perSecond: 5 });
    lab.start();
    await run(host, lab, 7000);
    expect(lab.lastError).toMatch(/^ResourceNotFoundException: /);
    expect(lab.metrics!.cloudwatch['KinesisStream:weblogs']!.ServiceErrors).toBeGreaterThan(0);
    lab.setSource(ACCESS, { growing: false });
    await activeStream(host, 'weblogs');
    await run(host, lab, 15_000, 500);
    expect(await readAll(host, 'weblogs')).toHaveLength(lineCount(lab, ACCESS));
  });
});

describe('to Firehose', () => {
  it('a deliveryStream flow sends with PutRecordBatch; ADDMETADATA wraps each line', async () => {
    const { host, messages } = setup();
    await host.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await host.firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'app-logs',
      ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/r', BucketARN: 'arn:aws:s3:::lake' },
    }));
    for (let i = 0; i < 100; i++) {
      const d = await host.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'app-logs' }));
      if (d.DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE') break;
      host.clock.step(250);
      await new Promise((r) => setTimeout(r, 20));
    }
    let incoming = 0;
    const stop = host.observeFirehose((e) => { if (e.type === 'incoming') incoming += e.records; });
    const lab = newLab(host, messages);
    lab.config = CONFIG_TEMPLATES.find((t) => t.id === 'metadata')!.text('unused', 'app-logs');
    expect(lab.start()).toBe(true);
    await lab.tick();
    lab.append('/var/log/app/app.log', '{"level":"INFO","message":"order placed"}');
    lab.append('/var/log/app/app.log', '{"level":"WARN","message":"cache miss"}');
    await run(host, lab, 6000);
    stop();
    expect(incoming).toBe(2);
    expect(lab.metrics!.flows['fh:app-logs:/var/log/app/app.log*']!['FirehoseSender.TotalRecordsSent']).toBe(2);
    expect(JSON.parse(lab.recent[1]!.text)).toMatchObject({ metadata: { host: 'web-01', env: 'prod' }, data: '{"level":"INFO","message":"order placed"}' });
    expect(lab.recent[0]!.destination).toBe('DeliveryStream:app-logs');
  });
});

describe('checkpoints that survive a reload', () => {
  const stores: [string, () => Promise<{ first: AgentStore; reopen: () => Promise<AgentStore> }>][] = [
    ['IndexedDB', async () => ({ first: await openAgentStore('agent-test-reload'), reopen: () => openAgentStore('agent-test-reload') })],
    ['memory', async () => {
      const m = memoryAgentStore();
      return { first: m, reopen: async () => m };
    }],
  ];

  it.each(stores)('%s: a new lab from the saved state resumes from the checkpoints — no record lost, none sent twice', async (_name, open) => {
    const { host, messages } = setup();
    await activeStream(host, 'weblogs');
    const { first, reopen } = await open();
    const lab1 = new AgentLab(host, messages, { store: first, stream: 'weblogs', tickMs: 0 });
    lab1.setSource(ACCESS, { perSecond: 10, rotateEveryLines: 40 });
    lab1.start();
    await run(host, lab1, 7000);
    await lab1.flush();
    const sentBefore = (await readAll(host, 'weblogs')).length;
    // Some were delivered (the 5 s buffer), some are read but not yet sent: the page goes now.
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(lineCount(lab1, ACCESS));
    const checkpoint = lab1.checkpoints[0]!;
    await lab1.dispose();

    const store = await reopen();
    const saved = await store.load();
    expect(saved?.checkpoints).toEqual([checkpoint]);
    const lab2 = newLab(host, messages, { store, saved: saved! });
    expect(lab2.running).toBe(true);
    expect(lab2.checkpoints).toEqual([expect.objectContaining({ path: checkpoint.path, offset: checkpoint.offset })]);
    await run(host, lab2, 3000);
    lab2.setSource(ACCESS, { growing: false });
    await run(host, lab2, 8000);

    const lines = lineCount(lab2, ACCESS);
    expect(lines).toBeGreaterThanOrEqual(90); // 10 a second for ~10 s
    const records = await readAll(host, 'weblogs');
    expect(records).toHaveLength(lines);
    expect(new Set(records).size).toBe(lines);
    expect(messages.list).toEqual([]);
  });
});

describe('saving', () => {
  it('a line the learner appends is saved at once, not with the next periodic save', async () => {
    const { host, messages } = setup();
    const store = memoryAgentStore();
    const lab = new AgentLab(host, messages, { store, tickMs: 0 });
    lab.append(ACCESS, 'first');
    lab.append(ACCESS, 'second'); // within SAVE_EVERY_MS of the first
    await new Promise((r) => setTimeout(r, 0));
    const saved = await store.load();
    const again = newLab(host, messages, { store, saved: saved! });
    expect(again.read(ACCESS)).toContain('first\nsecond\n');
    await lab.dispose();
  });
});

describe('older saved states', () => {
  it('a state saved before syslog and the common log existed gets their files too', async () => {
    const { host, messages } = setup();
    const store = memoryAgentStore();
    const lab = newLab(host, messages, { store });
    await lab.flush();
    const saved = (await store.load())!;
    const old = { ...saved, sources: saved.sources.filter((x) => x.kind !== 'syslog' && x.kind !== 'apacheCommon') };
    const again = newLab(host, messages, { store, saved: old });
    expect(again.sources.map((x) => x.path).sort()).toEqual(lab.sources.map((x) => x.path).sort());
    expect(again.files.map((f) => f.path)).toEqual(expect.arrayContaining(['/var/log/messages', '/var/log/httpd/ssl_access_log']));
  });
});

describe('AgentLab.open (the page\'s entry point)', () => {
  it('opens IndexedDB, starts from the defaults, and brings back agent.json and the files after a reload', async () => {
    const { host, messages } = setup();
    const lab1 = await AgentLab.open(host, messages, { dbName: 'agent-test-open', stream: 'orders', tickMs: 0 });
    expect(lab1.persistent).toBe(true);
    expect(lab1.config).toContain('"kinesisStream": "orders"');
    lab1.config = lab1.config.replace('orders', 'clicks');
    lab1.append('/var/log/app/app.log', '{"level":"INFO"}');
    await lab1.dispose();
    const lab2 = await AgentLab.open(host, messages, { dbName: 'agent-test-open', tickMs: 0 });
    cleanups.push(() => lab2.dispose());
    expect(lab2.config).toContain('"kinesisStream": "clicks"');
    expect(lab2.read('/var/log/app/app.log')).toBe('{"level":"INFO"}\n');
    expect(lab2.running).toBe(false);
  });
});

describe('agent.json problems', () => {
  it('a JSON syntax error is reported at its line and column, and the agent does not start', () => {
    const { host, messages } = setup();
    const lab = newLab(host, messages);
    lab.config = '{\n  "flows": [\n    { "filePattern": "/var/log/x", , }\n  ]\n}\n';
    expect(lab.issues).toEqual([expect.objectContaining({ line: 3, column: 36 })]);
    expect(lab.start()).toBe(false);
    expect(lab.running).toBe(false);
    expect(messages.list).toHaveLength(1);
  });

  it('a validation issue is placed at its key (keys with dots too); a missing key at its flow', () => {
    const text = defaultConfig('weblogs').replace('"maxBufferAgeMillis": 5000', '"maxBufferAgeMillis": 5');
    const line = text.split('\n').findIndex((l) => l.includes('"maxBufferAgeMillis"')) + 1;
    expect(checkConfig(text)).toEqual([expect.objectContaining({ path: 'flows[0].maxBufferAgeMillis', line, column: 7 })]);
    expect(checkConfig(defaultConfig('weblogs'))).toEqual([]);
    const dotted = '{\n  "flows": [],\n  "cloudwatch.emitMetrics": "yes"\n}';
    expect(locateJsonPath(dotted, 'cloudwatch.emitMetrics')).toEqual({ line: 3, column: 3 });
    const missing = '{ "flows": [\n  {"kinesisStream": "a"},\n  {"filePattern": "/a"}\n] }';
    expect(checkConfig(missing)).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'flows[1].kinesisStream', line: 3, column: 3 })]));
  });
});
