import { describe, expect, it } from 'vitest';
import { compileMapping, COERCION_ERROR, PARSE_ERROR, SCHEMA_ERROR } from './mapping.js';
import type { RecordColumn, SourceSchema } from './types.js';

const enc = (s: string) => new TextEncoder().encode(s);
const jsonSchema = (cols: RecordColumn[], rowPath = '$'): SourceSchema => ({
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: rowPath } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: cols,
});
const csvSchema = (types: string[], row = '\n', col = ','): SourceSchema => ({
  RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: row, RecordColumnDelimiter: col } } },
  RecordColumns: types.map((t, i) => ({ Name: `C${i}`, SqlType: t })),
});
/** Map `{"v": value}` into one column of `type`. */
const one = (type: string, value: unknown) =>
  compileMapping(jsonSchema([{ Name: 'V', Mapping: '$.v', SqlType: type }]))(enc(JSON.stringify({ v: value })));
const value = (type: string, v: unknown) => {
  const r = one(type, v);
  if ('error' in r) throw new Error(r.error.message);
  return r.rows[0]![0];
};
const isCoercionError = (type: string, v: unknown) => {
  const r = one(type, v);
  return 'error' in r && r.error.name === COERCION_ERROR;
};

describe('JSON paths', () => {
  const order = '{"customerName":"John Doe","address":{"city":"Anytown"},"odd key":5,"orders":[{"orderId":"23284"},{"orderId":"63122"},{"orderId":"77284"}]}';

  it('maps $.a, $.a.b, $["key with space"], $.arr[0] in column order; case-sensitive; missing → null', () => {
    const map = compileMapping(jsonSchema([
      { Name: 'CITY', Mapping: '$.address.city', SqlType: 'VARCHAR(16)' },
      { Name: 'NAME', Mapping: '$.customerName', SqlType: 'VARCHAR(16)' },
      { Name: 'ODD', Mapping: '$["odd key"]', SqlType: 'INTEGER' },
      { Name: 'FIRST', Mapping: '$.orders[0].orderId', SqlType: 'VARCHAR(8)' },
      { Name: 'CASE', Mapping: '$.CustomerName', SqlType: 'VARCHAR(8)' },
      { Name: 'MISSING', Mapping: '$.customerId', SqlType: 'INTEGER' },
    ]));
    expect(map(enc(order))).toEqual({ rows: [['Anytown', 'John Doe', 5, '23284', null, null]] });
  });

  it('flattens $.arr[0:].x into one row per element, repeating the other columns', () => {
    // dev/about-json-path.html: $.customerName with $.orders[0:].orderId → three rows.
    const map = compileMapping(jsonSchema([
      { Name: 'NAME', Mapping: '$.customerName', SqlType: 'VARCHAR(16)' },
      { Name: 'ORDER_ID', Mapping: '$.orders[0:].orderId', SqlType: 'INTEGER' },
    ]));
    expect(map(enc(order))).toEqual({ rows: [['John Doe', 23284], ['John Doe', 63122], ['John Doe', 77284]] });
  });

  it('returns a whole array as text for $.arr[0:] and an empty array as one row of nulls', () => {
    const whole = compileMapping(jsonSchema([{ Name: 'O', Mapping: '$.orders[0:]', SqlType: 'VARCHAR(256)' }]));
    expect(whole(enc(order))).toEqual({ rows: [['[{"orderId":"23284"},{"orderId":"63122"},{"orderId":"77284"}]']] });
    const flat = compileMapping(jsonSchema([
      { Name: 'N', Mapping: '$.n', SqlType: 'INTEGER' },
      { Name: 'X', Mapping: '$.items[0:].x', SqlType: 'INTEGER' },
    ]));
    expect(flat(enc('{"n":1,"items":[]}'))).toEqual({ rows: [[1, null]] });
  });

  it('explodes an array in RecordRowPath into rows, columns relative to each element', () => {
    const map = compileMapping(jsonSchema([{ Name: 'ID', Mapping: '$.id', SqlType: 'INTEGER' }], '$.records[0:]'));
    expect(map(enc('{"records":[{"id":1},{"id":2},{"id":3}]}'))).toEqual({ rows: [[1], [2], [3]] });
    expect(map(enc('{"records":[]}'))).toEqual({ rows: [] });
  });

  it('reads several JSON documents in one record as several rows', () => {
    const map = compileMapping(jsonSchema([{ Name: 'A', Mapping: '$.a', SqlType: 'INTEGER' }]));
    expect(map(enc('{"a":1}\n{"a":2}{"a":3}'))).toEqual({ rows: [[1], [2], [3]] });
  });

  it('reports a record that is not JSON (or not an object) as a parse error', () => {
    const map = compileMapping(jsonSchema([{ Name: 'A', Mapping: '$.a', SqlType: 'INTEGER' }]));
    const r = map(enc('AMZN,12.5'));
    expect('error' in r && r.error.name).toBe(PARSE_ERROR);
    expect('error' in map(enc('{"a":1'))).toBe(true);
    expect('error' in map(enc('42'))).toBe(true);
  });
});

describe('JSON → SQL coercion (dev/sch-mapping.html)', () => {
  it('null → NULL whatever the type', () => {
    for (const t of ['INTEGER', 'VARCHAR(4)', 'BOOLEAN', 'TIMESTAMP', 'VARBINARY(4)']) expect(value(t, null)).toBeNull();
  });

  it('booleans: BOOLEAN, 1/0 into numerics, "true"/"false" into strings (truncated), bits into binary; fail into datetimes', () => {
    expect(value('BOOLEAN', true)).toBe(true);
    expect(value('INTEGER', true)).toBe(1);
    expect(value('DECIMAL(5,2)', false)).toBe(0);
    expect(value('DOUBLE', true)).toBe(1);
    expect(value('VARCHAR(8)', false)).toBe('false');
    expect(value('VARCHAR(3)', true)).toBe('tru');
    expect(value('VARBINARY(4)', true)).toBe('01');
    expect(isCoercionError('TIMESTAMP', true)).toBe(true);
    expect(isCoercionError('DATE', false)).toBe(true);
  });

  it('numbers: direct into numerics; overflow or lost fraction fails', () => {
    expect(value('INTEGER', 67321)).toBe(67321);
    expect(value('TINYINT', 127)).toBe(127);
    expect(isCoercionError('TINYINT', 128)).toBe(true);
    expect(isCoercionError('SMALLINT', -32769)).toBe(true);
    expect(isCoercionError('INTEGER', 2147483648)).toBe(true);
    expect(value('BIGINT', 2147483648)).toBe(2147483648);
    expect(isCoercionError('INTEGER', 123.4)).toBe(true); // AWS's own example
    expect(value('DECIMAL(5,2)', 123.45)).toBe(123.45);
    expect(isCoercionError('DECIMAL(5,2)', 1234.5)).toBe(true);
    expect(isCoercionError('DECIMAL(5,2)', 1.234)).toBe(true);
    expect(value('REAL', 84.51)).toBe(84.51);
    expect(isCoercionError('REAL', 1e39)).toBe(true);
    expect(value('DOUBLE', 1e300)).toBe(1e300);
  });

  it('numbers: 0 → false, others → true; text into strings; fail into binary and datetimes (no epoch numbers)', () => {
    expect(value('BOOLEAN', 0)).toBe(false);
    expect(value('BOOLEAN', -3.5)).toBe(true);
    expect(value('VARCHAR(8)', 12.5)).toBe('12.5');
    expect(isCoercionError('VARBINARY(4)', 1)).toBe(true);
    expect(isCoercionError('TIMESTAMP', 1520280173000)).toBe(true);
    expect(isCoercionError('DATE', 0)).toBe(true);
    expect(isCoercionError('TIME', 0)).toBe(true);
  });

  it('strings: parsed into numerics, else a coercion error', () => {
    expect(value('INTEGER', '42')).toBe(42);
    expect(value('DOUBLE', ' 33.99 ')).toBe(33.99);
    expect(value('DECIMAL(4,2)', '22.50')).toBe(22.5);
    expect(isCoercionError('INTEGER', 'QXZ')).toBe(true);
    expect(isCoercionError('INTEGER', '12.5')).toBe(true);
    expect(isCoercionError('TINYINT', '300')).toBe(true);
  });

  it('strings: "true" (any case) → true, anything else → false', () => {
    expect(value('BOOLEAN', 'TrUe')).toBe(true);
    expect(value('BOOLEAN', 'yes')).toBe(false);
    expect(value('BOOLEAN', 'false')).toBe(false);
  });

  it('strings: too long for VARCHAR(n) → silently truncated; CHAR(n) padded', () => {
    expect(value('VARCHAR(4)', 'HEALTHCARE')).toBe('HEAL');
    expect(value('VARCHAR(16)', 'HEALTHCARE')).toBe('HEALTHCARE');
    expect(value('CHAR(4)', 'AB')).toBe('AB  ');
  });

  it('strings: binary literals X\'…\' with an even digit count, else an error', () => {
    expect(value('VARBINARY(8)', "X'3F67A23A'")).toBe('3F67A23A');
    expect(value('BINARY(2)', "x'0a'")).toBe('0A00');
    expect(isCoercionError('VARBINARY(8)', "X'3F6'")).toBe(true);
    expect(isCoercionError('VARBINARY(8)', 'hello')).toBe(true);
  });

  it('strings: datetimes in AWS\'s and ISO-8601 formats → epoch ms (UTC); others fail', () => {
    expect(value('TIMESTAMP', '1992-02-14 18:35:44.0')).toBe(Date.UTC(1992, 1, 14, 18, 35, 44));
    expect(value('TIMESTAMP', '1992-02-14')).toBe(Date.UTC(1992, 1, 14));
    expect(value('TIMESTAMP', '2018-08-01T20:17:20.797945')).toBe(Date.UTC(2018, 7, 1, 20, 17, 20, 797));
    expect(value('TIMESTAMP', '2018-08-01T20:17:20Z')).toBe(Date.UTC(2018, 7, 1, 20, 17, 20));
    expect(value('TIMESTAMP', '2018-08-01T22:17:20+02:00')).toBe(Date.UTC(2018, 7, 1, 20, 17, 20));
    expect(value('DATE', '1992-02-14')).toBe(Date.UTC(1992, 1, 14));
    expect(value('TIME', '18:35:44.5')).toBe(((18 * 60 + 35) * 60 + 44) * 1000 + 500);
    expect(isCoercionError('TIMESTAMP', '1992-02-30 00:00:00')).toBe(true);
    expect(isCoercionError('TIMESTAMP', '14/02/1992')).toBe(true);
    expect(isCoercionError('DATE', 'yesterday')).toBe(true);
  });

  it('arrays and objects: their JSON text into CHAR/VARCHAR only', () => {
    expect(value('VARCHAR(32)', { a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(value('VARCHAR(4)', [1, 2, 3])).toBe('[1,2');
    expect(isCoercionError('INTEGER', [1])).toBe(true);
    expect(isCoercionError('BOOLEAN', { a: 1 })).toBe(true);
  });

  it('a coercion error names the column, the value and the type', () => {
    const r = one('INTEGER', 'QXZ');
    expect(r).toEqual({ error: { name: COERCION_ERROR, message: expect.stringContaining('V') } });
    if (!('error' in r)) return;
    expect(r.error.message).toContain("'QXZ'");
    expect(r.error.message).toContain('INTEGER');
    expect(r.error.message).toContain('"V"');
  });
});

describe('CSV records', () => {
  it('one row per RecordRowDelimiter-separated line, positional columns, coerced', () => {
    const map = compileMapping(csvSchema(['VARCHAR(4)', 'REAL', 'INTEGER']));
    expect(map(enc('AMZN,12.5,3\nQXZ,7,4\n'))).toEqual({ rows: [['AMZN', 12.5, 3], ['QXZ', 7, 4]] });
  });

  it('missing trailing fields → NULL, extra fields ignored, empty numeric field → NULL', () => {
    const map = compileMapping(csvSchema(['VARCHAR(4)', 'INTEGER', 'INTEGER']));
    expect(map(enc('A,1'))).toEqual({ rows: [['A', 1, null]] });
    expect(map(enc('A,1,2,3,4'))).toEqual({ rows: [['A', 1, 2]] });
    expect(map(enc('A,,2'))).toEqual({ rows: [['A', null, 2]] });
  });

  it('custom delimiters (CRLF rows, pipe columns)', () => {
    const map = compileMapping(csvSchema(['VARCHAR(8)', 'BOOLEAN'], '\r\n', '|'));
    expect(map(enc('x|true\r\ny|no\r\n'))).toEqual({ rows: [['x', true], ['y', false]] });
  });

  it('a field that does not fit its type is a coercion error for the record', () => {
    const map = compileMapping(csvSchema(['INTEGER', 'VARCHAR(4)']));
    const r = map(enc('1,a\nQXZ,b'));
    expect('error' in r && r.error.name).toBe(COERCION_ERROR);
  });
});

describe('invalid schemas', () => {
  it('every record fails with the validation message', () => {
    const map = compileMapping(jsonSchema([{ Name: 'A', SqlType: 'INTEGER' }]));
    const r = map(enc('{"A":1}'));
    expect('error' in r && r.error.name).toBe(SCHEMA_ERROR);
    expect('error' in r && r.error.message).toMatch(/Mapping is required/);
  });
});
