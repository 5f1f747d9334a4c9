/**
 * Analytics bench: events per second through a Kinesis Data Analytics tumbling window,
 * `SELECT STREAM ticker, COUNT(*) … GROUP BY ticker, STEP(ROWTIME BY INTERVAL '60' SECOND)` over
 * 100 tickers — in Node and in the page's analytics worker.
 *
 * Phases (each run, in this order; medians of BENCH_RUNS runs):
 * 1. baseline: a hand-written loop doing the least the query needs (a Map of counts per
 *    minute bucket, flushed when the minute changes) over the same rows — what "the engine's
 *    overhead" is measured against (the ratio column);
 * 2. engine, Node: `createSqlApplication(…).insertRows` — the SQL engine alone, rows already
 *    typed (target ≥ 1,000,000 events/s per core);
 * 3. app runtime, Node: JSON records through the application runtime (base64 decode, the input
 *    schema's mapping, the engine) — what a running application does per record;
 * 4. app runtime, worker: the same in the page's analytics Web Worker, built app in headless
 *    Chromium (`shardlab.debug.benchAnalytics`), records posted from the page.
 * Every phase checks that the emitted counts add up to the events sent; it never fails on speed.
 *
 *   npm run bench:analytics                 3 runs (~1 min)
 *   npm run bench:analytics -- --quick      1 run, fewer events, no browser build if dist exists
 *   npm run bench:analytics -- --no-browser Node phases only
 *
 * Environment: BENCH_RUNS, BENCH_EVENTS (engine phases, default 5,000,000), BENCH_RECORDS
 * (runtime phases, default 500,000), BENCH_PORT, BENCH_DIST.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqlApplication } from '../src/core/analytics/index.js';
import { LocalRuntime } from '../src/core/analytics/app/runtime.js';
import { BENCH_KEYS, benchRecords, runtimeThroughput } from '../src/broker/analyticsBench.js';
import { writeResults } from './results.js';
import { fmtInt, median, table } from './browser/report.js';
import { fmtRatio } from './kds/report.js';
import { buildApp, freePort, startPreview } from './browser/server.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noBrowser = args.includes('--no-browser');
const runs = Math.max(1, Math.round(envNumber('BENCH_RUNS', quick ? 1 : 3)));
const EVENTS = Math.round(envNumber('BENCH_EVENTS', quick ? 1_000_000 : 5_000_000));
const RECORDS = Math.round(envNumber('BENCH_RECORDS', quick ? 100_000 : 500_000));
const distDir = process.env.BENCH_DIST ?? join(tmpdir(), 'shardlab-bench-analytics-dist');
const START = Date.UTC(2026, 0, 1);
/** Rows per virtual second: the minute windows close every 60 × this many rows. */
const PER_SECOND = 10_000;

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

const SQL = `CREATE OR REPLACE STREAM "OUT" (ticker VARCHAR(8), events BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT"
  SELECT STREAM "ticker", COUNT(*) FROM "IN"
  GROUP BY "ticker", STEP("IN".ROWTIME BY INTERVAL '60' SECOND);`;

/** The rows and rowtimes every engine phase gets (made once, outside the timing). */
function makeRows(n: number): { rows: unknown[][]; rowtimes: number[] } {
  // Packed arrays (pushed, not pre-sized): what a producer's batch looks like to V8.
  const rows: unknown[][] = [];
  const rowtimes: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push([`T${i % BENCH_KEYS}`]);
    rowtimes.push(START + Math.floor(i / PER_SECOND) * 1000);
  }
  return { rows, rowtimes };
}

function baseline(rows: readonly unknown[][], rowtimes: readonly number[]): { perSecond: number; counted: number } {
  const t0 = performance.now();
  let bucket = -1, counted = 0;
  let counts = new Map<unknown, number>();
  for (let i = 0; i < rows.length; i++) {
    const b = Math.floor(rowtimes[i]! / 60_000);
    if (b !== bucket) {
      for (const c of counts.values()) counted += c;
      counts = new Map();
      bucket = b;
    }
    const k = rows[i]![0];
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const c of counts.values()) counted += c;
  return { perSecond: rows.length / ((performance.now() - t0) / 1000), counted };
}

function engine(rows: readonly unknown[][], rowtimes: readonly number[]): { perSecond: number; counted: number } {
  const app = createSqlApplication(SQL, { inputs: { IN: [{ name: 'ticker', type: 'VARCHAR(8)' }] } });
  app.retain(0);
  let counted = 0;
  app.observe((e) => { counted += Number(e.row.EVENTS); }, ['OUT']);
  const t0 = performance.now();
  const CHUNK = 10_000;
  for (let i = 0; i < rows.length; i += CHUNK) app.insertRows('IN', rows.slice(i, i + CHUNK), rowtimes.slice(i, i + CHUNK));
  app.advanceTo(rowtimes[rowtimes.length - 1]! + 120_000);
  return { perSecond: rows.length / ((performance.now() - t0) / 1000), counted };
}

async function worker(records: number): Promise<number[]> {
  if (!existsSync(join(distDir, 'index.html')) || !quick) buildApp(root, distDir, (l) => console.log(l));
  const port = Number(process.env.BENCH_PORT) || (await freePort());
  const preview = await startPreview(root, distDir, port);
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  try {
    const page = await browser.newPage();
    await page.addInitScript('globalThis.__name ??= (f) => f;');
    await page.goto(preview.url);
    await page.waitForFunction(() => window.shardlab !== undefined, undefined, { timeout: 30_000 });
    await page.evaluate((n) => window.shardlab!.debug.benchAnalytics(n), Math.min(records, 50_000)); // warm-up
    const out: number[] = [];
    for (let r = 0; r < runs; r++) {
      const res = await page.evaluate((n) => window.shardlab!.debug.benchAnalytics(n), records);
      if (res.counted !== res.events) throw new Error(`worker: counted ${res.counted} of ${res.events} events`);
      out.push(res.perSecond);
    }
    return out;
  } finally {
    await browser.close();
    await preview.stop();
  }
}

async function main(): Promise<void> {
  console.log(`Analytics bench: tumbling COUNT(*) GROUP BY ticker (${BENCH_KEYS} tickers), ${runs} run(s); engine ${fmtInt(EVENTS)} events, runtime ${fmtInt(RECORDS)} JSON records`);
  const { rows, rowtimes } = makeRows(EVENTS);
  const records = benchRecords(RECORDS, 5000);
  const base: number[] = [], eng: number[] = [], rt: number[] = [];
  engine(rows.slice(0, 200_000), rowtimes.slice(0, 200_000)); // warm-up
  for (let r = 0; r < runs; r++) {
    const b = baseline(rows, rowtimes);
    const e = engine(rows, rowtimes);
    const l = await runtimeThroughput(new LocalRuntime(), records);
    for (const [name, c, n] of [['baseline', b.counted, EVENTS], ['engine', e.counted, EVENTS], ['runtime', l.counted, RECORDS]] as const) {
      if (c !== n) throw new Error(`${name}: counted ${c} of ${n} events`);
    }
    base.push(b.perSecond);
    eng.push(e.perSecond);
    rt.push(l.perSecond);
  }
  const w = noBrowser ? [] : await worker(RECORDS);
  const mb = median(base);
  const rowsOut = [
    ['phase', 'events/s (median)', 'ratio to baseline', 'runs'],
    ['baseline: hand-written Map loop (Node)', fmtInt(mb), fmtRatio(1), base.map(fmtInt).join(' / ')],
    ['engine: insertRows (Node)', fmtInt(median(eng)), fmtRatio(median(eng) / mb), eng.map(fmtInt).join(' / ')],
    ['app runtime: JSON records (Node)', fmtInt(median(rt)), fmtRatio(median(rt) / mb), rt.map(fmtInt).join(' / ')],
    ...(w.length ? [['app runtime: JSON records (analytics worker, Chromium)', fmtInt(median(w)), fmtRatio(median(w) / mb), w.map(fmtInt).join(' / ')]] : []),
  ];
  console.log(table(rowsOut));
  writeResults('analytics', { runs, events: EVENTS, records: RECORDS, baseline: base, engine: eng, runtime: rt, worker: w });
}

await main();
