/**
 * Browser bench: Playwright drives the built app in headless Chromium and measures, in the page.
 *
 * 1. Ingest (BENCH_RUNS runs, median): in the same page, the raw IndexedDB batch ceiling in a
 *    worker (plain IndexedDB, the shard workers' storage shape: segments of 500 records with
 *    base64 data) and durable ingest through the broker and 4 shard workers (PutRecords of
 *    500 × 1 KiB as wire requests to the page's requestHandler, limits off): both, and the ratio
 *    durable/raw (target ≥ 70 %). For context also: the raw ceiling of 4 workers writing at once
 *    (a stricter baseline), and the same ingest through the page's SDK client (whose serialising
 *    and signing then share the main thread). The order alternates between runs.
 * 2. Real time (1 run): 16 shards, limits on, clock at 1×, each shard fed at its full 1,000
 *    records/s for BENCH_RT_SECONDS: records accepted and throttled, the simulation's actual
 *    speed (its lag), and the main thread's frame rate.
 *
 * It never fails on speed — only when the app errors (a failed call, a page or console error).
 *
 *   npm run bench:browser                  ingest 10 s × 3 runs, real time 60 s (~2.5 min)
 *   npm run bench:browser -- --quick       ingest 3 s × 1, real time 10 s: a smoke test (< 60 s)
 *   npm run bench:browser -- --no-build    serve the last build again
 *
 * Environment: BENCH_SECONDS, BENCH_RUNS, BENCH_RT_SECONDS, BENCH_PHASES (ingest,realtime), BENCH_CONCURRENCY
 * (PutRecords in flight during ingest, default 4),
 * BENCH_PORT (default: a free one), BENCH_STORAGE (disk | memory), BENCH_DIST (build directory).
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResults } from './results.js';
import { runIngest, runSdkOnly, type IngestOptions, type IngestResult, type SdkOnlyResult } from './browser/ingest.js';
import { RAW_IDB_WORKER_SOURCE, runRawIdb, type RawIdbOptions, type RawIdbResult } from './browser/rawIdb.js';
import { runRealtime, type RealtimeOptions, type RealtimeResult } from './browser/realtime.js';
import { chromiumCpuByThread, chromiumCpuSeconds, cpuDelta, cpuSecondsBetween } from './browser/cpu.js';
import { fmtFixed, fmtInt, fmtPct, median, percentile, table } from './browser/report.js';
import { buildApp, freePort, startPreview } from './browser/server.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noBuild = args.includes('--no-build');
const ingestSeconds = envNumber('BENCH_SECONDS', quick ? 3 : 10);
const runs = Math.max(1, Math.round(envNumber('BENCH_RUNS', quick ? 1 : 3)));
const rtSeconds = envNumber('BENCH_RT_SECONDS', quick ? 10 : 60);
const phases = new Set((process.env.BENCH_PHASES ?? 'ingest,realtime').split(',').map((p) => p.trim()));
const storage = process.env.BENCH_STORAGE === 'memory' ? 'memory' : 'disk';
const distDir = process.env.BENCH_DIST ?? join(tmpdir(), 'shardlab-bench-dist');
const debianChromium = '/usr/bin/chromium';
const executablePath = existsSync(debianChromium) ? debianChromium : undefined;
const launchArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
const viewport = { width: 1280, height: 800 };
const INGEST = { shards: 4, concurrency: Math.round(envNumber('BENCH_CONCURRENCY', 16)), batchSize: 500, recordBytes: 1024, recordsPerSegment: 500 } as const;
const REALTIME = { shards: 16, tickMs: 100, perShardPerTick: 100, recordBytes: 100, shardsPerCall: 4 } as const;
const WARMUP_SECONDS = 2;
const SETTLE_MS = 3000;
const log = (line: string): void => console.log(line);

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Everything the page said that looks like trouble. */
interface Trouble { readonly where: string; readonly text: string }

/**
 * A fresh browser context with the app loaded and `window.shardlab` up. `disk` (default): a
 * persistent context in a new temporary profile, so IndexedDB is on disk as for a user;
 * `memory`: an ordinary Playwright (incognito) context, whose IndexedDB Chromium keeps in memory.
 */
async function openApp(url: string, troubles: Trouble[], label: string): Promise<{ page: Page; close: () => Promise<void> }> {
  let context: BrowserContext;
  let cleanup: () => Promise<void>;
  if (storage === 'disk') {
    const profile = mkdtempSync(join(tmpdir(), 'shardlab-bench-profile-'));
    context = await chromium.launchPersistentContext(profile, { executablePath, args: launchArgs, viewport });
    cleanup = async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); };
  } else {
    const browser = await chromium.launch({ executablePath, args: launchArgs });
    context = await browser.newContext({ viewport });
    cleanup = async () => { await context.close(); await browser.close(); };
  }
  // tsx (esbuild keepNames) wraps functions in __name(); functions passed to evaluate need it too.
  await context.addInitScript('globalThis.__name ??= (f) => f;');
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') troubles.push({ where: `${label} console.${m.type()}`, text: m.text() });
  });
  page.on('pageerror', (e) => troubles.push({ where: `${label} pageerror`, text: e.stack ?? e.message }));
  page.on('crash', () => troubles.push({ where: label, text: 'the page crashed' }));
  page.on('requestfailed', (r) => troubles.push({ where: `${label} request`, text: `${r.url()}: ${r.failure()?.errorText ?? 'failed'}` }));
  await page.goto(url);
  await page.waitForFunction(() => window.shardlab !== undefined, undefined, { timeout: 30_000 });
  const storageKind = await page.evaluate(() => window.shardlab?.status().storage);
  if (storageKind !== 'indexeddb') throw new Error(`the app runs on '${storageKind}' storage, not IndexedDB: nothing to measure`);
  return { page, close: cleanup };
}

interface IngestRun {
  readonly run: number;
  readonly order: string;
  /** The raw ceiling in one worker: the target's baseline (the "in a worker"). */
  readonly raw: RawIdbResult & { recordsPerSecond: number; cpuMicrosPerRecord: number; perThread: string };
  /** Context: the raw ceiling with one worker per shard, all writing at once. */
  readonly rawParallel: RawIdbResult & { recordsPerSecond: number; cpuMicrosPerRecord: number; perThread: string };
  /** Wire PutRecords requests straight to the requestHandler: the headline figure. */
  readonly durable: IngestResult & { recordsPerSecond: number; cpuMicrosPerRecord: number; perThread: string };
  /** Diagnostic: the same through the page's KinesisClient (SDK work shares the main thread). */
  readonly durableSdk: IngestResult & { recordsPerSecond: number };
  /** Diagnostic: the SDK client alone against a stub handler, same page, after the other two. */
  readonly sdkOnly: SdkOnlyResult & { recordsPerSecond: number };
  readonly ratio: number;
}

async function ingestRun(url: string, run: number, troubles: Trouble[]): Promise<IngestRun> {
  const { page, close } = await openApp(url, troubles, `ingest run ${run}`);
  try {
    const rawOptions: RawIdbOptions = {
      writers: 1, seconds: ingestSeconds, recordsPerSegment: INGEST.recordsPerSegment,
      recordBytes: INGEST.recordBytes, dbPrefix: `bench-raw-${run}`, dataAs: 'base64',
    };
    const ingestOptions: IngestOptions = {
      streamName: `bench-ingest-${run}`, shards: INGEST.shards, seconds: ingestSeconds,
      concurrency: INGEST.concurrency, batchSize: INGEST.batchSize, recordBytes: INGEST.recordBytes, client: 'wire',
    };
    const doRaw1 = async (writers: number) => {
      const cpu0 = chromiumCpuSeconds();
      const threads0 = chromiumCpuByThread();
      const r = await page.evaluate(runRawIdb, { source: RAW_IDB_WORKER_SOURCE, options: { ...rawOptions, writers, dbPrefix: `${rawOptions.dbPrefix}-${writers}` } });
      const perThread = cpuDelta(threads0, chromiumCpuByThread()).slice(0, 6).map(([name, s]) => `${name} ${fmtFixed((s / r.records) * 1e6, 1)}`).join(', ');
      return { ...r, recordsPerSecond: r.records / r.seconds, cpuMicrosPerRecord: (cpuSecondsBetween(cpu0, chromiumCpuSeconds()) / r.records) * 1e6, perThread };
    };
    let rawParallel!: IngestRun['rawParallel'];
    const doRaw = async () => {
      const one = await doRaw1(1);
      await page.waitForTimeout(SETTLE_MS);
      rawParallel = await doRaw1(INGEST.shards);
      return one;
    };
    const doDurable = async () => {
      const cpu0 = chromiumCpuSeconds();
      const threads0 = chromiumCpuByThread();
      const r = await page.evaluate(runIngest, ingestOptions);
      const perThread = cpuDelta(threads0, chromiumCpuByThread()).slice(0, 6).map(([name, s]) => `${name} ${fmtFixed((s / r.accepted) * 1e6, 1)}`).join(', ');
      return { ...r, recordsPerSecond: r.accepted / r.seconds, cpuMicrosPerRecord: (cpuSecondsBetween(cpu0, chromiumCpuSeconds()) / r.accepted) * 1e6, perThread };
    };
    // Warm-up, not measured: each run is a fresh page whose code the JIT has not seen yet.
    await page.evaluate(runIngest, { ...ingestOptions, streamName: `bench-warmup-${run}`, seconds: WARMUP_SECONDS });
    await page.waitForTimeout(SETTLE_MS);
    const rawFirst = run % 2 === 1;
    let raw: IngestRun['raw'], durable: IngestRun['durable'];
    // IndexedDB keeps working (compaction, blob cleanup) after a phase's last commit: let it
    // settle so that no phase pays for the one before.
    const settle = () => page.waitForTimeout(SETTLE_MS);
    if (rawFirst) { raw = await doRaw(); await settle(); durable = await doDurable(); }
    else { durable = await doDurable(); await settle(); raw = await doRaw(); }
    await settle();
    const d = await page.evaluate(runIngest, { ...ingestOptions, streamName: `bench-ingest-sdk-${run}`, client: 'sdk' as const });
    const durableSdk = { ...d, recordsPerSecond: d.accepted / d.seconds };
    const s = await page.evaluate(runSdkOnly, { ...ingestOptions, seconds: Math.min(3, ingestSeconds) });
    const sdkOnly = { ...s, recordsPerSecond: s.records / s.seconds };
    return { run, order: rawFirst ? 'raw, durable' : 'durable, raw', raw, rawParallel, durable, durableSdk, sdkOnly, ratio: durable.recordsPerSecond / raw.recordsPerSecond };
  } finally {
    await close();
  }
}

async function realtimeRun(url: string, troubles: Trouble[]): Promise<RealtimeResult> {
  const { page, close } = await openApp(url, troubles, 'real-time run');
  try {
    const o: RealtimeOptions = { streamName: 'bench-realtime', seconds: rtSeconds, ...REALTIME };
    return await page.evaluate(runRealtime, o);
  } finally {
    await close();
  }
}

async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath, args: launchArgs });
  try { return browser.version(); } finally { await browser.close(); }
}

async function main(): Promise<number> {
  const date = new Date().toISOString();
  if (!noBuild || !existsSync(join(distDir, 'index.html'))) buildApp(root, distDir, (l) => console.error(l));
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const server = await startPreview(root, distDir, port);
  const troubles: Trouble[] = [];
  const failures: string[] = [];
  const ingest: IngestRun[] = [];
  let realtime: RealtimeResult | undefined;
  let version = '?';
  try {
    version = await chromiumVersion();
    log(`Browser bench — Chromium ${version} (headless, ${executablePath ?? "Playwright's"}), IndexedDB on ${storage}, ` +
      `${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · ${server.url} · ${date}`);

    if (phases.has('ingest')) {
      log('');
      log(`Ingest — ${INGEST.shards} shards, ${ingestSeconds} s per side, ${runs} run(s), median. raw: 1 worker (and ${INGEST.shards} workers at once), ` +
        `each 1 transaction at a time of ${INGEST.recordsPerSegment} × ${INGEST.recordBytes} B; durable: wire PutRecords ` +
        `${INGEST.batchSize} × ${INGEST.recordBytes} B, ${INGEST.concurrency} in flight, limits off`);
      for (let run = 1; run <= runs; run++) {
        try {
          const r = await ingestRun(server.url, run, troubles);
          ingest.push(r);
          log(`run ${run}/${runs} (${r.order})  raw ${fmtInt(r.raw.recordsPerSecond).padStart(7)} rec/s ` +
            `(${fmtInt(r.raw.records)} in ${r.raw.seconds.toFixed(2)} s, ${r.raw.transactions} tx, median tx ` +
            `${fmtFixed(median(r.raw.perWriter.map((w) => w.medianTxMs)), 1)} ms, CPU ${fmtFixed(r.raw.cpuMicrosPerRecord, 1)} µs/rec; ` +
            `${INGEST.shards} workers ${fmtInt(r.rawParallel.recordsPerSecond)} rec/s, CPU ${fmtFixed(r.rawParallel.cpuMicrosPerRecord, 1)} µs/rec)   durable ${fmtInt(r.durable.recordsPerSecond).padStart(7)} rec/s ` +
            `(${fmtInt(r.durable.accepted)} in ${r.durable.seconds.toFixed(2)} s, ${r.durable.putCalls} PutRecords, median call ` +
            `${fmtFixed(r.durable.medianCallMs, 0)} ms, max backlog ${r.durable.maxBacklog}, CPU ${fmtFixed(r.durable.cpuMicrosPerRecord, 1)} µs/rec)   ${fmtPct(r.ratio)}   ` +
            `[through the page's SDK client ${fmtInt(r.durableSdk.recordsPerSecond)} rec/s; SDK alone ${fmtInt(r.sdkOnly.recordsPerSecond)} rec/s]`);
          log(`    CPU µs per record by thread (threads still alive after the phase) — raw: ${r.raw.perThread}; durable: ${r.durable.perThread}`);
          for (const d of [r.durable, r.durableSdk]) {
            if (d.failed > 0) failures.push(`ingest run ${run}: ${d.failed} records failed`);
            for (const [m, n] of Object.entries(d.errors)) failures.push(`ingest run ${run}: ${n} × ${m}`);
          }
        } catch (e) {
          failures.push(`ingest run ${run}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          log(`run ${run}/${runs} FAILED: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (ingest.length > 0) {
        const raw = median(ingest.map((r) => r.raw.recordsPerSecond));
        const rawParallel = median(ingest.map((r) => r.rawParallel.recordsPerSecond));
        const durable = median(ingest.map((r) => r.durable.recordsPerSecond));
        log('');
        log(table([
          ['', 'records/s'],
          ['raw IndexedDB batch ceiling in a worker', fmtInt(raw)],
          [`durable ingest (broker + ${INGEST.shards} shard workers, wire requests)`, fmtInt(durable)],
          ['durable / raw  (target ≥ 70 %)', fmtPct(durable / raw)],
          [`context: raw ceiling of ${INGEST.shards} workers writing at once`, fmtInt(rawParallel)],
          [`context: durable / ${INGEST.shards}-worker raw`, fmtPct(durable / rawParallel)],
          ["diagnostic: durable ingest through the page's SDK client", fmtInt(median(ingest.map((r) => r.durableSdk.recordsPerSecond)))],
          ['diagnostic: SDK client alone, stub handler', fmtInt(median(ingest.map((r) => r.sdkOnly.recordsPerSecond)))],
        ]));
        log(`(ratio of the medians; per run: ${ingest.map((r) => fmtPct(r.ratio)).join(', ')})`);
      }
    }

    if (phases.has('realtime')) {
      log('');
      const perShard = (1000 / REALTIME.tickMs) * REALTIME.perShardPerTick;
      log(`Real time — ${REALTIME.shards} shards, limits on, clock 1×, ${rtSeconds} s: every ${REALTIME.tickMs} ms (virtual) ` +
        `${REALTIME.perShardPerTick} records × ${REALTIME.recordBytes} B per shard (ExplicitHashKey), = ${fmtInt(perShard)} rec/s per shard, ` +
        `PutRecords of ${REALTIME.shardsPerCall} shards each`);
      try {
        const loadBefore = loadavg()[0] ?? NaN;
        realtime = await realtimeRun(server.url, troubles);
        printRealtime(realtime, REALTIME.shards * perShard);
        log(`(1-minute load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? NaN).toFixed(2)} after, on ${cpus().length} cores)`);
        if (realtime.failed > 0) failures.push(`real-time run: ${realtime.failed} records failed`);
        for (const [m, n] of Object.entries(realtime.errors)) failures.push(`real-time run: ${n} × ${m}`);
        if (realtime.workerRestarts > 0) failures.push(`real-time run: ${realtime.workerRestarts} shard worker restart(s)`);
      } catch (e) {
        failures.push(`real-time run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        log(`real-time run FAILED: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    await server.stop();
  }

  writeResults('browser', {
    date, chromium: version, storage, cores: cpus().length, ingestSeconds, runs, rtSeconds,
    ingestWorkload: INGEST, realtimeWorkload: REALTIME, ingest, realtime, troubles, failures,
  });
  for (const t of troubles) failures.push(`${t.where}: ${t.text}`);
  for (const f of failures) console.error(`WARNING: ${f}`);
  return failures.length === 0 ? 0 : 1;
}

function printRealtime(r: RealtimeResult, target: number): void {
  // The first sample includes the app's start-up frames; every sample counts for speed.
  const s = r.samples;
  const fps = s.map((x) => x.fps);
  const speed = s.map((x) => x.actualSpeed);
  const lagS = r.seconds - r.virtualSeconds;
  const worst = s.reduce<RealtimeResult['samples'][number] | undefined>((w, x) => (w === undefined || x.fps < w.fps ? x : w), undefined);
  log('');
  log(table([
    ['', 'median', 'p5 / min', ''],
    ['accepted records/s (real time)', fmtInt(median(s.map((x) => x.accepted))), fmtInt(percentile(s.map((x) => x.accepted), 5)),
      `target ${fmtInt(target)}; overall ${fmtInt(r.accepted / (r.seconds + r.drainMs / 1000))}/s real, ${fmtInt(r.accepted / r.virtualSeconds)}/s virtual`],
    ['throttled records/s', fmtInt(median(s.map((x) => x.throttled))), '', `total ${fmtInt(r.throttled)} of ${fmtInt(r.sent)} sent (${fmtPct(r.throttled / r.sent)})`],
    ['actual speed (target 1×)', `${fmtFixed(median(speed), 2)}×`, `${fmtFixed(Math.min(...speed), 2)}×`,
      `virtual ${fmtFixed(r.virtualSeconds, 1)} s in ${fmtFixed(r.seconds, 1)} s real: behind by ${fmtFixed(Math.abs(lagS) < 0.05 ? 0 : lagS, 1)} s`],
    ['main-thread frames/s', fmtFixed(median(fps), 0), `${fmtFixed(percentile(fps, 5), 0)} / ${fmtFixed(Math.min(...fps), 0)}`,
      `longest frame gap ${fmtInt(Math.max(...s.map((x) => x.maxFrameGapMs)))} ms; fewest frames in the second ending at t = ${fmtFixed(worst?.t ?? NaN, 0)} s`],
    ['main-thread JS heap (MB)', fmtFixed(median(s.map((x) => x.heapMB)), 0), `max ${fmtFixed(Math.max(...s.map((x) => x.heapMB)), 0)}`, ''],
    ['broker backlog (calls)', fmtInt(median(s.map((x) => x.backlog))), `max ${fmtInt(Math.max(...s.map((x) => x.backlog)))}`,
      `PutRecords in flight: max ${r.maxInFlight}; ${r.putCalls} calls; drained in ${fmtInt(r.drainMs)} ms`],
  ]));
  log('(frames/s = requestAnimationFrame callbacks on the page\'s main thread per real second, the app\'s UI on screen, ' +
    'headless; actual speed = shardlab.status().actualSpeed, sampled every second)');
}


main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
