/**
 * The 128-bit hash key space and how AWS divides it among shards.
 * A partition key routes to `MD5(UTF-8 bytes)` read as an unsigned big-endian integer.
 */
import { md5, toHex } from '../../util/md5.js';

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
