/**
 * DATE, TIMESTAMP and INTERVAL values as text, both ways: PostgreSQL/Redshift's output formats
 * and the input forms a cast or literal accepts. Values are epoch milliseconds (UTC) and
 * interval milliseconds, as in types.ts.
 */

/** Milliseconds in a day (DATE values are whole days). */
export const DAY = 86_400_000;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' for epoch ms (UTC). */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 'YYYY-MM-DD HH:MM:SS[.fff]' (fraction only when non-zero, trailing zeros dropped, as Redshift prints). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const base = `${formatDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = d.getUTCMilliseconds();
  return frac === 0 ? base : `${base}.${pad(frac, 3).replace(/0+$/, '')}`;
}

/** PostgreSQL's interval output: `[N days ]HH:MM:SS[.fff]`. */
export function formatInterval(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const f = rest % 1000;
  const time = `${sign}${pad(h)}:${pad(m)}:${pad(s)}${f ? '.' + pad(f, 3).replace(/0+$/, '') : ''}`;
  return days ? `${sign}${days} day${days === 1 ? '' : 's'} ${time}` : time;
}

const TS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses ISO-8601 / 'YYYY-MM-DD HH:MM:SS[.f][Z|±hh[:mm]]' (UTC when no zone) to epoch ms, or undefined. */
export function parseTimestamp(text: string): number | undefined {
  const m = TS_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const frac = m[7] ? Math.round(Number('0.' + m[7]) * 1000) : 0;
  let ms = Date.UTC(y, mo - 1, d, h, mi, s, frac);
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  const z = m[8];
  if (z && z.toUpperCase() !== 'Z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
  }
  return ms;
}

/** Parses a date ('YYYY-MM-DD', or a timestamp truncated to its day) to epoch ms at midnight UTC. */
export function parseDate(text: string): number | undefined {
  const ms = parseTimestamp(text);
  return ms === undefined ? undefined : Math.floor(ms / DAY) * DAY;
}

const UNIT_MS: Record<string, number> = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY, WEEK: 7 * DAY, MONTH: 30 * DAY, YEAR: 365 * DAY };

/** Milliseconds of one unit ('SECOND', 'minutes', 'hour', …), or undefined. Unsure: a month is 30 days here. */
export function unitMillis(unit: string): number | undefined {
  let u = unit.toUpperCase();
  if (u.endsWith('S') && u !== 'MS') u = u.slice(0, -1);
  const alias: Record<string, string> = { SEC: 'SECOND', MIN: 'MINUTE', HR: 'HOUR', D: 'DAY', MS: 'MILLISECOND', MON: 'MONTH', YR: 'YEAR', Y: 'YEAR', H: 'HOUR', M: 'MINUTE', S: 'SECOND' };
  return UNIT_MS[alias[u] ?? u];
}

/** Parses interval text: '5' with a unit, or '5 minutes', '1 day 2 hours', '00:00:05'. */
export function parseInterval(text: string, unit?: string): number | undefined {
  const t = text.trim();
  if (unit) {
    const u = unitMillis(unit);
    const n = Number(t);
    return u === undefined || t === '' || !Number.isFinite(n) ? undefined : n * u;
  }
  const hms = /^(-)?(\d+):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(t);
  if (hms) return (hms[1] ? -1 : 1) * (Number(hms[2]) * 3_600_000 + Number(hms[3]) * 60_000 + Number(hms[4] ?? 0) * 1000);
  const parts = t.split(/\s+/);
  if (parts.length % 2 !== 0 || parts.length === 0) return undefined;
  let total = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const n = Number(parts[i]);
    const u = unitMillis(parts[i + 1]!);
    if (!Number.isFinite(n) || u === undefined) return undefined;
    total += n * u;
  }
  return total;
}
