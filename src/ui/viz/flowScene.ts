/**
 * The flow picture's data (FlowCanvas.svelte), computed from the simulation's snapshots: the
 * consumer nodes, the height they need, lineage brackets, where a new lane slides out from,
 * which lanes just changed, and each lane's load. Pure; the component only wires it to runes.
 */
import type { ShardRates } from '../state/rates';
import { rateKey } from '../state/rates';
import { shortHashKey } from '../state/format';
import type { ConsumerInput, FlowLayout, Lane, LineageLike, ReadKind } from './flowLayout';

/** What the picture needs of a consumer application (see state/consumerApps). */
export interface AppLike {
  readonly id: number | string;
  readonly name: string;
  readonly kind: ReadKind;
  readonly iteratorAgeMs: number;
  readonly shards: readonly string[];
  readonly status: string;
  /** A second line in place of the read kind (a KCL worker's checkpoints). */
  readonly detail?: string;
}

/** A consumer node: an application, or a reader no application owns (a script, the consumer panel). */
export interface ConsumerView extends ConsumerInput {
  readonly name: string;
  readonly shards: readonly string[];
  readonly ageMs: number;
  readonly detail?: string;
}

/** What `consumerViews` needs of a reader seen lately (state/flow's ReaderInfo). */
export interface ActiveReader {
  readonly reader: string;
  readonly iteratorAgeMs: number;
  readonly shards: ReadonlySet<string>;
}

/** An application's node id (apart from raw reader names). */
export const nodeId = (app: AppLike): string => `app:${app.id}`;

/** The applications, then readers seen lately that no application owns (nor one since removed). */
export function consumerViews(
  apps: readonly AppLike[],
  active: Iterable<ActiveReader>,
  appFor: (reader: string, shardId?: string) => AppLike | undefined,
  wasRemoved: (reader: string, shardId?: string) => boolean,
): ConsumerView[] {
  const out: ConsumerView[] = apps.map((a) => ({ id: nodeId(a), kind: a.kind, name: a.name, shards: a.shards, ageMs: a.iteratorAgeMs, ...(a.detail ? { detail: a.detail } : {}) }));
  for (const r of active) {
    const shard = r.shards.values().next().value;
    if (appFor(r.reader, shard) || wasRemoved(r.reader, shard)) continue;
    const enhanced = r.reader.startsWith('consumer:');
    out.push({ id: r.reader, kind: enhanced ? 'enhanced' : 'shared', name: enhanced ? r.reader.slice('consumer:'.length) : r.reader, shards: [...r.shards], ageMs: r.iteratorAgeMs });
  }
  return out;
}

/** Tall enough for every lane and every consumer's two lines of label. */
export const flowHeight = (lanes: number, consumers: number): number =>
  Math.min(560, Math.max(220, 90 + 34 * lanes, 70 + 64 * consumers));

/** A lineage bracket on the left, from a parent lane to a child lane. */
export interface LineageLink {
  readonly id: string;
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
}

/** A bracket from each shown parent lane to each shown child lane. */
export function lineageLinks(shown: readonly LineageLike[], layout: FlowLayout): LineageLink[] {
  return shown.flatMap((c) => [c.parentShardId, c.adjacentParentShardId]
    .filter((p): p is string => p !== undefined)
    .flatMap((p) => {
      const from = layout.lane(p), to = layout.lane(c.shardId);
      return from && to ? [{ id: `${p}>${c.shardId}`, x: from.x0, y0: from.y, y1: to.y }] : [];
    }));
}

/** Where a new lane slides out from: its parents' lanes (their middle, for a merge). */
export function laneBirth(shards: readonly LineageLike[], layout: FlowLayout, shardId: string, y: number): { fromY: number; y: number } | undefined {
  const sh = shards.find((s) => s.shardId === shardId);
  if (sh?.parentShardId === undefined) return undefined;
  // A parent that held no records has no lane (nothing to read there): grow in place.
  const ys = [sh.parentShardId, sh.adjacentParentShardId].map((p) => (p ? layout.lane(p)?.y : undefined)).filter((v): v is number => v !== undefined);
  return { fromY: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : y, y };
}

/** Shards that changed between two looks: lanes that just closed, and children just born. */
export function changedShards(before: readonly LineageLike[], now: readonly LineageLike[]): string[] {
  const out: string[] = [];
  for (const s of now) {
    const was = before.find((b) => b.shardId === s.shardId);
    if ((was && was.open && !s.open) || (!was && s.parentShardId !== undefined)) out.push(s.shardId);
  }
  return out;
}

/** A lane as the SVG draws it: its write rate, load against the 1,000 records/s limit, and state. */
export interface LaneView {
  readonly lane: Lane;
  readonly perSec: number;
  readonly load: number;
  readonly throttled: boolean;
  readonly fresh: boolean;
  readonly range: string;
}

/** What `laneViews` looks at. */
export interface LaneSources {
  readonly streamName: string;
  readonly shards: readonly { readonly shardId: string; readonly startingHashKey: string; readonly endingHashKey: string }[];
  readonly rates: ReadonlyMap<string, ShardRates>;
  /** When each shard last throttled a write, and when it last changed (real ms). */
  readonly throttledAt: ReadonlyMap<string, number>;
  readonly changedAt: ReadonlyMap<string, number>;
  /** Real now (performance.now). */
  readonly now: () => number;
}

/** Each lane's load and state: throttled for 600 ms after a throttle, fresh for 3 s after a change. */
export function laneViews(lanes: readonly Lane[], src: LaneSources): LaneView[] {
  return lanes.map((lane) => {
    const r = src.rates.get(rateKey(src.streamName, lane.shardId));
    const perSec = r?.writeRecordsPerSec ?? 0;
    const throttled = (r?.writeThrottledPerSec ?? 0) > 0 || src.now() - (src.throttledAt.get(lane.shardId) ?? -Infinity) < 600;
    const sh = src.shards.find((s) => s.shardId === lane.shardId);
    const fresh = src.now() - (src.changedAt.get(lane.shardId) ?? -Infinity) < 3000;
    return { lane, perSec, load: Math.min(1, perSec / 1000), throttled, fresh, range: sh ? `${shortHashKey(sh.startingHashKey)} – ${shortHashKey(sh.endingHashKey)}` : '' };
  });
}
