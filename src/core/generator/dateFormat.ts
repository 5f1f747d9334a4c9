/**
 * A subset of moment.js display tokens, which KDG's `{{date.now("…")}}` uses
 * (https://momentjs.com/docs/#/displaying/). Times are UTC: the simulator has no time zone, so
 * `Z` is always `+00:00` and `ZZ` `+0000`. Text in `[brackets]` is copied as is.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const TOKENS = /\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|ZZ|Z|A|a|X|x/g;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function ordinal(n: number): string {
  const v = n % 100;
  const suffix = v >= 11 && v <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Formats epoch milliseconds `ms` with moment.js tokens, in UTC. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return format.replace(TOKENS, (t) => {
    switch (t) {
      case 'YYYY': return String(d.getUTCFullYear());
      case 'YY': return pad(d.getUTCFullYear() % 100);
      case 'MMMM': return MONTHS[d.getUTCMonth()]!;
      case 'MMM': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'MM': return pad(d.getUTCMonth() + 1);
      case 'M': return String(d.getUTCMonth() + 1);
      case 'Do': return ordinal(d.getUTCDate());
      case 'DD': return pad(d.getUTCDate());
      case 'D': return String(d.getUTCDate());
      case 'dddd': return DAYS[d.getUTCDay()]!;
      case 'ddd': return DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'HH': return pad(h);
      case 'H': return String(h);
      case 'hh': return pad(h12);
      case 'h': return String(h12);
      case 'mm': return pad(d.getUTCMinutes());
      case 'm': return String(d.getUTCMinutes());
      case 'ss': return pad(d.getUTCSeconds());
      case 's': return String(d.getUTCSeconds());
      case 'SSS': return pad(d.getUTCMilliseconds(), 3);
      case 'ZZ': return '+0000';
      case 'Z': return '+00:00';
      case 'A': return h < 12 ? 'AM' : 'PM';
      case 'a': return h < 12 ? 'am' : 'pm';
      case 'X': return String(Math.floor(ms / 1000));
      case 'x': return String(Math.floor(ms));
      default: return t.slice(1, -1); // [literal]
    }
  });
}
