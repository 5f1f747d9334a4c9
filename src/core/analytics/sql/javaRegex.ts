/**
 * java.util.regex for the KDA functions: AWS's SQL (SQLstream, on the JVM) takes Java regex
 * patterns and Matcher replacement strings (REGEX_REPLACE, SUBSTRING … FROM, the regex log
 * parsers). Here they become JS RegExps; what JS cannot express is a clear 2201B error rather
 * than a silently different match.
 */
import { SqlRuntimeError } from '../../sql/errors.js';

const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};
const regexCache = new Map<string, RegExp>();

const unsupported = (what: string, pattern: string): SqlRuntimeError =>
  new SqlRuntimeError('2201B', `invalid regular expression: ${what} is not supported by this simulator in "${pattern}"`);

/**
 * A JS RegExp for a java.util.regex pattern. Converted: `\Q…\E`, `\A`, `\z`, `\Z`, POSIX
 * `\p{Alpha}`-style classes, leading inline flags `(?i)`, `(?s)`, `(?m)`. Named groups, lookaround,
 * lazy quantifiers and backreferences are the same in both. Unsupported (a clear 2201B error):
 * possessive quantifiers (`a*+`), atomic groups `(?>…)`, inline flags elsewhere or scoped, `(?x)`,
 * class intersection `[a&&b]` and nested classes, other `\p{…}` properties.
 */
export function javaRegex(pattern: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}/${pattern}`;
  const hit = regexCache.get(key);
  if (hit) return new RegExp(hit);
  let flags = extraFlags;
  let p = pattern;
  const lead = /^\(\?([ism]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  let quantified: boolean = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    const wasQuantified: boolean = quantified;
    quantified = false;
    if (ch === '\\') {
      const n = p[i + 1];
      if (n === 'Q') {
        const endQ = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, endQ < 0 ? p.length : endQ);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = endQ < 0 ? p.length : endQ + 1;
      } else if (!inClass && n === 'A') { out += '^'; i++; }
      else if (!inClass && n === 'z') { out += '$'; i++; }
      else if (!inClass && n === 'Z') { out += '(?=\\n?$)'; i++; }
      else if (n === 'p' || n === 'P') {
        const m = /^\{(?:Is)?(\w+)\}/.exec(p.slice(i + 2));
        const cls = m ? POSIX[m[1]!] : undefined;
        if (!m || cls === undefined) throw unsupported(`\\${n}{…}`, pattern);
        if (n === 'P' && inClass) throw unsupported('\\P{…} inside a class', pattern);
        out += inClass ? cls : `[${n === 'P' ? '^' : ''}${cls}]`;
        i += 1 + m[0].length;
      } else {
        out += ch + (n ?? '');
        i++;
      }
      continue;
    }
    if (inClass) {
      if (ch === '[') throw unsupported('a nested character class', pattern);
      if (ch === '&' && p[i + 1] === '&') throw unsupported('class intersection (&&)', pattern);
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (ch === '+' && wasQuantified) throw unsupported('a possessive quantifier', pattern);
    if (ch === '(' && p[i + 1] === '?') {
      const n = p[i + 2];
      if (n === '>') throw unsupported('an atomic group (?>…)', pattern);
      if (n !== ':' && n !== '=' && n !== '!' && n !== '<') throw unsupported('inline flags (?…) after the start', pattern);
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '}') quantified = !(ch === '?' && wasQuantified);
    out += ch;
  }
  let re: RegExp;
  try {
    re = new RegExp(out, flags);
  } catch (e) {
    throw new SqlRuntimeError('2201B', `invalid regular expression: ${(e as Error).message}`);
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(key, re);
  return new RegExp(re);
}

/** Expands a java.util.regex.Matcher replacement: `$n`, `${name}`, `\x` (literal x). */
export function javaReplacement(repl: string, groups: readonly (string | undefined)[], named?: Record<string, string | undefined>): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch === '\\') {
      out += repl[++i] ?? '';
    } else if (ch === '$') {
      const nm = /^\{(\w+)\}/.exec(repl.slice(i + 1));
      if (nm) {
        if (!named || !(nm[1]! in named)) throw new SqlRuntimeError('22023', `No group with name {${nm[1]}}`);
        out += named[nm[1]!] ?? '';
        i += nm[0].length;
        continue;
      }
      const d = /^\d/.exec(repl.slice(i + 1));
      if (!d) throw new SqlRuntimeError('22023', 'Illegal group reference in replacement');
      // Java takes further digits only while the group number stays valid.
      let g = Number(d[0]);
      let j = i + 2;
      while (j < repl.length && /\d/.test(repl[j]!) && g * 10 + Number(repl[j]) < groups.length) g = g * 10 + Number(repl[j++]);
      if (g >= groups.length) throw new SqlRuntimeError('22023', `No group ${g}`);
      out += groups[g] ?? '';
      i = j - 1;
    } else out += ch;
  }
  return out;
}
