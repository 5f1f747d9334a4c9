/**
 * Expression compilation for KDA: the shared compiler plus what SQLstream adds — STEP(ts BY
 * interval), CURRENT_ROW_TIMESTAMP (the row's processing time), and ROW values from the
 * log-parse functions with field access (`REGEX_LOG_PARSE(…).COLUMN1`, `t.rec.COLUMN1`, rewritten
 * by the parser to __FIELD). Aggregates outside a window are rejected here with a clear message.
 */
import type { Expr } from '../../sql/ast.js';
import { compileExpr } from '../../sql/compile.js';
import type { Compiled } from '../../sql/compiled.js';
import { SqlError } from '../../sql/errors.js';
import { T, isTemporal, typeDisplayName, type SqlType, type SqlValue } from '../../sql/types.js';
import { AGGREGATES } from './accumulators.js';
import { WINDOW_ONLY } from './exprs.js';
import { FIELD_FN } from './kdaParser.js';
import { LOG_PARSE_FUNCTIONS } from './logParse.js';
import type { PlanContext } from './planner.js';
import type { KdaScope } from './scope.js';

/** Compiles expressions over a scope with the KDA extras (STEP, CURRENT_ROW_TIMESTAMP) and an optional hook. */
export function compiler(ctx: PlanContext, scope: KdaScope, hook?: (e: Expr) => Compiled | undefined): (e: Expr) => Compiled {
  const intercept = (e: Expr): Compiled | undefined => {
    const h = hook?.(e);
    if (h) return h;
    // CURRENT_ROW_TIMESTAMP: when the row is processed, i.e. the application time, which while a
    // row is being pushed is that row's ROWTIME (the simulation has no processing delay).
    if (e.kind === 'call' && e.name === 'CURRENT_ROW_TIMESTAMP' && e.args.length === 0) return { type: T.timestamp, eval: () => ctx.now() };
    if (e.kind === 'call' && e.name === 'STEP' && !e.over) return step(e, compile);
    if (e.kind === 'call' && e.name === FIELD_FN) return field(e, compile);
    if (e.kind === 'call' && LOG_PARSE_FUNCTIONS[e.name] && !e.over) return logParse(e, compile);
    if (e.kind === 'call' && !hook && (AGGREGATES.has(e.name) || WINDOW_ONLY.has(e.name)))
      throw new SqlError(`${e.name} needs a window here (GROUP BY with STEP/FLOOR of ROWTIME, WINDOWED BY STAGGER, or OVER)`, e.at, { code: '42803' });
    return undefined;
  };
  const compile = (e: Expr): Compiled => compileExpr(e, scope, ctx.functions, { now: ctx.now, intercept });
  return compile;
}

/** STEP(ts BY interval): ts rounded down to a multiple of the interval since the epoch. */
function step(e: Extract<Expr, { kind: 'call' }>, compile: (e: Expr) => Compiled): Compiled {
  if (e.args.length !== 2) throw new SqlError('STEP expects STEP(<timestamp> BY <interval>)', e.at, { code: '42883' });
  const x = compile(e.args[0]!);
  const iv = compile(e.args[1]!);
  if (!isTemporal(x.type) && x.type.kind !== 'unknown') throw new SqlError('STEP needs a TIMESTAMP to round', e.args[0]!.at, { code: '42883' });
  if (iv.type.kind !== 'interval' || !iv.constant || typeof iv.constant.value !== 'number' || iv.constant.value <= 0)
    throw new SqlError('STEP needs a constant positive INTERVAL', e.args[1]!.at, { code: '42883' });
  const w = iv.constant.value;
  const xe = x.eval;
  return { type: x.type, eval: (r) => { const v = xe(r) as number | null; return v === null ? null : v - (((v % w) + w) % w); } };
}

/** A ROW type: the log-parse functions' result, with its field names (the foundation has no ROW kind). */
interface RowType extends SqlType {
  readonly fields: readonly string[];
}
const rowFields = (t: SqlType): readonly string[] | undefined => (t as Partial<RowType>).fields;
const FIELD_TYPE: SqlType = { kind: 'varchar', length: 1024 };

/** REGEX_LOG_PARSE(…) & co.: a ROW value (a name → text object); its columns come from constant arguments. */
function logParse(e: Extract<Expr, { kind: 'call' }>, compile: (e: Expr) => Compiled): Compiled {
  const fn = LOG_PARSE_FUNCTIONS[e.name]!;
  const args = e.args.map((a) => compile(a));
  const consts = args.map((a) => a.constant?.value ?? null);
  let fields: string[];
  try {
    fields = fn.columns(consts);
  } catch (err) {
    throw new SqlError(`${e.name}: ${err instanceof Error ? err.message : String(err)}`, e.at, { code: '22023' });
  }
  const type: RowType = { kind: 'unknown', fields };
  const evals = args.map((a) => a.eval);
  return { type, eval: (r) => fn.parse(evals.map((f) => f(r))) as unknown as SqlValue };
}

/** __FIELD(row, 'NAME'): one field of a ROW value (the rewrite of `row.NAME`). */
function field(e: Extract<Expr, { kind: 'call' }>, compile: (e: Expr) => Compiled): Compiled {
  const [rowExpr, nameExpr] = e.args;
  const name = nameExpr?.kind === 'string' ? nameExpr.value : '';
  const row = compile(rowExpr!);
  const fields = rowFields(row.type);
  if (!fields) throw new SqlError(`${typeDisplayName(row.type)} has no field ${name} (only a ROW value, e.g. REGEX_LOG_PARSE(…), has fields)`, nameExpr?.at ?? e.at, { code: '42703' });
  if (!fields.includes(name)) throw new SqlError(`field "${name}" does not exist (the row has ${fields.join(', ')})`, nameExpr?.at ?? e.at, { code: '42703' });
  const ev = row.eval;
  return { type: FIELD_TYPE, eval: (r) => { const o = ev(r) as unknown as Record<string, string | null> | null; return o ? o[name] ?? null : null; } };
}


/** A boolean condition (WHERE, ON, HAVING). */
export function condition(compile: (e: Expr) => Compiled, e: Expr, clause: string): (row: readonly unknown[]) => SqlValue {
  const c = compile(e);
  if (c.type.kind !== 'boolean' && c.type.kind !== 'unknown') throw new SqlError(`argument of ${clause} must be type BOOLEAN`, e.at, { code: '42804' });
  return c.eval;
}

