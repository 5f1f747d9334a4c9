/**
 * Redshift's aggregates (COUNT, SUM, AVG, MIN, MAX, with DISTINCT): finding them in expressions,
 * rejecting them where PostgreSQL does (42803), and planning their accumulators and result types.
 */
import { forEachChild, type Expr } from '../sql/ast.js';
import { compileExpr } from '../sql/compile.js';
import type { Compiled, Scope } from '../sql/compiled.js';
import { SqlError } from '../sql/errors.js';
import { noSuchFunction } from '../sql/functions.js';
import { T, decimal, isIntegral, isNumeric, isTemporal, isText, type SqlType, type SqlValue } from '../sql/types.js';
import type { QueryEnv } from './sourceScope.js';

/** The aggregate function names Redshift SELECTs support. */
export const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** True for an aggregate call (not a window function). */
export const isAggregate = (e: Expr): e is Extract<Expr, { kind: 'call' }> => e.kind === 'call' && AGGREGATES.has(e.name) && !e.over;

/** The aggregate calls in `e` (not descending into their arguments). */
export function findAggregates(e: Expr, out: Extract<Expr, { kind: 'call' }>[] = []): Extract<Expr, { kind: 'call' }>[] {
  if (isAggregate(e)) out.push(e);
  else forEachChild(e, (c) => findAggregates(c, out));
  return out;
}

/** Throws 42803 if `e` holds an aggregate (WHERE, JOIN ON, GROUP BY, UPDATE SET …). */
export function rejectAggregates(e: Expr | undefined, clause: string): void {
  const agg = e ? findAggregates(e)[0] : undefined;
  if (agg) throw new SqlError(`aggregate functions are not allowed in ${clause}`, agg.at, { code: '42803' });
}

/** The running state of one aggregate over one group. */
export interface Accumulator {
  add(v: SqlValue): void;
  result(): SqlValue;
}

/** A compiled aggregate: result type, argument, and a factory of fresh accumulators (one per group). */
export interface AggPlan {
  readonly type: SqlType;
  readonly arg?: Compiled;
  make(): Accumulator;
}

/** Type-checks and compiles an aggregate call (COUNT, SUM, AVG, MIN, MAX) against the input scope. */
export function planAggregate(e: Extract<Expr, { kind: 'call' }>, scope: Scope, env: QueryEnv): AggPlan {
  const args = e.args.map((a) => {
    rejectNestedAggregates(a);
    return compileExpr(a, scope, env.functions, { now: env.now });
  });
  const types = args.map((a) => a.type);
  if (e.name === 'COUNT') {
    if (e.star) return { type: T.bigint, make: () => { let n = 0; return { add: () => { n++; }, result: () => n }; } };
    if (args.length !== 1) throw noSuchFunction('count', types, e.at);
    return { type: T.bigint, arg: args[0]!, make: distinctWrap(e.distinct, () => { let n = 0; return { add: (v) => { if (v !== null) n++; }, result: () => n }; }) };
  }
  const t = types[0];
  if (args.length !== 1 || e.star || !t) throw noSuchFunction(e.name, types, e.at);
  const arg = args[0]!;
  switch (e.name) {
    case 'SUM': case 'AVG': {
      if (!isNumeric(t) && t.kind !== 'interval' && t.kind !== 'unknown') throw noSuchFunction(e.name, types, e.at);
      // Redshift: SUM/AVG of SMALLINT/INTEGER/BIGINT are BIGINT (AVG truncated); of NUMERIC keep the scale.
      const type = isIntegral(t) ? T.bigint : t.kind === 'decimal' ? decimal(38, t.scale ?? 0) : t.kind === 'interval' ? T.interval : T.double;
      const avg = e.name === 'AVG';
      return {
        type, arg,
        make: distinctWrap(e.distinct, () => {
          let sum = 0;
          let n = 0;
          return {
            add: (v) => { if (v !== null) { sum += v as number; n++; } },
            result: () => (n === 0 ? null : !avg ? sum : isIntegral(type) ? Math.trunc(sum / n) : sum / n),
          };
        }),
      };
    }
    default: {
      if (!isNumeric(t) && !isText(t) && !isTemporal(t) && t.kind !== 'boolean' && t.kind !== 'interval' && t.kind !== 'unknown') throw noSuchFunction(e.name, types, e.at);
      const max = e.name === 'MAX';
      return {
        type: t, arg,
        make: () => {
          let best: SqlValue = null;
          return {
            add: (v) => { if (v !== null && (best === null || (max ? (v as number) > (best as number) : (v as number) < (best as number)))) best = v; },
            result: () => best,
          };
        },
      };
    }
  }
}

function rejectNestedAggregates(e: Expr): void {
  const inner = findAggregates(e)[0];
  if (inner) throw new SqlError('aggregate function calls cannot be nested', inner.at, { code: '42803' });
}

function distinctWrap(distinct: boolean, make: () => Accumulator): () => Accumulator {
  if (!distinct) return make;
  return () => {
    const inner = make();
    const seen = new Set<SqlValue>();
    return { add: (v) => { if (!seen.has(v)) { seen.add(v); inner.add(v); } }, result: () => inner.result() };
  };
}
