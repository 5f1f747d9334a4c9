/**
 * Where things sit in the flow picture: producers on the left, one horizontal lane per shard in
 * the middle (ordered by hash key range, like the ruler above it), consumers on the right. Pure
 * maths (tested); the canvas component draws it.
 */

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
  const n = Math.max(1, lanes.length);
  const band = (h - 2 * PAD) / n;
  const laneH = Math.min(MAX_LANE_H, Math.max(4, band * 0.7));
  const x0 = Math.round(w * LANE_START);
  const x1 = Math.round(w * LANE_END);
  const laid: Lane[] = lanes.map((l, i) => ({ ...l, y: PAD + band * (i + 0.5), h: laneH, x0, x1 }));
  const producer: Node = { id: 'producers', x: Math.round(w * 0.07), y: h / 2 };
  const m = Math.max(1, readers.length);
  const cBand = (h - 2 * PAD) / m;
  // Consumers sit right of the lanes with room for their labels (drawn to their right).
  const consumers: Node[] = readers.map((id, i) => ({ id, x: Math.round(w * 0.79), y: PAD + cBand * (i + 0.5) }));
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
