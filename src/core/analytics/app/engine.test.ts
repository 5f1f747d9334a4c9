import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../index';
import { decodeBase64, encodeBase64 } from '../../util/base64';
import type { SourceSchema } from '../input/types';

const SCHEMA: SourceSchema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'ticker_symbol', Mapping: '$.ticker_symbol', SqlType: 'VARCHAR(4)' },
    { Name: 'price', Mapping: '$.price', SqlType: 'DOUBLE' },
  ],
};

const COUNT_PER_10S = `
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), quotes INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "ticker_symbol", COUNT(*)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY "ticker_symbol", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`;

const START = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A row's values without its ROWTIME (checked apart). */
const values = (r: { row: Readonly<Record<string, unknown>> }) => Object.fromEntries(Object.entries(r.row).filter(([k]) => k !== 'ROWTIME'));

async function setup() {
  const sim = createSimulation({ clock: 'manual', start: START });
  const kds = async (op: string, input: Record<string, unknown>) => {
    const r = await sim.kinesis.dispatch(op, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Record<string, unknown>;
  };
  await kds('CreateStream', { StreamName: 'ticks', ShardCount: 1 });
  await kds('CreateStream', { StreamName: 'counts', ShardCount: 1 });
  sim.clock.advance(sim.kinesis.createStreamMs);
  const put = (records: object[]) => kds('PutRecords', { StreamName: 'ticks', Records: records.map((r) => ({ PartitionKey: 'k', Data: encodeBase64(new TextEncoder().encode(JSON.stringify(r))) })) });
  /** Advances in 100 ms steps (the engine's tick), letting reads and writes finish. */
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      sim.clock.advance(100);
      await sim.analytics.idle();
    }
  };
  const readAll = async (stream: string): Promise<string[]> => {
    const shard = ((await kds('ListShards', { StreamName: stream })).Shards as { ShardId: string }[])[0]!.ShardId;
    const it = (await kds('GetShardIterator', { StreamName: stream, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator as string;
    const recs = (await kds('GetRecords', { ShardIterator: it })).Records as { Data: string }[];
    return recs.map((r) => new TextDecoder().decode(decodeBase64(r.Data)));
  };
  return { sim, put, run, readAll };
}

describe('analytics applications on the simulation', () => {
  it('reads its Kinesis source, emits a tumbling window when it closes, and writes the rows to its output stream', async () => {
    const { sim, put, run, readAll } = await setup();
    expect(sim.analytics.create({
      name: 'counter', code: COUNT_PER_10S,
      input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: SCHEMA },
      outputs: [{ name: 'DESTINATION_SQL_STREAM', kind: 'kinesis', target: 'counts', format: 'JSON' }],
    })).toEqual({ ok: true });
    expect(await sim.analytics.start('counter', 'NOW')).toEqual({ ok: true });
    expect(sim.analytics.get('counter')?.status).toBe('RUNNING');
    await run(500);
    await put([{ ticker_symbol: 'AMZN', price: 1 }, { ticker_symbol: 'AMZN', price: 2 }, { ticker_symbol: 'MSFT', price: 3 }]);
    await run(5000);
    // Read into the application, but the 10-second window is still open: nothing emitted yet.
    expect(sim.analytics.get('counter')?.stats.recordsIn).toBe(3);
    expect(await readAll('counts')).toEqual([]);
    expect(sim.analytics.get('counter')?.windows[0]).toMatchObject({ pump: 'STREAM_PUMP', kind: 'tumbling', rows: 3, groups: 2 });
    await run(6000);
    const out = (await readAll('counts')).map((r) => JSON.parse(r) as Record<string, unknown>);
    expect(out).toEqual([{ TICKER_SYMBOL: 'AMZN', QUOTES: 2 }, { TICKER_SYMBOL: 'MSFT', QUOTES: 1 }]);
    const recent = sim.analytics.recentRows('counter', 'DESTINATION_SQL_STREAM');
    expect(recent.map((r) => r.rowtime)).toEqual([START + 10_000, START + 10_000]);
    expect(sim.analytics.get('counter')?.stats.rowsOut).toBe(2);
    await sim.analytics.stop('counter');
    expect(sim.analytics.get('counter')?.status).toBe('READY');
  });

  it('refuses to start SQL with an error, naming its line and column, and stays READY', async () => {
    const { sim } = await setup();
    sim.analytics.create({ name: 'bad', code: 'CREATE STREAM "OUT" (a INTEGER);\nCREATE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM nope FROM "SOURCE_SQL_STREAM_001";', input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: SCHEMA }, outputs: [] });
    const r = await sim.analytics.start('bad');
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ line: 2 });
    expect(sim.analytics.get('bad')).toMatchObject({ status: 'READY', lastError: { line: 2 } });
  });

  it('sends a record that does not fit the schema to error_stream and goes on', async () => {
    const { sim, put, run } = await setup();
    sim.analytics.create({ name: 'errs', code: COUNT_PER_10S, input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: SCHEMA }, outputs: [] });
    await sim.analytics.start('errs');
    await run(200);
    await put([{ ticker_symbol: 'AMZN', price: 'not a number' }, { ticker_symbol: 'AMZN', price: 5 }]);
    await run(12_000);
    expect(sim.analytics.get('errs')?.stats.errors).toBe(1);
    expect(sim.analytics.recentRows('errs', 'error_stream')).toHaveLength(1);
    expect(sim.analytics.recentRows('errs', 'DESTINATION_SQL_STREAM').map(values)).toEqual([{ TICKER_SYMBOL: 'AMZN', QUOTES: 1 }]);
  });

  it('joins a reference table loaded from S3 when it starts', async () => {
    const { sim, put, run } = await setup();
    sim.s3.createBucket('ref');
    sim.s3.putObject('ref', 'companies.csv', new TextEncoder().encode('AMZN,Amazon\nMSFT,Microsoft\n'));
    sim.analytics.create({
      name: 'names',
      code: `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), company VARCHAR(16));
CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM s."ticker_symbol", c."company" FROM "SOURCE_SQL_STREAM_001" AS s JOIN "Companies" AS c ON s."ticker_symbol" = c."ticker";`,
      input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: SCHEMA },
      referenceData: {
        tableName: 'Companies', bucket: 'ref', key: 'companies.csv',
        schema: { RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } }, RecordColumns: [{ Name: 'ticker', SqlType: 'VARCHAR(4)' }, { Name: 'company', SqlType: 'VARCHAR(16)' }] },
      },
      outputs: [],
    });
    expect(await sim.analytics.start('names')).toEqual({ ok: true });
    await run(200);
    await put([{ ticker_symbol: 'MSFT', price: 1 }, { ticker_symbol: 'QXZ', price: 2 }]);
    await run(2000);
    expect(sim.analytics.recentRows('names', 'DESTINATION_SQL_STREAM').map(values)).toEqual([{ TICKER: 'MSFT', COMPANY: 'Microsoft' }]);
  });

  it('reads a Firehose delivery stream\'s records as its source', async () => {
    const { sim, run } = await setup();
    sim.s3.createBucket('lake');
    await sim.firehose.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'fh', ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/r', BucketARN: 'arn:aws:s3:::lake' } });
    sim.clock.advance(sim.firehose.createMs);
    sim.analytics.create({ name: 'from-fh', code: COUNT_PER_10S, input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'firehose', deliveryStreamName: 'fh' }, schema: SCHEMA }, outputs: [] });
    expect((await sim.analytics.start('from-fh', 'TRIM_HORIZON')).ok).toBe(false); // not for a Firehose source
    expect(await sim.analytics.start('from-fh', 'NOW')).toEqual({ ok: true });
    await sim.firehose.dispatch('PutRecordBatch', { DeliveryStreamName: 'fh', Records: [{ Data: encodeBase64(new TextEncoder().encode('{"ticker_symbol":"NVDA","price":1}')) }] });
    await run(11_000);
    expect(sim.analytics.recentRows('from-fh', 'DESTINATION_SQL_STREAM').map(values)).toEqual([{ TICKER_SYMBOL: 'NVDA', QUOTES: 1 }]);
  });

  it('saves configurations and starts a running application again on load, from its last stopped point', async () => {
    const { sim, put, run } = await setup();
    sim.analytics.create({ name: 'keep', code: COUNT_PER_10S, input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: SCHEMA }, outputs: [] });
    await sim.analytics.start('keep');
    await run(200);
    await put([{ ticker_symbol: 'AMZN', price: 1 }]);
    await run(2000);
    const saved = sim.analytics.save();
    expect(saved[0]).toMatchObject({ name: 'keep', status: 'RUNNING' });
    expect(Object.keys(saved[0]!.checkpoints ?? {})).toHaveLength(1);
    sim.analytics.delete('keep');
    sim.analytics.load(saved);
    await run(200);
    expect(sim.analytics.get('keep')?.status).toBe('RUNNING');
  });

  it('samples a source\'s recent records for schema discovery', async () => {
    const { sim, put } = await setup();
    await put([{ ticker_symbol: 'AMZN', price: 1.5 }, { ticker_symbol: 'MSFT', price: 2 }]);
    const got = await sim.analytics.sample({ kind: 'kinesis', streamName: 'ticks' });
    expect(got.map((b) => new TextDecoder().decode(b))).toEqual(['{"ticker_symbol":"AMZN","price":1.5}', '{"ticker_symbol":"MSFT","price":2}']);
  });

  it('stops and starts again from LAST_STOPPED_POINT with every record processed exactly once', async () => {
    const { sim, put, run, readAll } = await setup();
    sim.analytics.create({
      name: 'copy',
      code: `CREATE OR REPLACE STREAM "OUT" (id INTEGER);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM CAST("price" AS INTEGER) FROM "SOURCE_SQL_STREAM_001";`,
      input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: SCHEMA },
      outputs: [{ name: 'OUT', kind: 'kinesis', target: 'counts', format: 'JSON' }],
    });
    await sim.analytics.start('copy', 'TRIM_HORIZON');
    await put([1, 2, 3, 4, 5].map((id) => ({ ticker_symbol: 'A', price: id })));
    // Read (the checkpoint is past them), then stopped at once: they are still processed and written.
    await run(1000);
    await sim.analytics.stop('copy');
    await put([6, 7, 8].map((id) => ({ ticker_symbol: 'A', price: id })));
    expect(await sim.analytics.start('copy', 'LAST_STOPPED_POINT')).toEqual({ ok: true });
    await run(3000);
    const ids = (await readAll('counts')).map((r) => (JSON.parse(r) as { ID: number }).ID);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('writes every row of a burst to a throttling output (retried, in the end all of them, counted once)', async () => {
    const { sim, put, run, readAll } = await setup();
    sim.analytics.create({
      name: 'burst', code: COUNT_PER_10S.replace(/VARCHAR\(4\)/g, 'VARCHAR(8)'),
      input: { namePrefix: 'SOURCE_SQL_STREAM', source: { kind: 'kinesis', streamName: 'ticks' }, schema: { ...SCHEMA, RecordColumns: [{ Name: 'ticker_symbol', Mapping: '$.ticker_symbol', SqlType: 'VARCHAR(8)' }, SCHEMA.RecordColumns[1]!] } },
      outputs: [{ name: 'DESTINATION_SQL_STREAM', kind: 'kinesis', target: 'counts', format: 'JSON' }],
    });
    await sim.analytics.start('burst', 'TRIM_HORIZON');
    // 2,400 tickers in 3 puts a second apart (the source shard takes 1,000 records a second): one
    // window closes with 2,400 rows, more than the output shard takes in a second.
    for (let k = 0; k < 3; k++) {
      for (let h = 0; h < 2; h++) await put(Array.from({ length: 400 }, (_, i) => ({ ticker_symbol: `T${k * 800 + h * 400 + i}`, price: 1 })));
      await run(1000);
    }
    await run(15_000);
    const out = (await readAll('counts')).map((r) => (JSON.parse(r) as { TICKER_SYMBOL: string }).TICKER_SYMBOL);
    expect(out).toHaveLength(2400);
    expect(new Set(out).size).toBe(2400);
    expect(sim.analytics.get('burst')?.stats).toMatchObject({ rowsOut: 2400, pendingOut: 0 });
  });
});

describe('the application runtime', () => {
  it('hands back every row of an output stream, however many (the UI\'s copy is capped, outputs are not)', async () => {
    const { LocalRuntime, MAX_ROWS_PER_TICK } = await import('./runtime');
    const r = new LocalRuntime();
    const ok = await r.start({
      code: 'CREATE OR REPLACE STREAM "OUT" (t VARCHAR(8)); CREATE OR REPLACE PUMP "P" AS INSERT INTO "OUT" SELECT STREAM "ticker_symbol" FROM "SOURCE_SQL_STREAM_001";',
      input: { stream: 'SOURCE_SQL_STREAM_001', schema: SCHEMA }, referenceTables: {}, seed: 1, watch: ['*'], outputs: ['OUT'],
    });
    expect(ok.ok).toBe(true);
    const n = MAX_ROWS_PER_TICK + 5000;
    const rec = encodeBase64(new TextEncoder().encode('{"ticker_symbol":"A","price":1}'));
    await r.push(Array.from({ length: n }, () => ({ data: rec, arrival: START })), START);
    const t = await r.tick(START + 1);
    expect(t.emitted.find((e) => e.stream === 'OUT')?.rows).toHaveLength(n);
    await r.stop();
    await expect(r.push([{ data: rec, arrival: START }], START)).rejects.toThrow(/not started/);
  });
});
