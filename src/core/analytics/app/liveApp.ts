/**
 * An analytics application as the engine holds it while it exists (`LiveApp`: its state plus
 * runtime, reader, outboxes and counters), and the plain snapshot observers get of it.
 */
import type { KinesisSourceReader } from '../../firehose/kinesisSource.js';
import type { AppConfig, AppState } from './model.js';
import type { AppDescription, AppRuntime, EmittedRow, OpenWindow, RuntimeInit } from './runtime.js';

/** What observers see of an application: its state, plan, open windows and counters. */
export interface AppSnapshot extends AppState {
  /** The running (or last started) SQL's streams and pumps. */
  readonly plan?: AppDescription;
  readonly windows: readonly OpenWindow[];
  /** Since the application started: records read, rows written to outputs, rows in error_stream. */
  readonly stats: { readonly recordsIn: number; readonly rowsOut: number; readonly errors: number; readonly pendingOut: number };
  /** The Kinesis source's MillisBehindLatest (the largest over its shards). */
  readonly millisBehindLatest?: number;
  /** The `reader` ids its GetRecords carry in the simulation's read events (the Kinesis picture names it by them). */
  readonly sourceReaders?: readonly string[];
}

/** Formatted records waiting to go to one output. */
export interface Outbox {
  readonly output: AppConfig['outputs'][number];
  records: { data: Uint8Array }[];
}

/** An application and everything the engine keeps for it between calls. */
export interface LiveApp {
  state: AppState;
  runtime?: AppRuntime;
  reader?: KinesisSourceReader;
  untap?: () => void;
  /** What the runtime was started with (a runtime that failed is started again with it). */
  init?: RuntimeInit;
  /** A runtime call failed (its worker died): the next tick starts the runtime again. */
  broken: boolean;
  description?: AppDescription;
  windows: readonly OpenWindow[];
  recent: Map<string, EmittedRow[]>;
  stats: { recordsIn: number; rowsOut: number; errors: number };
  outboxes: Outbox[];
  /** The runtime calls in order: one chain per application. */
  chain: Promise<unknown>;
  /** Output writes in flight (one at a time per application). */
  writing: boolean;
  /** A tick's runtime call is in flight: the next tick waits. */
  ticking: boolean;
  lastTick: number;
}

/** A new (or just loaded) application: nothing running, nothing read. */
export function newLiveApp(state: AppState): LiveApp {
  return { state, broken: false, windows: [], recent: new Map(), stats: { recordsIn: 0, rowsOut: 0, errors: 0 }, outboxes: [], chain: Promise.resolve(), writing: false, ticking: false, lastTick: -Infinity };
}

/** The snapshot of an application now. */
export function snapshotOf(a: LiveApp): AppSnapshot {
  const behind = a.reader ? Math.max(0, ...a.reader.behind.values()) : undefined;
  return {
    ...a.state,
    ...(a.description ? { plan: a.description } : {}),
    windows: a.windows,
    stats: { ...a.stats, pendingOut: a.outboxes.reduce((n, b) => n + b.records.length, 0) },
    ...(behind !== undefined ? { millisBehindLatest: behind } : {}),
    ...(a.reader?.readers.size ? { sourceReaders: [...a.reader.readers] } : {}),
  };
}
