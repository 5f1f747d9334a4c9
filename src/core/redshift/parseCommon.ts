/**
 * Small parsers every Redshift statement uses: identifiers (unquoted ones fold to lower case),
 * schema-qualified names, column lists, integers, and expressions with Redshift's niladic
 * functions (SYSDATE, CURRENT_DATE … callable without parentheses).
 */
import type { Expr } from '../sql/ast.js';
import { syntaxErrorAt } from '../sql/errors.js';
import type { Token } from '../sql/lexer.js';
import { parseExpression } from '../sql/parser.js';
import type { TokenCursor } from '../sql/tokenCursor.js';
import type { QName } from './statementAst.js';

/** Parse options naming the functions Redshift lets you call without parentheses. */
export const NILADIC = { niladic: new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'SYSDATE']) };

const fold = (id: { name: string; quoted: boolean }): string => (id.quoted ? id.name : id.name.toLowerCase());

/** An expression at the cursor. */
export function parseExpr(c: TokenCursor): Expr {
  return parseExpression(c, NILADIC);
}

/** An identifier, folded (unquoted → lower case), with its token for error positions. */
export function parseIdent(c: TokenCursor): { name: string; at: Token } {
  const id = c.identifier();
  return { name: fold(id), at: id.token };
}

/** `name` or `schema.name`, both folded. */
export function parseQName(c: TokenCursor): QName {
  const first = c.identifier();
  if (c.accept('.')) {
    const second = c.identifier();
    return { schema: fold(first), name: fold(second), at: first.token };
  }
  return { name: fold(first), at: first.token };
}

/** An optional parenthesised column list `(a, b, …)`; undefined when there is no '('. */
export function parseColumnList(c: TokenCursor): { name: string; at: Token }[] | undefined {
  if (!c.accept('(')) return undefined;
  const cols = [parseIdent(c)];
  while (c.accept(',')) cols.push(parseIdent(c));
  c.expect(')');
  return cols;
}

/** An unsigned integer literal (LIMIT, OFFSET, IGNOREHEADER …). */
export function parseInteger(c: TokenCursor): number {
  const t = c.next();
  if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw syntaxErrorAt(t, ['integer']);
  return Number(t.text);
}
