/**
 * In-application streams at run time: a schema, the pumps reading it, the rows kept for rows(),
 * and conversion of rows between the engine's arrays (values in column order, ROWTIME last) and
 * the plain objects the API hands out (TIMESTAMP as ISO-8601 text).
 */
import { SqlRuntimeError } from '../../sql/errors.js';
import { parseTimestamp } from '../../sql/temporalText.js';
import { T, castValue, type SqlType, type SqlValue } from '../../sql/types.js';

export interface StreamColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly display: string;
  /** Resolvable in SQL but not part of `SELECT *` or describe() (APPROXIMATE_ARRIVAL_TIME added by the engine). */
  readonly hidden?: boolean;
}

/** A pump's entry point on a stream: rows arrive as [values…, rowtime]. */
export interface StreamReader {
  push(row: unknown[], rowtime: number): void;
}

export class StreamState {
  readonly readers: StreamReader[] = [];
  /** Emitted rows kept for rows(): [values…, rowtime]. */
  kept: unknown[][] = [];
  lastRowtime = -Infinity;
  /** The width of a row without ROWTIME (ROWTIME's index). */
  readonly width: number;
  constructor(
    readonly name: string,
    readonly columns: readonly StreamColumn[],
    readonly kind: 'input' | 'stream' | 'error',
  ) {
    this.width = columns.length;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A value as the API shows it: TIMESTAMP → ISO-8601, DATE → 'YYYY-MM-DD', others as they are. */
export function outValue(v: unknown, t: SqlType): unknown {
  if (v === null || v === undefined) return null;
  if (t.kind === 'timestamp' || t.kind === 'timestamptz') return iso(v as number);
  if (t.kind === 'date') return iso(v as number).slice(0, 10);
  return v;
}

/** A row array as a plain object keyed by column name, plus ROWTIME. */
export function rowObject(s: StreamState, row: readonly unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const cols = s.columns;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    if (!c.hidden) o[c.name] = outValue(row[i], c.type);
  }
  o.ROWTIME = iso(row[s.width] as number);
  return o;
}

/** An API value (number, string, boolean, Date-like ISO text, epoch ms for TIMESTAMP) into a column's type. */
export function inValue(v: unknown, t: SqlType): SqlValue {
  if (v === null || v === undefined) return null;
  if (t.kind === 'timestamp' || t.kind === 'date' || t.kind === 'timestamptz') {
    if (typeof v === 'number') return t.kind === 'date' ? Math.floor(v / 86_400_000) * 86_400_000 : v;
    if (typeof v === 'string') {
      const ms = parseTimestamp(v);
      if (ms === undefined) throw new SqlRuntimeError('22007', `invalid input syntax for type timestamp: "${v}"`);
      return t.kind === 'date' ? Math.floor(ms / 86_400_000) * 86_400_000 : ms;
    }
  }
  if (typeof v === 'number') return castValue(v, Number.isInteger(v) ? T.bigint : T.double, t);
  if (typeof v === 'string') return castValue(v, T.varchar, t);
  if (typeof v === 'boolean') return castValue(v, T.boolean, t);
  return castValue(JSON.stringify(v), T.varchar, t);
}

/** error_stream's columns (spec §A.9). */
export const ERROR_COLUMNS: readonly StreamColumn[] = [
  { name: 'ERROR_TIME', type: T.timestamp, display: 'TIMESTAMP' },
  { name: 'ERROR_LEVEL', type: { kind: 'varchar', length: 10 }, display: 'VARCHAR(10)' },
  { name: 'ERROR_NAME', type: { kind: 'varchar', length: 32 }, display: 'VARCHAR(32)' },
  { name: 'MESSAGE', type: { kind: 'varchar', length: 4096 }, display: 'VARCHAR(4096)' },
  { name: 'DATA_ROWTIME', type: T.timestamp, display: 'TIMESTAMP' },
  { name: 'DATA_ROW', type: { kind: 'varchar', length: 49152 }, display: 'VARCHAR(49152)' },
  { name: 'PUMP_NAME', type: { kind: 'varchar', length: 128 }, display: 'VARCHAR(128)' },
];

/** UTF-8 bytes of `s` as lower-case hex (error_stream's DATA_ROW). */
export function utf8Hex(s: string): string {
  let out = '';
  const h = (b: number): string => (b < 16 ? '0' : '') + b.toString(16);
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += h(c);
    else if (c < 0x800) out += h(0xc0 | (c >> 6)) + h(0x80 | (c & 63));
    else if (c < 0x10000) out += h(0xe0 | (c >> 12)) + h(0x80 | ((c >> 6) & 63)) + h(0x80 | (c & 63));
    else out += h(0xf0 | (c >> 18)) + h(0x80 | ((c >> 12) & 63)) + h(0x80 | ((c >> 6) & 63)) + h(0x80 | (c & 63));
  }
  return out;
}
