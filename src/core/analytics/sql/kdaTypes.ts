/**
 * KDA (SQLstream) column types on top of the foundation's SqlType. The foundation has no TIME,
 * TINYINT or BINARY kinds, so they map onto the nearest existing kind and keep their written
 * name for describe(): TINYINT → smallint with TINYINT's range, TIME → interval (ms since
 * midnight), BINARY/VARBINARY → varchar (hex text).
 * Unsure: TINYINT keeps SMALLINT's range here (SQLstream's is −128..127); TIME arithmetic and
 * display are those of an INTERVAL. Neither appears in AWS's examples.
 */
import { SqlError } from '../../sql/errors.js';
import { TokenCursor } from '../../sql/tokenCursor.js';
import { T, decimal, type SqlType } from '../../sql/types.js';

export interface KdaType {
  readonly type: SqlType;
  /** As written, normalised: 'VARCHAR(4)', 'DOUBLE', 'TIMESTAMP'. */
  readonly display: string;
}

/** Parses a KDA column type at the cursor (CREATE STREAM column definitions). */
export function parseKdaType(cur: TokenCursor): KdaType {
  const t = cur.peek();
  if (t.kind !== 'ident') throw cur.error(['type name']);
  cur.next();
  let w = t.text.toUpperCase();
  if (w === 'DOUBLE') cur.accept('PRECISION');
  if ((w === 'CHAR' || w === 'CHARACTER') && cur.accept('VARYING')) w = 'VARCHAR';
  if (w === 'TIMESTAMP' && cur.isKeyword('WITHOUT')) { cur.next(); cur.expect('TIME'); cur.expect('ZONE'); }
  const args: number[] = [];
  if (cur.accept('(')) {
    do {
      const a = cur.next();
      if (a.kind !== 'number' || !/^\d+$/.test(a.text)) throw new SqlError(`syntax error at or near "${a.text}"`, a, { expected: ['integer'] });
      args.push(Number(a.text));
    } while (cur.accept(','));
    cur.expect(')');
  }
  const type = kdaTypeOf(w, args);
  if (!type) throw new SqlError(`unknown type "${t.text}"`, t, { expected: ['type name'] });
  const display = args.length ? `${w}(${args.join(',')})` : w;
  return { type, display };
}

function kdaTypeOf(w: string, args: readonly number[]): SqlType | undefined {
  switch (w) {
    case 'BOOLEAN': return T.boolean;
    case 'TINYINT': case 'SMALLINT': return T.smallint;
    case 'INTEGER': case 'INT': return T.integer;
    case 'BIGINT': return T.bigint;
    case 'DECIMAL': case 'NUMERIC': return decimal(args[0] ?? 18, args[1] ?? 0);
    case 'REAL': case 'FLOAT': return T.real;
    case 'DOUBLE': return T.double;
    case 'CHAR': case 'CHARACTER': return { kind: 'char', length: args[0] ?? 1 };
    case 'VARCHAR': return args[0] !== undefined ? { kind: 'varchar', length: args[0] } : T.varchar;
    case 'BINARY': case 'VARBINARY': return args[0] !== undefined ? { kind: 'varchar', length: args[0] * 2 } : T.varchar;
    case 'DATE': return T.date;
    case 'TIME': return T.interval;
    case 'TIMESTAMP': return T.timestamp;
    case 'INTERVAL': return T.interval;
    default: return undefined;
  }
}

/** A type string from the input configuration ('VARCHAR(4)', 'DOUBLE', 'DECIMAL(10,2)'). */
export function kdaTypeFromString(text: string): KdaType {
  const cur = new TokenCursor(text);
  const k = parseKdaType(cur);
  if (!cur.atEnd()) throw cur.error();
  return k;
}
