import { describe, expect, it } from 'vitest';
import { SqlError } from './errors.js';
import { lex } from './lexer.js';

describe('lex', () => {
  it('gives every token its offset, line and column', () => {
    const toks = lex('SELECT a,\n  "B c" FROM t');
    expect(toks.map((t) => [t.kind, t.text, t.offset, t.line, t.column])).toEqual([
      ['ident', 'SELECT', 0, 1, 1],
      ['ident', 'a', 7, 1, 8],
      ['punct', ',', 8, 1, 9],
      ['quoted', 'B c', 12, 2, 3],
      ['ident', 'FROM', 18, 2, 9],
      ['ident', 't', 23, 2, 14],
      ['eof', '', 24, 2, 15],
    ]);
  });

  it("unescapes '' inside strings and \"\" inside quoted identifiers", () => {
    const toks = lex(`'it''s' "a""b"`);
    expect(toks[0]).toMatchObject({ kind: 'string', text: "it's", length: 7 });
    expect(toks[1]).toMatchObject({ kind: 'quoted', text: 'a"b' });
  });

  it('skips -- and /* */ comments but counts their lines', () => {
    const toks = lex('-- hello\n/* a\nb */ x');
    expect(toks[0]).toMatchObject({ kind: 'ident', text: 'x', line: 3, column: 6 });
  });

  it('reads numbers with fractions and exponents, and two-character operators', () => {
    expect(lex('1.5e3 .5 7').slice(0, 3).map((t) => t.text)).toEqual(['1.5e3', '.5', '7']);
    expect(lex('a<>b != c <= d >= e || f :: g').filter((t) => t.kind === 'op').map((t) => t.text)).toEqual(['<>', '!=', '<=', '>=', '||', '::']);
  });

  it('reports an unterminated string at its start', () => {
    try {
      lex("SELECT\n  'abc");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
      expect(e).toMatchObject({ line: 2, column: 3, offset: 9 });
      expect((e as Error).message).toMatch(/^line 2, column 3: unterminated quoted string/);
    }
  });

  it('reports an unterminated comment at its start', () => {
    expect(() => lex('a /* b')).toThrow(/line 1, column 3: unterminated \/\* comment/);
  });
});
