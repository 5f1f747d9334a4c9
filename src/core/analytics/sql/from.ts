/**
 * Binds a pump's FROM clause into one row layout and a connector: a stream; a stream joined to
 * reference tables (hash-indexed on an equality in ON) or to one windowed stream; a subquery; or
 * a table function (exec/tableFunction.ts). Rows of the FROM stream are widened to the full
 * layout before the joins fill their parts.
 */
import type { Expr } from '../../sql/ast.js';
import type { Compiled } from '../../sql/compiled.js';
import { SqlError, type Pos } from '../../sql/errors.js';
import type { SqlType } from '../../sql/types.js';
import { StreamStreamJoin } from './exec/streamStreamJoin.js';
import { StreamTableJoin, type EquiKey } from './exec/streamTableJoin.js';
import { planTableFunctionSource } from './exec/tableFunction.js';
import { forEachChild } from '../../sql/ast.js';
import { compiler, condition } from './kdaCompiler.js';
import { planSelect, type Fail, type PlanContext, type Push, type Source } from './planner.js';
import { KdaScope, type ScopeSource } from './scope.js';
import type { FromItem, SelectStream } from './statements.js';
import type { StreamState } from './streams.js';

/** A stream by name (exact, then as unquoted-folded), or a SqlError at the name. */
export function findStream(ctx: PlanContext, name: string, at: Pos): StreamState {
  const s = ctx.streams.get(name);
  if (s) return s;
  if (ctx.refs.has(name)) throw new SqlError(`"${name}" is a reference table; a FROM clause needs a stream (join the table instead)`, at, { code: '42809' });
  throw new SqlError(`stream "${name}" does not exist`, at, { code: '42P01' });
}

const streamSource = (s: StreamState, alias: string, offset: number): ScopeSource => ({
  alias,
  name: s.name,
  columns: s.columns.map((c, i) => ({ name: c.name, type: c.type, index: offset + i, ...(c.hidden ? { hidden: true } : {}) })),
  rowtime: offset + s.width,
});

/** Binds FROM and its joins into one layout and a connector. */
export function bindFrom(sel: SelectStream, ctx: PlanContext, pump: string): Source {
  const first = sel.from;
  if (first.kind === 'subquery') {
    if (sel.joins.length) throw new SqlError('joins with a subquery are not supported by this simulator', sel.joins[0]!.at, { code: '0A000' });
    return subquerySource(first, ctx, pump);
  }
  if (first.kind === 'tableFunction') {
    if (sel.joins.length) throw new SqlError('joins with a table function are not supported by this simulator', sel.joins[0]!.at, { code: '0A000' });
    return planTableFunctionSource(first, ctx, pump);
  }
  if (first.over) throw new SqlError('OVER on the FROM stream is only allowed in a stream-to-stream join', first.at, { code: '42601' });
  const base = findStream(ctx, first.name.name, first.name.at);
  const sources: ScopeSource[] = [streamSource(base, first.alias, 0)];
  let width = base.width + 1;
  const from = [base.name];
  type Stage = (next: Push, fail: Fail) => { push: Push; advance(t: number): void };
  const stages: Stage[] = [];
  for (const j of sel.joins) {
    const item = j.item as Extract<FromItem, { kind: 'stream' }>;
    if (item.kind !== 'stream') throw new SqlError('a table function cannot be joined', j.at, { code: '0A000' });
    const ref = ctx.refs.get(item.name.name);
    const leftWidth = width;
    if (ref) {
      if (item.over) throw new SqlError('a reference table takes no OVER window', item.at, { code: '42601' });
      sources.push({ alias: item.alias, name: ref.name, columns: ref.columns.map((c, i) => ({ name: c.name, type: c.type, index: leftWidth + i })) });
      width += ref.columns.length + 1;
      const scope = new KdaScope(sources.slice(), width, sources[0]!.rowtime!);
      const compile = compiler(ctx, scope);
      const on = j.on ? condition(compile, j.on, 'ON') : undefined;
      const key = j.on ? equiKey(j.on, scope, leftWidth, compile) : undefined;
      const w = width;
      stages.push((next) => {
        const op = new StreamTableJoin(ref, leftWidth, w, on, j.type === 'left', next, key);
        return { push: (row, rt) => op.push(row, rt), advance: () => {} };
      });
      continue;
    }
    const other = findStream(ctx, item.name.name, item.name.at);
    if (stages.length > 0) throw new SqlError('a stream-to-stream join must come first among the joins', j.at, { code: '0A000' });
    if (!item.over?.frame) throw new SqlError('a stream-to-stream join needs a window on the joined stream: JOIN "S" OVER (RANGE INTERVAL … PRECEDING)', item.name.at, { code: '42601' });
    sources.push(streamSource(other, item.alias, leftWidth));
    width += other.width + 1;
    from.push(other.name);
    const scope = new KdaScope(sources.slice(), width, sources[0]!.rowtime!);
    const compile = compiler(ctx, scope);
    const on = j.on ? condition(compile, j.on, 'ON') : undefined;
    const frame = item.over.frame;
    let range: number | undefined;
    if (frame.kind === 'range') {
      const c = compile(frame.interval);
      if (c.type.kind !== 'interval' || !c.constant) throw new SqlError('RANGE needs a constant INTERVAL', frame.interval.at, { code: '42601' });
      range = c.constant.value as number;
    }
    const w = width;
    stages.push((next) => {
      const op = new StreamStreamJoin({ leftWidth, width: w, on, left: j.type === 'left', range, rows: frame.kind === 'rows' ? frame.count : undefined, next });
      other.readers.push({ push: (row, rt) => op.pushBuffered(row, rt) });
      return { push: (row, rt) => op.pushDriving(row, rt), advance: () => {} };
    });
  }
  const scope = new KdaScope(sources, width, sources[0]!.rowtime!);
  return {
    scope,
    from,
    kind: stages.length ? 'join' : 'plain',
    connect(push, fail) {
      let head = push;
      const advances: ((t: number) => void)[] = [];
      for (let i = stages.length - 1; i >= 0; i--) {
        const s = stages[i]!(head, fail);
        head = s.push;
        advances.push(s.advance);
      }
      const entry = head;
      // Rows arrive as the stream's own arrays; a join widens them into the full layout.
      const needsWiden = stages.length > 0;
      base.readers.push({
        push(row, rt) {
          try {
            entry(needsWiden ? widen(row, width) : row, rt);
          } catch (e) {
            fail(e, row, rt);
          }
        },
      });
      return { advance: (t) => advances.forEach((a) => a(t)) };
    },
  };
}

/** FROM (SELECT STREAM …) AS t: the inner select's output rows, [values…, ROWTIME], are the outer input. */
function subquerySource(item: Extract<FromItem, { kind: 'subquery' }>, ctx: PlanContext, pump: string): Source {
  const inner = planSelect(item.select, ctx, pump);
  const width = inner.columns.length;
  const scope = new KdaScope([{ alias: item.alias, name: item.alias, columns: inner.columns.map((c, i) => ({ name: c.name, type: c.type, index: i })), rowtime: width }], width + 1, width);
  return {
    scope,
    from: [...inner.from],
    kind: 'plain',
    ...(inner.window !== 'none' ? { window: inner.window } : {}),
    connect(push, fail) {
      const running = inner.start((values, rowtime) => {
        const row: unknown[] = values;
        row[width] = rowtime;
        try {
          push(row, rowtime);
        } catch (e) {
          fail(e, row, rowtime);
        }
      }, fail);
      return { advance: (t) => running.advance(t) };
    },
  };
}

/** Which side of the layout an expression reads: 'left' (< split), 'right', 'both' or 'none'. */
function sideOf(e: Expr, scope: KdaScope, split: number): 'left' | 'right' | 'both' | 'none' {
  let side: 'left' | 'right' | 'both' | 'none' = 'none';
  const visit = (x: Expr): void => {
    if (x.kind === 'column') {
      const i = scope.resolve(x.qualifier ? { name: x.name, quoted: x.quoted, qualifier: x.qualifier } : { name: x.name, quoted: x.quoted }, x.at).index;
      const s = i < split ? 'left' : 'right';
      side = side === 'none' || side === s ? s : 'both';
    } else forEachChild(x, visit);
  };
  visit(e);
  return side;
}

/** The first `stream expr = table expr` conjunct of ON, compiled for hashing. */
function equiKey(on: Expr, scope: KdaScope, split: number, compile: (e: Expr) => Compiled): EquiKey | undefined {
  const conjuncts: Expr[] = [];
  const split_ = (e: Expr): void => { if (e.kind === 'binary' && e.op === 'AND') { split_(e.left); split_(e.right); } else conjuncts.push(e); };
  split_(on);
  for (const c of conjuncts) {
    if (c.kind !== 'binary' || c.op !== '=') continue;
    const a = sideOf(c.left, scope, split);
    const b = sideOf(c.right, scope, split);
    const [l, r] = a === 'left' && b === 'right' ? [c.left, c.right] : a === 'right' && b === 'left' ? [c.right, c.left] : [];
    if (!l || !r) continue;
    const lc = compile(l);
    const rc = compile(r);
    // Hash only when both sides have the same kind of value (no implicit casts to mirror).
    if (lc.type.kind !== rc.type.kind && !(isNumericKind(lc.type) && isNumericKind(rc.type))) continue;
    return { left: lc.eval, right: rc.eval };
  }
  return undefined;
}

const isNumericKind = (t: SqlType): boolean => ['smallint', 'integer', 'bigint', 'decimal', 'real', 'double'].includes(t.kind);

/** A copy of `row` padded with NULLs to `width`. */
export function widen(row: readonly unknown[], width: number): unknown[] {
  const out = new Array<unknown>(width).fill(null);
  for (let i = 0; i < row.length; i++) out[i] = row[i];
  return out;
}
