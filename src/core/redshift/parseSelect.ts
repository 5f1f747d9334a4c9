/**
 * Redshift's SELECT syntax: [DISTINCT|ALL] items, FROM with comma and [INNER|LEFT [OUTER]|CROSS]
 * JOINs, WHERE, GROUP BY, HAVING, ORDER BY and LIMIT/OFFSET in either order. An alias may follow
 * an item or table without AS unless the word starts the next clause.
 */
import type { Expr, OrderItem } from '../sql/ast.js';
import type { Token } from '../sql/lexer.js';
import { parseOrderBy } from '../sql/parser.js';
import type { TokenCursor } from '../sql/tokenCursor.js';
import { NILADIC, parseExpr, parseIdent, parseInteger, parseQName } from './parseCommon.js';
import type { FromItem, Join, Select, SelectItem } from './statementAst.js';

/** Parses a SELECT after the SELECT keyword. */
export function parseSelectBody(c: TokenCursor): Select {
  const distinct = !!c.accept('DISTINCT');
  if (!distinct) c.accept('ALL');
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(c)); while (c.accept(','));
  let from: FromItem | undefined;
  const joins: Join[] = [];
  if (c.accept('FROM')) {
    from = parseFromItem(c);
    for (;;) {
      if (c.accept(',')) { joins.push({ type: 'cross', ...parseFromItem(c) }); continue; }
      let type: Join['type'] | undefined;
      if (c.accept('JOIN')) type = 'inner';
      else if (c.accept('INNER')) { c.expect('JOIN'); type = 'inner'; }
      else if (c.accept('LEFT')) { c.accept('OUTER'); c.expect('JOIN'); type = 'left'; }
      else if (c.accept('CROSS')) { c.expect('JOIN'); type = 'cross'; }
      if (!type) break;
      const item = parseFromItem(c);
      if (type === 'cross') { joins.push({ type, ...item }); continue; }
      c.expect('ON');
      joins.push({ type, ...item, on: parseExpr(c) });
    }
  }
  const where = c.accept('WHERE') ? parseExpr(c) : undefined;
  const groupBy: Expr[] = [];
  if (c.accept('GROUP')) {
    c.expect('BY');
    do groupBy.push(parseExpr(c)); while (c.accept(','));
  }
  const having = c.accept('HAVING') ? parseExpr(c) : undefined;
  const orderBy: OrderItem[] = [];
  if (c.accept('ORDER')) {
    c.expect('BY');
    do orderBy.push(parseOrderBy(c, NILADIC)); while (c.accept(','));
  }
  let limit: number | undefined;
  let offset: number | undefined;
  for (;;) {
    if (c.accept('LIMIT')) { if (!c.accept('ALL')) limit = parseInteger(c); }
    else if (c.accept('OFFSET')) offset = parseInteger(c);
    else break;
  }
  return {
    distinct, items, joins, groupBy, orderBy,
    ...(from ? { from } : {}), ...(where ? { where } : {}), ...(having ? { having } : {}),
    ...(limit !== undefined ? { limit } : {}), ...(offset !== undefined ? { offset } : {}),
  };
}

function parseSelectItem(c: TokenCursor): SelectItem {
  const t = c.peek();
  if (c.accept('*')) return { kind: 'star', at: t };
  if ((t.kind === 'ident' || t.kind === 'quoted') && c.is('.', 1) && c.is('*', 2)) {
    const q = parseIdent(c).name;
    c.next();
    c.next();
    return { kind: 'star', qualifier: q, at: t };
  }
  const expr = parseExpr(c);
  let alias: string | undefined;
  if (c.accept('AS')) alias = parseIdent(c).name;
  else if (c.peek().kind === 'quoted' || (c.peek().kind === 'ident' && !c.isKeyword('FROM') && !isClauseWord(c.peek()))) alias = parseIdent(c).name;
  return alias !== undefined ? { kind: 'expr', expr, alias } : { kind: 'expr', expr };
}

function parseFromItem(c: TokenCursor): FromItem {
  const table = parseQName(c);
  let alias: string | undefined;
  if (c.accept('AS')) alias = parseIdent(c).name;
  else if (c.peek().kind === 'quoted' || (c.peek().kind === 'ident' && !isClauseWord(c.peek()))) alias = parseIdent(c).name;
  return alias ? { table, alias } : { table };
}

const CLAUSE_WORDS = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'ON', 'UNION', 'FROM', 'OUTER', 'USING', 'NATURAL', 'EXCEPT', 'INTERSECT']);
const isClauseWord = (t: Token): boolean => t.kind === 'ident' && CLAUSE_WORDS.has(t.text.toUpperCase());
