/**
 * Picture bench: frames per second of the living picture (the canvas of record particles, the
 * hash-key ruler, metrics and tables all on screen) in headless Chromium, driving the built app.
 *
 * 1. Particles on screen — 1,000 / 5,000 / 20,000: a 16-shard stream with its limits off, a
 *    producer in the page sending just enough records a second for that many particles to be in
 *    flight (a record's particle lives 2.3 s), the picture's particle budget raised so that none
 *    is sampled away. Target: ≥ 55 frames/s at 5,000.
 * 2. 16 shards at full rate: the limits on, each shard fed 1,000 records/s, the picture at its
 *    default budget (it samples and says so).
 *
 * Each scenario runs BENCH_SECONDS (default 8; `--quick`: 4), in a fresh page; frames/s is the
 * median of requestAnimationFrame callbacks per real second after a 2 s settle, with the
 * particles counted on screen at each sample. Never fails on speed, only on app errors.
 *
 *   npm run bench:picture            npm run bench:picture -- --quick      (-- --no-build)
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResults } from './results.js';
import { fmtInt, median, percentile, table } from './browser/report.js';
import { buildApp, freePort, startPreview } from './browser/server.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seconds = Number(process.env.BENCH_SECONDS) || (quick ? 4 : 8);
const distDir = process.env.BENCH_DIST ?? join(tmpdir(), 'shardlab-bench-dist');
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const PARTICLE_LIFE_S = 2.3; // TRAVEL.toShard + TRAVEL.alongLane in src/ui/state/flow.svelte.ts

interface Scenario { readonly label: string; readonly particles?: number; readonly limits: boolean; readonly perShard: number }
const SCENARIOS: Scenario[] = [
  { label: '1,000 particles', particles: 1000, limits: false, perShard: 0 },
  { label: '5,000 particles', particles: 5000, limits: false, perShard: 0 },
  { label: '20,000 particles', particles: 20_000, limits: false, perShard: 0 },
  { label: '16 shards at full rate (limits on)', limits: true, perShard: 1000 },
];

interface Sample { readonly fps: number; readonly particles: number; readonly sampledEvery: number }

/** In the page: the 16-shard stream, ACTIVE, limits as asked, the picture's particle budget. */
async function setUp(page: Page, o: { budget?: number; limits: boolean }): Promise<void> {
  await page.evaluate(async (o) => {
    const sl = window.shardlab!;
    const { CreateStreamCommand, DescribeStreamSummaryCommand, AddTagsToStreamCommand } = sl.sdk;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sl.kinesis.send(new CreateStreamCommand({ StreamName: 'picture', ShardCount: 16 }));
    while ((await sl.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'picture' }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') await sleep(50);
    if (!o.limits) await sl.kinesis.send(new AddTagsToStreamCommand({ StreamName: 'picture', Tags: { 'shardlab:limits': 'off' } }));
    if (o.budget) sl.debug.particleBudget?.(o.budget);
  }, o);
}

/** In the page: produce, and sample frames and particles once a second. */
async function runScenario(page: Page, o: { recordsPerSecond: number; seconds: number }): Promise<{ samples: Sample[]; errors: string[] }> {
  return page.evaluate(async (o) => {
    const sl = window.shardlab!;
    const { PutRecordsCommand } = sl.sdk;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const errors: string[] = [];
    const data = new TextEncoder().encode('x'.repeat(100));
    let stop = false;
    let seq = 0;
    // Every 100 ms, a tenth of the second's records as PutRecords of ≤ 500 (keys spread over shards).
    const producer = (async () => {
      while (!stop) {
        const t = performance.now();
        let n = Math.round(o.recordsPerSecond / 10);
        while (n > 0) {
          const k = Math.min(500, n);
          n -= k;
          const Records = Array.from({ length: k }, () => ({ PartitionKey: `k${seq++ % 997}`, Data: data }));
          sl.kinesis.send(new PutRecordsCommand({ StreamName: 'picture', Records })).catch((e: unknown) => errors.push(String(e)));
        }
        await sleep(Math.max(0, 100 - (performance.now() - t)));
      }
    })();
    let frames = 0;
    let counting = true;
    const raf = () => { frames++; if (counting) requestAnimationFrame(raf); };
    requestAnimationFrame(raf);
    const samples: { fps: number; particles: number; sampledEvery: number }[] = [];
    await sleep(2000); // settle: the particles build up to their steady count
    for (let s = 0; s < o.seconds; s++) {
      frames = 0;
      await sleep(1000);
      const p = sl.debug.picture?.() ?? { particles: -1, sampledEvery: 0 };
      samples.push({ fps: frames, particles: p.particles, sampledEvery: p.sampledEvery });
    }
    counting = false;
    stop = true;
    await producer;
    return { samples, errors: errors.slice(0, 5) };
  }, o);
}

async function main(): Promise<number> {
  if (!args.includes('--no-build') || !existsSync(join(distDir, 'index.html'))) buildApp(root, distDir, (l) => console.error(l));
  const server = await startPreview(root, distDir, Number(process.env.BENCH_PORT) || (await freePort()));
  const browser = await chromium.launch({ executablePath, args: launchArgs });
  const rows: string[][] = [['', 'frames/s median', 'p5 / min', 'particles on screen (median)', 'sampling']];
  const results: Record<string, Sample[]> = {};
  const failures: string[] = [];
  try {
    console.log(`Picture bench — Chromium ${browser.version()} (headless), 1600×1000, ${cpus().length} cores, ${seconds} s per scenario`);
    for (const sc of SCENARIOS) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      await context.addInitScript('globalThis.__name ??= (f) => f;');
      const page = await context.newPage();
      page.on('pageerror', (e) => failures.push(`${sc.label}: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') failures.push(`${sc.label}: ${m.text()}`); });
      await page.goto(server.url);
      await page.waitForFunction(() => window.shardlab?.debug.picture !== undefined, undefined, { timeout: 30_000 });
      const rate = sc.particles ? Math.round(sc.particles / PARTICLE_LIFE_S) : sc.perShard * 16;
      await setUp(page, { ...(sc.particles ? { budget: rate * 1.5 } : {}), limits: sc.limits });
      // The picture on screen: it is what is measured.
      await page.getByTestId('flow-canvas').scrollIntoViewIfNeeded();
      const r = await runScenario(page, { recordsPerSecond: rate, seconds });
      for (const e of r.errors) failures.push(`${sc.label}: ${e}`);
      results[sc.label] = r.samples;
      const fps = r.samples.map((s) => s.fps);
      rows.push([sc.label, fmtInt(median(fps)), `${fmtInt(percentile(fps, 5))} / ${fmtInt(Math.min(...fps))}`,
        fmtInt(median(r.samples.map((s) => s.particles))), `1 in ${median(r.samples.map((s) => s.sampledEvery))}`]);
      console.log(`${sc.label}: ${r.samples.map((s) => `${s.fps} fps/${s.particles}`).join('  ')}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log('');
  console.log(table(rows));
  console.log('(target: ≥ 55 frames/s with 5,000 particles; frames = requestAnimationFrame callbacks per real second, headless Chromium draws at most 60)');
  writeResults('picture', { date: new Date().toISOString(), seconds, results, failures });
  for (const f of failures) console.error(`WARNING: ${f}`);
  return failures.length ? 1 : 0;
}

main().then((c) => process.exit(c), (e: unknown) => { console.error(e); process.exit(1); });
