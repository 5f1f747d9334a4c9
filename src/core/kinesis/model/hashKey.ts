/**
 * The 128-bit hash key space and how AWS divides it among shards.
 * A partition key routes to `MD5(UTF-8 bytes)` read as an unsigned big-endian integer.
 */
import { md5, md5Words, toHex } from '../../util/md5.js';

export const HASH_KEY_MAX = (1n << 128n) - 1n;
export const HASH_SPACE = 1n << 128n;

const encoder = new TextEncoder();

/** MD5 of the partition key as 32 lowercase hex digits. */
export function partitionKeyMd5Hex(partitionKey: string): string {
  return toHex(md5(encoder.encode(partitionKey)));
}

// Producers reuse keys; a bounded cache saves the MD5 on the hot path.
const cache = new Map<string, bigint>();
const CACHE_MAX = 50_000;

/** The hash key a partition key routes to. */
export function hashKeyOf(partitionKey: string): bigint {
  let h = cache.get(partitionKey);
  if (h === undefined) {
    h = BigInt('0x' + partitionKeyMd5Hex(partitionKey));
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(partitionKey, h);
  }
  return h;
}

// UTF-8 of a partition key, written by hand into a reused buffer: TextEncoder.encode allocates a
// new buffer per call, which in a browser costs more than the MD5 itself. 256 UTF-16 units (the
// key's maximum length) take at most 768 bytes; longer strings grow it.
let utf8 = new Uint8Array(1024);

function utf8Into(s: string): number {
  if (s.length * 3 > utf8.length) utf8 = new Uint8Array(s.length * 3);
  const out = utf8;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          out[o++] = 0xf0 | (c >> 18);
          out[o++] = 0x80 | ((c >> 12) & 63);
          out[o++] = 0x80 | ((c >> 6) & 63);
          out[o++] = 0x80 | (c & 63);
          continue;
        }
      }
      // A lone surrogate becomes U+FFFD, as TextEncoder does.
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    }
  }
  return o;
}

const bswap = (v: number): number => (((v & 255) << 24) | (((v >>> 8) & 255) << 16) | (((v >>> 16) & 255) << 8) | (v >>> 24)) >>> 0;
const KEY_WORDS = new Uint32Array(4);

/**
 * The hash key of a partition key as four unsigned 32-bit words, most significant first — the
 * same number as `hashKeyOf`, without BigInt (routing every record stays allocation-free). The
 * returned array is reused by the next call.
 */
export function hashKeyWords(partitionKey: string): Uint32Array {
  const st = md5Words(utf8, utf8Into(partitionKey));
  KEY_WORDS[0] = bswap(st[0]!);
  KEY_WORDS[1] = bswap(st[1]!);
  KEY_WORDS[2] = bswap(st[2]!);
  KEY_WORDS[3] = bswap(st[3]!);
  return KEY_WORDS;
}

/** A 128-bit value as four unsigned 32-bit words, most significant first. */
export function wordsOf(v: bigint, out: Uint32Array = new Uint32Array(4), at = 0): Uint32Array {
  for (let w = 0; w < 4; w++) out[at + w] = Number((v >> BigInt(96 - 32 * w)) & 0xffffffffn);
  return out;
}

/** Compares two 128-bit values given as words (a at `ai`, b at `bi`): negative, 0 or positive. */
export function compareWords(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  for (let w = 0; w < 4; w++) {
    const d = a[ai + w]! - b[bi + w]!;
    if (d !== 0) return d;
  }
  return 0;
}

export interface HashKeyRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The initial ranges of an N-shard stream: step = floor(2^128 / N); shard i covers
 * [step·i, step·(i+1) − 1] and the last shard absorbs the remainder up to 2^128 − 1 — the values
 * AWS publishes for 2, 3 and 4 shards (spec §3.2).
 */
export function uniformRanges(n: number): HashKeyRange[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`shard count must be a positive integer, got ${n}`);
  const step = HASH_SPACE / BigInt(n);
  const out: HashKeyRange[] = [];
  for (let i = 0; i < n; i++) {
    const start = step * BigInt(i);
    out.push({ start, end: i === n - 1 ? HASH_KEY_MAX : step * BigInt(i + 1) - 1n });
  }
  return out;
}

/** Parses a decimal hash key string; `undefined` when outside [0, 2^128 − 1]. */
export function parseHashKey(s: string): bigint | undefined {
  if (!/^(0|[1-9]\d*)$/.test(s)) return undefined;
  const v = BigInt(s);
  return v <= HASH_KEY_MAX ? v : undefined;
}
