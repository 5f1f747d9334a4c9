import { describe, expect, it } from 'vitest';
import { formatSqlType, parseSqlType } from './sqlType.js';
import { validateSchema } from './validate.js';
import { isReservedWord, suggestColumnName } from './names.js';
import type { SourceSchema } from './types.js';

describe('parseSqlType', () => {
  it('reads every KDA type, with synonyms and parameters, case-insensitively', () => {
    expect(parseSqlType('BOOLEAN')).toEqual({ base: 'BOOLEAN' });
    expect(parseSqlType('tinyint')).toEqual({ base: 'TINYINT' });
    expect(parseSqlType('SMALLINT')).toEqual({ base: 'SMALLINT' });
    expect(parseSqlType('INT')).toEqual({ base: 'INTEGER' });
    expect(parseSqlType('INTEGER')).toEqual({ base: 'INTEGER' });
    expect(parseSqlType('BIGINT')).toEqual({ base: 'BIGINT' });
    expect(parseSqlType('DECIMAL(5,2)')).toEqual({ base: 'DECIMAL', precision: 5, scale: 2 });
    expect(parseSqlType('NUMERIC( 8 )')).toEqual({ base: 'DECIMAL', precision: 8, scale: 0 });
    expect(parseSqlType('REAL')).toEqual({ base: 'REAL' });
    expect(parseSqlType('DOUBLE')).toEqual({ base: 'DOUBLE' });
    expect(parseSqlType('double precision')).toEqual({ base: 'DOUBLE' });
    expect(parseSqlType('CHAR')).toEqual({ base: 'CHAR', length: 1 });
    expect(parseSqlType('CHAR(3)')).toEqual({ base: 'CHAR', length: 3 });
    expect(parseSqlType('VARCHAR(16)')).toEqual({ base: 'VARCHAR', length: 16 });
    expect(parseSqlType('BINARY(4)')).toEqual({ base: 'BINARY', length: 4 });
    expect(parseSqlType('VARBINARY(8)')).toEqual({ base: 'VARBINARY', length: 8 });
    expect(parseSqlType('DATE')).toEqual({ base: 'DATE' });
    expect(parseSqlType('TIME')).toEqual({ base: 'TIME' });
    expect(parseSqlType('TIMESTAMP')).toEqual({ base: 'TIMESTAMP' });
  });

  it('rejects unknown types and bad parameters', () => {
    for (const t of ['', 'STRING', 'VARCHAR(0)', 'INTEGER(4)', 'DECIMAL(3,4)', 'DECIMAL(40)', 'VARCHAR(a)', 'BOOLEAN(1)']) {
      expect(parseSqlType(t)).toBeUndefined();
    }
  });

  it('formats back canonically', () => {
    expect(formatSqlType(parseSqlType('numeric(5, 2)')!)).toBe('DECIMAL(5,2)');
    expect(formatSqlType(parseSqlType('varchar(4)')!)).toBe('VARCHAR(4)');
    expect(formatSqlType(parseSqlType('int')!)).toBe('INTEGER');
  });
});

describe('validateSchema', () => {
  const base = (over: Partial<SourceSchema> = {}): SourceSchema => ({
    RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: [{ Name: 'A', Mapping: '$.a', SqlType: 'INTEGER' }],
    ...over,
  });

  it('accepts a valid schema', () => {
    expect(validateSchema(base())).toBeUndefined();
    expect(validateSchema({ RecordFormat: { RecordFormatType: 'CSV' }, RecordColumns: [{ Name: 'A', SqlType: 'INT' }] })).toBeUndefined();
  });

  it('requires 1..1000 columns', () => {
    expect(validateSchema(base({ RecordColumns: [] }))).toMatch(/between 1 and 1000/);
    const many = Array.from({ length: 1001 }, (_, i) => ({ Name: `C${i}`, Mapping: `$.c${i}`, SqlType: 'INTEGER' }));
    expect(validateSchema(base({ RecordColumns: many }))).toMatch(/between 1 and 1000/);
    expect(validateSchema(base({ RecordColumns: many.slice(0, 1000) }))).toBeUndefined();
  });

  it('checks names, types, mappings, row paths and array flattening', () => {
    expect(validateSchema(base({ RecordColumns: [{ Name: '1A', Mapping: '$.a', SqlType: 'INTEGER' }] }))).toMatch(/column name/);
    expect(validateSchema(base({ RecordColumns: [{ Name: 'A', Mapping: '$.a', SqlType: 'STRING' }] }))).toMatch(/SqlType/);
    expect(validateSchema(base({ RecordColumns: [{ Name: 'A', SqlType: 'INTEGER' }] }))).toMatch(/Mapping is required/);
    expect(validateSchema(base({ RecordColumns: [{ Name: 'A', Mapping: 'a.b', SqlType: 'INTEGER' }] }))).toMatch(/Invalid Mapping/);
    expect(validateSchema(base({ RecordColumns: [{ Name: 'A', Mapping: '$.a[0:].b[0:].c', SqlType: 'INTEGER' }] }))).toMatch(/one level/);
    expect(validateSchema(base({ RecordColumns: [
      { Name: 'A', Mapping: '$.x[0:].a', SqlType: 'INTEGER' },
      { Name: 'B', Mapping: '$.y[0:].b', SqlType: 'INTEGER' },
    ] }))).toMatch(/one array/);
    expect(validateSchema(base({ RecordColumns: [
      { Name: 'A', Mapping: '$.x[0:].a', SqlType: 'INTEGER' },
      { Name: 'B', Mapping: '$.y[0:]', SqlType: 'VARCHAR(64)' },
    ] }))).toBeUndefined();
    expect(validateSchema(base({ RecordColumns: [
      { Name: 'A', Mapping: '$.a', SqlType: 'INTEGER' },
      { Name: 'a', Mapping: '$.b', SqlType: 'INTEGER' },
    ] }))).toMatch(/Duplicate/);
    expect(validateSchema(base({ RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: 'records' } } } }))).toMatch(/RecordRowPath/);
  });
});

describe('column naming (dev/sch-dis.html)', () => {
  it('keeps legal names and renames the documented cases', () => {
    expect(suggestColumnName('TICKER_SYMBOL', 0)).toBe('TICKER_SYMBOL');
    expect(suggestColumnName('USER', 0)).toBe('COL_USER');
    expect(suggestColumnName('TIMESTAMP', 0)).toBe('COL_TIMESTAMP');
    expect(suggestColumnName('VALUES', 0)).toBe('COL_VALUES');
    expect(suggestColumnName('year', 0)).toBe('COL_year');
    expect(suggestColumnName('USER@DOMAIN', 0)).toBe('COL_USERDOMAIN');
    expect(suggestColumnName('@@', 0)).toBe('COL_0');
    expect(suggestColumnName('@@', 5)).toBe('COL_5');
    expect(suggestColumnName('9lives', 0)).toBe('COL_9lives');
    expect(suggestColumnName('a'.repeat(100), 0)).toBe('a'.repeat(100));
    expect(suggestColumnName('a'.repeat(101), 0)).toBe(`COL_${'a'.repeat(96)}`);
    expect(isReservedWord('user')).toBe(true);
    expect(isReservedWord('sector')).toBe(false);
  });
});
