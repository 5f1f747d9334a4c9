import { describe, expect, it } from 'vitest';
import { discoverSchema } from './discover.js';
import { compileMapping } from './mapping.js';

const enc = (s: string) => new TextEncoder().encode(s);
const json = (o: unknown) => enc(JSON.stringify(o));

describe('discoverSchema — JSON', () => {
  it('infers the demo stream schema the console shows', () => {
    // dev/continuous-queries-concepts.html: the Getting Started demo stream is discovered as
    // (TICKER_SYMBOL VARCHAR(4), SECTOR varchar(16), CHANGE REAL, PRICE REAL).
    const r = discoverSchema([
      json({ TICKER_SYMBOL: 'QXZ', SECTOR: 'HEALTHCARE', CHANGE: -0.05, PRICE: 84.51 }),
      json({ TICKER_SYMBOL: 'AMZN', SECTOR: 'TECHNOLOGY', CHANGE: 1.2, PRICE: 1000 }),
      json({ TICKER_SYMBOL: 'WAS', SECTOR: 'RETAIL', CHANGE: 0, PRICE: 12.5 }),
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schema).toEqual({
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'TICKER_SYMBOL', Mapping: '$.TICKER_SYMBOL', SqlType: 'VARCHAR(4)' },
        { Name: 'SECTOR', Mapping: '$.SECTOR', SqlType: 'VARCHAR(16)' },
        { Name: 'CHANGE', Mapping: '$.CHANGE', SqlType: 'REAL' },
        { Name: 'PRICE', Mapping: '$.PRICE', SqlType: 'REAL' },
      ],
    });
    expect(r.parsed[0]).toEqual(['QXZ', 'HEALTHCARE', '-0.05', '84.51']);
    expect(r.raw[0]).toBe('{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-0.05,"PRICE":84.51}');
  });

  it('infers INTEGER, BIGINT, BOOLEAN, TIMESTAMP and widens mixed kinds', () => {
    const r = discoverSchema([
      json({ n: 1, big: 1, flag: true, event_time: '2018-08-01T20:17:20.797945', mixed: 1, ratio: 1 }),
      json({ n: 2147483647, big: 3000000000, flag: false, event_time: '1992-02-14 18:35:44.0', mixed: 'abcdefghi', ratio: 2.5 }),
    ]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema.RecordColumns.map((c) => [c.Name, c.SqlType])).toEqual([
      ['n', 'INTEGER'], ['big', 'BIGINT'], ['flag', 'BOOLEAN'], ['event_time', 'TIMESTAMP'], ['mixed', 'VARCHAR(16)'], ['ratio', 'REAL'],
    ]);
  });

  it('flattens nested objects to leaf columns and keeps arrays as one text column', () => {
    const r = discoverSchema([json({ id: 7, address: { city: 'Anytown', zip: '12345' }, tags: ['a', 'b'] })]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema.RecordColumns).toEqual([
      { Name: 'id', Mapping: '$.id', SqlType: 'INTEGER' },
      { Name: 'city', Mapping: '$.address.city', SqlType: 'VARCHAR(8)' },
      { Name: 'zip', Mapping: '$.address.zip', SqlType: 'VARCHAR(8)' },
      { Name: 'tags', Mapping: '$.tags[0:]', SqlType: 'VARCHAR(16)' },
    ]);
    expect(r.parsed).toEqual([['7', 'Anytown', '12345', '["a","b"]']]);
  });

  it('renames keys as the console does (USER, USER@DOMAIN, @@, digits, reserved, too long)', () => {
    const long = 'x'.repeat(101);
    const r = discoverSchema([json({ USER: 'a', 'USER@DOMAIN': 'b', '@@': 'c', '1st': 'd', year: 2001, [long]: 'e' })]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema.RecordColumns.map((c) => [c.Name, c.Mapping])).toEqual([
      ['COL_USER', '$.USER'],
      ['COL_USERDOMAIN', '$["USER@DOMAIN"]'],
      ['COL_2', '$["@@"]'], // nothing kept: COL_ + its place in the column order
      ['COL_1st', '$.1st'],
      ['COL_year', '$.year'],
      [`COL_${'x'.repeat(96)}`, `$.${long}`],
    ]);
    // The sch-dis.html table: @@ as the first column → COL_0.
    const first = discoverSchema([json({ '@@': 1, '@': 2 })]);
    expect(first.ok && first.schema.RecordColumns.map((c) => c.Name)).toEqual(['COL_0', 'COL_1']);
  });

  it('makes repeated suggestions unique', () => {
    const r = discoverSchema([json({ a: { id: 1 }, b: { id: 2 }, 'i-d': 3, 'i@d': 4 })]);
    expect(r.ok && r.schema.RecordColumns.map((c) => c.Name)).toEqual(['id', 'id_2', 'COL_id', 'COL_id_2']);
  });

  it('the discovered schema maps the same samples without errors', () => {
    const samples = [json({ a: 1, b: 'x', c: { d: true } }), json({ a: 2, b: 'yy', c: { d: false } })];
    const r = discoverSchema(samples);
    if (!r.ok) throw new Error(r.error.message);
    const map = compileMapping(r.schema);
    expect(samples.map((s) => map(s))).toEqual([{ rows: [[1, 'x', true]] }, { rows: [[2, 'yy', false]] }]);
  });

  it('discovers the rows of a record that is a JSON array of objects with RecordRowPath $[0:]', () => {
    const r = discoverSchema([json([{ a: 1 }, { a: 2 }])]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema.RecordFormat.MappingParameters?.JSONMappingParameters?.RecordRowPath).toBe('$[0:]');
    expect(r.parsed).toEqual([['1'], ['2']]);
    expect(compileMapping(r.schema)(json([{ a: 1 }, { a: 2 }]))).toEqual({ rows: [[1], [2]] });
  });
});

describe('discoverSchema — CSV', () => {
  it('reproduces the DiscoverInputSchema example of dev/sch-dis-ref.html (header, CRLF)', () => {
    const file = [
      'year,month,state,producer_type,energy_source,units,consumption',
      '2001,1,AK,TotalElectricPowerIndustry,Coal,ShortTons,47615',
      '2001,1,AK,ElectricGeneratorsElectricUtilities,Coal,ShortTons,16535',
      '2001,1,AK,CombinedHeatandPowerElectricPower,Coal,ShortTons,22890',
      '2001,1,AL,TotalElectricPowerIndustry,Coal,ShortTons,3020601',
      '2001,1,AL,ElectricGeneratorsElectricUtilities,Coal,ShortTons,2987681',
    ].join('\r\n');
    const r = discoverSchema([enc(file)]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema).toEqual({
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { SqlType: 'INTEGER', Name: 'COL_year' },
        { SqlType: 'INTEGER', Name: 'COL_month' },
        { SqlType: 'VARCHAR(4)', Name: 'state' },
        { SqlType: 'VARCHAR(64)', Name: 'producer_type' },
        { SqlType: 'VARCHAR(4)', Name: 'energy_source' },
        { SqlType: 'VARCHAR(16)', Name: 'units' },
        { SqlType: 'INTEGER', Name: 'consumption' },
      ],
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\r\n', RecordColumnDelimiter: ',' } } },
    });
    expect(r.parsed[0]).toEqual([null, null, 'state', 'producer_type', 'energy_source', 'units', null]);
    expect(r.parsed[4]).toEqual(['2001', '1', 'AL', 'TotalElectricPowerIndustry', 'Coal', 'ShortTons', '3020601']);
    expect(r.parsed).toHaveLength(6);
    expect(r.raw).toEqual([file]);
  });

  it('names headerless columns COL_0, COL_1… and reads one row per record', () => {
    const r = discoverSchema([enc('AMZN,12.5,3\n'), enc('QXZ,7,4000000000\n')]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema.RecordColumns).toEqual([
      { Name: 'COL_0', SqlType: 'VARCHAR(4)' },
      { Name: 'COL_1', SqlType: 'REAL' },
      { Name: 'COL_2', SqlType: 'BIGINT' },
    ]);
    expect(r.schema.RecordFormat.MappingParameters?.CSVMappingParameters).toEqual({ RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' });
    expect(r.parsed).toEqual([['AMZN', '12.5', '3'], ['QXZ', '7', '4000000000']]);
  });

  it('detects a tab delimiter', () => {
    const r = discoverSchema([enc('a\t1\nb\t2')]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.schema.RecordFormat.MappingParameters?.CSVMappingParameters?.RecordColumnDelimiter).toBe('\t');
    expect(r.schema.RecordColumns.map((c) => c.SqlType)).toEqual(['VARCHAR(4)', 'INTEGER']);
  });
});

describe('discoverSchema — failures', () => {
  it('fails with UnableToDetectSchemaException and returns the raw records', () => {
    const r = discoverSchema([enc('just some log line without structure')]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.__type).toBe('UnableToDetectSchemaException');
    expect(r.error.message.length).toBeGreaterThan(0);
    expect(r.raw).toEqual(['just some log line without structure']);
  });

  it('fails on no samples, on JSON scalars, and on a JSON/CSV mix', () => {
    expect(discoverSchema([]).ok).toBe(false);
    expect(discoverSchema([enc('42'), enc('"x"')]).ok).toBe(false);
    expect(discoverSchema([json({ a: 1 }), enc('a,b,c')]).ok).toBe(false);
  });
});
