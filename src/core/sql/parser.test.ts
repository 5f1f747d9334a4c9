import { describe, expect, it } from 'vitest';
import type { Expr } from './ast.js';
import { SqlError } from './errors.js';
import { parseExpression } from './parser.js';
import { parseTypeName } from './parseTypeName.js';
import { TokenCursor } from './tokenCursor.js';

const parse = (s: string): Expr => {
  const c = new TokenCursor(s);
  const e = parseExpression(c);
  if (!c.atEnd()) throw c.error();
  return e;
};

/** A compact Lisp-like rendering to check tree shape. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number': return e.text;
    case 'string': return `'${e.value}'`;
    case 'boolean': return String(e.value);
    case 'null': return 'NULL';
    case 'column': return e.qualifier ? `${e.qualifier}.${e.name}` : e.name;
    case 'unary': return `(${e.op} ${show(e.operand)})`;
    case 'binary': return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'isNull': return `(IS${e.not ? ' NOT' : ''} NULL ${show(e.operand)})`;
    case 'between': return `(${e.not ? 'NOT ' : ''}BETWEEN ${show(e.operand)} ${show(e.low)} ${show(e.high)})`;
    case 'in': return `(${e.not ? 'NOT ' : ''}IN ${show(e.operand)} ${e.list.map(show).join(' ')})`;
    case 'like': return `(${e.not ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${show(e.operand)} ${show(e.pattern)})`;
    case 'cast': return `(CAST ${show(e.operand)} ${e.type.name}${e.type.args.length ? `(${e.type.args.join(',')})` : ''})`;
    case 'call': return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.star ? '*' : e.args.map(show).join(', ')})`;
    case 'extract': return `(EXTRACT ${e.field} ${show(e.operand)})`;
    case 'floorTo': return `(${e.ceil ? 'CEIL' : 'FLOOR'} ${show(e.operand)} TO ${e.unit})`;
    case 'interval': return `(INTERVAL '${e.text}' ${e.unit ?? ''})`;
    case 'typed': return `(${e.type.name} '${e.text}')`;
    case 'case': return `(CASE ${e.operand ? show(e.operand) + ' ' : ''}${e.whens.map((w) => `${show(w.when)}→${show(w.then)}`).join(' ')}${e.else ? ' else ' + show(e.else) : ''})`;
  }
}

describe('precedence', () => {
  it.each([
    ['a OR b AND c', '(OR a (AND b c))'],
    ['NOT a = b', '(NOT (= a b))'],
    ['NOT a AND b', '(AND (NOT a) b)'],
    ['a = b OR c < d', '(OR (= a b) (< c d))'],
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ["a || 'x' = b", "(= (|| a 'x') b)"],
    ["a || b + 1", '(|| a (+ b 1))'],
    ['-a * b', '(* (- a) b)'],
    ['-a::int', '(- (CAST a INTEGER))'],
    ['a + b::text', '(+ a (CAST b VARCHAR))'],
    ['a BETWEEN 1 AND 2 AND b', '(AND (BETWEEN a 1 2) b)'],
    ['a NOT IN (1, 2) OR b IS NOT NULL', '(OR (NOT IN a 1 2) (IS NOT NULL b))'],
    ["a NOT ILIKE 'x%'", "(NOT ILIKE a 'x%')"],
    ['a % 2 = 0', '(= (% a 2) 0)'],
    ['a != b', '(<> a b)'],
  ])('%s', (src, tree) => {
    expect(show(parse(src))).toBe(tree);
  });
});

describe('special forms', () => {
  it.each([
    ['COUNT(*)', 'COUNT(*)'],
    ['count(DISTINCT x)', 'COUNT(DISTINCT x)'],
    ['t.c', 't.c'],
    ["CASE WHEN a THEN 1 ELSE 2 END", '(CASE a→1 else 2)'],
    ["CASE a WHEN 1 THEN 'x' END", "(CASE a 1→'x')"],
    ['CAST(x AS VARCHAR(10))', '(CAST x VARCHAR(10))'],
    ['CAST(x AS DOUBLE PRECISION)', '(CAST x DOUBLE PRECISION)'],
    ['EXTRACT(hour FROM ts)', '(EXTRACT HOUR ts)'],
    ["POSITION('a' IN s)", "POSITION('a', s)"],
    ['SUBSTRING(s FROM 2 FOR 3)', 'SUBSTRING(s, 2, 3)'],
    ['SUBSTRING(s, 2, 3)', 'SUBSTRING(s, 2, 3)'],
    ["TRIM(LEADING 'x' FROM s)", "LTRIM(s, 'x')"],
    ['TRIM(s)', 'BTRIM(s)'],
    ["OVERLAY(s PLACING 'ab' FROM 2 FOR 1)", "OVERLAY(s, 'ab', 2, 1)"],
    ['FLOOR(ts TO MINUTE)', '(FLOOR ts TO MINUTE)'],
    ['CEIL(ts TO HOUR)', '(CEIL ts TO HOUR)'],
    ['FLOOR(x)', 'FLOOR(x)'],
    ["INTERVAL '5' SECOND", "(INTERVAL '5' SECOND)"],
    ["TIMESTAMP '2026-01-01 00:00:00'", "(TIMESTAMP '2026-01-01 00:00:00')"],
    ["DATE '2026-01-01'", "(DATE '2026-01-01')"],
    ['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP()'],
  ])('%s', (src, tree) => {
    expect(show(parse(src))).toBe(tree);
  });

  it('parses OVER (PARTITION BY … ORDER BY … RANGE INTERVAL … PRECEDING) into the call', () => {
    const e = parse("SUM(x) OVER (PARTITION BY k ORDER BY ts RANGE INTERVAL '1' MINUTE PRECEDING)");
    expect(e.kind === 'call' && e.over).toMatchObject({ partitionBy: [{ kind: 'column', name: 'k' }], orderBy: [{ desc: false }], frame: { kind: 'range', interval: { kind: 'interval', text: '1', unit: 'MINUTE' } } });
    const w = parse('COUNT(*) OVER w');
    expect(w.kind === 'call' && w.over?.name).toBe('w');
    const rows = parse('AVG(x) OVER (ORDER BY ts ROWS 10 PRECEDING)');
    expect(rows.kind === 'call' && rows.over?.frame).toEqual({ kind: 'rows', count: 10 });
  });

  it('keeps positions on nodes', () => {
    const e = parse('1 +\n  bad_col');
    expect(e.kind === 'binary' && e.right.at).toMatchObject({ line: 2, column: 3, offset: 6 });
    expect(e.kind === 'binary' && e.opAt).toMatchObject({ line: 1, column: 3 });
  });
});

describe('type names', () => {
  it.each([
    ['INT2', 'SMALLINT', []], ['int4', 'INTEGER', []], ['INT8', 'BIGINT', []], ['NUMERIC(10,2)', 'DECIMAL', [10, 2]],
    ['FLOAT4', 'REAL', []], ['FLOAT', 'DOUBLE PRECISION', []], ['BOOL', 'BOOLEAN', []], ['CHARACTER(3)', 'CHAR', [3]],
    ['CHARACTER VARYING(20)', 'VARCHAR', [20]], ['TEXT', 'VARCHAR', []], ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ', []],
    ['TIMESTAMP WITHOUT TIME ZONE', 'TIMESTAMP', []], ['DATE', 'DATE', []],
  ])('%s', (src, name, args) => {
    expect(parseTypeName(new TokenCursor(src))).toEqual({ name, args });
  });
});

describe('syntax errors', () => {
  const err = (src: string): SqlError => {
    try {
      parse(src);
    } catch (e) {
      if (e instanceof SqlError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('points at the offending token with line and column', () => {
    const e = err('a +\n\n  (b * FROM)');
    expect(e.message).toBe('line 3, column 8: syntax error at or near "FROM"');
    expect(e).toMatchObject({ line: 3, column: 8, offset: 12, code: '42601', reason: 'syntax error at or near "FROM"' });
  });

  it('ROWS n PRECEDING takes a whole number', () => {
    const e = err('AVG(x) OVER (ORDER BY ts ROWS 1.5 PRECEDING)');
    expect(e).toMatchObject({ line: 1, column: 31 });
    expect(e.message).toContain('expected integer');
  });

  it('says what was expected when known', () => {
    const e = err('(a + b');
    expect(e.message).toBe('line 1, column 7: syntax error at end of input, expected ")"');
    expect(e.expected).toEqual([')']);
    expect(err('CAST(a INT)').message).toBe('line 1, column 8: syntax error at or near "INT", expected AS');
  });

  it('rejects a reserved word as a column name', () => {
    expect(err('a = select').message).toBe('line 1, column 5: syntax error at or near "select"');
    expect(err('t.from').message).toBe('line 1, column 3: syntax error at or near "from", expected identifier');
  });
});
