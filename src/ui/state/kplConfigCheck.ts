/**
 * What a KPL producer in the lab is given — its KPL settings and the feed of user records — and
 * what is wrong with either, in words for the panel and the message area.
 */
import type { PresetName } from '../../core/generator';
import { resolveKplConfig, type KplConfig } from '../../core/kpl';

/** User records per virtual second a feed may ask for at most. */
export const MAX_FEED_RATE = 20_000;

/** Where a producer's user records come from: a generator preset at a constant rate. */
export interface KplFeed {
  readonly preset: PresetName;
  readonly perSecond: number;
  /** "Send N then stop"; undefined: until stopped. */
  readonly count?: number;
}

/** The KPL's own words (a RangeError naming the setting and its range) for a bad config, or undefined. */
export function kplConfigProblem(config: Partial<KplConfig>): string | undefined {
  try {
    resolveKplConfig(config);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why a feed cannot run, or undefined. */
export function feedProblem(feed: KplFeed): string | undefined {
  if (!(Number.isFinite(feed.perSecond) && feed.perSecond > 0 && feed.perSecond <= MAX_FEED_RATE)) {
    return `The rate must be more than 0 and at most ${MAX_FEED_RATE} user records per second.`;
  }
  if (feed.count !== undefined && !(Number.isInteger(feed.count) && feed.count >= 1)) return '"Send N then stop" needs a whole number ≥ 1.';
  return undefined;
}
