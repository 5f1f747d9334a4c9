/**
 * Where the time of durable ingest goes: runs the bench's durable-ingest workload once in the
 * built app (served like the bench does) under a Chrome trace, and prints, per thread of the
 * page's renderer (main thread, each shard worker), how busy it was and which functions took its
 * time (self time from the V8 sampling profiler), plus the browser's IndexedDB threads.
 *
 *   npx tsx bench/browser/profile.ts                 5 s, IndexedDB on disk
 *   BENCH_SECONDS=10 npx tsx bench/browser/profile.ts --no-build
 *
 * A diagnosis tool, not a benchmark: the profiler itself costs time; read the proportions.
 */
import { chromium, type CDPSession } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIngest, type IngestOptions } from './ingest.js';
import { buildApp, freePort, startPreview } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(dirname(here));
const seconds = Number(process.env.BENCH_SECONDS ?? 5) || 5;
// Its own build, not minified, so that the profile names functions.
const distDir = process.env.BENCH_DIST ?? join(tmpdir(), 'shardlab-bench-dist-unminified');
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

interface TraceEvent {
  name: string; cat: string; ph: string; pid: number; tid: number; ts: number; dur?: number; id?: string;
  args?: { name?: string; data?: { cpuProfile?: CpuProfileChunk; timeDeltas?: number[]; message?: string; startTime?: number } };
}
interface CpuProfileNode { id: number; callFrame: { functionName: string; url?: string; lineNumber: number; columnNumber: number }; parent?: number }
interface CpuProfileChunk { nodes?: CpuProfileNode[]; samples?: number[] }

async function trace(session: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (e) => { for (const v of e.value) events.push(v as unknown as TraceEvent); });
  const complete = new Promise<void>((r) => session.once('Tracing.tracingComplete', () => r()));
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['toplevel', 'devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'IndexedDB', 'disabled-by-default-devtools.timeline'],
      excludedCategories: ['*'],
    },
  });
  await during();
  await session.send('Tracing.end');
  await complete;
  return events;
}

/** For a bundle file (unminified: rolldown leaves a `// path` comment before each module): line → module. */
function moduleMap(file: string): (line: number) => string {
  const starts: { line: number; name: string }[] = [];
  try {
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      const m = /^\/\/ (\S+\.(?:[cm]?js|ts|svelte))$/.exec(text);
      if (m) starts.push({ line: i, name: m[1]! });
    });
  } catch {
    // not a file of ours
  }
  return (line) => {
    let lo = 0, hi = starts.length - 1, found = '?';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) { found = starts[mid]!.name; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
}

/** A module path shortened to what it belongs to: the package, or the app's folder. */
function owner(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist-es\/)?(?:submodules\/)?([^/]+)?/.exec(path);
  if (pkg) return pkg[1]!.startsWith('@smithy') || pkg[1]!.startsWith('@aws-sdk') ? `SDK ${pkg[1]}${pkg[2] && !pkg[2].endsWith('.js') ? '/' + pkg[2] : ''}` : pkg[1]!;
  const app = /^(src\/(?:core\/[^/]+|[^/]+)|workers)\/(.+)$/.exec(path);
  return app ? `${app[1]}/${app[2]}` : path;
}

/** Merges intervals and returns their total length inside [from, to]. */
function covered(intervals: [number, number][], from: number, to: number): number {
  intervals.sort((x, y) => x[0] - y[0]);
  let total = 0, end = -Infinity;
  for (const [a0, b0] of intervals) {
    const a = Math.max(a0, from, end), b = Math.min(b0, to);
    if (b > a) { total += b - a; end = b; }
    end = Math.max(end, Math.min(b0, to));
  }
  return total;
}

function analyse(events: TraceEvent[], windowUs: [number, number], dist: string): string {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const [from, to] = windowUs;
  const span = to - from;
  // Busy = covered by tasks (nested task events merged) inside the window.
  const tasks = new Map<string, [number, number][]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask' && e.name !== 'ThreadPool_RunTask') continue;
    const k = `${e.pid}:${e.tid}`;
    const list = tasks.get(k) ?? [];
    list.push([e.ts, e.ts + e.dur]);
    tasks.set(k, list);
  }
  // CPU profiles: "Profile" (id) then "ProfileChunk"s, per thread.
  const profiles = new Map<string, { nodes: Map<number, CpuProfileNode>; self: Map<number, number>; tid: string; t: number }>();
  for (const e of events) {
    if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { nodes: new Map(), self: new Map(), tid: `${e.pid}:${e.tid}`, t: e.args?.data?.startTime ?? e.ts });
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    const d = e.args?.data;
    if (!p || !d) continue;
    for (const n of d.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    const samples = d.cpuProfile?.samples ?? [];
    const deltas = d.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const dt = deltas[i] ?? 0;
      p.t += dt;
      if (p.t >= from && p.t <= to) p.self.set(samples[i]!, (p.self.get(samples[i]!) ?? 0) + dt);
    }
  }
  const modules = new Map<string, (line: number) => string>();
  const moduleOf = (url: string, line: number): string => {
    const file = url.split('/').pop() ?? '';
    let m = modules.get(file);
    if (!m) { m = moduleMap(join(dist, 'assets', file)); modules.set(file, m); }
    return owner(m(line));
  };
  const pct = (us: number, total: number): string => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(6)} ms`;
  const out: string[] = [];
  out.push(`write phase ${(span / 1e6).toFixed(2)} s. Threads busy > 2 % of it (time inside tasks):`);
  const rows = [...tasks].map(([k, list]) => [k, covered(list, from, to)] as const).filter(([, us]) => us / span > 0.02).sort((a, b) => b[1] - a[1]);
  for (const [tid, us] of rows) {
    out.push(`  ${(threadName.get(tid) ?? tid).padEnd(28)} ${tid.padEnd(14)} ${((us / span) * 100).toFixed(0).padStart(3)} %`);
  }
  for (const p of profiles.values()) {
    const total = [...p.self.values()].reduce((a, b) => a + b, 0);
    if (total < 0.05 * span) continue;
    const byFn = new Map<string, number>();
    const byModule = new Map<string, number>();
    const inclusive = new Map<string, number>();
    for (const [id, us] of p.self) {
      const n = p.nodes.get(id);
      if (!n) continue;
      const cf = n.callFrame;
      const f = cf.url ? `${cf.functionName || '(anonymous)'}  [${moduleOf(cf.url, cf.lineNumber)}]` : cf.functionName || '(native)';
      byFn.set(f, (byFn.get(f) ?? 0) + us);
      // Native work (no url) counts for the nearest JS caller's module; (idle), (program) and GC stand alone.
      let m: string | undefined;
      for (let q: CpuProfileNode | undefined = n; q && m === undefined; q = q.parent === undefined ? undefined : p.nodes.get(q.parent)) {
        if (q.callFrame.url) m = moduleOf(q.callFrame.url, q.callFrame.lineNumber);
      }
      const key = m ?? (cf.functionName.startsWith('(') ? cf.functionName : `(native, no JS caller) ${cf.functionName}`);
      byModule.set(key, (byModule.get(key) ?? 0) + us);
      // Inclusive: every distinct named function on the stack.
      const seen = new Set<string>();
      for (let q: CpuProfileNode | undefined = n; q; q = q.parent === undefined ? undefined : p.nodes.get(q.parent)) {
        const c = q.callFrame;
        if (!c.url || !c.functionName) continue;
        const k = `${c.functionName}  [${moduleOf(c.url, c.lineNumber)}]`;
        if (seen.has(k)) continue;
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + us);
      }
    }
    out.push('');
    out.push(`${threadName.get(p.tid) ?? p.tid} (${p.tid}) — ${(total / 1e3).toFixed(0)} ms sampled. By module (native callees counted for their JS caller):`);
    for (const [f, us] of [...byModule].sort((a, b) => b[1] - a[1]).filter(([, us]) => us / total >= 0.005).slice(0, 30)) out.push(`  ${pct(us, total)}  ${f}`);
    out.push('  Top functions, self time:');
    for (const [f, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) out.push(`  ${pct(us, total)}  ${f}`);
    if (process.env.PROFILE_INCLUSIVE) {
      out.push('  Top named functions, inclusive time:');
      for (const [f, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_INCLUSIVE) || 40)) out.push(`  ${pct(us, total)}  ${f}`);
    }
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build') || !existsSync(join(distDir, 'index.html'))) buildApp(root, distDir, (l) => console.error(l), ['--minify', 'false']);
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const server = await startPreview(root, distDir, port);
  const profile = mkdtempSync(join(tmpdir(), 'shardlab-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript('globalThis.__name ??= (f) => f;');
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error(`console.${m.type()}: ${m.text()}`); });
    await page.goto(server.url);
    await page.waitForFunction(() => window.shardlab !== undefined);
    const session = await context.newCDPSession(page);
    const o: IngestOptions = { streamName: 'profile', shards: 4, seconds, concurrency: 4, batchSize: 500, recordBytes: 1024, client: process.env.BENCH_CLIENT === 'sdk' ? 'sdk' : 'wire' };
    let result: Awaited<ReturnType<typeof runIngest>> | undefined;
    const events = await trace(session, async () => { result = await page.evaluate(runIngest, o); });
    // The write phase, between the marks runIngest leaves with console.timeStamp.
    const mark = (m: string): number | undefined =>
      events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts;
    const start = mark('bench:write-start');
    const end = mark('bench:write-end');
    if (start === undefined || end === undefined) throw new Error('the trace holds no bench:write-start / bench:write-end marks');
    console.log(`durable ingest under the profiler: ${result ? Math.round(result.accepted / result.seconds) : '?'} records/s ` +
      `(${result?.putCalls} PutRecords, median call ${result?.medianCallMs.toFixed(0)} ms)`);
    console.log(analyse(events, [start, end], distDir));
    writeFileSync(join(here, '..', 'results', 'browser-profile.trace.json'), JSON.stringify({ traceEvents: events }));
    console.log(`\ntrace: bench/results/browser-profile.trace.json (open in chrome://tracing or Perfetto)`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
