/**
 * Hive column types for record format conversion (spec §5.4): parsing the Glue table's type
 * strings (`array<struct<a:int,b:string>>`) and mapping each to its Parquet schema elements.
 *
 * Pure: no I/O, no clock.
 */
import type { SchemaElement } from 'hyparquet-writer';

/** A parsed Hive type. */
export type HiveType =
  | { kind: 'string' }
  | { kind: 'varchar'; length: number }
  | { kind: 'char'; length: number }
  | { kind: 'boolean' }
  | { kind: 'tinyint' | 'smallint' | 'int' | 'bigint' }
  | { kind: 'float' | 'double' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'date' | 'timestamp' | 'binary' }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: { name: string; type: HiveType }[] };

/** Parses a Hive type string (`array<struct<a:int,b:string>>`); throws with a readable message. */
export function parseHiveType(text: string): HiveType {
  let pos = 0;
  const s = text;
  const ws = () => { while (pos < s.length && /\s/.test(s[pos]!)) pos++; };
  const word = (): string => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(pos));
    if (!m) throw new Error(`Error: type expected at the position ${pos} of '${s}'`);
    pos += m[0].length;
    return m[0];
  };
  const expect = (c: string) => {
    ws();
    if (s[pos] !== c) throw new Error(`Error: '${c}' expected at the position ${pos} of '${s}'`);
    pos++;
  };
  const int = (): number => {
    ws();
    const m = /^\d+/.exec(s.slice(pos));
    if (!m) throw new Error(`Error: number expected at the position ${pos} of '${s}'`);
    pos += m[0].length;
    return Number(m[0]);
  };
  const peek = (c: string): boolean => { ws(); return s[pos] === c; };
  const type = (): HiveType => {
    const w = word().toLowerCase();
    switch (w) {
      case 'string': case 'boolean': case 'tinyint': case 'smallint': case 'int': case 'bigint':
      case 'float': case 'double': case 'date': case 'timestamp': case 'binary':
        return { kind: w };
      case 'integer': return { kind: 'int' };
      case 'varchar': case 'char': {
        expect('(');
        const length = int();
        expect(')');
        return { kind: w, length };
      }
      case 'decimal': {
        // Hive's default decimal is decimal(10,0).
        let precision = 10, scale = 0;
        if (peek('(')) {
          expect('(');
          precision = int();
          if (peek(',')) { expect(','); scale = int(); }
          expect(')');
        }
        if (precision < 1 || precision > 38 || scale > precision) throw new Error(`Invalid decimal(${precision},${scale}) in '${s}'`);
        return { kind: 'decimal', precision, scale };
      }
      case 'array': {
        expect('<');
        const element = type();
        expect('>');
        return { kind: 'array', element };
      }
      case 'map': {
        expect('<');
        const key = type();
        expect(',');
        const value = type();
        expect('>');
        return { kind: 'map', key, value };
      }
      case 'struct': {
        expect('<');
        const fields: { name: string; type: HiveType }[] = [];
        if (!peek('>')) {
          for (;;) {
            const name = word();
            expect(':');
            fields.push({ name, type: type() });
            if (peek(',')) { expect(','); continue; }
            break;
          }
        }
        expect('>');
        return { kind: 'struct', fields };
      }
      default:
        throw new Error(`Unsupported Hive type '${w}' in '${s}'`);
    }
  };
  const t = type();
  ws();
  if (pos !== s.length) throw new Error(`Error: unexpected '${s.slice(pos)}' at the position ${pos} of '${s}'`);
  return t;
}

/** Bytes a FIXED_LEN_BYTE_ARRAY needs for a signed decimal of `precision` digits (Hive's table). */
function decimalBytes(precision: number): number {
  let n = 1;
  while (2n ** BigInt(8 * n - 1) <= 10n ** BigInt(precision)) n++;
  return n;
}

/**
 * The Parquet schema elements of one column, in depth-first order. Lists and maps use the
 * standard 3-level layout (`list`/`element`, `key_value`/`key`/`value`).
 * Unsure: Hive's own Parquet writer (what AWS runs) names the list levels `bag`/`array_element`
 * and writes timestamps as INT96; INT64 TIMESTAMP_MILLIS is used here (hyparquet-writer has no
 * INT96), and every engine reads both.
 */
export function schemaOf(name: string, t: HiveType): SchemaElement[] {
  const leaf = (e: Omit<SchemaElement, 'name' | 'repetition_type'>): SchemaElement[] => [{ name, repetition_type: 'OPTIONAL', ...e }];
  switch (t.kind) {
    case 'string': case 'varchar': case 'char': return leaf({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    case 'boolean': return leaf({ type: 'BOOLEAN' });
    case 'tinyint': return leaf({ type: 'INT32', converted_type: 'INT_8' });
    case 'smallint': return leaf({ type: 'INT32', converted_type: 'INT_16' });
    case 'int': return leaf({ type: 'INT32' });
    case 'bigint': return leaf({ type: 'INT64' });
    case 'float': return leaf({ type: 'FLOAT' });
    case 'double': return leaf({ type: 'DOUBLE' });
    case 'decimal': return leaf({ type: 'FIXED_LEN_BYTE_ARRAY', type_length: decimalBytes(t.precision), converted_type: 'DECIMAL', precision: t.precision, scale: t.scale });
    case 'date': return leaf({ type: 'INT32', converted_type: 'DATE' });
    case 'timestamp': return leaf({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
    case 'binary': return leaf({ type: 'BYTE_ARRAY' });
    case 'array':
      return [
        { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...schemaOf('element', t.element),
      ];
    case 'map':
      return [
        { name, repetition_type: 'OPTIONAL', converted_type: 'MAP', num_children: 1 },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        ...schemaOf('key', t.key).map((e, i) => (i === 0 ? { ...e, repetition_type: 'REQUIRED' as const } : e)),
        ...schemaOf('value', t.value),
      ];
    case 'struct':
      if (t.fields.length === 0) throw new Error(`struct column ${name} has no fields`);
      return [{ name, repetition_type: 'OPTIONAL', num_children: t.fields.length }, ...t.fields.flatMap((f) => schemaOf(f.name, f.type))];
  }
}
