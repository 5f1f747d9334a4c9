/**
 * Dates and timestamps in record format conversion: OpenX's fixed forms (ISO-like text, epoch
 * seconds or millis) and Hive's `TimestampFormats` (Joda patterns or "millis", else
 * `java.sql.Timestamp::valueOf`), per AWS's "Converting input record format" docs.
 *
 * Pure: no I/O, no clock.
 */
import { jsonKind, malformed } from './conversionErrors.js';

const DAY_MS = 86_400_000;

/** `yyyy-MM-dd` (Hive's Date.valueOf also accepts one-digit month/day) → days since epoch. */
export function toDate(v: unknown, path: string): number {
  if (typeof v !== 'string') throw malformed(`Cannot convert a JSON ${jsonKind(v)} to date (${path}).`);
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(v);
  if (!m) throw malformed(`Unparseable date: "${v}" (${path}).`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw malformed(`Invalid date: "${v}" (${path}).`);
  return Math.round(ms / DAY_MS);
}

/** `yyyy-[M]M-[d]d[ T]HH:mm:ss[.f{1,9}][Z]` → epoch ms (UTC); undefined if it does not match. */
function isoish(s: string): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z)?$/.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * OpenX timestamps (record-format-conversion.html): `yyyy-MM-dd'T'HH:mm:ss[.S]'Z'`,
 * `yyyy-[M]M-[d]d HH:mm:ss[.S]`, epoch seconds, epoch millis, floating-point epoch seconds.
 * Unsure: how AWS tells epoch seconds from millis — here an integer of magnitude ≥ 1e11 is
 * millis (1e11 s is the year 5138), anything smaller seconds.
 */
export function openXTimestamp(v: unknown, path: string): number {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const iso = isoish(v);
    if (iso !== undefined) return iso;
    if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(v)) n = Number(v);
  }
  if (n === undefined || !Number.isFinite(n)) throw malformed(`Cannot parse timestamp from ${JSON.stringify(v)} (${path}).`);
  if (Number.isInteger(n) && Math.abs(n) >= 1e11) return n;
  return Math.round(n * 1000);
}

/** Why a HiveJsonSerDe TimestampFormats entry cannot be used here, or undefined ("millis" and the Joda letters supported). */
export function timestampFormatProblem(pattern: string): string | undefined {
  if (pattern === 'millis') return undefined;
  try {
    jodaParser(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A Joda-Time pattern → a parser (the subset Firehose users write: y M d H h m s S a Z, literals). */
function jodaParser(pattern: string): (s: string) => number | undefined {
  const parts: { re: string; set?: (f: Record<string, number>, text: string) => void }[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const lit = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      parts.push({ re: lit === '' ? "'" : lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') });
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      parts.push({ re: c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') });
      i++;
      continue;
    }
    let j = i;
    while (pattern[j] === c) j++;
    const count = j - i;
    i = j;
    const num = (key: string, min: number, max: number) => parts.push({ re: `(\\d{${min},${max}})`, set: (f, t) => { f[key] = Number(t); } });
    switch (c) {
      case 'y': case 'Y': case 'u': num('year', count === 2 ? 2 : 4, count === 2 ? 2 : 9); break;
      case 'M': num('month', count === 1 ? 1 : 2, 2); break;
      case 'd': num('day', count === 1 ? 1 : 2, 2); break;
      case 'H': case 'k': num('hour', count === 1 ? 1 : 2, 2); break;
      case 'h': case 'K': num('hour12', count === 1 ? 1 : 2, 2); break;
      case 'm': num('minute', count === 1 ? 1 : 2, 2); break;
      case 's': num('second', count === 1 ? 1 : 2, 2); break;
      case 'S': parts.push({ re: `(\\d{1,${Math.max(count, 3)}})`, set: (f, t) => { f.ms = Number(t.padEnd(3, '0').slice(0, 3)); } }); break;
      case 'a': parts.push({ re: '(AM|PM|am|pm)', set: (f, t) => { f.pm = t.toUpperCase() === 'PM' ? 1 : 0; } }); break;
      case 'Z': case 'X':
        parts.push({ re: '(Z|[+-]\\d{2}:?\\d{2})', set: (f, t) => {
          if (t === 'Z') { f.offset = 0; return; }
          const sign = t[0] === '-' ? -1 : 1;
          const d = t.slice(1).replace(':', '');
          f.offset = sign * (Number(d.slice(0, 2)) * 60 + Number(d.slice(2)));
        } });
        break;
      default: throw new Error(`Unsupported Joda pattern letter '${c}' in '${pattern}'`);
    }
  }
  const re = new RegExp(`^${parts.map((p) => p.re).join('')}$`);
  const setters = parts.filter((p) => p.set);
  return (s: string) => {
    const m = re.exec(s.trim());
    if (!m) return undefined;
    const f: Record<string, number> = {};
    setters.forEach((p, k) => p.set!(f, m[k + 1]!));
    let year = f.year ?? 1970;
    if (year < 100 && /yy(?!y)/.test(pattern)) year += 2000;
    let hour = f.hour ?? 0;
    if (f.hour12 !== undefined) hour = (f.hour12 % 12) + (f.pm ? 12 : 0);
    const ms = Date.UTC(year, (f.month ?? 1) - 1, f.day ?? 1, hour, f.minute ?? 0, f.second ?? 0, f.ms ?? 0) - (f.offset ?? 0) * 60_000;
    return Number.isFinite(ms) ? ms : undefined;
  };
}

const jodaCache = new Map<string, (s: string) => number | undefined>();

/**
 * Hive timestamps: each of `TimestampFormats` in turn (Joda patterns, or "millis" for epoch ms),
 * else `java.sql.Timestamp.valueOf` (`yyyy-[m]m-[d]d hh:mm:ss[.f...]`). Times are taken as UTC.
 * Unsure: whether the default format is still tried after the configured ones (assumed: yes).
 */
export function hiveTimestamp(v: unknown, formats: readonly string[] | undefined, path: string): number {
  for (const f of formats ?? []) {
    if (f === 'millis') {
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
      continue;
    }
    if (typeof v !== 'string') continue;
    let p = jodaCache.get(f);
    if (!p) { p = jodaParser(f); jodaCache.set(f, p); }
    const ms = p(v);
    if (ms !== undefined) return ms;
  }
  if (typeof v === 'string') {
    const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?\s*$/.exec(v);
    if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  }
  throw malformed(`Timestamp format must be yyyy-mm-dd hh:mm:ss[.fffffffff] (${path}: ${JSON.stringify(v)}).`);
}
