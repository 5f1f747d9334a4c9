/**
 * The parts of expression syntax that are lists of expressions rather than values: ORDER BY items
 * and OVER (PARTITION BY … ORDER BY … [RANGE … | ROWS …]) window specifications.
 */
import type { Expr, OrderItem, WindowSpec } from './ast.js';
import { syntaxErrorAt } from './errors.js';
import type { TokenCursor } from './tokenCursor.js';

/** The expression-parser entry points window and ORDER BY syntax recurse into. */
export interface WindowOperandParser {
  /** A full expression (OR level). */
  or(): Expr;
  /** A primary (RANGE takes an INTERVAL literal, not a full expression). */
  primary(): Expr;
}

/** Parses `expr [ASC|DESC] [NULLS FIRST|LAST]`. */
export function parseOrderItem(c: TokenCursor, p: WindowOperandParser): OrderItem {
  const expr = p.or();
  let desc = false;
  if (c.accept('DESC')) desc = true;
  else c.accept('ASC');
  let nullsFirst: boolean | undefined;
  if (c.accept('NULLS')) {
    if (c.accept('FIRST')) nullsFirst = true;
    else { c.expect('LAST'); nullsFirst = false; }
  }
  return nullsFirst === undefined ? { expr, desc } : { expr, desc, nullsFirst };
}

/** Parses what follows OVER: a window name, or a parenthesised specification. */
export function parseWindowSpec(c: TokenCursor, p: WindowOperandParser): WindowSpec {
  if (!c.is('(')) return { name: c.identifier().name, partitionBy: [], orderBy: [] };
  c.next();
  const partitionBy: Expr[] = [];
  const orderBy: OrderItem[] = [];
  let frame: WindowSpec['frame'];
  if (c.accept('PARTITION')) {
    c.expect('BY');
    do partitionBy.push(p.or()); while (c.accept(','));
  }
  if (c.accept('ORDER')) {
    c.expect('BY');
    do orderBy.push(parseOrderItem(c, p)); while (c.accept(','));
  }
  if (c.accept('RANGE')) {
    const interval = p.primary();
    c.expect('PRECEDING');
    frame = { kind: 'range', interval };
  } else if (c.accept('ROWS')) {
    const n = c.next();
    if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw syntaxErrorAt(n, ['integer']);
    c.expect('PRECEDING');
    frame = { kind: 'rows', count: Number(n.text) };
  }
  c.expect(')');
  return { partitionBy, orderBy, ...(frame ? { frame } : {}) };
}
