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
import { parseTimestamp } from '../../sql/temporalText.js';
import { createRandom } from '../../sim/random.js';
import type { ColumnSpec, EmittedEvent, Pump, SqlApplication, SqlApplicationOptions } from './applicationTypes.js';
import { kdaTypeFromString } from './kdaTypes.js';
import { parseKda } from './kdaParser.js';
import type { PlanContext, RefTable } from './planner.js';
import { planPump, topoOrder, type PumpWiring } from './planPump.js';
import type { CreatePump } from './statements.js';
import { ERROR_COLUMNS, StreamState, inValue, rowObject, utf8Hex, type StreamColumn } from './streams.js';

/** The system stream every failed row goes to (spec §A.9). */
export const ERROR_STREAM = 'error_stream';

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

/** Parses, plans and starts an application (see the file header); throws SqlError for a bad one. */
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
  const wiring: PumpWiring = { ctx, deliver, failFor };
  for (const def of pumpDefs) {
    const { pump, start } = planPump(def, wiring);
    pumps.push(pump);
    if (start) starts.push(start);
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
