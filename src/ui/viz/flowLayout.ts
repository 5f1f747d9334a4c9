/**
 * Where things sit in the flow picture: producers on the left, one horizontal lane per shard in
 * the middle (ordered by hash key range, like the ruler above it), consumers on the right. D3's
 * band and point scales do the spacing; pure (tested). Svelte draws lanes and nodes as SVG, the
 * particles go on a canvas under it.
 */
import { scaleBand, scalePoint } from 'd3';

export interface LaneInput {
  readonly shardId: string;
  readonly open: boolean;
}

export interface Lane extends LaneInput {
  /** Centre line, px. */
  readonly y: number;
  /** Height of the lane band, px. */
  readonly h: number;
  /** Where records enter and where they are stored (the lane's right end), px. */
  readonly x0: number;
  readonly x1: number;
}

export interface Node {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export interface FlowLayout {
  readonly width: number;
  readonly height: number;
  readonly producer: Node;
  readonly lanes: readonly Lane[];
  readonly consumers: readonly Node[];
  lane(shardId: string): Lane | undefined;
  consumer(id: string): Node | undefined;
}

/** Margins and proportions, in px and fractions of the width. */
const PAD = 16;
const LANE_START = 0.2;
const LANE_END = 0.6;
const MAX_LANE_H = 64;

/**
 * Lays out `lanes` (in the order given: the caller sorts them by hash key range) and the
 * consumers (`readers`, in the order given) in a `width` × `height` box.
 */
export function layoutFlow(width: number, height: number, lanes: readonly LaneInput[], readers: readonly string[]): FlowLayout {
  const w = Math.max(200, width);
  const h = Math.max(80, height);
  const bands = scaleBand<number>().domain(lanes.map((_, i) => i)).range([PAD, h - PAD]).paddingInner(0.3).paddingOuter(0.15);
  const laneH = Math.min(MAX_LANE_H, Math.max(4, bands.bandwidth()));
  const x0 = Math.round(w * LANE_START);
  const x1 = Math.round(w * LANE_END);
  const laid: Lane[] = lanes.map((l, i) => ({ ...l, y: (bands(i) ?? PAD) + bands.bandwidth() / 2, h: laneH, x0, x1 }));
  const producer: Node = { id: 'producers', x: Math.round(w * 0.07), y: h / 2 };
  // Consumers sit right of the lanes with room for their labels (drawn to their right).
  const points = scalePoint<number>().domain(readers.map((_, i) => i)).range([PAD, h - PAD]).padding(0.5);
  const consumers: Node[] = readers.map((id, i) => ({ id, x: Math.round(w * 0.79), y: points(i) ?? h / 2 }));
  const byShard = new Map(laid.map((l) => [l.shardId, l]));
  const byReader = new Map(consumers.map((c) => [c.id, c]));
  return {
    width: w, height: h, producer, lanes: laid, consumers,
    lane: (id) => byShard.get(id),
    consumer: (id) => byReader.get(id),
  };
}

/**
 * Okabe–Ito: colours told apart with every common colour-vision deficiency (its black left out
 * on the dark theme). Partition keys get them by hash. Throttled records are drawn as hollow
 * rings and records being read as light dots — told apart by shape, not by colour alone.
 */
export const KEY_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'] as const;

/** A stable palette index for a partition key (FNV-1a of its UTF-16 units). */
export function colorIndex(partitionKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i++) h = Math.imul(h ^ partitionKey.charCodeAt(i), 0x01000193) >>> 0;
  return h % KEY_COLORS.length;
}

/** What `visibleShards` needs of a shard. */
export interface ShardLike {
  readonly shardId: string;
  readonly open: boolean;
  readonly records: number;
  readonly startingHashKey: string;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
}

/**
 * The shards the flow draws a lane for: every open shard, and a closed one while it still holds
 * records (short-lived intermediates of UpdateShardCount hold none). Ordered by hash key; where
 * ranges start together, closed (older) first, so a parent sits above its children.
 */
export function visibleShards<S extends ShardLike>(shards: readonly S[]): S[] {
  return shards
    .filter((s) => s.open || s.records > 0)
    .sort((a, b) => {
      const x = BigInt(a.startingHashKey), y = BigInt(b.startingHashKey);
      if (x !== y) return x < y ? -1 : 1;
      return a.open === b.open ? 0 : a.open ? 1 : -1;
    });
}
