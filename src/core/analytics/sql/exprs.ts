/**
 * Small AST helpers for the planner: walking sub-expressions, finding aggregate and windowed
 * calls, and recognising the ROWTIME bucket of a tumbling window (STEP / FLOOR … TO unit).
 */
import { forEachChild } from '../../sql/ast.js';
import type { Expr } from '../../sql/ast.js';
import { parseInterval, unitMillis } from '../../sql/temporalText.js';
import { AGGREGATES } from './accumulators.js';

export type Call = Extract<Expr, { kind: 'call' }>;

/** Functions that only exist OVER a window. */
export const WINDOW_ONLY = new Set(['LAG', 'FIRST_VALUE', 'LAST_VALUE']);


export const isAggregateCall = (e: Expr): e is Call => e.kind === 'call' && AGGREGATES.has(e.name) && !e.over;
export const isWindowCall = (e: Expr): e is Call => e.kind === 'call' && !!e.over;

/** Calls matching `test`, not descending into them. */
export function findCalls(e: Expr | undefined, test: (e: Expr) => e is Call, out: Call[] = []): Call[] {
  if (!e) return out;
  if (test(e)) out.push(e);
  else forEachChild(e, (c) => findCalls(c, test, out));
  return out;
}

const isRowtimeColumn = (e: Expr): boolean => e.kind === 'column' && !e.quoted && e.name.toUpperCase() === 'ROWTIME';

/**
 * The bucket width (ms) if `e` is a tumbling-window expression over ROWTIME:
 * `STEP(ROWTIME BY INTERVAL 'n' unit)` or `FLOOR(ROWTIME TO unit)` (a fixed-length unit).
 */
export function rowtimeBucket(e: Expr): number | undefined {
  if (e.kind === 'call' && e.name === 'STEP' && e.args.length === 2 && isRowtimeColumn(e.args[0]!)) {
    const iv = e.args[1]!;
    if (iv.kind !== 'interval') return undefined;
    const ms = parseInterval(iv.text, iv.unit);
    return ms !== undefined && ms > 0 ? ms : undefined;
  }
  if (e.kind === 'floorTo' && !e.ceil && isRowtimeColumn(e.operand) && e.unit !== 'MONTH' && e.unit !== 'YEAR') return unitMillis(e.unit);
  return undefined;
}

