/**
 * java.text.SimpleDateFormat for the KDA functions (CHAR_TO_TIMESTAMP, CHAR_TO_DATE and
 * TIMESTAMP_TO_CHAR take Java date patterns). Times are epoch ms in UTC: the simulator has no
 * local time zone.
 */
import { SqlRuntimeError } from '../../sql/errors.js';

const DAY = 86_400_000;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type DateToken = { letter: string; count: number } | { literal: string };

/** Splits a SimpleDateFormat pattern into letter runs and literals ('…' quoting, '' = a quote). */
function dateTokens(fmt: string): DateToken[] {
  const out: DateToken[] = [];
  for (let i = 0; i < fmt.length;) {
    const ch = fmt[i]!;
    if (ch === "'") {
      if (fmt[i + 1] === "'") { out.push({ literal: "'" }); i += 2; continue; }
      let lit = '';
      i++;
      while (i < fmt.length) {
        if (fmt[i] === "'" && fmt[i + 1] === "'") { lit += "'"; i += 2; } else if (fmt[i] === "'") { i++; break; } else lit += fmt[i++];
      }
      out.push({ literal: lit });
    } else if (/[a-zA-Z]/.test(ch)) {
      let n = 1;
      while (fmt[i + n] === ch) n++;
      if (!'GyMdHkKhmsSEaDzZXu'.includes(ch)) throw new SqlRuntimeError('22007', `Illegal pattern character '${ch}'`);
      out.push({ letter: ch, count: n });
      i += n;
    } else {
      out.push({ literal: ch });
      i++;
    }
  }
  return out;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Formats epoch ms (UTC) with a java.text.SimpleDateFormat pattern. */
export function formatJavaDate(fmt: string, ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return dateTokens(fmt).map((t) => {
    if ('literal' in t) return t.literal;
    const c = t.count;
    switch (t.letter) {
      case 'G': return d.getUTCFullYear() > 0 ? 'AD' : 'BC';
      case 'y': return c === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), c);
      case 'M': return c >= 4 ? MONTHS[d.getUTCMonth()]! : c === 3 ? MONTHS[d.getUTCMonth()]!.slice(0, 3) : pad(d.getUTCMonth() + 1, c);
      case 'd': return pad(d.getUTCDate(), c);
      case 'H': return pad(h, c);
      case 'k': return pad(h === 0 ? 24 : h, c);
      case 'K': return pad(h % 12, c);
      case 'h': return pad(h % 12 === 0 ? 12 : h % 12, c);
      case 'm': return pad(d.getUTCMinutes(), c);
      case 's': return pad(d.getUTCSeconds(), c);
      case 'S': return pad(d.getUTCMilliseconds(), c);
      case 'E': return c >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'u': return pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), c);
      case 'a': return h < 12 ? 'AM' : 'PM';
      case 'D': return pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1, c);
      case 'z': return c >= 4 ? 'Coordinated Universal Time' : 'UTC';
      case 'Z': return '+0000';
      default: return 'Z'; // X: ISO 8601 zone, UTC
    }
  }).join('');
}

const NUMERIC_LETTERS = 'yMdHkKhmsSDu';

/**
 * Parses text with a SimpleDateFormat pattern into epoch ms (UTC). Fields absent from the pattern
 * default to 1970-01-01 00:00:00.000 (AWS CHAR_TO_TIMESTAMP); text after the pattern is ignored
 * and out-of-range values roll over, as Java's lenient parse(String) does. A zone (z, Z, X)
 * shifts the result to UTC. Unsure: two-digit years map to 2000–2049 / 1950–1999 (Java uses a
 * window around "now", which a deterministic simulator has no business reading).
 */
export function parseJavaDate(fmt: string, text: string): number {
  const toks = dateTokens(fmt);
  let pos = 0;
  let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, milli = 0, offsetMin = 0;
  let pm: boolean | undefined;
  let twelveHour = false;
  const fail = (): never => {
    throw new SqlRuntimeError('22007', `Unparseable date: "${text}"`);
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if ('literal' in t) {
      if (!text.startsWith(t.literal, pos)) fail();
      pos += t.literal.length;
      continue;
    }
    const next = toks[k + 1];
    const fixed = next !== undefined && 'letter' in next && NUMERIC_LETTERS.includes(next.letter);
    const word = (): string => {
      const m = /^[A-Za-z]+/.exec(text.slice(pos)) ?? fail();
      pos += m[0].length;
      return m[0].toLowerCase();
    };
    if (t.letter === 'M' && t.count >= 3 || t.letter === 'E' || t.letter === 'a' || t.letter === 'G') {
      const w = word();
      if (t.letter === 'M') {
        const i = MONTHS.findIndex((m) => m.toLowerCase() === w || m.slice(0, 3).toLowerCase() === w);
        if (i < 0) fail();
        month = i;
      } else if (t.letter === 'E') {
        if (!DAYS.some((dn) => dn.toLowerCase() === w || dn.slice(0, 3).toLowerCase() === w)) fail();
      } else if (t.letter === 'a') {
        if (w !== 'am' && w !== 'pm') fail();
        pm = w === 'pm';
      }
      continue;
    }
    if (t.letter === 'z' || t.letter === 'Z' || t.letter === 'X') {
      const m = /^(?:Z|UTC|GMT)?(?:([+-])(\d{2}):?(\d{2})?)?/.exec(text.slice(pos));
      if (!m || m[0] === '') fail();
      if (m![1]) offsetMin = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 60 + Number(m![3] ?? 0));
      pos += m![0].length;
      continue;
    }
    const m = (fixed ? new RegExp(`^\\d{1,${t.count}}`) : /^[+-]?\d+/).exec(text.slice(pos)) ?? fail();
    pos += m[0].length;
    const v = Number(m[0]);
    switch (t.letter) {
      case 'y': year = t.count <= 2 && m[0].length === 2 ? (v < 50 ? 2000 + v : 1900 + v) : v; break;
      case 'M': month = v - 1; break;
      case 'd': day = v; break;
      case 'H': hour = v; break;
      case 'k': hour = v === 24 ? 0 : v; break;
      case 'K': case 'h': hour = t.letter === 'h' && v === 12 ? 0 : v; twelveHour = true; break;
      case 'm': minute = v; break;
      case 's': second = v; break;
      case 'S': milli = v; break;
      case 'D': month = 0; day = v; break;
      default: break; // u: day of week, informational
    }
  }
  if (twelveHour && pm) hour += 12;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month, day);
  utc.setUTCHours(hour, minute, second, milli);
  return utc.getTime() - offsetMin * 60_000;
}
