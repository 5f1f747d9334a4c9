/**
 * Function calls with SQL-standard special syntax inside the parentheses: EXTRACT(f FROM x),
 * POSITION(a IN b), SUBSTRING(x FROM a FOR b), OVERLAY(x PLACING y FROM a FOR b),
 * TRIM(LEADING c FROM x) and FLOOR/CEIL(x TO unit). Lowered to plain `call` nodes with positional
 * arguments except EXTRACT and FLOOR/CEIL … TO, which keep their own nodes (see ast.ts).
 */
import type { Expr, IntervalUnit } from './ast.js';
import { syntaxErrorAt } from './errors.js';
import type { Token } from './lexer.js';
import type { TokenCursor } from './tokenCursor.js';

/** The expression-parser entry points the special forms recurse into. */
export interface OperandParser {
  /** A full expression (OR level). */
  or(): Expr;
  /** An expression without comparisons (POSITION's needle stops before IN). */
  concat(): Expr;
}

const UNITS = new Set<IntervalUnit>(['SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR']);

/** An interval unit word, singular or plural (MINUTES → MINUTE), or undefined. */
export function normUnit(w: string): IntervalUnit | undefined {
  let u = w.toUpperCase();
  if (u.endsWith('S')) u = u.slice(0, -1);
  return UNITS.has(u as IntervalUnit) ? (u as IntervalUnit) : undefined;
}

/**
 * Parses the rest of a special-syntax call after `name (`, through the closing ')'; returns
 * undefined (consuming nothing) when `name` has no special syntax.
 */
export function parseSpecialCall(c: TokenCursor, p: OperandParser, t: Token, name: string): Expr | undefined {
  const mk = (args: Expr[]): Expr => ({ kind: 'call', at: t, name, args, distinct: false, star: false });
  switch (name) {
    case 'EXTRACT': {
      const f = c.next();
      if (f.kind !== 'ident' && f.kind !== 'string') throw syntaxErrorAt(f, ['field name']);
      c.expect('FROM');
      const operand = p.or();
      c.expect(')');
      return { kind: 'extract', at: t, field: f.text.toUpperCase(), operand };
    }
    case 'POSITION': {
      const needle = p.concat();
      if (c.accept('IN')) {
        const hay = p.or();
        c.expect(')');
        return mk([needle, hay]);
      }
      c.expect(',');
      const hay = p.or();
      c.expect(')');
      return mk([needle, hay]);
    }
    case 'SUBSTRING': case 'SUBSTR': return substring(c, p, t);
    case 'OVERLAY': {
      const x = p.or();
      c.expect('PLACING');
      const y = p.or();
      c.expect('FROM');
      const args = [x, y, p.or()];
      if (c.accept('FOR')) args.push(p.or());
      c.expect(')');
      return mk(args);
    }
    case 'TRIM': return trim(c, p, t);
    case 'FLOOR': case 'CEIL': case 'CEILING': return floorCeil(c, p, t, name, mk);
    default: return undefined;
  }
}

function substring(c: TokenCursor, p: OperandParser, t: Token): Expr {
  const x = p.or();
  const args = [x];
  if (c.accept('FROM')) {
    args.push(p.or());
    if (c.accept('FOR')) args.push(p.or());
  } else if (c.accept('FOR')) {
    args.push({ kind: 'number', at: x.at, text: '1' }, p.or());
  } else {
    while (c.accept(',')) args.push(p.or());
  }
  c.expect(')');
  return { kind: 'call', at: t, name: 'SUBSTRING', args, distinct: false, star: false };
}

function trim(c: TokenCursor, p: OperandParser, t: Token): Expr {
  let fn = 'BTRIM';
  if (c.accept('LEADING')) fn = 'LTRIM';
  else if (c.accept('TRAILING')) fn = 'RTRIM';
  else c.accept('BOTH');
  let chars: Expr | undefined;
  let x: Expr;
  if (c.accept('FROM')) x = p.or();
  else {
    const first = p.or();
    if (c.accept('FROM')) { chars = first; x = p.or(); }
    else if (c.accept(',')) { x = first; chars = p.or(); }
    else x = first;
  }
  c.expect(')');
  return { kind: 'call', at: t, name: fn, args: chars ? [x, chars] : [x], distinct: false, star: false };
}

function floorCeil(c: TokenCursor, p: OperandParser, t: Token, name: string, mk: (args: Expr[]) => Expr): Expr {
  const x = p.or();
  if (c.accept('TO')) {
    const u = c.next();
    const unit = u.kind === 'ident' ? normUnit(u.text) : undefined;
    if (!unit) throw syntaxErrorAt(u, ['SECOND', 'MINUTE', 'HOUR', 'DAY']);
    c.expect(')');
    return { kind: 'floorTo', at: t, ceil: name !== 'FLOOR', operand: x, unit };
  }
  const args = [x];
  while (c.accept(',')) args.push(p.or());
  c.expect(')');
  return mk(args);
}
