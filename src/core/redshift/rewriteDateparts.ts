/**
 * Redshift's date-part arguments (DATEADD(day, 1, d), DATEDIFF(hour, a, b) …) are bare words, not
 * values: they are rewritten to string literals before the shared compiler sees them.
 */
import type { Expr } from '../sql/ast.js';
import { DATEPART_FUNCTIONS } from './redshiftFunctions.js';

/** Redshift's DATEADD(day, …): the bare date part becomes a string literal before compiling. */
export function rewriteDateparts<X>(x: X): X {
  if (Array.isArray(x)) return x.map(rewriteDateparts) as X;
  if (!x || typeof x !== 'object') return x;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) o[k] = k === 'at' || k === 'opAt' || k === 'fromAt' ? v : rewriteDateparts(v);
  if (o.kind === 'call' && DATEPART_FUNCTIONS.has(o.name as string)) {
    const args = o.args as Expr[];
    const a = args[0];
    if (a?.kind === 'column' && !a.qualifier) o.args = [{ kind: 'string', at: a.at, value: a.name }, ...args.slice(1)];
  }
  return o as X;
}
