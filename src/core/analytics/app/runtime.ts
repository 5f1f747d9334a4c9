/**
 * Where an analytics application's SQL runs: the records of its source mapped to rows of its
 * input stream (the input schema), the reference table loaded from its S3 object, the SQL
 * engine, and what the engine emitted since the last tick. `LocalRuntime` runs in process (Node,
 * and inside the page's analytics worker, which exposes one over Comlink); the engine in
 * `engine.ts` talks to either through `AppRuntime`.
 */
import { decodeBase64 } from '../../util/base64.js';
import { createSqlApplication, type SqlApplication } from '../index.js';
import { compileMapping } from '../input/mapping.js';
import type { SourceSchema } from '../input/types.js';
import { SqlError } from '../../sql/errors.js';

export interface RuntimeInit {
  readonly code: string;
  /** The input stream and the schema that maps records into it. */
  readonly input?: { readonly stream: string; readonly schema: SourceSchema };
  readonly referenceTables: Readonly<Record<string, { readonly schema: SourceSchema }>>;
  readonly seed: number;
  /** Streams whose emitted rows the engine wants back for the UI (at most MAX_ROWS_PER_TICK a tick); `'*'`: every stream. */
  readonly watch: readonly string[];
  /** Streams whose rows go to outputs: every row is handed back, never capped. */
  readonly outputs?: readonly string[];
}

export interface RuntimeError {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface StreamInfo {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly kind: 'input' | 'stream' | 'error';
}

export interface PumpInfo {
  readonly name: string;
  readonly into: string;
  readonly from: readonly string[];
  readonly window: 'none' | 'tumbling' | 'sliding' | 'stagger' | 'join' | 'function';
}

export interface AppDescription {
  readonly streams: readonly StreamInfo[];
  readonly pumps: readonly PumpInfo[];
  readonly referenceTables: readonly string[];
}

export interface OpenWindow {
  readonly pump: string;
  readonly kind: 'tumbling' | 'stagger';
  readonly start: number;
  readonly end: number;
  readonly groups: number;
  readonly rows: number;
}

/** A row emitted into a stream: its values by column, and its ROWTIME (epoch ms). */
export interface EmittedRow {
  readonly rowtime: number;
  readonly row: Readonly<Record<string, unknown>>;
}

export interface RuntimeTick {
  /** Rows emitted since the last tick into the watched streams, oldest first. */
  readonly emitted: readonly { readonly stream: string; readonly rows: readonly EmittedRow[] }[];
  readonly windows: readonly OpenWindow[];
  /** Records mapped into rows, and records (or rows) that went to error_stream, since the last tick. */
  readonly recordsIn: number;
  readonly errors: number;
}

/** An in-record from the source (base64 data, as Kinesis and Firehose hand them over). */
export interface SourceRecord {
  readonly data: string;
  /** APPROXIMATE_ARRIVAL_TIME, epoch ms. */
  readonly arrival: number;
}

export interface AppRuntime {
  start(init: RuntimeInit): Promise<{ ok: true; description: AppDescription } | { ok: false; error: RuntimeError }>;
  /** Records from the source, each inserted with ROWTIME = `now` (processing time, as KDA sets it). */
  push(records: readonly SourceRecord[], now: number): Promise<void>;
  /** The reference table's S3 object (mapped with its schema); an unreadable one fails with a message. */
  loadReference(table: string, body: Uint8Array): Promise<{ ok: true; rows: number } | { ok: false; message: string }>;
  /** Moves the application's time to `now` (windows close) and hands over what was emitted. */
  tick(now: number): Promise<RuntimeTick>;
  stop(): Promise<void>;
  /** Frees what the runtime holds (a worker) for good: the application was deleted. */
  dispose?(): void;
}

/** Caps what one tick hands back per stream (a burst is reported, not shipped whole to the UI). */
export const MAX_ROWS_PER_TICK = 20_000;

export class LocalRuntime implements AppRuntime {
  private app: SqlApplication | undefined;
  private mapInput: ((r: Uint8Array) => { rows: unknown[][] } | { error: { name: string; message: string } }) | undefined;
  private inputStream: string | undefined;
  private refMappers = new Map<string, (r: Uint8Array) => { rows: unknown[][] } | { error: { name: string; message: string } }>();
  private refColumns = new Map<string, string[]>();
  private inputColumns: string[] = [];
  private pending = new Map<string, EmittedRow[]>();
  private unobserve: (() => void) | undefined;
  private recordsIn = 0;
  private errors = 0;
  private time = 0;

  async start(init: RuntimeInit): Promise<{ ok: true; description: AppDescription } | { ok: false; error: RuntimeError }> {
    await this.stop();
    const columns = (s: SourceSchema) => s.RecordColumns.map((c) => ({ name: c.Name, type: c.SqlType }));
    try {
      const app = createSqlApplication(init.code, {
        dialect: 'kda',
        ...(init.input ? { inputs: { [init.input.stream]: columns(init.input.schema) } } : {}),
        referenceTables: Object.fromEntries(Object.entries(init.referenceTables).map(([n, t]) => [n, columns(t.schema)])),
        seed: init.seed,
      });
      this.app = app;
    } catch (e) {
      if (e instanceof SqlError) return { ok: false, error: { message: e.message, line: e.line, column: e.column } };
      return { ok: false, error: { message: e instanceof Error ? e.message : String(e) } };
    }
    const app = this.app;
    app.retain(0); // the engine keeps what it needs (the watched streams' rows); the application keeps nothing
    // Emitted rows are kept for the engine only from the watched streams ('*': every stream the
    // SQL creates — not the input stream, whose rows are the source's), error_stream always.
    const created = app.describe().streams.filter((s) => s.kind !== 'input').map((s) => s.name);
    const watch = new Set([...init.watch.flatMap((w) => (w === '*' ? created : [w])), 'error_stream']);
    const outputs = new Set(init.outputs ?? []);
    this.unobserve = app.observe((e) => {
      if (e.stream === 'error_stream') this.errors++;
      if (!outputs.has(e.stream) && !init.watch.includes('*') && !init.watch.includes(e.stream)) return;
      let list = this.pending.get(e.stream);
      if (!list) this.pending.set(e.stream, (list = []));
      if (outputs.has(e.stream) || list.length < MAX_ROWS_PER_TICK) list.push({ rowtime: e.rowtime, row: e.row });
    }, [...watch, ...outputs]);
    if (init.input) {
      this.mapInput = compileMapping(init.input.schema);
      this.inputStream = init.input.stream;
      this.inputColumns = init.input.schema.RecordColumns.map((c) => c.Name);
    }
    for (const [name, t] of Object.entries(init.referenceTables)) {
      this.refMappers.set(name, compileMapping(t.schema));
      this.refColumns.set(name, t.schema.RecordColumns.map((c) => c.Name));
    }
    return { ok: true, description: app.describe() };
  }

  async push(records: readonly SourceRecord[], now: number): Promise<void> {
    const app = this.app, map = this.mapInput, stream = this.inputStream;
    // Not started (a worker made again after one died): refuse, so the records are not taken.
    if (!app) throw new Error('The application runtime is not started.');
    if (!map || !stream) return;
    this.time = Math.max(this.time, now);
    // Rows in the input stream's column order (the schema's, typed by the mapping), then
    // APPROXIMATE_ARRIVAL_TIME — the engine's hidden last column — unless the schema names it.
    const arrivalNamed = this.inputColumns.includes('APPROXIMATE_ARRIVAL_TIME');
    const rows: unknown[][] = [];
    for (const r of records) {
      const bytes = decodeBase64(r.data);
      const out = map(bytes);
      this.recordsIn++;
      if ('error' in out) {
        // A record that does not fit the schema goes to error_stream; the application goes on.
        app.reportError({ name: out.error.name, message: out.error.message, rowtime: this.time, data: new TextDecoder().decode(bytes) });
        continue;
      }
      for (const values of out.rows) rows.push(arrivalNamed ? values : [...values, r.arrival]);
    }
    if (rows.length) app.insertRows(stream, rows, new Array<number>(rows.length).fill(this.time));
  }

  async loadReference(table: string, body: Uint8Array): Promise<{ ok: true; rows: number } | { ok: false; message: string }> {
    const app = this.app, map = this.refMappers.get(table), cols = this.refColumns.get(table);
    if (!app || !map || !cols) return { ok: false, message: `No reference table ${table} in this application.` };
    const out = map(body);
    if ('error' in out) return { ok: false, message: `${out.error.name}: ${out.error.message}` };
    app.setReferenceTable(table, out.rows.map((values) => Object.fromEntries(cols.map((c, k) => [c, values[k]]))));
    return { ok: true, rows: out.rows.length };
  }

  async tick(now: number): Promise<RuntimeTick> {
    const app = this.app;
    if (!app) throw new Error('The application runtime is not started.');
    this.time = Math.max(this.time, now);
    app.advanceTo(this.time);
    const emitted = [...this.pending].map(([stream, rows]) => ({ stream, rows }));
    this.pending = new Map();
    const out = { emitted, windows: app.openWindows(), recordsIn: this.recordsIn, errors: this.errors };
    this.recordsIn = 0;
    this.errors = 0;
    return out;
  }

  async stop(): Promise<void> {
    this.unobserve?.();
    this.unobserve = undefined;
    this.app = undefined;
    this.mapInput = undefined;
    this.inputStream = undefined;
    this.refMappers = new Map();
    this.refColumns = new Map();
    this.pending = new Map();
  }
}
