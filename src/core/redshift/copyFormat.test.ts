import { describe, expect, it } from 'vitest';
import type { CopyFormat, CopyReadOptions } from './copyFormat.js';
import { parseJsonPaths } from './jsonPaths.js';
import { readCopyData } from './readCopyData.js';

const noHeader: CopyReadOptions = { ignoreHeader: 0 };

function text(over: Partial<Extract<CopyFormat, { kind: 'delimited' }>> = {}): CopyFormat {
  return {
    kind: 'delimited',
    delimiter: '|',
    csv: false,
    quote: '"',
    escape: false,
    removeQuotes: false,
    fillRecord: false,
    ...over,
  };
}
const csv = (over: Partial<Extract<CopyFormat, { kind: 'delimited' }>> = {}): CopyFormat =>
  text({ delimiter: ',', csv: true, ...over });
const auto: CopyFormat = { kind: 'json', mode: 'auto' };
const paths = (...p: string[]): CopyFormat => ({ kind: 'json', mode: { jsonpaths: p } });

describe('delimited text', () => {
  it('splits pipe-delimited lines, keeps empty fields as empty strings, ignores the trailing newline', () => {
    const r = readCopyData('1|a|x\n2||y\r\n3|c|\n', text(), ['id', 'name', 'v'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((row) => row.fields)).toEqual([
      ['1', 'a', 'x'],
      ['2', '', 'y'],
      ['3', 'c', ''],
    ]);
    expect(r.rows.map((row) => row.line)).toEqual([1, 2, 3]);
    expect(r.rows[1]!.raw).toBe('2||y');
  });

  it('uses a custom delimiter and reads a last line without a newline', () => {
    const r = readCopyData('a\tb\nc\td', text({ delimiter: '\t' }), ['x', 'y'], noHeader);
    expect(r.rows.map((row) => row.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('IGNOREHEADER skips lines but line numbers still count them', () => {
    const r = readCopyData('id|name\nskip|me\n1|a\n2|b\n', text(), ['id', 'name'], { ignoreHeader: 2 });
    expect(r.rows.map((row) => [row.line, ...row.fields])).toEqual([
      [3, '1', 'a'],
      [4, '2', 'b'],
    ]);
  });

  it('reports too few fields as 1214 Delimiter not found and too many as 1202', () => {
    const r = readCopyData('1|a\n2\n3|b|c\n4|d\n', text(), ['id', 'name'], noHeader);
    expect(r.rows.map((row) => row.fields)).toEqual([
      ['1', 'a'],
      ['4', 'd'],
    ]);
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 2, raw: '2', code: 1214, reason: 'Delimiter not found', column: 'name' }),
      expect.objectContaining({ line: 3, raw: '3|b|c', code: 1202, reason: 'Extra column(s) found', position: 4 }),
    ]);
  });

  it('FILLRECORD fills missing trailing fields with empty strings', () => {
    const r = readCopyData('1\n2|b\n', text({ fillRecord: true }), ['id', 'name', 'v'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((row) => row.fields)).toEqual([
      ['1', '', ''],
      ['2', 'b', ''],
    ]);
    // Extra fields are still an error with FILLRECORD.
    expect(readCopyData('1|2|3|4', text({ fillRecord: true }), ['a', 'b'], noHeader).errors[0]?.code).toBe(1202);
  });

  it('ESCAPE: a backslash escapes the delimiter, a newline (row continues) and itself', () => {
    const data = 'a\\|b|c\\\\d\nmulti\\\nline|x\nlast|y\n';
    const r = readCopyData(data, text({ escape: true }), ['p', 'q'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((row) => row.fields)).toEqual([
      ['a|b', 'c\\d'],
      ['multi\nline', 'x'],
      ['last', 'y'],
    ]);
    expect(r.rows.map((row) => row.line)).toEqual([1, 2, 4]);
  });

  it('without ESCAPE a backslash is an ordinary character', () => {
    const r = readCopyData('a\\|b\n', text(), ['p', 'q'], noHeader);
    expect(r.rows[0]!.fields).toEqual(['a\\', 'b']);
  });

  it('REMOVEQUOTES strips surrounding quotes and keeps delimiters inside them', () => {
    const r = readCopyData('"a|b"|"c"|d\n', text({ removeQuotes: true }), ['x', 'y', 'z'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.fields).toEqual(['a|b', 'c', 'd']);
    // Without REMOVEQUOTES the quotes stay and the delimiter splits.
    const plain = readCopyData('"a|b"|"c"\n', text(), ['x', 'y', 'z'], noHeader);
    expect(plain.rows[0]!.fields).toEqual(['"a', 'b"', '"c"']);
  });
});

describe('CSV', () => {
  it('handles quoted delimiters, doubled quotes and empty quoted fields', () => {
    const r = readCopyData('1,"a,b","say ""hi""",""\n2,plain,x,\n', csv(), ['a', 'b', 'c', 'd'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((row) => row.fields)).toEqual([
      ['1', 'a,b', 'say "hi"', ''],
      ['2', 'plain', 'x', ''],
    ]);
  });

  it('a quoted field may span lines; line is where the row starts', () => {
    const r = readCopyData('h1,h2\n1,"two\r\nlines"\r\n2,"x\ny\nz"\n3,end', csv(), ['a', 'b'], { ignoreHeader: 1 });
    expect(r.errors).toEqual([]);
    expect(r.rows.map((row) => [row.line, ...row.fields])).toEqual([
      [2, '1', 'two\r\nlines'],
      [4, '2', 'x\ny\nz'],
      [7, '3', 'end'],
    ]);
  });

  it('uses a custom quote character', () => {
    const r = readCopyData("1,'a,b'\n", csv({ quote: "'" }), ['a', 'b'], noHeader);
    expect(r.rows[0]!.fields).toEqual(['1', 'a,b']);
  });

  it('checks the column count (with and without FILLRECORD)', () => {
    const r = readCopyData('1,"x"\n2,y,z\n', csv(), ['a', 'b', 'c'], noHeader);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[1, 1214]]);
    expect(r.rows.map((row) => row.fields)).toEqual([['2', 'y', 'z']]);
    const extra = readCopyData('1,2,3\n', csv(), ['a', 'b'], noHeader);
    expect(extra.errors.map((e) => e.code)).toEqual([1202]);
    const filled = readCopyData('1,"x"\n', csv({ fillRecord: true }), ['a', 'b', 'c'], noHeader);
    expect(filled.rows[0]!.fields).toEqual(['1', 'x', '']);
  });

  it('an unterminated quote is an error and stops reading', () => {
    const r = readCopyData('1,ok\n2,"never closed\n3,more\n', csv(), ['a', 'b'], noHeader);
    expect(r.rows.map((row) => row.fields)).toEqual([['1', 'ok']]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 2, code: 1214, reason: 'Unterminated quoted field' });
  });

  it('text after a closing quote is an error for that line only', () => {
    const r = readCopyData('1,"a"b\n2,c\n', csv(), ['a', 'b'], noHeader);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, raw: '1,"a"b', code: 1214 });
    expect(r.rows.map((row) => [row.line, ...row.fields])).toEqual([[2, '2', 'c']]);
  });
});

describe('JSON auto', () => {
  it('reads objects separated by newlines and concatenated with no delimiter (Firehose)', () => {
    const cols = ['a', 'b'];
    const nl = readCopyData('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n', auto, cols, noHeader);
    const cat = readCopyData('{"a":1,"b":"x"}{"a":2,"b":"y"}  {"a":3,"b":"}{"}', auto, cols, noHeader);
    expect(nl.errors).toEqual([]);
    expect(cat.errors).toEqual([]);
    expect(nl.rows.map((r) => r.fields)).toEqual([
      ['1', 'x'],
      ['2', 'y'],
    ]);
    expect(cat.rows.map((r) => r.fields)).toEqual([
      ['1', 'x'],
      ['2', 'y'],
      ['3', '}{'],
    ]);
    expect(nl.rows.map((r) => r.line)).toEqual([1, 2]);
    expect(cat.rows[1]!.raw).toBe('{"a":2,"b":"y"}');
  });

  it('converts values: strings decoded, numbers/booleans as written, null/absent → null, nested → JSON text', () => {
    const data = '{"s":"a\\"b\\u00e9","n":12.50,"big":12345678901234567890,"t":true,"z":null,"o":{"k":[1,2]},"arr":[{"x":1}]}';
    const r = readCopyData(data, auto, ['s', 'n', 'big', 't', 'z', 'missing', 'o', 'arr'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.fields).toEqual(['a"bé', '12.50', '12345678901234567890', 'true', null, null, '{"k":[1,2]}', '[{"x":1}]']);
  });

  it("keys are matched as-is to lower-case column names; 'auto ignorecase' ignores case", () => {
    const data = '{"Name":"A","id":1}';
    const exact = readCopyData(data, auto, ['ID', 'name'], noHeader);
    expect(exact.rows[0]!.fields).toEqual(['1', null]);
    const ic = readCopyData(data, { kind: 'json', mode: 'auto ignorecase' }, ['ID', 'name'], noHeader);
    expect(ic.rows[0]!.fields).toEqual(['1', 'A']);
  });

  it('line numbers are where each object starts, for pretty-printed objects', () => {
    const data = '{\n  "a": 1\n}\n\n{\n  "a": 2\n}';
    const r = readCopyData(data, auto, ['a'], noHeader);
    expect(r.rows.map((row) => [row.line, row.fields[0]])).toEqual([
      [1, '1'],
      [5, '2'],
    ]);
  });

  it('a malformed object in the middle is an error; the objects before and after still load', () => {
    const data = '{"a":1}\n{"a":2,,}\n{"a":3}\n{"a":"broken}\n{"a":4}{"a":5}';
    const r = readCopyData(data, auto, ['a'], noHeader);
    expect(r.rows.map((row) => [row.line, row.fields[0]])).toEqual([
      [1, '1'],
      [3, '3'],
      [5, '4'],
      [5, '5'],
    ]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 1216],
      [4, 1216],
    ]);
    expect(r.errors[0]!.raw).toBe('{"a":2,,}');
    expect(r.errors[0]!.reason).toMatch(/^Invalid JSON/);
  });

  it('a malformed concatenated object is skipped by brace matching', () => {
    const r = readCopyData('{"a":1}{"a":tru}{"a":3}', auto, ['a'], noHeader);
    expect(r.rows.map((row) => row.fields[0])).toEqual(['1', '3']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.raw).toBe('{"a":tru}');
  });

  it('stray text between objects and non-object records are errors', () => {
    const r = readCopyData('{"a":1} xyz {"a":2}\n[1,2]\n{"a":3}', auto, ['a'], noHeader);
    expect(r.rows.map((row) => row.fields[0])).toEqual(['1', '2', '3']);
    expect(r.errors.map((e) => [e.line, e.raw])).toEqual([
      [1, 'xyz'],
      [2, '[1,2]'],
    ]);
  });

  it('an unterminated object at the end stops with an error', () => {
    const r = readCopyData('{"a":1}\n{"a":{"b":2}', auto, ['a'], noHeader);
    expect(r.rows).toHaveLength(1);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[2, 1216]]);
  });

  it('clips raw to 1024 characters', () => {
    const long = 'x'.repeat(3000);
    const r = readCopyData(`{"a":"${long}"}`, auto, ['a'], noHeader);
    expect(r.rows[0]!.raw).toHaveLength(1024);
    expect(r.rows[0]!.fields[0]).toBe(long);
  });

  it('reads 100,000 concatenated records', () => {
    const data = Array.from({ length: 100_000 }, (_, i) => `{"id":${i},"name":"n${i}","tags":[${i}]}`).join('');
    const r = readCopyData(data, auto, ['id', 'name', 'tags'], noHeader);
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(100_000);
    expect(r.rows[99_999]!.fields).toEqual(['99999', 'n99999', '[99999]']);
  });
});

describe('JSON with jsonpaths', () => {
  it('maps the i-th path to the i-th column: dot, bracket and index notation', () => {
    const data = '{"a":{"b":"deep"},"c d":7,"arr":[10,{"x":"y"}]}\n[1,"two",[3]]\n';
    const r = readCopyData(
      data,
      paths('$.a.b', "$['c d']", '$.arr[1].x', '$["arr"][0]', '$.nope.deeper'),
      ['c1', 'c2', 'c3', 'c4', 'c5'],
      noHeader,
    );
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.fields).toEqual(['deep', '7', 'y', '10', null]);
    const arr = readCopyData('[1,"two",[3]]{"x":1}', paths('$[0]', '$[1]', '$[2][0]'), ['a', 'b', 'c'], noHeader);
    expect(arr.rows.map((row) => row.fields)).toEqual([
      ['1', 'two', '3'],
      [null, null, null],
    ]);
  });

  it('a different number of paths and columns is one error for the whole file', () => {
    const r = readCopyData('{"a":1}\n{"a":2}', paths('$.a'), ['a', 'b'], noHeader);
    expect(r.rows).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, code: 8001 });
    expect(r.errors[0]!.reason).toContain('Number of jsonpaths and the number of columns should match');
  });

  it('an invalid path in the format is one error for the whole file', () => {
    const r = readCopyData('{"a":1}', paths('$.a[*]'), ['a'], noHeader);
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[1, 8001]]);
    expect(r.errors[0]!.reason).toMatch(/^Invalid JSONPath format: /);
  });
});

describe('parseJsonPaths', () => {
  it('accepts dot, bracket and index paths', () => {
    const p = parseJsonPaths('{"jsonpaths": ["$.a", "$[\'b\']", "$[\\"c\\"].d[0]", "$.e[12].f"]}');
    expect(p).toEqual({ ok: true, paths: ['$.a', "$['b']", '$["c"].d[0]', '$.e[12].f'] });
  });

  it.each([
    ['{"jsonpaths": ["a.b"]}', /must start with '\$'/],
    ['{"jsonpaths": ["$.*"]}', /wildcards/],
    ['{"jsonpaths": ["$.a[*]"]}', /wildcards/],
    ['{"jsonpaths": ["$..a"]}', /recursive descent/],
    ['{"jsonpaths": ["$.a[?(@.b)]"]}', /filter/],
    ['{"jsonpaths": ["$.a[-1]"]}', /negative/],
    ["{\"jsonpaths\": [\"$['a'\"]}", /expected '\]'/],
    ["{\"jsonpaths\": [\"$['a\"]}", /unterminated/],
    ['{"jsonpaths": ["$.a."]}', /name is missing/],
    ['{"jsonpaths": ["$"]}', /does not reference/],
    ['{"jsonpaths": [1]}', /not a string/],
    ['{"jsonpaths": []}', /empty/],
    ['{"paths": ["$.a"]}', /"jsonpaths" array/],
    ['{"jsonpaths": "$.a"}', /must be an array/],
    ['{"jsonpaths": ["$.a"]', /not valid JSON/],
  ])('rejects %s', (input, why) => {
    const p = parseJsonPaths(input);
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.message).toMatch(/^Invalid JSONPath format: /);
      expect(p.message).toMatch(why);
    }
  });
});
