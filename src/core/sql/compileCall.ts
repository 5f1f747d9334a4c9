/**
 * Compiles a scalar function call from its already compiled arguments: resolves the return type
 * through the function's signature (retrying string literals as typed values, as PostgreSQL does
 * for untyped literals) and wraps the implementation, NULL-strict unless `nullCall` says otherwise.
 */
import type { Expr } from './ast.js';
import type { Compiled } from './compiled.js';
import { SqlError } from './errors.js';
import { noSuchFunction, type SqlFunction } from './functions.js';
import { guessLiteral } from './literals.js';
import type { SqlType, SqlValue } from './types.js';

/** Types and wraps a call of `fn` (undefined: no such function → 42883) over compiled `compiledArgs`. */
export function compileCall(e: Extract<Expr, { kind: 'call' }>, fn: SqlFunction | undefined, compiledArgs: Compiled[], now: () => number): Compiled {
  let args = compiledArgs;
  let types = args.map((a) => a.type);
  if (!fn || e.star || e.distinct) throw noSuchFunction(e.name, types, e.at);
  let type: SqlType;
  try {
    type = fn.returnType(types, e.at, args.map((a) => a.constant?.value));
  } catch (err) {
    // PostgreSQL resolves an untyped literal against the function's signature: retry with
    // string literals read as timestamps or numbers ('2026-01-01' for a timestamp argument).
    if (!(err instanceof SqlError) || !e.args.some((a) => a.kind === 'string')) throw err;
    const retried = e.args.map((a, i) => (a.kind === 'string' ? guessLiteral(a.value) ?? args[i]! : args[i]!));
    try {
      type = fn.returnType(retried.map((a) => a.type), e.at, retried.map((a) => a.constant?.value));
    } catch {
      throw err;
    }
    args = retried;
    types = retried.map((a) => a.type);
  }
  const env = { argTypes: types, type, now };
  const evals = args.map((a) => a.eval);
  const impl = fn.impl;
  if (fn.nullCall) return { type, eval: (r) => impl(evals.map((f) => f(r)), env) };
  return {
    type,
    eval: (r) => {
      const vals: SqlValue[] = [];
      for (const f of evals) {
        const v = f(r);
        if (v === null) return null;
        vals.push(v);
      }
      return impl(vals, env);
    },
  };
}
