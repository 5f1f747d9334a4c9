/**
 * JSON → Hive value coercion for record format conversion: how the OpenX and Hive JSON SerDes
 * find a column's field in a JSON object and turn its value into what the Parquet writer takes
 * (OpenX coerces strings into numbers, scalars into arrays, anything into text; Hive does not).
 *
 * Pure: no I/O, no clock.
 */
import { jsonKind, malformed } from './conversionErrors.js';
import type { HiveType } from './hiveType.js';
import { hiveTimestamp, openXTimestamp, toDate } from './hiveTimestamp.js';

/** The JSON deserializer of the conversion (OpenXJsonSerDe or HiveJsonSerDe settings). */
export type Deserializer =
  | { kind: 'OpenX'; caseInsensitive: boolean; convertDotsInJsonKeysToUnderscores: boolean; columnToJsonKeyMappings?: Record<string, string> }
  | { kind: 'Hive'; timestampFormats?: string[] };

/** How a deserializer reads JSON (derived from its settings by `rulesOf`). */
export interface Rules {
  /** OpenX coerces (JSON strings into numbers, scalars into arrays, anything into text); Hive does not. */
  lenient: boolean;
  caseInsensitive: boolean;
  dots: boolean;
  mappings: Map<string, string>;
  timestampFormats: readonly string[] | undefined;
}

/** The reading rules of a deserializer. */
export function rulesOf(d: Deserializer): Rules {
  if (d.kind === 'OpenX') {
    const mappings = new Map<string, string>();
    for (const [col, key] of Object.entries(d.columnToJsonKeyMappings ?? {})) mappings.set(col.toLowerCase(), key);
    return { lenient: true, caseInsensitive: d.caseInsensitive, dots: d.convertDotsInJsonKeysToUnderscores, mappings, timestampFormats: undefined };
  }
  // Hive's JsonSerDe matches field names case-insensitively (it lower-cases them).
  return { lenient: false, caseInsensitive: true, dots: false, mappings: new Map(), timestampFormats: d.timestampFormats };
}

/** Looks up a field of a JSON object by column name, as the SerDe does. */
export function field(obj: Record<string, unknown>, column: string, rules: Rules, top: boolean): unknown {
  const mapped = top ? rules.mappings.get(column.toLowerCase()) : undefined;
  if (mapped !== undefined) {
    if (Object.hasOwn(obj, mapped)) return obj[mapped];
    if (rules.caseInsensitive) {
      const want = mapped.toLowerCase();
      for (const k of Object.keys(obj)) if (k.toLowerCase() === want) return obj[k];
    }
    return undefined;
  }
  const norm = (k: string) => {
    const d = rules.dots ? k.replace(/\./g, '_') : k;
    return rules.caseInsensitive ? d.toLowerCase() : d;
  };
  const want = norm(column);
  if (Object.hasOwn(obj, column) && norm(column) === want) return obj[column];
  // Unsure: two keys equal after folding (`A` and `a`) — the last one wins here.
  let found: unknown;
  for (const k of Object.keys(obj)) if (norm(k) === want) found = obj[k];
  return found;
}

const INT_RANGE = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/** An integer from a JSON number (must be integral) or, for OpenX, a numeric string. */
function toInteger(v: unknown, kind: keyof typeof INT_RANGE, rules: Rules, path: string): bigint {
  let big: bigint;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw malformed(`For input string: "${v}" (${path} is ${kind}).`);
    big = BigInt(v);
  } else if (typeof v === 'string' && rules.lenient) {
    if (!/^\s*[+-]?\d+\s*$/.test(v)) throw malformed(`For input string: "${v}" (${path} is ${kind}).`);
    big = BigInt(v.trim());
  } else if (typeof v === 'string') {
    throw malformed(`Current token (VALUE_STRING) not numeric, can not use numeric value accessors (${path} is ${kind}).`);
  } else {
    throw malformed(`Cannot convert a JSON ${jsonKind(v)} to ${kind} (${path}).`);
  }
  const [lo, hi] = INT_RANGE[kind];
  if (big < lo || big > hi) throw malformed(`Value ${big} out of range for ${kind} (${path}).`);
  return big;
}

function toFloating(v: unknown, rules: Rules, path: string, kind: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && rules.lenient) {
    const t = v.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || /^[+-]?(Infinity|NaN)$/.test(t)) return Number(t);
    throw malformed(`For input string: "${v}" (${path} is ${kind}).`);
  }
  if (typeof v === 'string') throw malformed(`Current token (VALUE_STRING) not numeric, can not use numeric value accessors (${path} is ${kind}).`);
  throw malformed(`Cannot convert a JSON ${jsonKind(v)} to ${kind} (${path}).`);
}

/**
 * Decimal text → unscaled bigint at `scale` (half-up rounding, as HiveDecimal). A value with more
 * integer digits than precision − scale becomes null, as Hive's enforcePrecisionScale does.
 * Unsure: whether Firehose nulls or fails such a value (Hive semantics assumed).
 */
function toDecimal(v: unknown, t: { precision: number; scale: number }, rules: Rules, path: string): bigint | null {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw malformed(`${v} is not a decimal (${path}).`);
    text = plainNumber(v);
  } else if (typeof v === 'string' && rules.lenient) text = v.trim();
  else throw malformed(`Cannot convert a JSON ${jsonKind(v)} to decimal(${t.precision},${t.scale}) (${path}).`);
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw malformed(`For input string: "${text}" (${path} is decimal).`);
  const neg = m[1] === '-';
  const intPart = m[2]!.replace(/^0+/, '');
  const frac = m[3] ?? '';
  if (intPart.length > t.precision - t.scale) return null;
  let digits = BigInt((intPart || '0') + frac.slice(0, t.scale).padEnd(t.scale, '0'));
  if (frac.length > t.scale && Number(frac[t.scale]) >= 5) digits += 1n;
  if (digits.toString().length > t.precision) return null;
  return neg ? -digits : digits;
}

/** A number written without exponent (1e-7 → "0.0000001"), so decimals keep their digits. */
function plainNumber(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  const [mant, expText] = s.toLowerCase().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const [ip, fp = ''] = mant.replace('-', '').split('.') as [string, string?];
  const all = ip + fp;
  const point = ip.length + exp;
  const body = point <= 0 ? `0.${'0'.repeat(-point)}${all}` : point >= all.length ? all + '0'.repeat(point - all.length) : `${all.slice(0, point)}.${all.slice(point)}`;
  return (neg ? '-' : '') + body;
}

const encoder = new TextEncoder();

/** Coerces one JSON value to a Hive type, giving what hyparquet-writer takes for that column. */
export function coerce(v: unknown, t: HiveType, rules: Rules, path: string): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'string': case 'varchar': case 'char': {
      let s: string;
      if (typeof v === 'string') s = v;
      else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
      else if (rules.lenient) s = JSON.stringify(v); // OpenX keeps nested JSON as its text.
      else throw malformed(`One or more fields have incorrect format. Exception when validating field (${path})`);
      if (t.kind === 'varchar') return [...s].slice(0, t.length).join('');
      if (t.kind === 'char') return [...s].slice(0, t.length).join('').padEnd(t.length, ' ');
      return s;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      // Hive and OpenX both read a JSON string through Boolean.valueOf ("true" in any case, else false).
      // Unsure: Hive with a string in a boolean column was not probed (floci #3521).
      if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
      throw malformed(`Cannot convert a JSON ${jsonKind(v)} to boolean (${path}).`);
    case 'tinyint': case 'smallint': case 'int': {
      const n = toInteger(v, t.kind, rules, path);
      return Number(n);
    }
    case 'bigint':
      return toInteger(v, 'bigint', rules, path);
    case 'float':
      return Math.fround(toFloating(v, rules, path, 'float'));
    case 'double':
      return toFloating(v, rules, path, 'double');
    case 'decimal':
      return toDecimal(v, t, rules, path);
    case 'date':
      return toDate(v, path);
    case 'timestamp':
      return new Date(rules.lenient ? openXTimestamp(v, path) : hiveTimestamp(v, rules.timestampFormats, path));
    case 'binary':
      // Unsure: the byte encoding of a JSON string in a binary column (UTF-8 bytes assumed, not base64).
      if (typeof v === 'string') return encoder.encode(v);
      throw malformed(`Cannot convert a JSON ${jsonKind(v)} to binary (${path}).`);
    case 'array': {
      let list: unknown[];
      if (Array.isArray(v)) list = v;
      else if (rules.lenient) list = [v]; // Unsure: OpenX wraps a lone value (floci #3521: "OpenX coerces").
      else throw malformed('java.io.IOException: Start of Array expected');
      return list.map((e, k) => coerce(e, t.element, rules, `${path}[${k}]`));
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) throw malformed(`Start of Object expected for map column (${path}).`);
      const out: { key: unknown; value: unknown }[] = [];
      for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
        const key = coerce(k, t.key, { ...rules, lenient: true }, `${path}.${k}`);
        if (key === null) throw malformed(`Map key ${JSON.stringify(k)} is null after conversion (${path}).`);
        out.push({ key, value: coerce(e, t.value, rules, `${path}.${k}`) });
      }
      return out;
    }
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) {
        if (!rules.lenient) throw malformed('java.io.IOException: Start of Object expected');
        return null; // Unsure: what OpenX makes of a non-object in a struct column (null assumed).
      }
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) out[f.name] = coerce(field(obj, f.name, rules, false), f.type, rules, `${path}.${f.name}`);
      return out;
    }
  }
}
