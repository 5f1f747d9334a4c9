/**
 * Firehose bench: records per second through Amazon Data Firehose in the built app, in headless
 * Chromium — Direct PUT → the delivery stream's worker (its IndexedDB log) → buffer → an object in
 * the simulated S3 (IndexedDB), without and with a Lambda transform in the page's sandbox.
 *
 * Per run, in one fresh page (a fresh browser profile), after a warm-up of both phases that is not
 * counted, the two phases in alternating order (BENCH_SECONDS each):
 *
 * 1. no transform (the baseline): a DirectPut delivery stream, ExtendedS3 to bucket `bench`,
 *    BufferingHints 1 MiB / 1 s; `concurrency` producers in the page send PutRecordBatch of
 *    500 × 1 KiB through a FirehoseClient (maxAttempts 1) on the page's requestHandler.
 * 2. Lambda transform: the same, with a Lambda processor (buffer 1 MiB / 60 s) whose handler
 *    returns every record Ok, upper-cased.
 *
 * Measured: records acknowledged per second, records delivered to S3 per second (`delivered`
 * events while the producers ran), and the CPU time Chromium spent per record. Then it drains the
 * buffers and checks every acknowledged record came out in S3 exactly once, with its bytes (see
 * bench/firehose/phase.ts); for context, the handler alone (bench/firehose/lambdaAlone.ts).
 * The virtual clock runs at 100× (BENCH_SPEED): the Direct PUT quota (5 MiB/s per delivery
 * stream) and the buffer intervals are virtual time, so they are not what is measured
 * (bench/README.md says what the figure means).
 *
 * It never fails on speed — only when the app errs: a failed call or record, a lost, doubled or
 * altered record, a failed invocation or delivery, a page or console error.
 *
 *   npm run bench:firehose                 10 s per phase × 3 runs (~2.5 min)
 *   npm run bench:firehose -- --quick      2 s × 1 run: a smoke test (< 60 s)
 *   npm run bench:firehose -- --no-build   serve the last build again
 *
 * Environment: BENCH_SECONDS, BENCH_RUNS, BENCH_CONCURRENCY (PutRecordBatch in flight, default 4),
 * BENCH_SPEED (virtual clock, default 100), BENCH_RECORD_BYTES (default 1024), BENCH_LAMBDA_MB
 * (Lambda buffer, default 1), BENCH_PORT, BENCH_DIST (build directory).
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResults } from './results.js';
import { chromiumCpuByThread, chromiumCpuSeconds, cpuDelta, cpuSecondsBetween } from './browser/cpu.js';
import { fmtFixed, fmtInt, median, table } from './browser/report.js';
import { fmtRatio } from './kds/report.js';
import { buildApp, freePort, startPreview } from './browser/server.js';
import {
  drainFirehosePhase, startFirehosePhase, UPPERCASE_LAMBDA, verifyFirehosePhase,
  type DrainResult, type PhaseOptions, type ProduceResult, type VerifyResult,
} from './firehose/phase.js';
import { runLambdaAlone, UPPERCASE_LAMBDA_ATOB, type LambdaAloneResult } from './firehose/lambdaAlone.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noBuild = args.includes('--no-build');
const seconds = envNumber('BENCH_SECONDS', quick ? 2 : 10);
const runs = Math.max(1, Math.round(envNumber('BENCH_RUNS', quick ? 1 : 3)));
const distDir = process.env.BENCH_DIST ?? join(tmpdir(), 'shardlab-bench-firehose-dist');
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const launchArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
const viewport = { width: 1280, height: 800 };
const BUCKET = 'bench';
const LAMBDA = 'bench-upper';
const WORKLOAD = {
  concurrency: Math.round(envNumber('BENCH_CONCURRENCY', 4)),
  batchSize: 500,
  recordBytes: Math.max(16, Math.round(envNumber('BENCH_RECORD_BYTES', 1024))), // 'r' + 10 digits + … + '\n'
  sizeInMBs: 1,
  intervalInSeconds: 1,
  lambdaBufferMBs: envNumber('BENCH_LAMBDA_MB', 1),
  lambdaBufferSeconds: 60,
  speed: envNumber('BENCH_SPEED', 100),
} as const;
const WARMUP_SECONDS = quick ? 1 : 2;
const SETTLE_MS = quick ? 1000 : 3000;
const DRAIN_TIMEOUT_MS = 120_000;
const QUIET_MS = 1500;
const log = (line: string): void => console.log(line);
/** Records in one Lambda invocation when the Lambda buffer fills (BufferSizeInMBs). */
const lambdaBatch = Math.floor((WORKLOAD.lambdaBufferMBs * 1048576) / WORKLOAD.recordBytes);
const ALONE = { buffer: 'alone-buffer', atob: 'alone-atob' } as const;

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

interface Trouble { readonly where: string; readonly text: string }

type Kind = 'plain' | 'transform';
const LABEL: Record<Kind, string> = { plain: 'no transform', transform: 'Lambda transform' };

/** A fresh persistent context (IndexedDB on disk, as for a user) with the app, bucket and Lambda ready. */
async function openApp(url: string, troubles: Trouble[], label: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'shardlab-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: launchArgs, viewport });
  const close = async (): Promise<void> => { await context.close(); rmSync(profile, { recursive: true, force: true }); };
  try {
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
    const storage = await page.evaluate(() => window.shardlab?.status().storage);
    if (storage !== 'indexeddb') throw new Error(`the app runs on '${storage}' storage, not IndexedDB: nothing to measure`);
    await page.evaluate(async ({ bucket, lambda, code }) => {
      const sl = window.shardlab!;
      if (!sl.lambda) throw new Error('shardlab.lambda is missing');
      // Firehose invokes with up to BufferSizeInMBs of records; AWS advises a timeout of 1 minute or more.
      sl.lambda.define(lambda, code, { timeoutMs: 60_000 });
      await sl.s3.send(new sl.s3Sdk.CreateBucketCommand({ Bucket: bucket }));
    }, { bucket: BUCKET, lambda: LAMBDA, code: UPPERCASE_LAMBDA });
    return { page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

interface PhaseResult {
  readonly kind: Kind;
  readonly name: string;
  readonly produce: ProduceResult;
  readonly drain: DrainResult;
  readonly verify: VerifyResult;
  readonly ackedPerSecond: number;
  readonly deliveredPerSecond: number;
  /** Chromium CPU µs per acknowledged record, from the first put until QUIET_MS after everything was delivered. */
  readonly cpuMicrosPerRecord: number;
  readonly perThread: string;
}

async function phase(page: Page, kind: Kind, name: string, phaseSeconds: number): Promise<PhaseResult> {
  const o: PhaseOptions = {
    name, bucket: BUCKET, ...(kind === 'transform' ? { lambda: LAMBDA } : {}),
    seconds: phaseSeconds, drainTimeoutMs: DRAIN_TIMEOUT_MS, quietMs: QUIET_MS, ...WORKLOAD,
  };
  const cpu0 = chromiumCpuSeconds();
  const threads0 = chromiumCpuByThread();
  const produce = await page.evaluate(startFirehosePhase, o);
  const drain = await page.evaluate(drainFirehosePhase);
  const cpu = cpuSecondsBetween(cpu0, chromiumCpuSeconds());
  const threads = cpuDelta(threads0, chromiumCpuByThread());
  const verify = await page.evaluate(verifyFirehosePhase);
  const perRecord = (s: number): number => (s / produce.acked) * 1e6;
  return {
    kind, name, produce, drain, verify,
    ackedPerSecond: produce.acked / produce.seconds,
    deliveredPerSecond: produce.deliveredInWindow / produce.seconds,
    cpuMicrosPerRecord: perRecord(cpu),
    perThread: threads.slice(0, 5).map(([t, s]) => `${t} ${fmtFixed(perRecord(s), 1)}`).join(', '),
  };
}

/** What went wrong in a phase (the app's fault, not a speed): empty when every record made it once. */
function problemsOf(p: PhaseResult, where: string): string[] {
  const out: string[] = [];
  const { produce: pr, drain: d, verify: v } = p;
  const say = (s: string): void => { out.push(`${where}: ${s}`); };
  for (const [m, n] of Object.entries(pr.errors)) say(`${n} × ${m}`);
  if (pr.failedRecords) say(`${pr.failedRecords} records failed in PutRecordBatch answers`);
  if (pr.unknownRecords) say(`${pr.unknownRecords} records in calls that threw`);
  if (!d.drained) say(`not drained after ${DRAIN_TIMEOUT_MS / 1000} s: ${d.delivered} of ${pr.acked} acknowledged records delivered, ${d.bufferedAtEnd} buffered, ${d.retryingAtEnd} retrying`);
  if (d.delivered !== pr.acked) say(`delivered events count ${d.delivered} records, ${pr.acked} were acknowledged`);
  if (d.deliveredBytes !== pr.ackedBytes) say(`delivered events count ${d.deliveredBytes} bytes, ${pr.ackedBytes} were acknowledged`);
  if (d.errorOutputRecords) say(`${d.errorOutputRecords} records written to the error output`);
  for (const [m, n] of Object.entries(d.deliveryFailures)) say(`${n} × deliveryFailed ${m}`);
  for (const [m, n] of Object.entries(d.lambdaErrors)) say(`${n} × Lambda invocation failed: ${m}`);
  if (d.transformedFailed || d.transformedDropped) say(`the transform reported ${d.transformedFailed} failed and ${d.transformedDropped} dropped records`);
  if (p.kind === 'transform' && d.transformedOk !== pr.acked) say(`the transform reported ${d.transformedOk} records Ok, ${pr.acked} were acknowledged`);
  if (d.bufferedAtEnd || d.retryingAtEnd) say(`at the end ${d.bufferedAtEnd} records still buffered, ${d.retryingAtEnd} retrying`);
  if (v.exactlyOnce !== pr.acked || v.missing || v.duplicates || v.unacknowledged || v.wrongContent || v.malformed) {
    say(`in S3: ${v.exactlyOnce} of ${pr.acked} acknowledged records exactly once, ${v.missing} missing, ${v.duplicates} duplicate copies, ` +
      `${v.unacknowledged} never acknowledged, ${v.wrongContent} altered, ${v.malformed} malformed (${v.objects} objects). ${v.firstProblems.join('; ')}`);
  }
  if (v.recordsInS3 !== d.delivered) say(`S3 holds ${v.recordsInS3} records, the delivered events counted ${d.delivered}`);
  return out;
}

interface Run {
  readonly run: number;
  readonly order: string;
  readonly plain: PhaseResult;
  readonly transform: PhaseResult;
  /** The handler alone, one Lambda buffer's worth of records per invocation (Buffer / atob). */
  readonly lambdaAlone: LambdaAloneResult;
}

async function benchRun(url: string, run: number, troubles: Trouble[], failures: string[]): Promise<Run> {
  const { page, close } = await openApp(url, troubles, `run ${run}`);
  try {
    // Warm-up, not measured but checked: the page's code is cold, the sandbox frame not made yet.
    for (const kind of ['plain', 'transform'] as const) {
      const w = await phase(page, kind, `warmup-${kind}-${run}`, WARMUP_SECONDS);
      failures.push(...problemsOf(w, `run ${run} warm-up ${LABEL[kind]}`));
    }
    const order: Kind[] = run % 2 === 1 ? ['plain', 'transform'] : ['transform', 'plain'];
    const got: Partial<Record<Kind, PhaseResult>> = {};
    for (const kind of order) {
      // IndexedDB keeps working (compaction, deleting the last phase's objects and log) after a
      // phase: let it settle so that no phase pays for the one before.
      await page.waitForTimeout(SETTLE_MS);
      const r = await phase(page, kind, `${kind}-${run}`, seconds);
      failures.push(...problemsOf(r, `run ${run} ${LABEL[kind]}`));
      got[kind] = r;
    }
    await page.waitForTimeout(SETTLE_MS);
    const lambdaAlone = await page.evaluate(runLambdaAlone, {
      functions: { [ALONE.buffer]: UPPERCASE_LAMBDA, [ALONE.atob]: UPPERCASE_LAMBDA_ATOB },
      records: lambdaBatch, recordBytes: WORKLOAD.recordBytes, times: 5,
    });
    return { run, order: order.map((k) => LABEL[k]).join(', '), plain: got.plain!, transform: got.transform!, lambdaAlone };
  } finally {
    await close();
  }
}

function describePhase(p: PhaseResult): string {
  const { produce: pr, drain: d, verify: v } = p;
  const lambda = p.kind === 'transform'
    ? `; ${d.invocations} invocations, median ${fmtInt(d.medianInvocationMs)} ms, max ${fmtInt(d.maxInvocationMs)} ms`
    : '';
  const once = v.exactlyOnce === pr.acked && v.duplicates === 0 && v.unacknowledged === 0 && v.wrongContent === 0 && v.malformed === 0;
  return `${LABEL[p.kind]}: acked ${fmtInt(p.ackedPerSecond)} rec/s, delivered ${fmtInt(p.deliveredPerSecond)} rec/s ` +
    `(${fmtInt(pr.acked)} acked in ${pr.seconds.toFixed(2)} s, ${pr.calls} calls, median ${fmtInt(pr.medianCallMs)} ms, max ${fmtInt(pr.maxCallMs)} ms; ` +
    `${fmtInt(pr.outstandingAtStop)} outstanding at stop, all delivered ${fmtFixed(d.drainMs / 1000, 2)} s later; ` +
    `${d.objects} objects${lambda}; clock ${fmtFixed(pr.medianActualSpeed, 0)}× (min ${fmtFixed(pr.minActualSpeed, 0)}×)` +
    `${pr.throttled ? `; ${fmtInt(pr.throttled)} THROTTLED` : ''}; CPU ${fmtFixed(p.cpuMicrosPerRecord, 1)} µs/rec) ` +
    `— S3: ${fmtInt(v.exactlyOnce)} exactly once, ${fmtInt(v.bytesInS3)} B ${once ? '✓' : '✗'}`;
}

function aloneText(a: LambdaAloneResult): string {
  const one = (k: string, label: string): string => `${label} ${fmtInt(a[k]?.runMs ?? NaN)} ms run, ${fmtInt(a[k]?.wallMs ?? NaN)} ms with the worker's start`;
  return `${one(ALONE.buffer, "Buffer (the bench's handler)")}; ${one(ALONE.atob, 'atob/btoa')}`;
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
  const results: Run[] = [];
  let version = '?';
  const loadBefore = loadavg();
  try {
    version = await chromiumVersion();
    log(`Firehose bench — Chromium ${version} (headless, ${executablePath ?? "Playwright's"}), IndexedDB on disk, ` +
      `${cpus().length} cores, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} · ${server.url} · ${date}`);
    log(`${seconds} s per phase, ${runs} run(s), median. DirectPut → ExtendedS3, BufferingHints ${WORKLOAD.sizeInMBs} MiB / ${WORKLOAD.intervalInSeconds} s; ` +
      `PutRecordBatch ${WORKLOAD.batchSize} × ${WORKLOAD.recordBytes} B, ${WORKLOAD.concurrency} in flight (FirehoseClient, maxAttempts 1); ` +
      `clock ${WORKLOAD.speed}×; transform: Lambda buffer ${WORKLOAD.lambdaBufferMBs} MiB / ${WORKLOAD.lambdaBufferSeconds} s, upper-cases every record`);
    log('');
    for (let run = 1; run <= runs; run++) {
      try {
        const r = await benchRun(server.url, run, troubles, failures);
        results.push(r);
        log(`run ${run}/${runs} (${r.order})`);
        for (const p of [r.plain, r.transform]) {
          log(`    ${describePhase(p)}`);
          log(`        CPU µs per record by thread — ${p.perThread}`);
        }
        log(`    transform / no transform: acked ${fmtRatio(r.transform.ackedPerSecond / r.plain.ackedPerSecond)}, ` +
          `delivered ${fmtRatio(r.transform.deliveredPerSecond / r.plain.deliveredPerSecond)}`);
        log(`    diagnostic, the handler alone (${fmtInt(lambdaBatch)} records, page otherwise idle): ${aloneText(r.lambdaAlone)}`);
      } catch (e) {
        failures.push(`run ${run}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        log(`run ${run}/${runs} FAILED: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (results.length > 0) {
      const m = (f: (p: PhaseResult) => number, k: Kind): number => median(results.map((r) => f(r[k])));
      const row = (label: string, f: (p: PhaseResult) => number, fmt: (n: number) => string = fmtInt): string[] => {
        const a = m(f, 'plain'), b = m(f, 'transform');
        return [label, fmt(a), fmt(b), fmtRatio(b / a)];
      };
      log('');
      log(table([
        ['', 'no transform', 'Lambda transform', 'transform / no transform'],
        row('acknowledged records/s', (p) => p.ackedPerSecond),
        row('delivered to S3 records/s', (p) => p.deliveredPerSecond),
        row('end to end records/s (until all delivered)', (p) => p.produce.acked / p.drain.endToEndSeconds),
        row('Chromium CPU µs per record', (p) => p.cpuMicrosPerRecord, (n) => fmtFixed(n, 1)),
      ]));
      log(`(medians over ${results.length} run(s); ratio of the medians. Per run, delivered transform / no transform: ` +
        `${results.map((r) => fmtRatio(r.transform.deliveredPerSecond / r.plain.deliveredPerSecond)).join(', ')})`);
      const inv = (f: (p: PhaseResult) => number): number => median(results.map((r) => f(r.transform)));
      const alone = (k: string, f: 'runMs' | 'wallMs'): number => median(results.map((r) => r.lambdaAlone[k]?.[f] ?? NaN));
      log(`Transform: ${fmtInt(inv((p) => p.drain.invocations))} invocations a phase, median ${fmtInt(inv((p) => p.drain.medianInvocationMs))} ms each under load. ` +
        `The handler alone on ${fmtInt(lambdaBatch)} records: ${fmtInt(alone(ALONE.buffer, 'runMs'))} ms with Buffer ` +
        `(${fmtInt(alone(ALONE.buffer, 'wallMs'))} ms with the worker's start), ${fmtInt(alone(ALONE.atob, 'runMs'))} ms with atob/btoa ` +
        `(${fmtInt(alone(ALONE.atob, 'wallMs'))} ms)`);
      const throttled = results.flatMap((r) => [r.plain, r.transform]).reduce((a, p) => a + p.produce.throttled, 0);
      if (throttled > 0) {
        log(`NOTE: the Direct PUT quota throttled ${fmtInt(throttled)} records ("Slow down."): those figures are partly the quota's, not the app's.`);
      }
      log(`(1-minute load average ${(loadBefore[0] ?? NaN).toFixed(2)} before, ${(loadavg()[0] ?? NaN).toFixed(2)} after, on ${cpus().length} cores)`);
    }
  } finally {
    await server.stop();
  }

  writeResults('firehose', { date, chromium: version, cores: cpus().length, seconds, runs, workload: WORKLOAD, runsDetail: results, troubles, failures });
  for (const t of troubles) failures.push(`${t.where}: ${t.text}`);
  for (const f of failures) console.error(`WARNING: ${f}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
