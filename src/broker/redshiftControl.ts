/**
 * The page's handle on the simulated Redshift clusters (the host's `redshift`): list, create,
 * pause, and run SQL as the master user for the query panel — with the error's line and column,
 * so the editor can mark it. `@aws-sdk/client-redshift-data` reaches the same clusters through
 * the request handler.
 */
import type { ClusterKind, ClusterSnapshot, RedshiftClusters } from '../core/redshift/clusters.js';
import { RedshiftError, type StatementResult } from '../core/redshift/database.js';

export type QueryOutcome =
  | { readonly ok: true; readonly results: StatementResult[] }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly line?: number; readonly column?: number };

export interface RedshiftControl {
  list(): ClusterSnapshot[];
  create(identifier: string, o: { masterUsername?: string; masterPassword: string; database?: string; kind?: ClusterKind }): { ok: true; cluster: ClusterSnapshot } | { ok: false; message: string };
  remove(identifier: string): void;
  /** A paused cluster refuses connections: Firehose's COPY fails and is retried. */
  setPaused(identifier: string, paused: boolean): void;
  /** Runs one or more statements (`;`-separated) as the master user. */
  query(identifier: string, sql: string): QueryOutcome;
  observe(listener: () => void): () => void;
  /** Whether tables survive a reload (IndexedDB) or live in memory only. */
  readonly persistent: boolean;
}

export function redshiftControl(clusters: RedshiftClusters, persistent: boolean): RedshiftControl {
  return {
    persistent,
    list: () => clusters.list(),
    create(identifier, o) {
      const r = clusters.create(identifier, o);
      return r.ok ? { ok: true, cluster: r.value } : { ok: false, message: r.error.message };
    },
    remove: (identifier) => void clusters.delete(identifier),
    setPaused: (identifier, paused) => clusters.setPaused(identifier, paused),
    query(identifier, sql) {
      try {
        return { ok: true, results: clusters.run(identifier, sql) };
      } catch (e) {
        if (e instanceof RedshiftError) {
          return { ok: false, code: e.code, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) };
        }
        return { ok: false, code: 'XX000', message: e instanceof Error ? e.message : String(e) };
      }
    },
    observe: (listener) => clusters.observe(listener),
  };
}
