/**
 * The subset of Java's `DateTimeFormatter` that Firehose's `!{timestamp:…}` prefixes use
 * (s3-prefixes.html: "any Java DateTimeFormatter pattern"), evaluated in UTC or an IANA zone.
 * Pure: the zone's rules come from the platform's Intl (no I/O).
 */
interface WallClock { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; weekday: number; dayOfYear: number }
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar fields of an instant in a time zone (UTC directly; other IANA zones through Intl). */
function wallClock(ms: number, timeZone: string): WallClock {
  let d = new Date(ms);
  if (timeZone !== 'UTC') {
    let f = zoneFormatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      zoneFormatters.set(timeZone, f);
    }
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(d)) p[part.type] = Number(part.value);
    d = new Date(Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!, ms - Math.floor(ms / 1000) * 1000));
  }
  const y = d.getUTCFullYear();
  return {
    year: y, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(), weekday: d.getUTCDay(), dayOfYear: Math.floor((d.getTime() - Date.UTC(y, 0, 1)) / 86400000) + 1,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function field(letter: string, count: number, t: WallClock): string {
  switch (letter) {
    case 'y': case 'u': return count === 2 ? pad(t.year % 100, 2) : pad(t.year, count);
    case 'M': case 'L': return count >= 4 ? MONTHS[t.month - 1]! : count === 3 ? MONTHS[t.month - 1]!.slice(0, 3) : pad(t.month, count);
    case 'd': return pad(t.day, count);
    case 'D': return pad(t.dayOfYear, count);
    case 'H': return pad(t.hour, count);
    case 'h': return pad(t.hour % 12 || 12, count);
    case 'm': return pad(t.minute, count);
    case 's': return pad(t.second, count);
    case 'S': return pad(t.ms, 3).padEnd(count, '0').slice(0, count);
    case 'E': return count >= 4 ? DAYS[t.weekday]! : DAYS[t.weekday]!.slice(0, 3);
    case 'a': return t.hour < 12 ? 'AM' : 'PM';
    // Unsure: other valid pattern letters (week fields, zones, eras…) are emitted as written.
    default: return letter.repeat(count);
  }
}

/**
 * Formats an instant with a Java `DateTimeFormatter` pattern: letter runs are fields
 * (y u M L d D H h m s S E a), `'text'` is literal (`''` is a quote), anything else is copied.
 */
export function formatTimestamp(pattern: string, epochMs: number, timeZone = 'UTC'): string {
  const t = wallClock(epochMs, timeZone);
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'" && pattern[i + 1] === "'") {
      out += "'"; // `''` outside quotes is one quote
      i += 2;
    } else if (c === "'") {
      // Quoted literal up to the next lone quote; `''` inside it is one quote.
      for (i++; i < pattern.length; i++) {
        if (pattern[i] !== "'") out += pattern[i];
        else if (pattern[i + 1] === "'") out += pattern[i++];
        else break;
      }
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      out += field(c, n, t);
      i += n;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
