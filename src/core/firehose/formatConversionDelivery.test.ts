import { describe, expect, it } from 'vitest';
import { createClock } from '../sim/clock';
import { createRandom } from '../sim/random';
import { S3Store } from '../s3/store';
import { encodeBase64 } from '../util/base64';
import { GlueCatalog } from '../glue/catalog';
import { FirehoseEngine } from './engine';
import { readParquetRows } from './formatConversion';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

function setup() {
  const clock = createClock({ mode: 'manual', start: Date.UTC(2026, 10, 26, 8, 0, 0) });
  const s3 = new S3Store({ now: () => clock.now() });
  s3.createBucket('lake');
  const glue = new GlueCatalog({ accountId: '123456789012', now: () => clock.now() });
  glue.createDatabase({ Name: 'market' });
  glue.createTable('market', { Name: 'quotes', StorageDescriptor: { Columns: [{ Name: 'ticker', Type: 'string' }, { Name: 'price', Type: 'double' }, { Name: 'qty', Type: 'int' }] } });
  const e = new FirehoseEngine({
    clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(9), s3,
    glue: { columnsOf: async (db, t) => glue.columnsOf(db, t) },
  });
  return { clock, s3, e, glue };
}

const conversion = (table = 'quotes', serializer: Record<string, unknown> = { ParquetSerDe: { Compression: 'SNAPPY' } }) => ({
  Enabled: true,
  SchemaConfiguration: { RoleARN: ROLE, DatabaseName: 'market', TableName: table },
  InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
  OutputFormatConfiguration: { Serializer: serializer },
});

const dest = (extra: Record<string, unknown> = {}) => ({
  RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', Prefix: 'quotes/', ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
  BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 }, DataFormatConversionConfiguration: conversion(), ...extra,
});

const keys = (s3: S3Store, prefix: string) => {
  const l = s3.listObjects('lake', { prefix });
  return l.ok ? l.value.contents.map((o) => o.key) : [];
};
const body = (s3: S3Store, key: string) => {
  const o = s3.getObject('lake', key);
  if (!o.ok) throw new Error(o.error.message);
  return o.value.body;
};

describe('record format conversion (JSON → Parquet)', () => {
  it('writes the batch as one .parquet object with the Glue table\'s columns; a record that does not fit goes to format-conversion-failed', async () => {
    const { clock, s3, e } = setup();
    expect((await e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'pq', ExtendedS3DestinationConfiguration: dest() })).ok).toBe(true);
    clock.advance(e.createMs);
    const events: string[] = [];
    e.events.observe((ev) => { if (ev.type === 'converted') events.push(`${ev.records}/${ev.failedRecords}`); });
    await e.dispatch('PutRecordBatch', {
      DeliveryStreamName: 'pq',
      Records: [{ Data: b64('{"Ticker":"AMZN","price":182.5,"qty":3}') }, { Data: b64('{"ticker":"MSFT","price":"not a number","qty":1}') }, { Data: b64('{"ticker":"NVDA","price":120,"extra":true}') }],
    });
    clock.advance(60_000);
    await e.idle();
    const data = keys(s3, 'quotes/');
    expect(data).toHaveLength(1);
    expect(data[0]).toMatch(/\.parquet$/);
    const rows = await readParquetRows(body(s3, data[0]!));
    // OpenX is case-insensitive by default; an absent key is null; unknown keys are ignored.
    expect(rows).toEqual([{ ticker: 'AMZN', price: 182.5, qty: 3 }, { ticker: 'NVDA', price: 120, qty: null }]);
    const failed = keys(s3, 'errors/format-conversion-failed/');
    expect(failed).toHaveLength(1);
    const line = JSON.parse(new TextDecoder().decode(body(s3, failed[0]!)).trim()) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['attemptsMade', 'arrivalTimestamp', 'lastErrorCode', 'lastErrorMessage', 'attemptEndingTimestamp', 'rawData', 'dataCatalogTable']);
    expect(line.lastErrorCode).toBe('DataFormatConversion.MalformedData');
    expect(new TextDecoder().decode(Uint8Array.from(atob(line.rawData as string), (c) => c.charCodeAt(0)))).toContain('not a number');
    expect(line.dataCatalogTable).toEqual({ catalogId: '123456789012', databaseName: 'market', tableName: 'quotes', region: 'us-east-1', versionId: 'LATEST', catalogArn: 'arn:aws:glue:us-east-1:123456789012:catalog' });
    expect(events.sort()).toEqual(['0/1', '2/0']);
  });

  it('fails every record of the batch to the error output when the Glue table does not exist (and writes no data object)', async () => {
    const { clock, s3, e } = setup();
    await e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'pq', ExtendedS3DestinationConfiguration: dest({ DataFormatConversionConfiguration: conversion('missing') }) });
    clock.advance(e.createMs);
    await e.dispatch('PutRecord', { DeliveryStreamName: 'pq', Record: { Data: b64('{"ticker":"AMZN"}') } });
    clock.advance(60_000);
    await e.idle();
    expect(keys(s3, 'quotes/')).toEqual([]);
    const failed = keys(s3, 'errors/format-conversion-failed/');
    expect(failed).toHaveLength(1);
    expect(new TextDecoder().decode(body(s3, failed[0]!))).toContain('Table missing not found.');
  });

  it('refuses what AWS refuses: a compressed destination, a buffer under 64 MiB, no schema; and ORC, which Shardlab does not write', async () => {
    const { e } = setup();
    const create = (d: Record<string, unknown>) => e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: d });
    const gz = await create(dest({ CompressionFormat: 'GZIP' }));
    expect(!gz.ok && gz.error.message).toMatch(/CompressionFormat must be UNCOMPRESSED/);
    const small = await create(dest({ BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 } }));
    expect(!small.ok && small.error.message).toMatch(/at least 64/);
    const orc = await create(dest({ DataFormatConversionConfiguration: conversion('quotes', { OrcSerDe: {} }) }));
    expect(!orc.ok && orc.error.message).toMatch(/Parquet only/);
    const noSchema = await create(dest({ DataFormatConversionConfiguration: { ...conversion(), SchemaConfiguration: undefined } }));
    expect(!noSchema.ok && noSchema.error.message).toMatch(/SchemaConfiguration/);
    // Without hints the buffer defaults to 128 MiB (spec §3).
    const ok = await create(dest({ BufferingHints: undefined }));
    expect(ok.ok).toBe(true);
    expect(e.streams.get('x')!.state.destination.BufferingHints).toEqual({ SizeInMBs: 128, IntervalInSeconds: 300 });
  });

  it('refuses a Hive timestamp format it cannot read when the stream is configured (never drops the records later)', async () => {
    const { e } = setup();
    const hive = { ...conversion(), InputFormatConfiguration: { Deserializer: { HiveJsonSerDe: { TimestampFormats: ['EEE, dd MMM yyyy'] } } } };
    const r = await e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'h', ExtendedS3DestinationConfiguration: dest({ DataFormatConversionConfiguration: hive }) });
    expect(!r.ok && r.error.message).toMatch(/TimestampFormats: .*'E'/);
  });

  it('tries the batch again when the Glue catalog does not answer for a moment, and then delivers it', async () => {
    const { clock, s3, glue } = setup();
    let down = true;
    const e = new FirehoseEngine({
      clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(9), s3,
      glue: { columnsOf: async (db, t) => (down ? { ok: false, error: { __type: 'InternalFailure', message: 'worker gone', status: 500 } } : glue.columnsOf(db, t)) },
    });
    await e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'pq', ExtendedS3DestinationConfiguration: dest() });
    clock.advance(e.createMs);
    const failures: string[] = [];
    e.events.observe((ev) => { if (ev.type === 'deliveryFailed') failures.push(ev.errorCode); });
    await e.dispatch('PutRecord', { DeliveryStreamName: 'pq', Record: { Data: b64('{"ticker":"AMZN","price":1,"qty":2}') } });
    clock.advance(60_000);
    await e.idle();
    expect(failures).toEqual(['DataFormatConversion.SchemaUnavailable']);
    expect(keys(s3, 'errors/')).toEqual([]); // not failed: waiting for a retry
    expect(e.pipelineStats('pq')?.retrying).toBe(1);
    down = false;
    clock.advance(5_000);
    await e.idle();
    const data = keys(s3, 'quotes/');
    expect(data).toHaveLength(1);
    expect(await readParquetRows(body(s3, data[0]!))).toEqual([{ ticker: 'AMZN', price: 1, qty: 2 }]);
  });
});
