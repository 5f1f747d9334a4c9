/**
 * The page's handle on the Kinesis Data Analytics applications (the host's `analytics`): the
 * engine's own calls, plus what the UI needs around them — planning SQL in the page without
 * running it (the editor's inline errors), and discovering a source's schema from its recent
 * records, as the console's "Discover schema" does.
 */
import type { AnalyticsEngine } from '../core/analytics/app/engine.js';
import type { AppSnapshot } from '../core/analytics/app/liveApp.js';
import type { AppConfig, AppInput, StartingPosition } from '../core/analytics/app/model.js';
import type { AppDescription, EmittedRow } from '../core/analytics/app/runtime.js';
import { createSqlApplication } from '../core/analytics/index.js';
import { discoverSchema } from '../core/analytics/input/discover.js';
import type { SourceSchema } from '../core/analytics/input/types.js';
import { SqlError } from '../core/sql/errors.js';

export type Problem = { readonly message: string; readonly line?: number; readonly column?: number };

export interface AnalyticsControl {
  list(): AppSnapshot[];
  get(name: string): AppSnapshot | undefined;
  create(config: AppConfig): { ok: true } | { ok: false; message: string };
  update(name: string, config: Omit<AppConfig, 'name'>): { ok: true } | { ok: false; message: string };
  remove(name: string): void;
  start(name: string, position?: StartingPosition): Promise<{ ok: true } | ({ ok: false } & Problem)>;
  stop(name: string): Promise<void>;
  /** The newest rows emitted into one of a running application's in-application streams. */
  rows(name: string, stream: string): readonly EmittedRow[];
  /** Plans `code` against an input schema (no data runs): its streams and pumps, or the error's place. */
  check(code: string, input?: AppInput): { ok: true; description: AppDescription } | ({ ok: false } & Problem);
  /** Samples the source's recent records and infers their schema. */
  discover(source: AppInput['source']): Promise<{ ok: true; schema: SourceSchema; samples: string[] } | { ok: false; message: string; samples: string[] }>;
  observe(listener: () => void): () => void;
  /** Whether applications survive a reload (IndexedDB) or live in memory only. */
  readonly persistent: boolean;
}

export function analyticsControl(engine: AnalyticsEngine, persistent: boolean): AnalyticsControl {
  return {
    persistent,
    list: () => engine.list(),
    get: (name) => engine.get(name),
    create: (config) => engine.create(config),
    update: (name, config) => engine.update(name, config),
    remove: (name) => void engine.delete(name),
    start: (name, position) => engine.start(name, position),
    stop: (name) => engine.stop(name),
    rows: (name, stream) => engine.recentRows(name, stream),
    check(code, input) {
      try {
        const app = createSqlApplication(code, {
          dialect: 'kda',
          ...(input ? { inputs: { [`${input.namePrefix}_001`]: input.schema.RecordColumns.map((c) => ({ name: c.Name, type: c.SqlType })) } } : {}),
        });
        return { ok: true, description: app.describe() };
      } catch (e) {
        if (e instanceof SqlError) return { ok: false, message: e.message, line: e.line, column: e.column };
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
    async discover(source) {
      let records: Uint8Array[];
      try {
        records = await engine.sample(source);
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e), samples: [] };
      }
      const samples = records.slice(0, 20).map((r) => new TextDecoder().decode(r));
      if (records.length === 0) return { ok: false, message: 'No records to sample yet: start a producer on the source, then discover again.', samples };
      const found = discoverSchema(records);
      return found.ok ? { ok: true, schema: found.schema, samples } : { ok: false, message: found.error.message, samples };
    },
    observe: (listener) => engine.observe(listener),
  };
}
