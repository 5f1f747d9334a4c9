/**
 * Type names as written in casts and column definitions, canonicalised (INT4 → INTEGER,
 * CHARACTER VARYING → VARCHAR, TIMESTAMP WITH TIME ZONE → TIMESTAMPTZ).
 */
import type { TypeName, TypeNameKey } from './ast.js';
import { syntaxErrorAt } from './errors.js';
import type { TokenCursor } from './tokenCursor.js';

/** Parses a type name: INT4, VARCHAR(10), DOUBLE PRECISION, TIMESTAMP WITH TIME ZONE, … */
export function parseTypeName(cur: TokenCursor): TypeName {
  const t = cur.peek();
  if (t.kind !== 'ident') throw cur.error(['type name']);
  cur.next();
  const w = t.text.toUpperCase();
  let name: TypeNameKey;
  switch (w) {
    // TINYINT (KDA) is read as SMALLINT. Unsure: SQLstream's TINYINT range is −128..127.
    case 'SMALLINT': case 'INT2': case 'TINYINT': name = 'SMALLINT'; break;
    case 'INTEGER': case 'INT': case 'INT4': name = 'INTEGER'; break;
    case 'BIGINT': case 'INT8': name = 'BIGINT'; break;
    case 'DECIMAL': case 'NUMERIC': name = 'DECIMAL'; break;
    case 'REAL': case 'FLOAT4': name = 'REAL'; break;
    case 'FLOAT': case 'FLOAT8': name = 'DOUBLE PRECISION'; break;
    // KDA/SQLstream write plain DOUBLE; PostgreSQL requires DOUBLE PRECISION (accepting both is harmless).
    case 'DOUBLE': cur.accept('PRECISION'); name = 'DOUBLE PRECISION'; break;
    case 'BOOLEAN': case 'BOOL': name = 'BOOLEAN'; break;
    case 'CHAR': case 'CHARACTER': case 'NCHAR': case 'BPCHAR':
      if (cur.accept('VARYING')) name = 'VARCHAR';
      else name = 'CHAR';
      break;
    case 'VARCHAR': case 'NVARCHAR': case 'TEXT': case 'STRING': name = 'VARCHAR'; break;
    case 'DATE': name = 'DATE'; break;
    case 'TIMESTAMPTZ': name = 'TIMESTAMPTZ'; break;
    case 'TIMESTAMP':
      if (cur.isKeyword('WITH') && cur.isKeyword('TIME', 1)) {
        cur.next(); cur.next(); cur.expect('ZONE');
        name = 'TIMESTAMPTZ';
      } else {
        if (cur.isKeyword('WITHOUT')) { cur.next(); cur.expect('TIME'); cur.expect('ZONE'); }
        name = 'TIMESTAMP';
      }
      break;
    default:
      throw syntaxErrorAt(t, ['type name']);
  }
  const args: number[] = [];
  if (cur.accept('(')) {
    do {
      const a = cur.peek();
      if (a.kind === 'number' && /^\d+$/.test(a.text)) args.push(Number(cur.next().text));
      else if (a.kind === 'ident' && a.text.toUpperCase() === 'MAX' && name === 'VARCHAR') { cur.next(); args.push(65535); }
      else throw cur.error(['integer']);
    } while (cur.accept(','));
    cur.expect(')');
  }
  return { name, args };
}
