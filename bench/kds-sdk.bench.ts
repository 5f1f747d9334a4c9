/**
 * KDS bench: the same AWS SDK workload against Shardlab in process and against kinesalite on
 * loopback (in a child process), in one run. Prints the median write and read records/s of each
 * and the ratio Shardlab/kinesalite. It never fails on speed — only when records go missing or
 * a target errors (exit 1).
 *
 *   npm run bench                 10 s × 3 runs (BENCH_SECONDS, BENCH_RUNS override)
 *   npm run bench -- --quick      1 s × 1 run, a smoke test (< 30 s)
 *   BENCH_TARGETS=shardlab        one side only (e.g. to profile it)
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResults } from './results.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { createSimulation as CreateSimulation } from '../src/index.js';
import { ensureKinesalite, startKinesalite } from './kds/kinesalite.js';
import { formatTable, fmtInt, median } from './kds/report.js';
import { makePayloads, runWorkload, type WorkloadOptions, type WorkloadResult } from './kds/workload.js';

const TARGETS = ['kinesalite', 'shardlab'] as const;
type Target = (typeof TARGETS)[number];

const benchDir = dirname(fileURLToPath(import.meta.url));
const kinesaliteDir = join(benchDir, 'kinesalite');
const quick = process.argv.includes('--quick');
const seconds = envNumber('BENCH_SECONDS', quick ? 1 : 10);
const runs = Math.max(1, Math.round(envNumber('BENCH_RUNS', quick ? 1 : 3)));
const targets = (process.env.BENCH_TARGETS ?? TARGETS.join(','))
  .split(',')
  .map((t) => t.trim().toLowerCase())
  .filter((t): t is Target => (TARGETS as readonly string[]).includes(t));
const workload: Omit<WorkloadOptions, 'streamName'> = { shards: 4, seconds, concurrency: 4, batchSize: 500, recordBytes: 1024 };
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const log = (line: string): void => console.log(line);

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** A full GC between halves, so one target's garbage is not collected on the other's time. */
const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

async function runKinesalite(o: WorkloadOptions, payloads: Uint8Array[]): Promise<WorkloadResult> {
  const server = await startKinesalite(kinesaliteDir);
  const client = new KinesisClient({
    region: 'us-east-1',
    credentials,
    endpoint: server.endpoint,
    maxAttempts: 1,
    // Plain HTTP/1.1 with keep-alive: the Kinesis client defaults to an HTTP/2 handler.
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) }),
  });
  try {
    return await runWorkload(client, o, payloads);
  } finally {
    client.destroy();
    await server.stop();
  }
}

let createSimulation: typeof CreateSimulation | undefined;

async function runShardlab(o: WorkloadOptions, payloads: Uint8Array[]): Promise<WorkloadResult> {
  createSimulation ??= (await import('../src/index.js')).createSimulation;
  const sim = createSimulation({ clock: 'realtime', enforceLimits: false, createStreamMs: 0 });
  const client = new KinesisClient({ region: 'us-east-1', credentials, requestHandler: sim.requestHandler, maxAttempts: 1 });
  try {
    return await runWorkload(client, o, payloads);
  } finally {
    client.destroy();
  }
}

type Figures = { write: number; read: number };

async function main(): Promise<number> {
  if (targets.length === 0) throw new Error(`BENCH_TARGETS names none of ${TARGETS.join(', ')}`);
  const date = new Date().toISOString();
  log(`KDS SDK bench — PutRecords ${workload.batchSize} × ${workload.recordBytes} B into ${workload.shards} shards, ` +
    `${workload.concurrency} calls in flight, ${seconds} s write then read-all; ${runs} run(s), median`);
  log(`node ${process.version} · ${process.platform}/${process.arch} · ${cpus().length} cores · ${date}`);
  if (targets.includes('kinesalite')) ensureKinesalite(kinesaliteDir, (l) => console.error(l));

  const payloads = makePayloads(workload.batchSize, workload.recordBytes);
  const figures: Record<Target, Figures[]> = { kinesalite: [], shardlab: [] };
  const failures: string[] = [];
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      gc();
      const o: WorkloadOptions = { ...workload, streamName: `bench-${target}-${run}` };
      try {
        const r = await (target === 'shardlab' ? runShardlab(o, payloads) : runKinesalite(o, payloads));
        const f = { write: r.written / r.writeSeconds, read: r.read / r.readSeconds };
        figures[target].push(f);
        log(`run ${run + 1}/${runs} ${target.padEnd(10)}  write ${fmtInt(f.write).padStart(9)} rec/s ` +
          `(${fmtInt(r.written)} in ${r.writeSeconds.toFixed(2)} s, ${r.putCalls} PutRecords)   ` +
          `read ${fmtInt(f.read).padStart(9)} rec/s (${fmtInt(r.read)} in ${r.readSeconds.toFixed(2)} s, ${r.getCalls} GetRecords)`);
        for (const p of r.problems) failures.push(`run ${run + 1} ${target}: ${p}`);
      } catch (err) {
        failures.push(`run ${run + 1} ${target}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        log(`run ${run + 1}/${runs} ${target.padEnd(10)}  FAILED: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  const med = (t: Target, k: keyof Figures): number => median(figures[t].map((f) => f[k]));
  log('');
  log(formatTable('kinesalite', 'Shardlab', [
    { label: 'write records/s', baseline: med('kinesalite', 'write'), subject: med('shardlab', 'write') },
    { label: 'read records/s', baseline: med('kinesalite', 'read'), subject: med('shardlab', 'read') },
  ]));
  writeResults('kds-sdk', { date, node: process.version, cores: cpus().length, seconds, runs, workload, figures, failures });
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
