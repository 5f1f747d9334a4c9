/**
 * The public shape of a running KDA SQL application (application.ts builds one): its options, the
 * rows it emits, its description, and the internal record of a pump.
 */
import type { FunctionRegistry } from '../../sql/functions.js';
import type { OpenWindow, PumpWindow } from './planner.js';

/** An input stream's or reference table's column: its name and KDA SQL type text. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: string;
}

/** How to build an application: its inputs, reference tables, random seed and functions. */
export interface SqlApplicationOptions {
  dialect?: 'kda';
  inputs?: Record<string, ColumnSpec[]>;
  referenceTables?: Record<string, ColumnSpec[]>;
  seed?: number;
  functions?: FunctionRegistry;
}

/** A row emitted into an in-application stream, as observers hear of it. */
export interface EmittedEvent {
  stream: string;
  row: Record<string, unknown>;
  rowtime: number;
}

/** An application's streams, pumps and reference tables (for the UI). */
export interface AppDescription {
  streams: { name: string; columns: { name: string; type: string }[]; kind: 'input' | 'stream' | 'error' }[];
  pumps: { name: string; into: string; from: string[]; window: PumpWindow }[];
  referenceTables: string[];
}

/** A running application: rows in, time forward, rows out. */
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

/** A pump as the application keeps it; `running` once started (a STOPPED pump never is). */
export interface Pump {
  readonly name: string;
  readonly into: string;
  readonly from: readonly string[];
  readonly window: PumpWindow;
  running?: { advance(t: number): void; windows(): OpenWindow[] };
}
