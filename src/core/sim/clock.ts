/**
 * The virtual clock. Everything time-based in the simulation reads `now()` from here and
 * nothing else, so a run can be paused, sped up, or stepped by hand in tests.
 *
 * - `manual`: time moves only by `advance(ms)` / `set(ms)`. Deterministic; for tests.
 * - `realtime`: virtual time follows an injected real time source (ms), multiplied by `speed`.
 *   Pausing freezes virtual time; resuming continues from where it stopped (no jump).
 *
 * The real time source is injected (the core reads no real time itself).
 */
export type ClockMode = 'manual' | 'realtime';

export interface Clock {
  readonly mode: ClockMode;
  /** Virtual time, epoch milliseconds. */
  now(): number;
  readonly paused: boolean;
  /** Current speed factor (1 = real time). */
  readonly speed: number;
  pause(): void;
  resume(): void;
  setSpeed(factor: number): void;
  /** Moves virtual time forward by `ms` (allowed in both modes; in realtime it is a jump). */
  advance(ms: number): void;
  /** Listeners run after every manual advance (the scheduler hooks in here). */
  onAdvance(listener: (now: number) => void): () => void;
}

export interface ClockOptions {
  mode?: ClockMode;
  /** Virtual epoch ms at start. Defaults to the real source's time (realtime) or 2026-01-01 (manual). */
  start?: number;
  speed?: number;
  /** Real time source, in ms (e.g. `() => performance.timeOrigin + performance.now()`). Needed for realtime. */
  source?: () => number;
}

/** 2026-01-01T00:00:00Z — a fixed, readable start for deterministic (manual) runs. */
export const DEFAULT_MANUAL_START = Date.UTC(2026, 0, 1);

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

export function createClock(options: ClockOptions = {}): Clock {
  const mode = options.mode ?? 'realtime';
  const source = options.source;
  if (mode === 'realtime' && !source) throw new Error('a realtime clock needs a real time source');
  const listeners = new Set<(now: number) => void>();
  let speed = checkSpeed(options.speed ?? 1);
  let paused = mode === 'manual';
  // Virtual time = base + (real - realBase) * speed while running.
  let base = options.start ?? (mode === 'realtime' && source ? source() : DEFAULT_MANUAL_START);
  let realBase = source ? source() : 0;

  const now = (): number => (paused || !source ? base : base + (source() - realBase) * speed);
  const rebase = (): void => {
    base = now();
    realBase = source ? source() : 0;
  };

  return {
    mode,
    now,
    get paused() {
      return paused;
    },
    get speed() {
      return speed;
    },
    pause() {
      if (mode === 'manual' || paused) return;
      rebase();
      paused = true;
    },
    resume() {
      if (mode === 'manual' || !paused) return;
      realBase = source ? source() : 0;
      paused = false;
    },
    setSpeed(factor: number) {
      rebase();
      speed = checkSpeed(factor);
    },
    advance(ms: number) {
      if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
      rebase();
      base += ms;
      const t = now();
      for (const l of listeners) l(t);
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function checkSpeed(factor: number): number {
  if (!(factor >= MIN_SPEED && factor <= MAX_SPEED)) {
    throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${factor}`);
  }
  return factor;
}
