/**
 * Sliding windows: AGG(x) OVER W with W = (PARTITION BY … RANGE INTERVAL … PRECEDING | ROWS n
 * PRECEDING), named in a WINDOW clause or inline. One output row per input row, aggregating the
 * row's partition window that ends at (and includes) the row; rows ageing out emit nothing
 * (spec §A.7). Aggregates are incremental: each partition keeps its window's argument values in
 * a FIFO and every accumulator adds the new value and removes the expired ones.
 * LAG(x[, n]) is the n-th previous row of the partition (NULL before there is one), FIRST_VALUE
 * the oldest row still in the window, LAST_VALUE the current row.
 */
import { exprKey, type Expr, type WindowSpec } from '../../../sql/ast.js';
import type { Compiled } from '../../../sql/compiled.js';
import { SqlError } from '../../../sql/errors.js';
import { T, type SqlType, type SqlValue } from '../../../sql/types.js';
import { AGGREGATES, aggregateKind, type Accumulator, type AggregateKind } from '../accumulators.js';
import { findCalls, isWindowCall, WINDOW_ONLY, type Call } from '../exprs.js';
import { compiler } from '../kdaCompiler.js';
import type { Fail, Item, OpenWindow, Operator, Out, PlanContext } from '../planner.js';
import type { KdaScope } from '../scope.js';
import type { SelectStream } from '../statements.js';
import { keyOf } from './grouping.js';

type Ev = (row: readonly unknown[]) => SqlValue;

interface CallPlan {
  readonly kind: 'agg' | 'lag' | 'first' | 'last';
  readonly arg?: Ev;
  readonly agg?: AggregateKind;
  readonly lag: number;
  /** LAG's default (third argument), and IGNORE NULLS. */
  readonly dflt?: Ev;
  readonly ignoreNulls?: boolean;
  /** Index in the output layout. */
  readonly slot: number;
}

interface WindowPlan {
  readonly keys: readonly Ev[];
  readonly range?: number;
  readonly rows?: number;
  readonly calls: CallPlan[];
  readonly maxLag: number;
}

interface Partition {
  times: number[];
  /** Argument values per call, per row in the window. */
  vals: SqlValue[][];
  head: number;
  accs: (Accumulator | undefined)[];
  /** The last maxLag+1 argument tuples (for LAG), newest last. */
  hist: SqlValue[][];
}

export function planSliding(sel: SelectStream, items: Item[], ctx: PlanContext, scope: KdaScope) {
  if (sel.having) throw new SqlError('HAVING needs GROUP BY or WINDOWED BY', sel.having.at, { code: '42803' });
  const base = scope.width;
  const compileIn = compiler(ctx, scope, () => undefined);
  const windows = new Map<string, WindowPlan>();
  const slots = new Map<string, { slot: number; type: SqlType }>();
  let next = base;
  for (const call of items.flatMap((i) => findCalls(i.expr, isWindowCall))) {
    const key = exprKey(call);
    if (slots.has(key)) continue;
    const spec = resolveSpec(call, sel);
    const wkey = exprKey({ kind: 'call', at: call.at, name: 'W', args: [], distinct: false, star: false, over: spec } as Expr);
    let w = windows.get(wkey);
    if (!w) {
      w = windowPlan(spec, compileIn, call);
      windows.set(wkey, w);
    }
    const cp = callPlan(call, compileIn, next);
    w.calls.push(cp.plan);
    (w as { maxLag: number }).maxLag = Math.max(w.maxLag, cp.plan.lag);
    slots.set(key, { slot: next, type: cp.type });
    next++;
  }
  const hook = (e: Expr): Compiled | undefined => {
    if (!isWindowCall(e)) return undefined;
    const s = slots.get(exprKey(e))!;
    return { type: s.type, eval: (r) => r[s.slot] as SqlValue };
  };
  const compileOut = compiler(ctx, scope, hook);
  const outs = items.map((i) => compileOut(i.expr));
  const width = next;
  return {
    columns: items.map((i, n) => ({ name: i.name, type: outs[n]!.type, at: i.at })),
    window: 'sliding' as const,
    create: (out: Out, fail: Fail) => new SlidingOp([...windows.values()], outs.map((c) => c.eval), width, out, fail),
  };
}

function resolveSpec(call: Call, sel: SelectStream): WindowSpec {
  const spec = call.over!;
  if (spec.name === undefined) return spec;
  const named = sel.windows.get(spec.name.toUpperCase());
  if (!named) throw new SqlError(`window "${spec.name.toUpperCase()}" does not exist`, call.at, { code: '42P20' });
  return named;
}

function windowPlan(spec: WindowSpec, compile: (e: Expr) => Compiled, call: Call): WindowPlan {
  const keys = spec.partitionBy.map((e) => compile(e).eval);
  const f = spec.frame;
  // Unsure: a window without RANGE/ROWS is taken as unbounded (every row of the partition so far).
  if (!f) return { keys, calls: [], maxLag: 0 };
  if (f.kind === 'rows') return { keys, rows: f.count, calls: [], maxLag: 0 };
  const c = compile(f.interval);
  if (c.type.kind !== 'interval' || !c.constant || typeof c.constant.value !== 'number' || c.constant.value < 0)
    throw new SqlError('RANGE needs a constant INTERVAL', f.interval.at ?? call.at, { code: '42601' });
  return { keys, range: c.constant.value, calls: [], maxLag: 0 };
}

function callPlan(call: Call, compile: (e: Expr) => Compiled, slot: number): { plan: CallPlan; type: SqlType } {
  const arg = call.star || call.args.length === 0 ? undefined : compile(call.args[0]!);
  if (AGGREGATES.has(call.name)) {
    const agg = aggregateKind(call.name, arg?.type, call.distinct, call.at);
    return { plan: { kind: 'agg', agg, lag: 0, slot, ...(arg ? { arg: arg.eval } : {}) }, type: agg.type };
  }
  if (!WINDOW_ONLY.has(call.name) || !arg) throw new SqlError(`function ${call.name.toLowerCase()} cannot be used with OVER`, call.at, { code: '42883' });
  if (call.name === 'LAG') {
    // LAG(expr [, N [, default]]) [IGNORE NULLS] OVER w: the value N rows back in the window, else the default.
    let n = 1;
    if (call.args.length > 1) {
      const c = compile(call.args[1]!);
      if (!c.constant || typeof c.constant.value !== 'number' || c.constant.value < 0) throw new SqlError('LAG offset must be a constant non-negative integer', call.args[1]!.at, { code: '42601' });
      n = c.constant.value;
    }
    const dflt = call.args.length > 2 ? compile(call.args[2]!).eval : undefined;
    return {
      plan: { kind: 'lag', arg: arg.eval, lag: n, slot, ...(dflt ? { dflt } : {}), ...(call.ignoreNulls ? { ignoreNulls: true } : {}) },
      type: arg.type.kind === 'unknown' ? T.varchar : arg.type,
    };
  }
  return { plan: { kind: call.name === 'FIRST_VALUE' ? 'first' : 'last', arg: arg.eval, lag: 0, slot }, type: arg.type };
}

export class SlidingOp implements Operator {
  private readonly parts: Map<unknown, Partition>[];

  constructor(
    private readonly wins: readonly WindowPlan[],
    private readonly outs: readonly Ev[],
    private readonly width: number,
    private readonly out: Out,
    private readonly fail: Fail,
  ) {
    this.parts = wins.map(() => new Map());
  }

  push(row: unknown[], rowtime: number): void {
    const wide = row.slice();
    wide.length = this.width;
    try {
      for (let w = 0; w < this.wins.length; w++) this.update(this.wins[w]!, this.parts[w]!, row, rowtime, wide);
      const values = this.outs.map((f) => f(wide));
      this.out(values, rowtime, row);
    } catch (e) {
      this.fail(e, row, rowtime);
    }
  }

  private update(w: WindowPlan, parts: Map<unknown, Partition>, row: unknown[], rowtime: number, wide: unknown[]): void {
    const key = keyOf(w.keys, row);
    let p = parts.get(key);
    if (!p) {
      p = { times: [], vals: [], head: 0, accs: w.calls.map((c) => c.agg?.create()), hist: [] };
      parts.set(key, p);
    }
    const args = w.calls.map((c) => (c.arg ? c.arg(row) : 1));
    const bounded = w.range !== undefined || w.rows !== undefined;
    // RANGE INTERVAL 'n' PRECEDING keeps rows with ROWTIME ≥ t − n (both ends inclusive, as in
    // standard SQL). Unsure: whether SQLstream's lower bound is inclusive is not stated by AWS.
    if (w.range !== undefined) while (p.head < p.times.length && p.times[p.head]! < rowtime - w.range) this.evict(w, p);
    for (let i = 0; i < w.calls.length; i++) p.accs[i]?.add(args[i]!);
    if (bounded || p.times.length === 0) { p.times.push(rowtime); p.vals.push(args); }
    if (w.rows !== undefined) while (p.times.length - p.head > w.rows + 1) this.evict(w, p);
    if (w.maxLag > 0) {
      p.hist.push(args);
      if (p.hist.length > w.maxLag + 1) p.hist.shift();
    }
    for (let i = 0; i < w.calls.length; i++) {
      const c = w.calls[i]!;
      let v: SqlValue;
      switch (c.kind) {
        case 'agg': v = p.accs[i]!.result(); break;
        case 'last': v = args[i]!; break;
        case 'first': v = p.vals[p.head]![i]!; break;
        case 'lag': v = this.lag(w, p, i, c, row); break;
      }
      wide[c.slot] = v;
    }
    if (p.head > 256 && p.head * 2 > p.times.length) {
      p.times = p.times.slice(p.head);
      p.vals = p.vals.slice(p.head);
      p.head = 0;
    }
  }

  /**
   * The value `lag` rows before the current one — within the window's frame (a row that has left
   * a RANGE or ROWS window gives the default, as AWS's LAG says), skipping NULLs with IGNORE NULLS.
   */
  private lag(w: WindowPlan, p: Partition, i: number, c: CallPlan, row: unknown[]): SqlValue {
    const bounded = w.range !== undefined || w.rows !== undefined;
    const list = bounded ? p.vals : p.hist;
    const first = bounded ? p.head : 0;
    let steps = c.lag;
    for (let k = list.length - 1; k >= first; k--) {
      const v = list[k]![i] as SqlValue;
      if (c.ignoreNulls && v === null && k !== list.length - 1) continue;
      if (steps === 0) return v;
      steps--;
    }
    return c.dflt ? c.dflt(row) : null;
  }

  private evict(w: WindowPlan, p: Partition): void {
    const old = p.vals[p.head]!;
    for (let i = 0; i < w.calls.length; i++) p.accs[i]?.remove(old[i]!);
    p.head++;
  }

  advance(): void {}

  windows(): OpenWindow[] {
    return [];
  }
}
