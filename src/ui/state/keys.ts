/**
 * Partition key strategies for the producer panel. Each one is a tiny generator over a seeded
 * `Random`, so a run with the same settings sends the same keys (lessons depend on it).
 */
import type { Random } from '../../core/sim/random';

export const KEY_STRATEGY_KINDS = ['random', 'few', 'hot', 'list'] as const;
export type KeyStrategyKind = (typeof KEY_STRATEGY_KINDS)[number];

export const KEY_STRATEGY_LABELS: Readonly<Record<KeyStrategyKind, string>> = {
  random: 'Random keys (a new UUID-like key per record)',
  few: 'A few keys',
  hot: 'One hot key',
  list: 'Explicit list',
};

export type KeyStrategy =
  | { readonly kind: 'random' }
  | { readonly kind: 'few'; readonly count: number }
  | { readonly kind: 'hot'; readonly hotKey: string; readonly hotPercent: number }
  | { readonly kind: 'list'; readonly keys: readonly string[] };

/** AWS: a partition key is a Unicode string of 1 to 256 characters. */
export const MAX_PARTITION_KEY_LENGTH = 256;
export const MAX_FEW_KEYS = 10_000;

/** A random key shaped like a UUID v4: `3f2a9c1e-7b4d-4e0a-9c8f-12ab34cd56ef`. */
export function uuidLike(r: Random): string {
  const h = r.hex(32);
  const variant = '89ab'[r.int(4)]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The keys of the "few keys" strategy: `key-1` … `key-N`. */
export const fewKey = (i: number): string => `key-${i + 1}`;

/** Keys from a text box: one per line or comma-separated; blanks dropped, order kept. */
export function parseKeyList(text: string): string[] {
  return text.split(/[\n,]/).map((k) => k.trim()).filter((k) => k.length > 0);
}

/** What is wrong with a strategy, in words for the panel; `undefined` when it can run. */
export function keyStrategyError(s: KeyStrategy): string | undefined {
  const tooLong = (k: string): string | undefined =>
    k.length > MAX_PARTITION_KEY_LENGTH ? `The key "${k.slice(0, 20)}…" has ${k.length} characters; AWS allows 1 to 256.` : undefined;
  switch (s.kind) {
    case 'random':
      return undefined;
    case 'few':
      return Number.isInteger(s.count) && s.count >= 1 && s.count <= MAX_FEW_KEYS ? undefined : `Choose between 1 and ${MAX_FEW_KEYS.toLocaleString('en-US')} keys.`;
    case 'hot':
      if (s.hotKey.length === 0) return 'The hot key needs 1 to 256 characters.';
      if (!(s.hotPercent >= 0 && s.hotPercent <= 100)) return 'The hot key share is a percentage from 0 to 100.';
      return tooLong(s.hotKey);
    case 'list':
      if (s.keys.length === 0) return 'List at least one key (one per line).';
      for (const k of s.keys) {
        const e = tooLong(k);
        if (e) return e;
      }
      return undefined;
  }
}

/**
 * A function returning the next partition key. `few` and `random` pick uniformly; `hot` sends
 * `hotPercent` % of records to one key and the rest to random keys; `list` uses the keys in turn
 * (round robin), which makes the per-shard split easy to predict in a lesson.
 */
export function makeKeyPicker(s: KeyStrategy, r: Random): () => string {
  switch (s.kind) {
    case 'random':
      return () => uuidLike(r);
    case 'few': {
      const n = Math.max(1, Math.floor(s.count));
      return () => fewKey(r.int(n));
    }
    case 'hot': {
      const p = s.hotPercent / 100;
      return () => (r.next() < p ? s.hotKey : uuidLike(r));
    }
    case 'list': {
      const keys = s.keys.length > 0 ? s.keys : ['key'];
      let i = 0;
      return () => keys[i++ % keys.length]!;
    }
  }
}
