/**
 * When to say "running at 6.3× of 10×". The host measures its actual speed over the last
 * seconds, so right after a resume or a speed change the average still holds the old state and
 * looks slow; a brief hiccup looks slow too. The indicator shows only a lag that lasts.
 */
import { isLagging } from './format';

export interface SpeedSample {
  readonly paused: boolean;
  readonly targetSpeed: number;
  readonly actualSpeed: number;
}

/** The host's measuring window is 2 s: after a change, its average needs that long to settle. */
export const SETTLE_MS = 2500;
/** A lag must last this long (real ms) before it is shown. */
export const PERSIST_MS = 1500;

export class LagWatch {
  private changedAt = Number.NEGATIVE_INFINITY;
  private lagSince: number | undefined;
  private last: { paused: boolean; targetSpeed: number } | undefined;

  /** Feeds a status sample taken at real time `realMs`; true when the lag should be shown. */
  update(s: SpeedSample, realMs: number): boolean {
    if (!this.last || this.last.paused !== s.paused || this.last.targetSpeed !== s.targetSpeed) {
      this.changedAt = this.last ? realMs : Number.NEGATIVE_INFINITY;
      this.last = { paused: s.paused, targetSpeed: s.targetSpeed };
      this.lagSince = undefined;
    }
    if (!isLagging(s) || realMs - this.changedAt < SETTLE_MS) {
      this.lagSince = undefined;
      return false;
    }
    this.lagSince ??= realMs;
    return realMs - this.lagSince >= PERSIST_MS;
  }
}
