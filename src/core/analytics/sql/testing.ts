/**
 * Test helpers (imported by *.test.ts only): the AWS getting-started input schema and a
 * timestamp shorthand.
 */
import { createSqlApplication } from '../index.js';
import type { SqlApplication, SqlApplicationOptions } from './applicationTypes.js';

/** The demo stream's schema (tumbling-window-concepts: TICKER_SYMBOL, SECTOR, CHANGE, PRICE). */
export const DEMO_INPUT = {
  SOURCE_SQL_STREAM_001: [
    { name: 'TICKER_SYMBOL', type: 'VARCHAR(4)' },
    { name: 'SECTOR', type: 'VARCHAR(16)' },
    { name: 'CHANGE', type: 'REAL' },
    { name: 'PRICE', type: 'REAL' },
  ],
};

/** 'HH:MM:SS' on 2026-01-01 (UTC) as an ISO string. */
export const at = (hms: string): string => `2026-01-01T${hms}.000Z`;

export function demoApp(sql: string, opts: SqlApplicationOptions = {}): SqlApplication {
  return createSqlApplication(sql, { inputs: DEMO_INPUT, ...opts });
}

export const SRC = 'SOURCE_SQL_STREAM_001';

/** The SqlError (or other error) `f` throws; fails the test when nothing is thrown. */
export function thrown(f: () => unknown): { message: string; line?: number; column?: number; expected?: string[] } {
  try {
    f();
  } catch (e) {
    return e as { message: string; line?: number; column?: number };
  }
  throw new Error('expected an error, got none');
}
