import { describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { convertToParquet, parquetExtension, readParquetRows, type ConversionOptions, type GlueColumn } from './formatConversion.js';
import { MALFORMED_DATA, PARSE_ERROR, INVALID_SCHEMA } from './conversionErrors.js';
import { parseHiveType } from './hiveType.js';

const enc = (s: string) => new TextEncoder().encode(s);
const openX = (over: Partial<Extract<ConversionOptions['deserializer'], { kind: 'OpenX' }>> = {}): ConversionOptions => ({
  deserializer: { kind: 'OpenX', caseInsensitive: true, convertDotsInJsonKeysToUnderscores: false, ...over },
  compression: 'SNAPPY',
});
const hive = (timestampFormats?: string[]): ConversionOptions => ({ deserializer: { kind: 'Hive', ...(timestampFormats ? { timestampFormats } : {}) }, compression: 'SNAPPY' });

/** Converts and reads back; fails the test if any record failed. */
async function roundTrip(texts: string[], columns: GlueColumn[], opts: ConversionOptions = openX()) {
  const r = convertToParquet(texts.map(enc), columns, opts);
  expect(r.failures).toEqual([]);
  expect(r.body).toBeDefined();
  return readParquetRows(r.body!);
}

const SCALARS: GlueColumn[] = [
  { Name: 's', Type: 'string' }, { Name: 'vc', Type: 'varchar(3)' }, { Name: 'ch', Type: 'char(4)' }, { Name: 'b', Type: 'boolean' },
  { Name: 'ti', Type: 'tinyint' }, { Name: 'si', Type: 'smallint' }, { Name: 'i', Type: 'int' }, { Name: 'bi', Type: 'bigint' },
  { Name: 'f', Type: 'float' }, { Name: 'd', Type: 'double' }, { Name: 'dec', Type: 'decimal(10,2)' }, { Name: 'dt', Type: 'date' },
  { Name: 'ts', Type: 'timestamp' }, { Name: 'bin', Type: 'binary' },
];

describe('convertToParquet', () => {
  it('round-trips every scalar Hive type', async () => {
    const rows = await roundTrip([JSON.stringify({
      s: 'héllo', vc: 'abcdef', ch: 'ab', b: true, ti: -5, si: 300, i: 70000, bi: 1234567890123,
      f: 1.5, d: 2.25, dec: 12.345, dt: '2024-02-29', ts: '2024-01-02T03:04:05.678Z', bin: 'hi',
    })], SCALARS);
    expect(rows).toEqual([{
      s: 'héllo', vc: 'abc', ch: 'ab  ', b: true, ti: -5, si: 300, i: 70000, bi: 1234567890123,
      f: 1.5, d: 2.25, dec: 12.35, dt: '2024-02-29T00:00:00.000Z', ts: '2024-01-02T03:04:05.678Z', bin: 'hi',
    }]);
  });

  it('writes the Parquet physical types a Hive table implies', () => {
    const r = convertToParquet([enc('{}')], SCALARS, openX());
    const schema = parquetMetadata(r.body!.buffer.slice(0) as ArrayBuffer).schema;
    const byName = Object.fromEntries(schema.slice(1).map((e) => [e.name, e]));
    expect(byName.s).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(byName.ti).toMatchObject({ type: 'INT32', converted_type: 'INT_8' });
    expect(byName.bi).toMatchObject({ type: 'INT64' });
    expect(byName.dec).toMatchObject({ type: 'FIXED_LEN_BYTE_ARRAY', converted_type: 'DECIMAL', precision: 10, scale: 2, type_length: 5 });
    expect(byName.dt).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(byName.ts).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
  });

  it('makes absent keys and JSON nulls null, and ignores keys that are not columns', async () => {
    const rows = await roundTrip(['{"s":null,"extra":1}'], SCALARS);
    expect(rows).toEqual([Object.fromEntries(SCALARS.map((c) => [c.Name, null]))]);
  });

  it('keeps bigints beyond 2^53 exact when given as strings', async () => {
    const rows = await roundTrip(['{"bi":"9223372036854775807"}'], [{ Name: 'bi', Type: 'bigint' }]);
    expect(rows).toEqual([{ bi: '9223372036854775807' }]);
  });

  it('OpenX coerces JSON strings into numeric and boolean columns; Hive fails them', async () => {
    const cols: GlueColumn[] = [{ Name: 'i', Type: 'int' }, { Name: 'd', Type: 'double' }, { Name: 'b', Type: 'boolean' }, { Name: 'dec', Type: 'decimal(5,1)' }];
    expect(await roundTrip(['{"i":"12","d":"2.5","b":"TRUE","dec":"3.14"}'], cols)).toEqual([{ i: 12, d: 2.5, b: true, dec: 3.1 }]);
    const r = convertToParquet([enc('{"i":"12"}')], cols, hive());
    expect(r.body).toBeUndefined();
    expect(r.failures).toEqual([{ index: 0, errorCode: MALFORMED_DATA, errorMessage: expect.stringContaining('Current token (VALUE_STRING) not numeric') }]);
  });

  it('OpenX writes numbers and nested JSON into string columns as their text; Hive fails nested values', async () => {
    expect(await roundTrip(['{"s":{"a":[1,2]}}', '{"s":42}'], [{ Name: 's', Type: 'string' }])).toEqual([{ s: '{"a":[1,2]}' }, { s: '42' }]);
    const r = convertToParquet([enc('{"s":{"a":1}}')], [{ Name: 's', Type: 'string' }], hive());
    expect(r.failures[0]).toMatchObject({ index: 0, errorCode: MALFORMED_DATA });
  });

  it('fails values that cannot be coerced: non-integral or out-of-range integers, bad dates', () => {
    const cases: [string, string][] = [['{"i":1.5}', 'int'], ['{"i":128}', 'tinyint'], ['{"i":"x"}', 'int'], ['{"i":"2024-13-01"}', 'date'], ['{"i":"soon"}', 'timestamp'], ['{"i":true}', 'double']];
    for (const [text, Type] of cases) {
      const r = convertToParquet([enc(text)], [{ Name: 'i', Type }], openX());
      expect(r.failures, `${text} into ${Type}`).toEqual([{ index: 0, errorCode: MALFORMED_DATA, errorMessage: expect.stringMatching(/^Data does not match the schema\./) }]);
    }
  });

  it('nulls a decimal that overflows its precision, as Hive does', async () => {
    expect(await roundTrip(['{"dec":123456.7}', '{"dec":-1.25}'], [{ Name: 'dec', Type: 'decimal(5,2)' }])).toEqual([{ dec: null }, { dec: -1.25 }]);
  });

  it('matches keys case-insensitively by default and exactly when CaseInsensitive is false', async () => {
    const cols = [{ Name: 'userid', Type: 'int' }];
    expect(await roundTrip(['{"UserId":7}'], cols)).toEqual([{ userid: 7 }]);
    expect(await roundTrip(['{"UserId":7}'], cols, openX({ caseInsensitive: false }))).toEqual([{ userid: null }]);
  });

  it('converts dots in JSON keys to underscores only when asked', async () => {
    const cols = [{ Name: 'a_b', Type: 'string' }];
    expect(await roundTrip(['{"a.b":"x"}'], cols, openX({ convertDotsInJsonKeysToUnderscores: true }))).toEqual([{ a_b: 'x' }]);
    expect(await roundTrip(['{"a.b":"x"}'], cols)).toEqual([{ a_b: null }]);
  });

  it('reads a column from the JSON key ColumnToJsonKeyMappings names', async () => {
    const cols = [{ Name: 'ts', Type: 'string' }, { Name: 'other', Type: 'string' }];
    const rows = await roundTrip(['{"timestamp":"t1","ts":"ignored","other":"o"}'], cols, openX({ columnToJsonKeyMappings: { ts: 'timestamp' } }));
    expect(rows).toEqual([{ ts: 't1', other: 'o' }]);
  });

  it('turns each of several concatenated objects in one record into a row', async () => {
    const r = convertToParquet([enc('{"a":1}{"a":2}\n {"a":3}'), enc('{"a":4}')], [{ Name: 'a', Type: 'int' }], openX());
    expect(r.converted).toEqual([0, 1]);
    expect(await readParquetRows(r.body!)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]);
  });

  it('fails only the bad record among good ones, with AWS\'s error codes', async () => {
    const texts = ['{"a":1}', 'not json', '[{"a":2}]', '{"a":"x"}', '{"a":3}', '{"a":4', '', '"str"', '{"a":5}{"a":"bad"}'];
    const r = convertToParquet(texts.map(enc), [{ Name: 'a', Type: 'int' }], openX());
    expect(r.converted).toEqual([0, 4]);
    expect(r.failures.map((f) => [f.index, f.errorCode])).toEqual([
      [1, PARSE_ERROR], [2, PARSE_ERROR], [3, MALFORMED_DATA], [5, PARSE_ERROR], [6, PARSE_ERROR], [7, PARSE_ERROR], [8, MALFORMED_DATA],
    ]);
    for (const f of r.failures) expect(f.errorMessage.length).toBeGreaterThan(0);
    expect(await readParquetRows(r.body!)).toEqual([{ a: 1 }, { a: 3 }]);
  });

  it('fails invalid UTF-8 as a parse error', () => {
    const r = convertToParquet([new Uint8Array([0x7b, 0xff, 0x7d])], [{ Name: 'a', Type: 'int' }], openX());
    expect(r.failures).toEqual([{ index: 0, errorCode: PARSE_ERROR, errorMessage: 'Input is not valid UTF-8.' }]);
  });

  it('parses OpenX timestamps: ISO, space-separated, epoch seconds, millis and fractional seconds', async () => {
    const texts = ['"2017-02-07T15:13:01.39256Z"', '"2017-2-7 15:13:01.14"', '1518033528', '1518033528123', '1518033528.123', '"1518033528"'];
    const rows = await roundTrip(texts.map((t) => `{"ts":${t}}`), [{ Name: 'ts', Type: 'timestamp' }]);
    expect(rows.map((r) => r.ts)).toEqual([
      '2017-02-07T15:13:01.392Z', '2017-02-07T15:13:01.140Z', '2018-02-07T19:58:48.000Z', '2018-02-07T19:58:48.123Z', '2018-02-07T19:58:48.123Z', '2018-02-07T19:58:48.000Z',
    ]);
  });

  it('parses Hive timestamps with TimestampFormats (Joda, "millis") or java.sql.Timestamp\'s default', async () => {
    const cols = [{ Name: 'ts', Type: 'timestamp' }];
    expect((await roundTrip(['{"ts":"2020-05-06 07:08:09.5"}'], cols, hive()))[0]!.ts).toBe('2020-05-06T07:08:09.500Z');
    const fmt = hive(["dd/MM/yyyy'T'HH:mm", 'millis']);
    expect((await roundTrip(['{"ts":"06/05/2020T07:08"}', '{"ts":1588748889000}'], cols, fmt)).map((r) => r.ts)).toEqual(['2020-05-06T07:08:00.000Z', '2020-05-06T07:08:09.000Z']);
    const bad = convertToParquet([enc('{"ts":"2020-05-06T07:08:09Z"}')], cols, hive());
    expect(bad.failures[0]).toMatchObject({ errorCode: MALFORMED_DATA });
  });

  it('writes arrays, maps and structs (nested, case-insensitive struct fields)', async () => {
    const cols: GlueColumn[] = [
      { Name: 'tags', Type: 'array<string>' },
      { Name: 'm', Type: 'map<string,bigint>' },
      { Name: 'st', Type: 'struct<id:int,inner:struct<x:double>,list:array<int>>' },
    ];
    const rows = await roundTrip(['{"tags":["a",null,"c"],"m":{"k":1,"j":2},"st":{"ID":3,"inner":{"x":0.5},"list":[1,2]}}', '{"tags":[],"st":{}}'], cols);
    expect(rows).toEqual([
      { tags: ['a', null, 'c'], m: { k: 1, j: 2 }, st: { id: 3, inner: { x: 0.5 }, list: [1, 2] } },
      { tags: [], m: null, st: { id: null, inner: null, list: null } },
    ]);
  });

  it('OpenX wraps a lone value in an array column; Hive fails it', async () => {
    const cols = [{ Name: 'a', Type: 'array<int>' }];
    expect(await roundTrip(['{"a":5}'], cols)).toEqual([{ a: [5] }]);
    expect(convertToParquet([enc('{"a":5}')], cols, hive()).failures[0]).toMatchObject({ errorCode: MALFORMED_DATA, errorMessage: 'Data does not match the schema. java.io.IOException: Start of Array expected' });
  });

  it('writes a readable file with each ParquetSerDe compression, recorded in the metadata', async () => {
    const texts = Array.from({ length: 50 }, (_, k) => JSON.stringify({ s: `row ${k % 5}`, i: k }));
    const cols = [{ Name: 's', Type: 'string' }, { Name: 'i', Type: 'int' }];
    for (const compression of ['UNCOMPRESSED', 'GZIP', 'SNAPPY'] as const) {
      for (const enableDictionaryCompression of [true, false]) {
        const r = convertToParquet(texts.map(enc), cols, { ...openX(), compression, enableDictionaryCompression });
        const meta = parquetMetadata(r.body!.buffer.slice(0) as ArrayBuffer);
        expect(meta.row_groups[0]!.columns[0]!.meta_data!.codec).toBe(compression);
        const encodings = meta.row_groups[0]!.columns[0]!.meta_data!.encodings;
        expect(encodings.includes('RLE_DICTIONARY'), `${compression} dictionary=${enableDictionaryCompression}`).toBe(enableDictionaryCompression);
        const rows = await readParquetRows(r.body!);
        expect(rows).toHaveLength(50);
        expect(rows[49]).toEqual({ s: 'row 4', i: 49 });
      }
    }
  });

  it('returns no body for empty input or when every record failed', () => {
    expect(convertToParquet([], [{ Name: 'a', Type: 'int' }], openX())).toEqual({ body: undefined, converted: [], failures: [] });
    expect(convertToParquet([enc('x')], [{ Name: 'a', Type: 'int' }], openX()).body).toBeUndefined();
  });

  it('fails every record with InvalidSchema when the Glue columns cannot be used', () => {
    const r = convertToParquet([enc('{}'), enc('{}')], [{ Name: 'a', Type: 'uniontype<int,string>' }], openX());
    expect(r.body).toBeUndefined();
    expect(r.failures.map((f) => [f.index, f.errorCode])).toEqual([[0, INVALID_SCHEMA], [1, INVALID_SCHEMA]]);
    expect(convertToParquet([enc('{}')], [], openX()).failures[0]!.errorCode).toBe(INVALID_SCHEMA);
  });
});

describe('parseHiveType', () => {
  it('parses nested types, whitespace and case', () => {
    expect(parseHiveType('ARRAY< struct<a:INT, b : map<string,decimal(4,2)>> >')).toEqual({
      kind: 'array', element: { kind: 'struct', fields: [
        { name: 'a', type: { kind: 'int' } },
        { name: 'b', type: { kind: 'map', key: { kind: 'string' }, value: { kind: 'decimal', precision: 4, scale: 2 } } },
      ] },
    });
    expect(parseHiveType('decimal')).toEqual({ kind: 'decimal', precision: 10, scale: 0 });
    expect(() => parseHiveType('array<int')).toThrow(/'>' expected/);
    expect(() => parseHiveType('decimal(3,4)')).toThrow(/Invalid decimal/);
  });
});

describe('parquetExtension', () => {
  it('is .parquet whatever the codec', () => {
    expect(['UNCOMPRESSED', 'GZIP', 'SNAPPY'].map((c) => parquetExtension(c as ConversionOptions['compression']))).toEqual(['.parquet', '.parquet', '.parquet']);
  });
});
