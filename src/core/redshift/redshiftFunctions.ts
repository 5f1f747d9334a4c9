/**
 * Redshift's own scalar functions on top of the standard set: GETDATE/SYSDATE, LEN, NVL,
 * DATE_TRUNC, DATEADD, DATEDIFF, DATE_PART, TO_CHAR. DATEADD/DATEDIFF/DATE_PART take a bare
 * date part (`DATEADD(day, 1, ts)`); database.ts rewrites that identifier to a string literal
 * before compiling, so here the part always arrives as text.
 */
import { checkArgs, commonType, extractField, noSuchFunction, simple, standardFunctions, SqlRuntimeError, type SqlFunction } from '../sql/functions.js';
import { floorTime } from '../sql/arithmetic.js';
import { unitMillis } from '../sql/temporalText.js';
import { T, type SqlValue } from '../sql/types.js';

/** Functions whose first argument is a date part written as a bare word. */
export const DATEPART_FUNCTIONS = new Set(['DATEADD', 'DATEDIFF', 'DATE_PART', 'DATE_TRUNC']);

const PART_ALIASES: Record<string, string> = {
  YEAR: 'YEAR', YEARS: 'YEAR', Y: 'YEAR', YR: 'YEAR', YRS: 'YEAR', YY: 'YEAR', YYYY: 'YEAR',
  QUARTER: 'QUARTER', QTR: 'QUARTER', QUARTERS: 'QUARTER',
  MONTH: 'MONTH', MONTHS: 'MONTH', MON: 'MONTH', MONS: 'MONTH', MM: 'MONTH',
  WEEK: 'WEEK', WEEKS: 'WEEK', W: 'WEEK',
  DAY: 'DAY', DAYS: 'DAY', D: 'DAY',
  HOUR: 'HOUR', HOURS: 'HOUR', H: 'HOUR', HR: 'HOUR', HRS: 'HOUR',
  MINUTE: 'MINUTE', MINUTES: 'MINUTE', M: 'MINUTE', MIN: 'MINUTE', MINS: 'MINUTE',
  SECOND: 'SECOND', SECONDS: 'SECOND', S: 'SECOND', SEC: 'SECOND', SECS: 'SECOND',
  MILLISECOND: 'MILLISECOND', MILLISECONDS: 'MILLISECOND', MS: 'MILLISECOND',
  EPOCH: 'EPOCH', DOW: 'DOW', DAYOFWEEK: 'DOW', DOY: 'DOY', DAYOFYEAR: 'DOY',
};

const part = (v: SqlValue | undefined): string => {
  const p = PART_ALIASES[String(v).trim().toUpperCase()];
  if (!p) throw new SqlRuntimeError('0A000', `Invalid datepart "${String(v)}"`);
  return p;
};

/** Adds n units; months and years move the calendar (day clamped to the month's end, as Redshift does). */
function dateAdd(p: string, n: number, ms: number): number {
  if (p === 'MONTH' || p === 'QUARTER' || p === 'YEAR') {
    const months = n * (p === 'YEAR' ? 12 : p === 'QUARTER' ? 3 : 1);
    const d = new Date(ms);
    const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
    const t = new Date(target);
    const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    return target + (Math.min(d.getUTCDate(), last) - 1) * 86_400_000 + (ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  }
  return ms + n * (unitMillis(p) ?? 0);
}

/** DATEDIFF counts boundaries crossed (Redshift: DATEDIFF(day, '…23:59', '…+1 00:01') = 1). */
function dateDiff(p: string, a: number, b: number): number {
  if (p === 'MONTH' || p === 'QUARTER' || p === 'YEAR') {
    const da = new Date(a);
    const db = new Date(b);
    const months = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
    if (p === 'MONTH') return months;
    if (p === 'YEAR') return db.getUTCFullYear() - da.getUTCFullYear();
    return Math.floor((db.getUTCFullYear() * 12 + db.getUTCMonth()) / 3) - Math.floor((da.getUTCFullYear() * 12 + da.getUTCMonth()) / 3);
  }
  if (p === 'WEEK') return Math.round((weekStart(b) - weekStart(a)) / (7 * 86_400_000));
  const unit = unitMillis(p) ?? 1;
  return Math.floor(b / unit) - Math.floor(a / unit);
}
const weekStart = (ms: number): number => {
  const day = floorTime(ms, 'DAY');
  return day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** TO_CHAR(ts, pattern) for the common datetime patterns (YYYY MM DD HH24 HH12 HH MI SS MS US AM/PM Mon Month Dy Day). */
export function toChar(ms: number, pattern: string): string {
  const d = new Date(ms);
  const tokens: [string, () => string][] = [
    ['YYYY', () => pad(d.getUTCFullYear(), 4)], ['YY', () => pad(d.getUTCFullYear() % 100)],
    ['MONTH', () => MONTHS[d.getUTCMonth()]!.toUpperCase().padEnd(9)], ['Month', () => MONTHS[d.getUTCMonth()]!.padEnd(9)],
    ['MON', () => MONTHS[d.getUTCMonth()]!.slice(0, 3).toUpperCase()], ['Mon', () => MONTHS[d.getUTCMonth()]!.slice(0, 3)],
    ['MM', () => pad(d.getUTCMonth() + 1)], ['DDD', () => pad(extractField('DOY', ms, T.timestamp)!, 3)], ['DD', () => pad(d.getUTCDate())],
    ['DAY', () => DAYS[d.getUTCDay()]!.toUpperCase().padEnd(9)], ['Day', () => DAYS[d.getUTCDay()]!.padEnd(9)],
    ['DY', () => DAYS[d.getUTCDay()]!.slice(0, 3).toUpperCase()], ['Dy', () => DAYS[d.getUTCDay()]!.slice(0, 3)],
    ['HH24', () => pad(d.getUTCHours())], ['HH12', () => pad(d.getUTCHours() % 12 || 12)], ['HH', () => pad(d.getUTCHours() % 12 || 12)],
    ['MI', () => pad(d.getUTCMinutes())], ['SS', () => pad(d.getUTCSeconds())], ['MS', () => pad(d.getUTCMilliseconds(), 3)],
    ['US', () => pad(d.getUTCMilliseconds() * 1000, 6)], ['AM', () => (d.getUTCHours() < 12 ? 'AM' : 'PM')], ['PM', () => (d.getUTCHours() < 12 ? 'AM' : 'PM')],
    ['Q', () => String(Math.floor(d.getUTCMonth() / 3) + 1)],
  ];
  let out = '';
  let i = 0;
  outer: while (i < pattern.length) {
    for (const [tok, f] of tokens) {
      if (pattern.startsWith(tok, i)) {
        out += f();
        i += tok.length;
        continue outer;
      }
    }
    out += pattern[i];
    i++;
  }
  return out;
}

const datePart: SqlFunction = simple('date_part', T.double, [['text', 'time']], (a, env) => {
  const v = extractField(part(a[0]), a[1] as number, env.argTypes[1]!);
  if (v === undefined) throw new SqlRuntimeError('0A000', `Invalid datepart "${String(a[0])}"`);
  return v;
});

/** The Redshift dialect's function registry. */
export const redshiftFunctions = standardFunctions.with({
  GETDATE: simple('getdate', T.timestamp, [[]], (_a, env) => Math.floor(env.now() / 1000) * 1000),
  // SYSDATE is the transaction start with microseconds; GETDATE truncates to seconds.
  SYSDATE: simple('sysdate', T.timestamp, [[]], (_a, env) => env.now()),
  LEN: simple('len', T.integer, [['text']], (a) => [...String(a[0]).replace(/ +$/, '')].length),
  NVL: {
    nullCall: true,
    returnType(types, at) {
      const t = commonType(types);
      if (types.length < 2 || !t) throw noSuchFunction('nvl', types, at);
      return t;
    },
    impl: (a) => a.find((v) => v !== null) ?? null,
  },
  DATE_TRUNC: {
    returnType(types, at) {
      checkArgs('date_trunc', types, at, ['text', 'time']);
      return types[1]!.kind === 'timestamptz' ? T.timestamptz : T.timestamp;
    },
    impl: (a) => {
      const p = part(a[0]);
      if (p === 'WEEK') return weekStart(a[1] as number);
      if (p === 'QUARTER') {
        const d = new Date(a[1] as number);
        return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
      }
      return floorTime(a[1] as number, p);
    },
  },
  DATEADD: {
    returnType(types, at) {
      checkArgs('dateadd', types, at, ['text', 'int', 'time']);
      return types[2]!.kind === 'timestamptz' ? T.timestamptz : T.timestamp;
    },
    impl: (a) => dateAdd(part(a[0]), a[1] as number, a[2] as number),
  },
  DATEDIFF: simple('datediff', T.bigint, [['text', 'time', 'time']], (a) => dateDiff(part(a[0]), a[1] as number, a[2] as number)),
  DATE_PART: datePart,
  TO_CHAR: simple('to_char', T.varchar, [['time', 'text']], (a) => toChar(a[0] as number, String(a[1]))),
});
