/**
 * A Redshift database's mutable state (tables, COPY logs, counters, user ids) and its plain-JSON
 * snapshot, versioned so a saved lab from another release is refused rather than misread.
 */
import type { LoadCommitRow, LoadErrorRow } from './copy.js';
import type { Table } from './tables.js';

/** Everything a database holds; tables are keyed by `tableKey(schema, name)`. */
export interface DatabaseState {
  tables: Map<string, Table>;
  loadErrors: LoadErrorRow[];
  loadCommits: LoadCommitRow[];
  queryId: number;
  nextTableId: number;
  users: Map<string, number>;
}

const SNAPSHOT_VERSION = 1;

/** The key of a table in `DatabaseState.tables`. */
export const tableKey = (schema: string, name: string): string => `${schema}.${name}`;

/** A new database's state: no tables, empty logs, table ids from 100 000. */
export function emptyState(): DatabaseState {
  return { tables: new Map(), loadErrors: [], loadCommits: [], queryId: 0, nextTableId: 100_000, users: new Map() };
}

/** Plain JSON-able copy of the state of database `name`. */
export function snapshotState(name: string, s: DatabaseState): unknown {
  return {
    version: SNAPSHOT_VERSION,
    name,
    queryId: s.queryId,
    nextTableId: s.nextTableId,
    users: [...s.users],
    tables: [...s.tables.values()].map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c })), rows: t.rows.map((r) => [...r]) })),
    loadErrors: s.loadErrors.map((r) => ({ ...r })),
    loadCommits: s.loadCommits.map((r) => ({ ...r })),
  };
}

/** The state a `snapshotState()` describes; throws on a snapshot of another version. */
export function restoreState(snapshot: unknown): DatabaseState {
  const s = snapshot as { version?: number; queryId: number; nextTableId: number; users: [string, number][]; tables: Table[]; loadErrors: LoadErrorRow[]; loadCommits: LoadCommitRow[] };
  if (!s || s.version !== SNAPSHOT_VERSION) throw new Error(`unsupported Redshift snapshot version ${String(s?.version)}`);
  return {
    tables: new Map(s.tables.map((t) => [tableKey(t.schema, t.name), t])),
    loadErrors: [...s.loadErrors],
    loadCommits: [...s.loadCommits],
    queryId: s.queryId,
    nextTableId: s.nextTableId,
    users: new Map(s.users),
  };
}
