/**
 * A KDA pump (CREATE PUMP … AS INSERT INTO target SELECT STREAM …), planned: its target stream
 * checked, its SELECT planned, its columns mapped and cast into the target's, and the function that
 * starts it. Also the order pumps advance in. Planning errors are SqlErrors at the statement.
 */
import { SqlError, SqlRuntimeError } from '../../sql/errors.js';
import { canCast, castValue, typeDisplayName, type SqlType, type SqlValue } from '../../sql/types.js';
import type { Pump } from './applicationTypes.js';
import { findStream, planSelect, type Fail, type Out, type PlanContext } from './planner.js';
import type { CreatePump } from './statements.js';
import type { StreamState } from './streams.js';

/** What a pump is wired to in its application. */
export interface PumpWiring {
  readonly ctx: PlanContext;
  /** Delivers a row into a stream (its readers, observers and retained rows). */
  deliver(s: StreamState, row: unknown[], rowtime: number): void;
  /** The error handler of pump `pump` whose first source stream is `base`: failed rows go to error_stream. */
  failFor(pump: string, base: StreamState | undefined): Fail;
}

/** Plans one pump; `start` (absent for a STOPPED pump) wires it to its source streams. */
export function planPump(def: CreatePump, w: PumpWiring): { pump: Pump; start?: () => void } {
  const target = findStream(w.ctx, def.into.name, def.into.at);
  if (target.kind === 'error') throw new SqlError('error_stream cannot be written by a pump', def.into.at, { code: '42809' });
  if (target.kind === 'input') throw new SqlError(`"${target.name}" is an input stream; a pump inserts into a stream created with CREATE STREAM`, def.into.at, { code: '42809' });
  const planned = planSelect(def.select, w.ctx, def.name.name);
  const targetIdx = def.columns
    ? def.columns.map((c) => {
        const i = target.columns.findIndex((t) => t.name === c.name);
        if (i < 0) throw new SqlError(`column "${c.name}" of stream "${target.name}" does not exist`, c.at, { code: '42703' });
        return i;
      })
    : target.columns.map((_c, i) => i);
  if (planned.columns.length !== targetIdx.length) {
    const more = planned.columns.length > targetIdx.length;
    throw new SqlError(`INSERT has ${more ? 'more' : 'fewer'} expressions than target columns (${planned.columns.length} for ${targetIdx.length} columns of "${target.name}")`, def.select.at, { code: '42601' });
  }
  const convs = planned.columns.map((c, k) => {
    const to = target.columns[targetIdx[k]!]!.type;
    if (!canCast(c.type, to)) throw new SqlError(`cannot insert ${typeDisplayName(c.type)} into column "${target.columns[targetIdx[k]!]!.name}" of type ${typeDisplayName(to)}`, c.at, { code: '42804' });
    return converter(c.type, to);
  });
  const positional = !def.columns && targetIdx.length === target.width;
  const pump: Pump = { name: def.name.name, into: target.name, from: planned.from, window: planned.window };
  if (def.stopped) return { pump };
  const base = w.ctx.streams.get(planned.from[0] ?? '');
  const fail = w.failFor(pump.name, base);
  return {
    pump,
    start: () => {
      pump.running = planned.start(pumpOutput(target, targetIdx, convs, positional, w.deliver, fail), fail);
    },
  };
}

/** Where a pump's projected rows go: cast into the target's columns and delivered in ROWTIME order. */
function pumpOutput(
  target: StreamState, targetIdx: readonly number[], convs: readonly (((v: SqlValue) => SqlValue) | undefined)[], positional: boolean,
  deliver: PumpWiring['deliver'], fail: Fail,
): Out {
  return (values, rowtime, src) => {
    // Several pumps may feed one stream; a row that would take its ROWTIME backwards (e.g. a
    // tumbling result emitted at the bucket end after a later row) goes to error_stream.
    // Unsure: SQLstream merges such inputs by ROWTIME instead of rejecting.
    if (rowtime < target.lastRowtime) {
      fail(new SqlRuntimeError('OOORT', `ROWTIME ${new Date(rowtime).toISOString()} is earlier than the last ROWTIME of "${target.name}"`), src, rowtime);
      return;
    }
    const n = values.length;
    let row: unknown[];
    if (positional) {
      row = values;
      for (let i = 0; i < n; i++) { const c = convs[i]; if (c) row[i] = c(values[i]!); }
    } else {
      row = new Array<unknown>(target.width).fill(null);
      for (let i = 0; i < n; i++) { const c = convs[i]; row[targetIdx[i]!] = c ? c(values[i]!) : values[i]; }
    }
    row[target.width] = rowtime;
    deliver(target, row, rowtime);
  };
}

/** A cast into a target column's type, or undefined when the value can pass as it is. */
function converter(from: SqlType, to: SqlType): ((v: SqlValue) => SqlValue) | undefined {
  if (from.kind === to.kind && to.kind !== 'varchar' && to.kind !== 'char' && to.kind !== 'decimal') return undefined;
  if (from.kind === 'varchar' && to.kind === 'varchar' && to.length === undefined) return undefined;
  return (v) => castValue(v, from, to);
}

/** Pumps ordered so a pump runs after the pumps that feed its input streams (declaration order otherwise). */
export function topoOrder(pumps: readonly Pump[]): Pump[] {
  const out: Pump[] = [];
  const state = new Map<Pump, number>();
  const visit = (p: Pump): void => {
    if (state.get(p)) return;
    state.set(p, 1);
    for (const q of pumps) if (q !== p && p.from.includes(q.into)) visit(q);
    state.set(p, 2);
    out.push(p);
  };
  pumps.forEach(visit);
  return out;
}
