/**
 * Send-rate shapes. Each has a closed-form cumulative count C(t) (records owed from the start
 * to t ms later), so a generator owes floor(C(now)) − sent at every tick: fractional records
 * carry over and ticking every 100 ms or once an hour gives the same total (no drift).
 * KDG has "Constant" and "Periodic" (hour-of-day/day-of-week gaussians); Shardlab's periodic is
 * a smooth daily curve, plus bursts.
 */

export type RateShape =
  /** `perSecond` records every second. */
  | { readonly kind: 'constant'; readonly perSecond: number }
  /**
   * base × (1 + amplitude·cos(2π(t − peakAtMs)/periodMs)): a daily curve by default
   * (periodMs 86 400 000) peaking at peakAtMs (default a quarter period, i.e. base×(1+a·sin)).
   */
  | { readonly kind: 'periodic'; readonly base: number; readonly amplitude: number; readonly periodMs?: number; readonly peakAtMs?: number }
  /** `quietPerSecond`, except bursts of `burstPerSecond` for `burstMs` every `everyMs` (starting at `offsetMs`). */
  | {
      readonly kind: 'bursty';
      readonly quietPerSecond: number;
      readonly burstPerSecond: number;
      readonly burstMs: number;
      readonly everyMs: number;
      readonly offsetMs?: number;
    };

const DAY_MS = 86_400_000;

/** Why a rate shape is invalid, or undefined. */
export function rateProblem(r: RateShape): string | undefined {
  const bad = (v: number, what: string, min = 0): string | undefined =>
    Number.isFinite(v) && v >= min ? undefined : `${what} must be a number ≥ ${min}`;
  switch (r.kind) {
    case 'constant':
      return bad(r.perSecond, 'perSecond');
    case 'periodic':
      if (!(r.amplitude >= 0 && r.amplitude <= 1)) return 'amplitude must be between 0 and 1 (the rate never goes negative)';
      return bad(r.base, 'base') ?? (r.periodMs !== undefined && !(r.periodMs > 0) ? 'periodMs must be > 0' : undefined);
    case 'bursty':
      if (!(r.everyMs > 0)) return 'everyMs must be > 0';
      if (!(r.burstMs >= 0 && r.burstMs <= r.everyMs)) return 'burstMs must be between 0 and everyMs';
      return bad(r.quietPerSecond, 'quietPerSecond') ?? bad(r.burstPerSecond, 'burstPerSecond');
  }
}

/** Records per second at `t` ms after the start. */
export function rateAt(r: RateShape, t: number): number {
  switch (r.kind) {
    case 'constant':
      return r.perSecond;
    case 'periodic': {
      const period = r.periodMs ?? DAY_MS;
      const peak = r.peakAtMs ?? period / 4;
      return r.base * (1 + r.amplitude * Math.cos((2 * Math.PI * (t - peak)) / period));
    }
    case 'bursty': {
      const phase = mod(t - (r.offsetMs ?? 0), r.everyMs);
      return phase < r.burstMs ? r.burstPerSecond : r.quietPerSecond;
    }
  }
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** Records owed over [0, t) ms: the integral of the rate. */
export function cumulative(r: RateShape, t: number): number {
  switch (r.kind) {
    case 'constant':
      return (r.perSecond * t) / 1000;
    case 'periodic': {
      const period = r.periodMs ?? DAY_MS;
      const peak = r.peakAtMs ?? period / 4;
      const w = (2 * Math.PI) / period;
      const wave = (Math.sin(w * (t - peak)) - Math.sin(w * -peak)) / w;
      return (r.base * (t + r.amplitude * wave)) / 1000;
    }
    case 'bursty': {
      const offset = r.offsetMs ?? 0;
      const upTo = (x: number): number => {
        const cycles = Math.floor(x / r.everyMs);
        const rem = x - cycles * r.everyMs;
        const perCycle = r.burstPerSecond * r.burstMs + r.quietPerSecond * (r.everyMs - r.burstMs);
        const partial = r.burstPerSecond * Math.min(rem, r.burstMs) + r.quietPerSecond * Math.max(0, rem - r.burstMs);
        return (cycles * perCycle + partial) / 1000;
      };
      return upTo(t - offset) - upTo(-offset);
    }
  }
}
