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

/** How a consumer reads: GetRecords (shared throughput) or SubscribeToShard (enhanced fan-out). */
export type ReadKind = 'shared' | 'enhanced';

export interface ConsumerInput {
  readonly id: string;
  readonly kind: ReadKind;
}

export interface ConsumerNode extends Node {
  readonly kind: ReadKind;
}

/**
 * A read pipe, drawn as a thick stroke whose width is the read capacity it stands for: the shared
 * trunk is one shard's 2 MB/s, split into one thinner branch per shared consumer; every enhanced
 * consumer has a pipe as thick as the whole trunk.
 */
export interface Pipe {
  readonly id: string;
  readonly kind: 'trunk' | 'branch' | 'enhanced';
  /** SVG path. */
  readonly d: string;
  /** Stroke width, px. */
  readonly width: number;
}

export interface FlowLayout {
  readonly width: number;
  readonly height: number;
  readonly producer: Node;
  readonly lanes: readonly Lane[];
  readonly consumers: readonly ConsumerNode[];
  /** Where every pipe leaves the stream (x), and the bar's extent. */
  readonly outlet: { readonly x: number; readonly y0: number; readonly y1: number };
  /** Where the shared trunk divides among the shared consumers (absent without any). */
  readonly hub?: Node;
  readonly pipes: readonly Pipe[];
  lane(shardId: string): Lane | undefined;
  consumer(id: string): ConsumerNode | undefined;
  /** The point a read particle passes on its way to consumer `id` (the hub, or its own pipe's start). */
  via(id: string): Node | undefined;
}

/** Margins and proportions, in px and fractions of the width. */
const PAD = 16;
const LANE_START = 0.16;
const MAX_LANE_H = 64;
/** Room for a consumer's label, the pipes, and a lane's label (px, at most). */
const CONSUMER_LABEL_W = 250;
const PIPES_W = 170;
const LANE_LABEL_W = 160;
/** The trunk's width: one shard's 2 MB/s of reads. */
export const PIPE_W = 18;

/** A horizontal S-curve from (x0, y0) to (x1, y1). */
const curve = (x0: number, y0: number, x1: number, y1: number): string => {
  const m = (x0 + x1) / 2;
  return `M ${x0} ${y0} C ${m} ${y0}, ${m} ${y1}, ${x1} ${y1}`;
};

/**
 * Lays out `lanes` (in the order given: the caller sorts them by hash key range) and the
 * consumers in a `width` × `height` box: shared consumers first (they hang off one hub), then
 * enhanced ones (a pipe each).
 */
export function layoutFlow(width: number, height: number, lanes: readonly LaneInput[], readers: readonly ConsumerInput[]): FlowLayout {
  const w = Math.max(200, width);
  const h = Math.max(80, height);
  const bands = scaleBand<number>().domain(lanes.map((_, i) => i)).range([PAD, h - PAD]).paddingInner(0.3).paddingOuter(0.15);
  const laneH = Math.min(MAX_LANE_H, Math.max(4, bands.bandwidth()));
  // Right to left: consumers with their labels, the pipes, the lanes' labels, the lanes.
  const cx = Math.round(w - Math.min(CONSUMER_LABEL_W, w * 0.3));
  const outletX = Math.round(cx - Math.min(PIPES_W, w * 0.17));
  const x0 = Math.round(w * LANE_START);
  const x1 = Math.max(x0 + 60, Math.round(outletX - Math.min(LANE_LABEL_W, w * 0.16)));
  const laid: Lane[] = lanes.map((l, i) => ({ ...l, y: (bands(i) ?? PAD) + bands.bandwidth() / 2, h: laneH, x0, x1 }));
  const producer: Node = { id: 'producers', x: Math.round(w * 0.07), y: h / 2 };
  const ordered = [...readers.filter((r) => r.kind === 'shared'), ...readers.filter((r) => r.kind === 'enhanced')];
  const points = scalePoint<number>().domain(ordered.map((_, i) => i)).range([PAD + 8, h - PAD - 8]).padding(0.5);
  const consumers: ConsumerNode[] = ordered.map((r, i) => ({ id: r.id, kind: r.kind, x: cx, y: points(i) ?? h / 2 }));
  const ys = [...laid.map((l) => l.y), ...consumers.map((c) => c.y)];
  const outlet = { x: outletX, y0: ys.length ? Math.min(...ys) - laneH / 2 : h / 2, y1: ys.length ? Math.max(...ys) + laneH / 2 : h / 2 };
  const shared = consumers.filter((c) => c.kind === 'shared');
  const hub: Node | undefined = shared.length
    ? { id: 'hub', x: Math.round(outletX + (cx - outletX) * 0.45), y: shared.reduce((a, c) => a + c.y, 0) / shared.length }
    : undefined;
  const pipes: Pipe[] = [];
  if (hub) {
    pipes.push({ id: 'trunk', kind: 'trunk', d: `M ${outletX} ${hub.y} L ${hub.x} ${hub.y}`, width: PIPE_W });
    for (const c of shared) pipes.push({ id: `branch:${c.id}`, kind: 'branch', d: curve(hub.x, hub.y, c.x, c.y), width: Math.max(2, PIPE_W / shared.length) });
  }
  for (const c of consumers) if (c.kind === 'enhanced') pipes.push({ id: `efo:${c.id}`, kind: 'enhanced', d: `M ${outletX} ${c.y} L ${c.x} ${c.y}`, width: PIPE_W });
  const byShard = new Map(laid.map((l) => [l.shardId, l]));
  const byReader = new Map(consumers.map((c) => [c.id, c]));
  return {
    width: w, height: h, producer, lanes: laid, consumers, outlet, pipes, ...(hub ? { hub } : {}),
    lane: (id) => byShard.get(id),
    consumer: (id) => byReader.get(id),
    via: (id) => {
      const c = byReader.get(id);
      if (!c) return undefined;
      return c.kind === 'shared' && hub ? hub : { id: `outlet:${id}`, x: outletX, y: c.y };
    },
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

/** What `reshardNews` needs of a shard. */
export interface LineageLike {
  readonly shardId: string;
  readonly open: boolean;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
}

const shardNo = (id: string): string => String(Number(id.replace(/^shardId-/, '')));
const list = (ids: readonly string[]): string => (ids.length <= 2 ? ids.join(' and ') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`);

/**
 * What changed between two looks at a stream's shards, in words for the picture's caption:
 * "Shard 0 split into shards 1 and 2", "Shards 1 and 2 merged into shard 3". Children are the
 * shards not seen before; they are grouped by the parents they name.
 */
export function reshardNews(before: readonly LineageLike[], after: readonly LineageLike[]): string[] {
  const known = new Set(before.map((s) => s.shardId));
  const born = after.filter((s) => !known.has(s.shardId) && s.parentShardId !== undefined);
  const news: string[] = [];
  const splits = new Map<string, string[]>();
  for (const c of born) {
    if (c.adjacentParentShardId !== undefined) news.push(`Shards ${shardNo(c.parentShardId!)} and ${shardNo(c.adjacentParentShardId)} merged into shard ${shardNo(c.shardId)}`);
    else splits.set(c.parentShardId!, [...(splits.get(c.parentShardId!) ?? []), c.shardId]);
  }
  for (const [parent, children] of splits) {
    news.push(children.length > 1
      ? `Shard ${shardNo(parent)} split into shards ${list(children.map(shardNo))}`
      : `Shard ${shardNo(parent)} was replaced by shard ${shardNo(children[0]!)}`);
  }
  return news;
}
