/**
 * Shard iterators: opaque strings that name a position in a shard and the time they were issued.
 * Real ones are base64 of 8 bytes 00…01 followed by an encrypted payload (so they start
 * `AAAAAAAAAA`); ours have the same prefix and an obfuscated, checksummed payload, so a
 * mangled iterator is detected ("Invalid ShardIterator.") and nobody comes to rely on the inside.
 */
import { base64Problem, decodeBase64, encodeBase64 } from '../../util/base64.js';

export interface IteratorState {
  readonly streamName: string;
  /** Stream creation time (ms): an iterator of a deleted-and-recreated stream is stale. */
  readonly streamCreatedAt: number;
  readonly shardIndex: number;
  /** Next record counter to return (records with counter ≥ this). */
  readonly position: number;
  /** Virtual time (ms) when the iterator was issued. */
  readonly issuedAt: number;
  /** The iterator chain's id (observers' `reader`); 0 for chains from before it existed. */
  readonly reader?: number;
}

const PREFIX = [0, 0, 0, 0, 0, 0, 0, 1];
const KEY = new TextEncoder().encode('shardlab-iterator-key-v1');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fnv1a(bytes: Uint8Array, from: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h;
}

function xor(bytes: Uint8Array, from: number): void {
  for (let i = from; i < bytes.length; i++) bytes[i]! ^= KEY[(i - from) % KEY.length]! ^ ((i * 31) & 255);
}

export function encodeIterator(s: IteratorState): string {
  const payload = encoder.encode([s.issuedAt, s.streamName, s.shardIndex, s.position, s.streamCreatedAt, s.reader ?? 0].join('/'));
  const bytes = new Uint8Array(12 + payload.length);
  bytes.set(PREFIX);
  bytes.set(payload, 12);
  const sum = fnv1a(bytes, 12);
  bytes[8] = sum >>> 24; bytes[9] = (sum >>> 16) & 255; bytes[10] = (sum >>> 8) & 255; bytes[11] = sum & 255;
  xor(bytes, 12);
  return encodeBase64(bytes);
}

/** Decodes an iterator; `undefined` if it is not one Shardlab issued (→ "Invalid ShardIterator."). */
export function decodeIterator(token: string): IteratorState | undefined {
  if (base64Problem(token)) return undefined;
  const bytes = decodeBase64(token);
  if (bytes.length < 13 || PREFIX.some((b, i) => bytes[i] !== b)) return undefined;
  xor(bytes, 12);
  const sum = ((bytes[8]! << 24) | (bytes[9]! << 16) | (bytes[10]! << 8) | bytes[11]!) >>> 0;
  if (sum !== fnv1a(bytes, 12)) return undefined;
  const parts = decoder.decode(bytes.subarray(12)).split('/');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [issuedAt, streamName, shardIndex, position, streamCreatedAt, reader = '0'] = parts as [string, string, string, string, string, string?];
  const nums = [issuedAt, shardIndex, position, streamCreatedAt, reader].map(Number);
  if (nums.some((n) => !Number.isSafeInteger(n) || n < 0) || !/^[a-zA-Z0-9_.-]{1,128}$/.test(streamName)) return undefined;
  return { issuedAt: nums[0]!, streamName, shardIndex: nums[1]!, position: nums[2]!, streamCreatedAt: nums[3]!, reader: nums[4]! };
}

/** An iterator chain's id as observers see it (the `reader` of read events). */
export const readerName = (id: number | undefined): string => `reader-${id ?? 0}`;

/**
 * The `reader` id that read events will carry for GetRecords calls made with `token` (or its
 * successors) — how a consumer in the page names its own iterator chains in the picture.
 * `undefined` for a token Shardlab did not issue.
 */
export function readerOfIterator(token: string): string | undefined {
  const s = decodeIterator(token);
  return s ? readerName(s.reader) : undefined;
}

/** Iterators are valid for 5 minutes after issue (AWS: ExpiredIteratorException after). */
export const ITERATOR_TTL_MS = 300_000;

/** AWS's date format in the ExpiredIterator message: `Thu Jan 22 01:22:02 UTC 2015`. */
export function amzUtcString(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
