/**
 * Datetime strings accepted when a source value is coerced into DATE, TIME or TIMESTAMP. AWS lists
 * "1992-02-14" and "1992-02-14 18:35:44.0" as valid (dev/sch-mapping.html, "String"); ISO-8601 with
 * a `T` and an optional `Z`/offset is accepted as well (Unsure: AWS only documents the two forms
 * above; ISO-8601 is what discovery samples such as `2018-08-01T20:17:20.797945` carry).
 * Values are epoch milliseconds in UTC (the engine's convention); TIME is ms since midnight.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function fractionMs(f: string | undefined): number {
  return f === undefined ? 0 : Math.floor(Number(`0.${f}`) * 1000 + 1e-6);
}

function dayMs(y: number, mo: number, d: number): number | undefined {
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms;
}

function clock(h: number, mi: number, s: number, f: string | undefined): number | undefined {
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return ((h * 60 + mi) * 60 + s) * 1000 + fractionMs(f);
}

/** `YYYY-MM-DD` → epoch ms at UTC midnight. */
export function parseDate(s: string): number | undefined {
  const m = DATE_RE.exec(s.trim());
  return m ? dayMs(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** `HH:MM[:SS[.fff]]` → ms since midnight. */
export function parseTime(s: string): number | undefined {
  const m = TIME_RE.exec(s.trim());
  return m ? clock(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4]) : undefined;
}

/** `YYYY-MM-DD[( |T)HH:MM[:SS[.f…]]][Z|±HH:MM]` → epoch ms (no zone means UTC). */
export function parseTimestamp(s: string): number | undefined {
  const m = TS_RE.exec(s.trim());
  if (!m) return undefined;
  const day = dayMs(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === undefined) return undefined;
  const t = m[4] === undefined ? 0 : clock(Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7]);
  if (t === undefined) return undefined;
  let offset = 0;
  const z = m[8];
  if (z && z !== 'Z') {
    const sign = z.startsWith('-') ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return day + t - offset;
}

/** True when `s` looks like a timestamp with a time part (what discovery infers TIMESTAMP from). */
export function looksLikeTimestamp(s: string): boolean {
  const m = TS_RE.exec(s.trim());
  return !!m && m[4] !== undefined && parseTimestamp(s) !== undefined;
}
