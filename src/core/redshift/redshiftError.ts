/**
 * The database's error: PostgreSQL/Redshift wording plus SQLSTATE. `message` is the bare text
 * after `ERROR: ` (what the Data API and JDBC show), e.g. `relation "t" does not exist`.
 */
import { SqlError, SqlRuntimeError } from '../sql/errors.js';

export class RedshiftError extends Error {
  /** SQLSTATE, e.g. 42P01. */
  readonly code: string;
  readonly line?: number;
  readonly column?: number;
  /** In a batch (executeBatch): which statement failed, from 0. */
  statementIndex?: number;
  constructor(code: string, message: string, at?: { line: number; column: number }) {
    super(message);
    this.name = 'RedshiftError';
    this.code = code;
    if (at) {
      this.line = at.line;
      this.column = at.column;
    }
  }
}

/** Converts an error of the SQL foundation; anything else is a bug and is rethrown. */
export function toRedshiftError(e: unknown): RedshiftError {
  if (e instanceof RedshiftError) return e;
  if (e instanceof SqlError) return new RedshiftError(e.code, e.reason, e);
  if (e instanceof SqlRuntimeError) return new RedshiftError(e.code, e.message);
  throw e;
}
