/**
 * The analytics bench's measured loop, shared by Node (`bench/analytics.bench.ts`, a LocalRuntime)
 * and the page (`shardlab.debug.benchAnalytics`, the application's worker): JSON records of
 * `BENCH_KEYS` tickers pushed through an application runtime — mapping with the input schema,
 * then a tumbling `COUNT(*) … GROUP BY ticker` a virtual minute wide — and its emitted rows
 * checked: every event counted once. Speed is reported, never asserted.
 */
import type { AppRuntime } from '../core/analytics/app/runtime.js';
import type { SourceSchema } from '../core/analytics/input/types.js';
import { encodeBase64 } from '../core/util/base64.js';

export const BENCH_SQL = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(8), events BIGINT);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM "ticker", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY "ticker", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`;

export const BENCH_SCHEMA: SourceSchema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [{ Name: 'ticker', Mapping: '$.ticker', SqlType: 'VARCHAR(8)' }, { Name: 'price', Mapping: '$.price', SqlType: 'DOUBLE' }],
};

export const BENCH_KEYS = 100;

/** `n` records (base64 JSON, as a source hands them over), `perBatch` to a push. */
export function benchRecords(n: number, perBatch: number): { data: string; arrival: number }[][] {
  const enc = new TextEncoder();
  const batches: { data: string; arrival: number }[][] = [];
  for (let i = 0; i < n; i += perBatch) {
    const b: { data: string; arrival: number }[] = [];
    for (let k = i; k < Math.min(n, i + perBatch); k++) b.push({ data: encodeBase64(enc.encode(`{"ticker":"T${k % BENCH_KEYS}","price":${k % 997}}`)), arrival: 0 });
    batches.push(b);
  }
  return batches;
}

/**
 * Pushes the batches (one virtual second apart, so the minute windows close as they go), then
 * closes the last window; returns events per second (real time) and whether every event was
 * counted once.
 */
export async function runtimeThroughput(runtime: AppRuntime, batches: readonly { data: string; arrival: number }[][], start = Date.UTC(2026, 0, 1)): Promise<{ events: number; ms: number; perSecond: number; counted: number }> {
  const ok = await runtime.start({ code: BENCH_SQL, input: { stream: 'SOURCE_SQL_STREAM_001', schema: BENCH_SCHEMA }, referenceTables: {}, seed: 1, watch: ['DESTINATION_SQL_STREAM'] });
  if (!ok.ok) throw new Error(`bench SQL: ${ok.error.message}`);
  let counted = 0;
  const count = (t: Awaited<ReturnType<AppRuntime['tick']>>) => {
    for (const e of t.emitted) for (const r of e.rows) counted += Number(r.row.EVENTS);
  };
  const events = batches.reduce((a, b) => a + b.length, 0);
  const t0 = performance.now();
  let now = start;
  for (const b of batches) {
    await runtime.push(b, now);
    now += 1000;
    count(await runtime.tick(now));
  }
  count(await runtime.tick(now + 120_000));
  const ms = performance.now() - t0;
  await runtime.stop();
  return { events, ms, perSecond: events / (ms / 1000), counted };
}
