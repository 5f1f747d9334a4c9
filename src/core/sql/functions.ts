/**
 * Scalar functions: a registry from upper-case name to a typed implementation. The registry is
 * immutable; a dialect adds or overrides entries with `registry.with({...})` (Redshift adds
 * GETDATE, NVL, DATEADD…; KDA will add its own), so the standard set stays dialect-neutral.
 */
import { SqlError, SqlRuntimeError, type Pos } from './errors.js';
import {
  T, decimal, isIntegral, isNumeric, isTemporal, isText, promote, roundTo, typeDisplayName, valueToText,
  type SqlType, type SqlValue,
} from './types.js';

/** What an implementation may look at besides its arguments. */
export interface FunctionEnv {
  readonly argTypes: readonly SqlType[];
  /** The static result type returned by `returnType`. */
  readonly type: SqlType;
  /** The statement clock (epoch ms) for CURRENT_TIMESTAMP & co. */
  now(): number;
}

export interface SqlFunction {
  /** The result type for these argument types; throws SqlError (42883) when the call is invalid. */
  returnType(argTypes: readonly SqlType[], at: Pos, constants: readonly (SqlValue | undefined)[]): SqlType;
  impl(args: readonly SqlValue[], env: FunctionEnv): SqlValue;
  /** Called even when an argument is NULL (COALESCE, NULLIF, CONCAT). Otherwise any NULL argument gives NULL. */
  readonly nullCall?: boolean;
}

/** An immutable name → function map. */
export class FunctionRegistry {
  private readonly map: ReadonlyMap<string, SqlFunction>;
  constructor(entries: Readonly<Record<string, SqlFunction>> | ReadonlyMap<string, SqlFunction> = {}) {
    this.map = entries instanceof Map ? new Map(entries) : new Map(Object.entries(entries));
  }
  get(name: string): SqlFunction | undefined {
    return this.map.get(name.toUpperCase());
  }
  has(name: string): boolean {
    return this.map.has(name.toUpperCase());
  }
  /** A new registry with `more` added (replacing same-named entries). */
  with(more: Readonly<Record<string, SqlFunction>>): FunctionRegistry {
    const m = new Map(this.map);
    for (const [k, v] of Object.entries(more)) m.set(k.toUpperCase(), v);
    return new FunctionRegistry(m);
  }
}

/** PostgreSQL's `function upper(integer) does not exist` (42883). */
export function noSuchFunction(name: string, argTypes: readonly SqlType[], at: Pos): SqlError {
  return new SqlError(`function ${name.toLowerCase()}(${argTypes.map(typeDisplayName).join(', ')}) does not exist`, at, { code: '42883' });
}

/** Argument classes for signature checks; 'unknown' (a NULL literal) matches any class. */
export type ArgClass = 'text' | 'num' | 'int' | 'time' | 'any';

const matches = (t: SqlType, c: ArgClass): boolean =>
  t.kind === 'unknown' || c === 'any' || (c === 'text' && isText(t)) || (c === 'num' && isNumeric(t)) || (c === 'int' && isIntegral(t)) || (c === 'time' && isTemporal(t));

/** Checks the arguments against any of the signatures, or throws `function f(types) does not exist`. */
export function checkArgs(name: string, types: readonly SqlType[], at: Pos, ...sigs: ArgClass[][]): void {
  if (!sigs.some((s) => s.length === types.length && s.every((c, i) => matches(types[i]!, c)))) throw noSuchFunction(name, types, at);
}

/** A function of fixed signatures and result type. */
export function simple(
  name: string,
  result: SqlType | ((t: readonly SqlType[], constants: readonly (SqlValue | undefined)[]) => SqlType),
  sigs: ArgClass[][],
  impl: SqlFunction['impl'],
): SqlFunction {
  return {
    returnType(types, at, constants) {
      checkArgs(name, types, at, ...sigs);
      return typeof result === 'function' ? result(types, constants) : result;
    },
    impl,
  };
}

const str = (v: SqlValue): string => v as string;
const num = (v: SqlValue): number => v as number;
const first = (t: readonly SqlType[]): SqlType => (t[0]!.kind === 'unknown' ? T.double : t[0]!);

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  if (left) while (a < b && chars.includes(s[a]!)) a++;
  if (right) while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

const trim = (name: string, left: boolean, right: boolean): SqlFunction =>
  simple(name, T.varchar, [['text'], ['text', 'text']], (a) => trimChars(str(a[0]!), a.length > 1 ? str(a[1]!) : ' ', left, right));

/** PostgreSQL substring: characters [start, start+len) clipped to the string, 1-based. */
export function substring(s: string, start: number, len?: number): string {
  if (len !== undefined && len < 0) throw new SqlRuntimeError('22011', 'negative substring length not allowed');
  const from = Math.max(start, 1);
  const to = len === undefined ? s.length + 1 : start + len;
  return to <= from ? '' : s.slice(from - 1, to - 1);
}

/** Integer-or-decimal-preserving rounding function (FLOOR, CEIL). */
const rounding = (name: string, f: (x: number) => number): SqlFunction =>
  simple(name, (t) => (t[0]!.kind === 'decimal' ? decimal(t[0]!.precision, 0) : first(t)), [['num']], (a) => f(num(a[0]!)) + 0);

function checkedDiv(a: number, b: number): number {
  if (b === 0) throw new SqlRuntimeError('22012', 'division by zero');
  return a % b;
}

const DAY = 86_400_000;

/** EXTRACT(field FROM x) on epoch ms (or an interval in ms); undefined for an unknown field. */
export function extractField(field: string, ms: number, type: SqlType): number | undefined {
  if (type.kind === 'interval') {
    switch (field) {
      case 'EPOCH': return ms / 1000;
      case 'DAY': case 'DAYS': return Math.trunc(ms / DAY);
      case 'HOUR': case 'HOURS': return Math.trunc((ms % DAY) / 3_600_000);
      case 'MINUTE': case 'MINUTES': return Math.trunc((ms % 3_600_000) / 60_000);
      case 'SECOND': case 'SECONDS': return (ms % 60_000) / 1000;
      default: return undefined;
    }
  }
  const d = new Date(ms);
  switch (field) {
    case 'YEAR': case 'YEARS': return d.getUTCFullYear();
    case 'QUARTER': return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'MONTH': case 'MONTHS': return d.getUTCMonth() + 1;
    case 'DAY': case 'DAYS': return d.getUTCDate();
    case 'HOUR': case 'HOURS': return d.getUTCHours();
    case 'MINUTE': case 'MINUTES': return d.getUTCMinutes();
    case 'SECOND': case 'SECONDS': return d.getUTCSeconds() + d.getUTCMilliseconds() / 1000;
    case 'MILLISECOND': case 'MILLISECONDS': return d.getUTCSeconds() * 1000 + d.getUTCMilliseconds();
    case 'EPOCH': return ms / 1000;
    case 'DOW': return d.getUTCDay();
    case 'DOY': return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;
    case 'WEEK': {
      // ISO week: the week with the year's first Thursday is week 1.
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
      return Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / DAY + 1) / 7);
    }
    default: return undefined;
  }
}

/** The common type of COALESCE/CASE branches, or undefined if they cannot be matched. */
export function commonType(types: readonly SqlType[]): SqlType | undefined {
  let out: SqlType = T.unknown;
  for (const t of types) {
    if (t.kind === 'unknown') continue;
    if (out.kind === 'unknown') out = t;
    else if (isNumeric(out) && isNumeric(t)) out = promote(out, t);
    else if (isText(out) && isText(t)) out = out.kind === 'varchar' && t.kind === 'varchar' && out.length !== undefined && t.length !== undefined ? { kind: 'varchar', length: Math.max(out.length, t.length) } : T.varchar;
    else if (isTemporal(out) && isTemporal(t)) out = out.kind === 'date' ? t : out;
    else if (out.kind !== t.kind) return undefined;
  }
  return out;
}

/** The dialect-neutral scalar functions. */
export const standardFunctions = new FunctionRegistry({
  UPPER: simple('upper', T.varchar, [['text']], (a) => str(a[0]!).toUpperCase()),
  LOWER: simple('lower', T.varchar, [['text']], (a) => str(a[0]!).toLowerCase()),
  BTRIM: trim('btrim', true, true),
  TRIM: trim('btrim', true, true),
  LTRIM: trim('ltrim', true, false),
  RTRIM: trim('rtrim', false, true),
  SUBSTRING: simple('substring', T.varchar, [['text', 'int'], ['text', 'int', 'int']], (a) => substring(str(a[0]!), num(a[1]!), a.length > 2 ? num(a[2]!) : undefined)),
  POSITION: simple('position', T.integer, [['text', 'text']], (a) => str(a[1]!).indexOf(str(a[0]!)) + 1),
  STRPOS: simple('strpos', T.integer, [['text', 'text']], (a) => str(a[0]!).indexOf(str(a[1]!)) + 1),
  CHAR_LENGTH: simple('char_length', T.integer, [['text']], (a) => [...str(a[0]!)].length),
  CHARACTER_LENGTH: simple('character_length', T.integer, [['text']], (a) => [...str(a[0]!)].length),
  LENGTH: simple('length', T.integer, [['text']], (a) => [...str(a[0]!)].length),
  OVERLAY: simple('overlay', T.varchar, [['text', 'text', 'int'], ['text', 'text', 'int', 'int']], (a) => {
    const s = str(a[0]!);
    const y = str(a[1]!);
    const from = num(a[2]!);
    const n = a.length > 3 ? num(a[3]!) : y.length;
    return substring(s, 1, from - 1) + y + substring(s, from + n);
  }),
  REPLACE: simple('replace', T.varchar, [['text', 'text', 'text']], (a) => (str(a[1]!) === '' ? str(a[0]!) : str(a[0]!).split(str(a[1]!)).join(str(a[2]!)))),
  CONCAT: {
    returnType: () => T.varchar,
    nullCall: true,
    impl: (a, env) => a.map((v, i) => (v === null ? '' : valueToText(v, env.argTypes[i]!))).join(''),
  },
  ABS: simple('abs', first, [['num']], (a) => Math.abs(num(a[0]!))),
  // ROUND(decimal, n) has scale n when n is a constant (PostgreSQL gives the value's scale; same output).
  ROUND: simple('round', (t, c) => (t[0]!.kind === 'decimal' ? decimal(t[0]!.precision, t.length > 1 ? (typeof c[1] === 'number' ? Math.max(0, c[1]) : t[0]!.scale) : 0) : first(t)), [['num'], ['num', 'int']], (a) => {
    const n = a.length > 1 ? num(a[1]!) : 0;
    return roundTo(num(a[0]!), n);
  }),
  FLOOR: rounding('floor', Math.floor),
  CEIL: rounding('ceil', Math.ceil),
  CEILING: rounding('ceiling', Math.ceil),
  MOD: simple('mod', (t) => promote(t[0]!, t[1]!), [['num', 'num']], (a) => checkedDiv(num(a[0]!), num(a[1]!))),
  POWER: simple('power', T.double, [['num', 'num']], (a) => num(a[0]!) ** num(a[1]!)),
  POW: simple('pow', T.double, [['num', 'num']], (a) => num(a[0]!) ** num(a[1]!)),
  SQRT: simple('sqrt', T.double, [['num']], (a) => {
    if (num(a[0]!) < 0) throw new SqlRuntimeError('2201F', 'cannot take square root of a negative number');
    return Math.sqrt(num(a[0]!));
  }),
  LN: simple('ln', T.double, [['num']], (a) => {
    const x = num(a[0]!);
    if (x === 0) throw new SqlRuntimeError('2201E', 'cannot take logarithm of zero');
    if (x < 0) throw new SqlRuntimeError('2201E', 'cannot take logarithm of a negative number');
    return Math.log(x);
  }),
  EXP: simple('exp', T.double, [['num']], (a) => Math.exp(num(a[0]!))),
  COALESCE: {
    nullCall: true,
    returnType(types, at) {
      const t = commonType(types);
      if (types.length === 0 || !t) throw noSuchFunction('coalesce', types, at);
      return t;
    },
    impl: (a) => a.find((v) => v !== null) ?? null,
  },
  NULLIF: {
    nullCall: true,
    returnType(types, at) {
      if (types.length !== 2 || !commonType(types)) throw noSuchFunction('nullif', types, at);
      return types[0]!;
    },
    impl: (a) => (a[0] !== null && a[1] !== null && a[0] === a[1] ? null : a[0]!),
  },
  // Unsure: PostgreSQL's CURRENT_TIMESTAMP is timestamptz; the value is the statement clock either way.
  CURRENT_TIMESTAMP: simple('current_timestamp', T.timestamptz, [[]], (_a, env) => env.now()),
  LOCALTIMESTAMP: simple('localtimestamp', T.timestamp, [[]], (_a, env) => env.now()),
  CURRENT_DATE: simple('current_date', T.date, [[]], (_a, env) => Math.floor(env.now() / DAY) * DAY),
});

/** Re-exported for dialect function definitions. */
export { SqlRuntimeError };
