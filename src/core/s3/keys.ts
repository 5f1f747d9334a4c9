/**
 * Bucket names and object keys by S3's rules: which are valid, and the order S3 lists them in.
 */
import { fail, type S3Error } from './errors.js';
import { S3_LIMITS } from './model.js';

const encoder = new TextEncoder();

/**
 * Why `name` is not a valid general purpose bucket name, or undefined. The rules of "General
 * purpose bucket naming rules" (S3 User Guide): 3–63 characters of a-z 0-9 . -, starting and
 * ending with a letter or digit, no `..`, not an IPv4 address, none of the reserved prefixes
 * and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be between 3 and 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'may contain only lowercase letters, numbers, dots and hyphens, beginning and ending with a letter or number';
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  for (const p of ['xn--', 'sthree-', 'amzn-s3-demo-']) if (name.startsWith(p)) return `must not start with ${p}`;
  for (const s of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) if (name.endsWith(s)) return `must not end with ${s}`;
  return undefined;
}

/**
 * S3's key order: UTF-8 byte order, which is code point order. JavaScript compares UTF-16 code
 * units, which disagrees only when a surrogate (a code point above U+FFFF) meets U+E000–U+FFFF;
 * shifting those two ranges past each other fixes that.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}
const fixup = (c: number): number => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);

/** First index of sorted `keys` whose key is ≥ `k`. */
export function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, k) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** First index of sorted `keys` whose key is > `k`. */
export function upperBound(keys: readonly string[], k: string): number {
  const i = lowerBound(keys, k);
  return i < keys.length && keys[i] === k ? i + 1 : i;
}

/** The error S3 answers a key it cannot store with (empty, or over 1024 bytes), or undefined. */
export function checkKey(key: string): { ok: false; error: S3Error } | undefined {
  const bytes = encoder.encode(key).length;
  // Unsure: an empty key cannot reach S3 over HTTP (the request becomes a bucket request); the
  // direct API answers it like S3 answers other impossible keys.
  if (bytes === 0) return fail('InvalidArgument', 'Object key must not be empty', 400, { ArgumentName: 'key', ArgumentValue: '' });
  if (bytes > S3_LIMITS.maxKeyBytes) return fail('KeyTooLongError', 'Your key is too long', 400, { Size: String(bytes), MaxSizeAllowed: String(S3_LIMITS.maxKeyBytes) });
  return undefined;
}
