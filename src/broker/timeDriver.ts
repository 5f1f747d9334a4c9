/**
 * Drives the virtual clock from real time, at the target speed — but only as fast as the
 * simulation keeps up. When shard workers answer slowly (the oldest call in flight is older than
 * a quarter second), virtual time slows down instead of leaving work behind, and `actualSpeed`
 * says so ("running at 6.3× of 10×").
 */
import { MAX_SPEED, MIN_SPEED, type Clock } from '../core/sim/clock.js';

const TICK_MS = 50;
/** A call pending longer than this (real ms) means the simulation is not keeping up. */
const PRESSURE_START_MS = 250;
/** …and time stands still once the oldest pending call is this old. */
const PRESSURE_FULL_MS = 1000;
/** A throttled background tab ticks once a second; never jump further than this at once. */
const MAX_STEP_REAL_MS = 1000;
const WINDOW_MS = 2000;

export class TimeDriver {
  targetSpeed = 1;
  paused = false;
  private last: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private samples: { real: number; dt: number; dv: number }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly realNow: () => number,
    /** Age (real ms) of the oldest call the simulation has not answered yet. */
    private readonly pressureMs: () => number,
    private readonly onTick: (now: number) => void = () => {},
  ) {
    this.last = realNow();
  }

  start(): void {
    this.last = this.realNow();
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  setSpeed(factor: number): void {
    if (!(factor >= MIN_SPEED && factor <= MAX_SPEED)) throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${factor}`);
    this.targetSpeed = factor;
  }

  /** One step of the driver (public for tests). */
  tick(): void {
    const real = this.realNow();
    const dt = Math.min(real - this.last, MAX_STEP_REAL_MS);
    this.last = real;
    let dv = 0;
    if (!this.paused && dt > 0) {
      const p = this.pressureMs();
      const factor = p <= PRESSURE_START_MS ? 1 : Math.max(0, 1 - (p - PRESSURE_START_MS) / (PRESSURE_FULL_MS - PRESSURE_START_MS));
      dv = dt * this.targetSpeed * factor;
      if (dv > 0) this.clock.advance(dv);
    }
    this.samples.push({ real, dt, dv });
    while (this.samples.length && this.samples[0]!.real < real - WINDOW_MS) this.samples.shift();
    this.onTick(this.clock.now());
  }

  /** Virtual ms per real ms over the last two seconds (0 while paused). */
  actualSpeed(): number {
    if (this.paused) return 0;
    let dt = 0, dv = 0;
    for (const s of this.samples) { dt += s.dt; dv += s.dv; }
    return dt > 0 ? dv / dt : this.targetSpeed;
  }
}
