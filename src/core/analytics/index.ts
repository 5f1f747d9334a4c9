/**
 * Kinesis Data Analytics for SQL: the streaming SQL engine's public API. The app runtime, the UI
 * and the tests create applications here; everything below `sql/` is the engine's own.
 */
import type { FunctionRegistry } from '../sql/functions.js';
import { createApplication } from './sql/application.js';
import type { SqlApplication, SqlApplicationOptions } from './sql/applicationTypes.js';
import { kdaFunctions } from './sql/kdaFunctions.js';

export type { AppDescription, ColumnSpec, EmittedEvent, SqlApplication, SqlApplicationOptions } from './sql/applicationTypes.js';
export { ERROR_STREAM } from './sql/application.js';
export { tableFunctions, type TableFunction, type TableFunctionInstance, type TfColumn } from './sql/tableFunctions.js';
export { SqlError } from '../sql/errors.js';

/**
 * Parses and plans `sqlText` (CREATE STREAM / CREATE PUMP statements) into a running
 * application. Throws SqlError (line, column, expected) for parse and plan errors.
 */
export function createSqlApplication(sqlText: string, opts: SqlApplicationOptions & { functions?: FunctionRegistry } = {}): SqlApplication {
  return createApplication(sqlText, { ...opts, functions: opts.functions ?? kdaFunctions });
}
