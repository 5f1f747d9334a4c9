/**
 * The hash-key ruler's maths: the 0 … 2^128 − 1 space laid along a line of pixels, each shard's
 * range as a span of it, and every partition key in use as a marker where its MD5 lands — so a
 * learner sees why one hot key overloads one shard. Pure (no DOM); HashRuler.svelte draws it.
 */
import { HASH_KEY_MAX, hashKeyOf, parseHashKey, partitionKeyMd5Hex } from '../../core/kinesis/model/hashKey';
import type { ShardSnapshot } from '../../core/kinesis/snapshot';

/** A 128-bit hash key as a bigint or as the decimal string snapshots and the wire carry. */
export type HashKeyLike = bigint | string;

/** The fields of a `ShardSnapshot` the ruler needs. */
export type ShardRangeLike = Pick<ShardSnapshot, 'shardId' | 'open' | 'startingHashKey' | 'endingHashKey'>;

/** A shard's range on the ruler: hash keys [start, end], whole pixels [x0, x1]. */
export interface ShardSpan extends Pick<ShardRangeLike, 'shardId' | 'open'> {
  readonly start: bigint;
  readonly end: bigint;
  readonly x0: number;
  readonly x1: number;
}

/** Maps hash keys to x pixels between `x0` (hash key 0) and `x1` (2^128 − 1). */
export interface HashScale {
  readonly x0: number;
  readonly x1: number;
  /** x of a hash key (fractional; exact to the 53rd bit of its position). */
  x(key: HashKeyLike): number;
  /** The whole pixel where the boundary before hash key `b` is drawn, `b` ∈ [0, 2^128]. */
  edge(b: bigint): number;
  /** The hash key under a pixel (the inverse of `x`, to the pixel's resolution). */
  at(px: number): bigint;
}

const FRACTION_BITS = 53n;
const ONE = 2 ** 53;

/** Parses a hash key; throws RangeError outside [0, 2^128 − 1] (snapshots never are). */
export function toHashKey(key: HashKeyLike): bigint {
  const v = typeof key === 'bigint' ? (key >= 0n && key <= HASH_KEY_MAX ? key : undefined) : parseHashKey(key);
  if (v === undefined) throw new RangeError(`not a hash key in [0, 2^128 − 1]: ${String(key)}`);
  return v;
}

/**
 * A scale over [x0, x1], both rounded to whole pixels so shard bands get crisp edges.
 *
 * Why the division happens in BigInt: `Number(v)` keeps only 53 significant bits, so
 * 2^127 − 1 (the last key of shard 0 of 2) and 2^127 (the first of shard 1) become the same
 * double, and which side of a boundary pixel a key lands on is left to rounding noise. Here
 * `floor(v · 2^53 / (2^128 − 1))` is exact and monotone in v, and the quotient (≤ 2^53) converts
 * to a double without loss; boundary pixels are rounded in BigInt too, so they are exact.
 */
export function hashScale(x0: number, x1: number): HashScale {
  const a = Math.round(x0);
  const b = Math.max(a, Math.round(x1));
  const width = BigInt(b - a);
  return {
    x0: a,
    x1: b,
    x(key) {
      const f = Number((toHashKey(key) << FRACTION_BITS) / HASH_KEY_MAX) / ONE;
      return f === 1 ? b : a + (b - a) * f; // the far end exactly, whatever the float sum says
    },
    at(px) {
      // The hash key under pixel `px` (clamped to the ruler), exact to the pixel's resolution.
      const f = Math.min(1, Math.max(0, (px - a) / Math.max(1, b - a)));
      return (BigInt(Math.round(f * 2 ** Number(FRACTION_BITS))) * HASH_KEY_MAX) >> FRACTION_BITS;
    },
    edge(v) {
      // round(width · v / MAX) = floor((2 · width · v + MAX) / (2 · MAX)), all in integers.
      return a + Number((2n * width * v + HASH_KEY_MAX) / (2n * HASH_KEY_MAX));
    },
  };
}

/**
 * Every shard as a span, ordered by starting hash key (open before closed on a tie). A span runs
 * from the edge before its first key to the edge before the key after its last, so adjacent
 * ranges share one whole-pixel boundary: no gaps, no overlaps, and the open shards (which tile
 * the space) cover [x0, x1] exactly.
 */
export function shardSpans(shards: readonly ShardRangeLike[], scale: HashScale): ShardSpan[] {
  return shards
    .map((s) => {
      const start = toHashKey(s.startingHashKey);
      const end = toHashKey(s.endingHashKey);
      return { shardId: s.shardId, open: s.open, start, end, x0: scale.edge(start), x1: scale.edge(end + 1n) };
    })
    .sort((p, q) => (p.start < q.start ? -1 : p.start > q.start ? 1 : Number(q.open) - Number(p.open)));
}

/**
 * The span holding hash key `v`, by binary search over `spans` sorted by start and not
 * overlapping — the open spans, which are where AWS routes records (spec §3.1).
 */
export function spanOf(spans: readonly ShardSpan[], v: bigint): ShardSpan | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (v < s.start) hi = mid - 1;
    else if (v > s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** A ruler tick: a hash key, its x and its label. */
export interface Tick { readonly value: bigint; readonly x: number; readonly label: string }

/** Ticks at the ends and the quarters of the space, labelled in powers of two. */
export function rulerTicks(scale: HashScale): Tick[] {
  const q = 1n << 126n;
  const at: [bigint, string][] = [[0n, '0'], [q, '2¹²⁶'], [2n * q, '2¹²⁷'], [3n * q, '3·2¹²⁶'], [HASH_KEY_MAX, '2¹²⁸−1']];
  return at.map(([value, label]) => ({ value, x: scale.x(value), label }));
}

/** A partition key seen in the traffic, with how many records used it. */
export interface KeyInUse {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly count: number;
}

/** A key as drawn on the ruler. */
export interface KeyMarker extends KeyInUse {
  /** Unique per (partition key, explicit hash key). */
  readonly id: string;
  /** MD5 of the partition key, 32 hex digits (shown even when an explicit hash key overrides it). */
  readonly md5Hex: string;
  readonly hashKey: bigint;
  /** Where the hash key falls on the scale. */
  readonly exactX: number;
  /** `exactX` kept inside the owning span (moves it by under a pixel — see `keyMarkers`). */
  readonly x: number;
  /** The open shard the key routes to; undefined when no open shard holds it. */
  readonly shardId: string | undefined;
  readonly r: number;
  /** Stacking row, 0 nearest the ruler. */
  readonly row: number;
}

/** Marker sizes in px; `gap` is the clear space between markers in one row. */
export interface MarkerOptions { readonly minRadius?: number; readonly maxRadius?: number; readonly gap?: number }

/**
 * Radius by count: area proportional to records (a sqrt scale), the busiest key at `maxR`, and
 * never below `minR` so a key used once can still be seen, hovered and focused.
 */
export function markerRadius(count: number, maxCount: number, minR: number, maxR: number): number {
  if (!(count > 0) || !(maxCount > 0)) return minR;
  return Math.min(maxR, Math.max(minR, maxR * Math.sqrt(count / maxCount)));
}

/**
 * Greedy interval packing: each item (in order of `lo`) goes to the lowest row whose rightmost
 * item ends at least `gap` before it starts. Returns each input item's row.
 */
export function packRows(items: readonly { readonly lo: number; readonly hi: number }[], gap: number): number[] {
  const order = items.map((_, i) => i).sort((i, j) => items[i]!.lo - items[j]!.lo);
  const rowEnds: number[] = [];
  const rows = new Array<number>(items.length).fill(0);
  for (const i of order) {
    const it = items[i]!;
    let row = rowEnds.findIndex((end) => end + gap <= it.lo);
    if (row < 0) row = rowEnds.push(it.hi) - 1;
    rowEnds[row] = Math.max(rowEnds[row] ?? it.hi, it.hi);
    rows[i] = row;
  }
  return rows;
}

/**
 * Markers for the keys in use, ordered by hash key (the keyboard then walks the ruler left to
 * right). The hash key is the ExplicitHashKey when given (AWS routes by it and ignores the MD5),
 * else MD5 of the partition key; a key whose explicit hash key AWS would reject (not in
 * [0, 2^128 − 1]) put no records in the stream and is left out. Repeated keys are summed.
 * Snapping bands to whole pixels moves a boundary by under a pixel, so a key in that sliver is
 * pulled onto its own shard's side: the picture never shows a key in the wrong shard.
 */
export function keyMarkers(keys: readonly KeyInUse[], spans: readonly ShardSpan[], scale: HashScale, opts: MarkerOptions = {}): KeyMarker[] {
  const { minRadius = 6, maxRadius = 18, gap = 2 } = opts;
  const merged = new Map<string, KeyInUse>();
  for (const k of keys) {
    const id = k.explicitHashKey === undefined ? k.partitionKey : `${k.partitionKey}\u0000${k.explicitHashKey}`;
    const prev = merged.get(id);
    merged.set(id, prev ? { ...prev, count: prev.count + k.count } : k);
  }
  const open = spans.filter((s) => s.open);
  let maxCount = 0;
  for (const k of merged.values()) maxCount = Math.max(maxCount, k.count);
  const placed: Omit<KeyMarker, 'row'>[] = [];
  for (const [id, k] of merged) {
    const hashKey = k.explicitHashKey === undefined ? hashKeyOf(k.partitionKey) : parseHashKey(k.explicitHashKey);
    if (hashKey === undefined) continue;
    const span = spanOf(open, hashKey);
    const exactX = scale.x(hashKey);
    const x = span ? Math.min(span.x1, Math.max(span.x0, exactX)) : exactX;
    const r = markerRadius(k.count, maxCount, minRadius, maxRadius);
    placed.push({ ...k, id, md5Hex: partitionKeyMd5Hex(k.partitionKey), hashKey, exactX, x, shardId: span?.shardId, r });
  }
  placed.sort((p, q) => (p.hashKey < q.hashKey ? -1 : p.hashKey > q.hashKey ? 1 : p.id < q.id ? -1 : 1));
  const rows = packRows(placed.map((m) => ({ lo: m.x - m.r, hi: m.x + m.r })), gap);
  return placed.map((m, i) => ({ ...m, row: rows[i] ?? 0 }));
}

/** One open shard's part of the traffic of the keys in use. */
export interface ShardShare {
  readonly shardId: string;
  readonly count: number;
  /** count / all records of the keys in use; 0 when there are none. */
  readonly share: number;
  /** Distinct keys routed here, and the busiest of them. */
  readonly keys: number;
  readonly topKey: string | undefined;
  readonly topKeyCount: number;
}

/** Each open shard's share of the records, in hash key order — the shares sum to 1. */
export function shardShares(spans: readonly ShardSpan[], markers: readonly KeyMarker[]): ShardShare[] {
  const acc = new Map(spans.filter((s) => s.open).map((s) => [s.shardId, { shardId: s.shardId, count: 0, keys: 0, topKey: undefined as string | undefined, topKeyCount: 0 }]));
  let total = 0;
  for (const m of markers) {
    const a = m.shardId === undefined ? undefined : acc.get(m.shardId);
    if (!a) continue;
    a.count += m.count;
    a.keys += 1;
    total += m.count;
    if (m.count > a.topKeyCount) Object.assign(a, { topKey: m.partitionKey, topKeyCount: m.count });
  }
  return [...acc.values()].map((a) => ({ ...a, share: total > 0 ? a.count / total : 0 }));
}

/** A share as a whole percentage that never claims 0 % or 100 % when that is not true. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return '<1 %';
  if (share < 1 && share > 0.995) return '>99 %';
  return `${Math.round(share * 100)} %`;
}

/**
 * The one-line lesson under the ruler: the busiest shard, its share, and — when one key brings
 * more than half of that shard's records — the key to blame.
 */
export function hottestSummary(shares: readonly ShardShare[]): string {
  const hot = shares.reduce<ShardShare | undefined>((best, s) => (!best || s.count > best.count ? s : best), undefined);
  if (!hot || hot.count === 0) return 'No records yet: send some to see where their keys land.';
  const why = hot.topKey !== undefined && hot.topKeyCount * 2 > hot.count
    ? `key "${hot.topKey}"`
    : `spread over ${hot.keys} keys`;
  return `Hottest shard: ${hot.shardId} gets ${formatShare(hot.share)} of records (${why})`;
}
