/**
 * The flow picture's words (FlowCanvas.svelte): shard names, ages, consumer labels, and the
 * squeeze that fits a long label into its room. Pure, so the text is tested apart from the SVG.
 */
import type { ReadKind } from './flowLayout';

/** What a consumer's label needs of its node (see flowScene's ConsumerView). */
export interface ConsumerLabelled {
  readonly name: string;
  readonly shards: readonly string[];
  readonly ageMs: number;
  readonly detail?: string;
}

/** SVG text attributes that draw a label narrower rather than cut it off. */
export interface Squeezed {
  textLength?: number;
  lengthAdjust?: 'spacingAndGlyphs';
}

/** A label longer than its room is drawn narrower (an estimate of its width: `perChar` px a character) rather than cut off. */
export const squeeze = (text: string, perChar: number, room: number): Squeezed =>
  text.length * perChar > room && room > 40 ? { textLength: room, lengthAdjust: 'spacingAndGlyphs' } : {};

/** `shardId-000000000003` → `shard 3`. */
export const shortShard = (id: string): string => `shard ${Number(id.replace(/^shardId-/, ''))}`;

/** An iterator age: ms under a second, then seconds to a tenth. */
export const fmtAge = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A consumer's first line: its name (or node id) and the shards it reads. */
export function consumerTitle(v: ConsumerLabelled | undefined, id: string): string {
  return `${v?.name ?? id}${v?.shards.length ? ` · ${v.shards.map(shortShard).join(', ')}` : ''}`;
}

/** A consumer's second line: how it reads (or its own detail), and its iterator age. */
export function consumerSub(v: ConsumerLabelled | undefined, kind: ReadKind): string {
  return `${v?.detail ?? (kind === 'enhanced' ? 'own 2 MB/s' : 'GetRecords')} · age ${v && v.ageMs >= 0 ? fmtAge(v.ageMs) : '–'}`;
}

/** A lane's name: the shard and its write rate, or that it is closed. */
export const laneName = (shardId: string, open: boolean, perSec: number): string =>
  `${shortShard(shardId)} · ${open ? `${Math.round(perSec)}/s` : 'closed'}`;

/** A shard's state in the reduced-motion table, from its write rate (hot from 80% of 1,000/s). */
export const shardState = (open: boolean, perSec: number): string =>
  (!open ? 'closed' : perSec >= 800 ? 'hot' : perSec > 0 ? 'busy' : 'idle');

/** The canvas's accessible name. */
export const flowSummary = (openShards: number): string =>
  `${openShards} shard lanes; producers on the left, consumers on the right. Click a record, or press Enter for the newest one, to follow it.`;
