/**
 * The SqlType strings of a RecordColumn, parsed into a base type and its parameters. The names are
 * those of the Kinesis Data Analytics SQL reference (SQLstream dialect): BOOLEAN, TINYINT, SMALLINT,
 * INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, CHAR(n), VARCHAR(n), BINARY(n), VARBINARY(n), DATE, TIME,
 * TIMESTAMP (sqlref/sql-reference-data-types.html).
 */

export const SQL_BASE_TYPES = [
  'BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL', 'REAL', 'DOUBLE',
  'CHAR', 'VARCHAR', 'BINARY', 'VARBINARY', 'DATE', 'TIME', 'TIMESTAMP',
] as const;
export type SqlBaseType = (typeof SQL_BASE_TYPES)[number];

export interface SqlType {
  base: SqlBaseType;
  /** CHAR/VARCHAR/BINARY/VARBINARY length; absent on VARCHAR/VARBINARY means "no declared bound". */
  length?: number;
  /** DECIMAL precision (total digits), TIME/TIMESTAMP fractional-second precision when given. */
  precision?: number;
  /** DECIMAL scale (digits after the point). */
  scale?: number;
}

// Synonyms accepted by the SQL reference (INT, NUMERIC, DEC, DOUBLE PRECISION, CHARACTER [VARYING]).
// Unsure: FLOAT is not in the KDA type list but appears among RANDOM_CUT_FOREST's numeric types; it
// is read as DOUBLE (standard SQL FLOAT defaults to double precision). Settle with the SQL reference.
const SYNONYMS: Readonly<Record<string, SqlBaseType>> = {
  BOOLEAN: 'BOOLEAN', TINYINT: 'TINYINT', SMALLINT: 'SMALLINT', INTEGER: 'INTEGER', INT: 'INTEGER',
  BIGINT: 'BIGINT', DECIMAL: 'DECIMAL', DEC: 'DECIMAL', NUMERIC: 'DECIMAL', REAL: 'REAL',
  DOUBLE: 'DOUBLE', 'DOUBLE PRECISION': 'DOUBLE', FLOAT: 'DOUBLE',
  CHAR: 'CHAR', CHARACTER: 'CHAR', VARCHAR: 'VARCHAR', 'CHARACTER VARYING': 'VARCHAR', 'CHAR VARYING': 'VARCHAR',
  BINARY: 'BINARY', VARBINARY: 'VARBINARY', 'BINARY VARYING': 'VARBINARY',
  DATE: 'DATE', TIME: 'TIME', TIMESTAMP: 'TIMESTAMP',
};

// Unsure: SQLstream documents DECIMAL precision up to 19 digits with a default of (19, 0)?; the
// simulator uses max/default precision 19, scale 0. Settle with sqlref's DECIMAL page.
export const DECIMAL_MAX_PRECISION = 19;

/** Parse a SqlType string (case-insensitive, blanks tolerated); undefined when it is not a known type. */
export function parseSqlType(text: string): SqlType | undefined {
  const m = /^\s*([A-Za-z]+(?:\s+[A-Za-z]+)?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(text);
  if (!m) return undefined;
  const base = SYNONYMS[m[1]!.toUpperCase().replace(/\s+/g, ' ')];
  if (!base) return undefined;
  const a = m[2] === undefined ? undefined : Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  switch (base) {
    case 'DECIMAL': {
      const precision = a ?? DECIMAL_MAX_PRECISION, scale = b ?? 0;
      if (precision < 1 || precision > DECIMAL_MAX_PRECISION || scale > precision) return undefined;
      return { base, precision, scale };
    }
    case 'CHAR': case 'BINARY':
      if (b !== undefined || a === 0) return undefined;
      return { base, length: a ?? 1 }; // standard SQL: CHAR without a length is CHAR(1)
    case 'VARCHAR': case 'VARBINARY':
      if (b !== undefined || a === 0) return undefined;
      return a === undefined ? { base } : { base, length: a };
    case 'TIME': case 'TIMESTAMP':
      if (b !== undefined || (a !== undefined && a > 9)) return undefined;
      return a === undefined ? { base } : { base, precision: a };
    default:
      return a === undefined ? { base } : undefined; // no parameters on the other types
  }
}

/** The canonical spelling of a parsed type, e.g. `VARCHAR(16)`, `DECIMAL(5,2)`. */
export function formatSqlType(t: SqlType): string {
  if (t.base === 'DECIMAL') return `DECIMAL(${t.precision ?? DECIMAL_MAX_PRECISION},${t.scale ?? 0})`;
  if (t.length !== undefined) return `${t.base}(${t.length})`;
  if (t.precision !== undefined) return `${t.base}(${t.precision})`;
  return t.base;
}
