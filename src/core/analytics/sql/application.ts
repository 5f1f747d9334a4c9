/**
 * A running KDA SQL application: in-application streams, reference tables, pumps and
 * error_stream. Rows move synchronously: insert() pushes a row into a stream, every pump reading
 * it runs at once, and what a pump emits enters its target stream (and further pumps) before
 * insert() returns. Time only moves with rows' ROWTIMEs and advanceTo() — the core has no clock.
 * A row that fails (bad cast, division by zero, value out of range, out-of-order ROWTIME) becomes
 * an error_stream row and the application goes on (spec §A.9).
 */
import { SqlError, SqlRuntimeError } from '../../sql/errors.js';
import type { FunctionRegistry } from '../../sql/functions.js';
import { canCast, castValue, parseTimestamp, typeDisplayName, type SqlType, type SqlValue } from '../../sql/types.js';
import { createRandom } from '../../sim/random.js';
import { kdaTypeFromString } from './kdaTypes.js';
import { parseKda } from './kdaParser.js';
import { findStream, planSelect, type OpenWindow, type PlanContext, type PumpWindow, type RefTable } from './planner.js';
import type { CreatePump } from './statements.js';
import { ERROR_COLUMNS, StreamState, inValue, rowObject, utf8Hex, type StreamColumn } from './streams.js';

export interface ColumnSpec {
  readonly name: string;
  readonly type: string;
}

export interface SqlApplicationOptions {
  dialect?: 'kda';
  inputs?: Record<string, ColumnSpec[]>;
  referenceTables?: Record<string, ColumnSpec[]>;
  seed?: number;
  functions?: FunctionRegistry;
}

export interface EmittedEvent {
  stream: string;
  row: Record<string, unknown>;
  rowtime: number;
}

export interface AppDescription {
  streams: { name: string; columns: { name: string; type: string }[]; kind: 'input' | 'stream' | 'error' }[];
  pumps: { name: string; into: string; from: string[]; window: PumpWindow }[];
  referenceTables: string[];
}

export interface SqlApplication {
  insert(streamName: string, row: Record<string, unknown>, rowtime?: number | string): void;
  insertRows(streamName: string, rows: readonly unknown[][], rowtimes: readonly number[]): void;
  advanceTo(time: number | string): void;
  setReferenceTable(name: string, rows: Record<string, unknown>[]): void;
  rows(streamName: string): Record<string, unknown>[];
  /**
   * Hears of rows emitted into the streams named (default: every stream — input streams too,
   * which costs a row object per input row: name the streams to keep the fast path fast).
   */
  observe(listener: (e: EmittedEvent) => void, streams?: readonly string[]): () => void;
  describe(): AppDescription;
  openWindows(): { pump: string; kind: 'tumbling' | 'stagger'; start: number; end: number; groups: number; rows: number }[];
  retain(n: number): void;
  /** A record the application could not map to a row (the input mapper's report): an error_stream row. */
  reportError(e: { name: string; message: string; rowtime: number; data: string }): void;
}

export const ERROR_STREAM = 'error_stream';

interface Pump {
  readonly name: string;
  readonly into: string;
  readonly from: readonly string[];
  readonly window: PumpWindow;
  running?: { advance(t: number): void; windows(): OpenWindow[] };
}

/** SQLSTATE → error_stream ERROR_NAME. Unsure: AWS's exact ERROR_NAME strings are not documented per cause. */
const ERROR_NAMES: Record<string, string> = {
  '22012': 'Division by zero',
  OOORT: 'Out-of-order ROWTIME',
  '22004': 'Null value not allowed',
  '22P02': 'Cast error',
  '22007': 'Cast error',
  '42846': 'Cast error',
  '22003': 'Numeric value out of range',
  '22001': 'String data right truncation',
  '2201E': 'Invalid argument',
  '2201F': 'Invalid argument',
};

const toMs = (t: number | string): number => {
  if (typeof t === 'number') return t;
  const ms = parseTimestamp(t);
  if (ms === undefined) throw new Error(`not a timestamp: ${t}`);
  return ms;
};

const columnsOf = (specs: readonly ColumnSpec[]): StreamColumn[] =>
  specs.map((c) => {
    const k = kdaTypeFromString(c.type);
    return { name: c.name, type: k.type, display: k.display };
  });

export function createApplication(sqlText: string, opts: SqlApplicationOptions & { functions: FunctionRegistry }): SqlApplication {
  const streams = new Map<string, StreamState>();
  const refs = new Map<string, RefTable>();
  const random = createRandom(opts.seed ?? 1);
  let now = 0;
  let retainN = Infinity;
  /** Listeners, with the streams each wants (undefined: all). */
  const listeners = new Map<(e: EmittedEvent) => void, ReadonlySet<string> | undefined>();

  for (const [name, specs] of Object.entries(opts.inputs ?? {})) {
    const cols = columnsOf(specs);
    // APPROXIMATE_ARRIVAL_TIME: resolvable in SQL even when the input schema does not list it (spec §A.5).
    // Unsure: AWS adds it to every Kinesis/Firehose-fed input stream; it is hidden from SELECT * here
    // because discovered schemas do not list it.
    if (!cols.some((c) => c.name === 'APPROXIMATE_ARRIVAL_TIME')) cols.push({ name: 'APPROXIMATE_ARRIVAL_TIME', type: { kind: 'timestamp' }, display: 'TIMESTAMP', hidden: true });
    streams.set(name, new StreamState(name, cols, 'input'));
  }
  const errorStream = new StreamState(ERROR_STREAM, ERROR_COLUMNS, 'error');
  streams.set(ERROR_STREAM, errorStream);
  for (const [name, specs] of Object.entries(opts.referenceTables ?? {})) {
    refs.set(name, { name, columns: columnsOf(specs), rows: [] });
  }

  const deliver = (s: StreamState, row: unknown[], rowtime: number): void => {
    if (rowtime > s.lastRowtime) s.lastRowtime = rowtime;
    if (retainN > 0) {
      s.kept.push(row);
      if (s.kept.length > retainN * 2) s.kept = s.kept.slice(s.kept.length - retainN);
    }
    if (listeners.size > 0) {
      let obj: Record<string, unknown> | undefined;
      for (const [l, wanted] of listeners) {
        if (wanted && !wanted.has(s.name)) continue;
        obj ??= rowObject(s, row);
        l({ stream: s.name, row: obj, rowtime });
      }
    }
    const readers = s.readers;
    for (let i = 0; i < readers.length; i++) readers[i]!.push(row, rowtime);
  };

  const errorRow = (name: string, message: string, dataRowtime: number | null, data: string, pump: string | null): void => {
    const row: unknown[] = [now, 'ERROR', name.slice(0, 32), message.slice(0, 4096), dataRowtime, utf8Hex(data).slice(0, 49152), pump, now];
    deliver(errorStream, row, Math.max(now, errorStream.lastRowtime));
  };

  const failFor = (pump: string, base: StreamState | undefined) => (e: unknown, row: readonly unknown[] | undefined, rowtime: number): void => {
    const code = e instanceof SqlRuntimeError ? e.code : '';
    const name = ERROR_NAMES[code] ?? (e instanceof SqlRuntimeError ? 'SQL error' : 'Internal error');
    const message = e instanceof Error ? e.message : String(e);
    const data = row === undefined ? '' : base && row.length === base.width + 1 ? JSON.stringify(rowObject(base, row)) : JSON.stringify(row);
    errorRow(name, message, rowtime, data, pump);
  };

  const ctx: PlanContext = { streams, refs, functions: opts.functions, now: () => now, random: () => random.next() };
  const statements = parseKda(sqlText);
  const pumpDefs: CreatePump[] = [];
  for (const st of statements) {
    if (st.kind === 'createStream') {
      if (st.name.name === ERROR_STREAM) throw new SqlError('error_stream is a system stream', st.name.at, { code: '42P07' });
      const existing = streams.get(st.name.name);
      if (existing && existing.kind === 'input') throw new SqlError(`stream "${st.name.name}" is an input stream`, st.name.at, { code: '42P07' });
      const seen = new Set<string>();
      for (const c of st.columns) {
        if (seen.has(c.name.name)) throw new SqlError(`column "${c.name.name}" specified more than once`, c.name.at, { code: '42701' });
        seen.add(c.name.name);
      }
      streams.set(st.name.name, new StreamState(st.name.name, st.columns.map((c) => ({ name: c.name.name, type: c.type.type, display: c.type.display })), 'stream'));
    } else {
      const i = pumpDefs.findIndex((p) => p.name.name === st.name.name);
      if (i >= 0) pumpDefs.splice(i, 1); // CREATE OR REPLACE PUMP
      pumpDefs.push(st);
    }
  }

  const pumps: Pump[] = [];
  const starts: (() => void)[] = [];
  for (const def of pumpDefs) {
    const target = findStream(ctx, def.into.name, def.into.at);
    if (target.kind === 'error') throw new SqlError('error_stream cannot be written by a pump', def.into.at, { code: '42809' });
    if (target.kind === 'input') throw new SqlError(`"${target.name}" is an input stream; a pump inserts into a stream created with CREATE STREAM`, def.into.at, { code: '42809' });
    const planned = planSelect(def.select, ctx, def.name.name);
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
    pumps.push(pump);
    if (def.stopped) continue;
    const base = streams.get(planned.from[0] ?? '');
    const fail = failFor(pump.name, base);
    starts.push(() => {
      pump.running = planned.start((values, rowtime, src) => {
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
      }, fail);
    });
  }
  // Wire every pump only after all planned, so a plan error leaves no half-started application.
  for (const s of starts) s();
  const order = topoOrder(pumps);

  const stream = (name: string): StreamState => {
    const s = streams.get(name) ?? streams.get(name.toUpperCase());
    if (!s) throw new Error(`no in-application stream "${name}"`);
    if (s.kind === 'error') throw new Error('error_stream cannot be written');
    return s;
  };

  const app: SqlApplication = {
    insert(streamName, obj, rowtime) {
      const s = stream(streamName);
      // Without a rowtime the row gets the application's current time (processing time, spec §A.5).
      const rt = rowtime === undefined ? Math.max(now, s.lastRowtime) : toMs(rowtime);
      if (rt > now) now = rt;
      if (rt < s.lastRowtime) {
        errorRow('Out-of-order ROWTIME', `ROWTIME ${new Date(rt).toISOString()} is earlier than the stream's last ROWTIME ${new Date(s.lastRowtime).toISOString()}`, rt, JSON.stringify(obj), null);
        return;
      }
      const row = new Array<unknown>(s.width + 1);
      const cols = s.columns;
      try {
        for (let i = 0; i < cols.length; i++) row[i] = inValue(obj[cols[i]!.name], cols[i]!.type);
      } catch (e) {
        const code = e instanceof SqlRuntimeError ? e.code : '';
        errorRow(ERROR_NAMES[code] ?? 'Coercion error', e instanceof Error ? e.message : String(e), rt, JSON.stringify(obj), null);
        return;
      }
      row[s.width] = rt;
      deliver(s, row, rt);
    },
    insertRows(streamName, rows, rowtimes) {
      const s = stream(streamName);
      const w = s.width;
      for (let k = 0; k < rows.length; k++) {
        const rt = rowtimes[k]!;
        if (rt < s.lastRowtime) {
          errorRow('Out-of-order ROWTIME', `ROWTIME ${new Date(rt).toISOString()} is earlier than the stream's last ROWTIME`, rt, JSON.stringify(rows[k]), null);
          continue;
        }
        if (rt > now) now = rt;
        const src = rows[k]!;
        const row = new Array<unknown>(w + 1);
        for (let i = 0; i < w; i++) row[i] = i < src.length ? src[i] : null;
        row[w] = rt;
        deliver(s, row, rt);
      }
    },
    advanceTo(time) {
      const t = toMs(time);
      if (t > now) now = t;
      for (const p of order) p.running?.advance(t);
    },
    setReferenceTable(name, rows) {
      const ref = refs.get(name) ?? refs.get(name.toUpperCase());
      if (!ref) throw new Error(`no reference table "${name}"`);
      ref.rows = rows.map((o) => [...ref.columns.map((c) => inValue(o[c.name], c.type)), null]);
    },
    rows(streamName) {
      const s = streams.get(streamName) ?? streams.get(streamName.toUpperCase());
      if (!s) throw new Error(`no in-application stream "${streamName}"`);
      return s.kept.slice(Math.max(0, s.kept.length - retainN)).map((r) => rowObject(s, r));
    },
    observe(listener, wanted) {
      listeners.set(listener, wanted ? new Set(wanted) : undefined);
      return () => listeners.delete(listener);
    },
    describe() {
      return {
        streams: [...streams.values()].map((s) => ({ name: s.name, kind: s.kind, columns: s.columns.filter((c) => !c.hidden).map((c) => ({ name: c.name, type: c.display })) })),
        pumps: pumps.map((p) => ({ name: p.name, into: p.into, from: [...p.from], window: p.window })),
        referenceTables: [...refs.keys()],
      };
    },
    openWindows() {
      return order.flatMap((p) => (p.running ? p.running.windows().map((w) => ({ pump: p.name, ...w })) : []));
    },
    retain(n) {
      retainN = Math.max(0, n);
      for (const s of streams.values()) if (s.kept.length > retainN) s.kept = retainN === 0 ? [] : s.kept.slice(s.kept.length - retainN);
    },
    reportError(e) {
      if (e.rowtime > now) now = e.rowtime;
      errorRow(e.name, e.message, e.rowtime, e.data, null);
    },
  };
  return app;
}

/** A cast into a target column's type, or undefined when the value can pass as it is. */
function converter(from: SqlType, to: SqlType): ((v: SqlValue) => SqlValue) | undefined {
  if (from.kind === to.kind && to.kind !== 'varchar' && to.kind !== 'char' && to.kind !== 'decimal') return undefined;
  if (from.kind === 'varchar' && to.kind === 'varchar' && to.length === undefined) return undefined;
  return (v) => castValue(v, from, to);
}

/** Pumps ordered so a pump runs after the pumps that feed its input streams (declaration order otherwise). */
function topoOrder(pumps: readonly Pump[]): Pump[] {
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
