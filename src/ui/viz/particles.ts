/**
 * Record particles of the flow picture, as plain typed arrays (a canvas draws thousands of
 * them per frame; objects per particle would make the garbage collector stutter). Pure: no DOM.
 *
 * A particle travels along up to two straight legs:
 * - `write`: producer → the shard lane's entry, then along the lane to its end (stored);
 * - `bounce`: producer → the lane's entry, then back to the producer (throttled: refused);
 * - `read`: the lane's end → the consumer that read it;
 * - `packed`: like `write`, for a KPL aggregated record (many user records in one Kinesis record).
 * Each leg takes a fixed real-time duration, so the picture stays readable at any clock speed;
 * when the clock pauses the caller stops stepping and the picture freezes.
 */

export const Kind = { write: 0, bounce: 1, read: 2, packed: 3 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface Leg {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Real milliseconds the leg takes. */
  readonly ms: number;
}

export interface SpawnSpec {
  readonly kind: Kind;
  readonly first: Leg;
  readonly second?: Leg;
  /** Palette index (partition key colour). */
  readonly color: number;
  /** Opaque reference to the record behind the particle (-1 for none). */
  readonly ref: number;
}

/** A fixed-capacity pool: spawning when full replaces the oldest particle. */
export class Particles {
  readonly capacity: number;
  /** Current position. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly kind: Uint8Array;
  readonly color: Uint8Array;
  readonly ref: Int32Array;
  /** 1 while the particle exists. */
  readonly alive: Uint8Array;
  private readonly legs: Float32Array; // per particle: x0 y0 x1 y1 ms (first), x0 y0 x1 y1 ms (second; ms 0 = none)
  private readonly elapsed: Float32Array;
  private next = 0;
  /** Particles alive. */
  count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.x = new Float32Array(capacity);
    this.y = new Float32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.color = new Uint8Array(capacity);
    this.ref = new Int32Array(capacity).fill(-1);
    this.alive = new Uint8Array(capacity);
    this.legs = new Float32Array(capacity * 10);
    this.elapsed = new Float32Array(capacity);
  }

  /** Adds a particle at its first leg's start; returns its slot. */
  spawn(s: SpawnSpec): number {
    const i = this.next;
    this.next = (this.next + 1) % this.capacity;
    if (!this.alive[i]) this.count++;
    this.alive[i] = 1;
    this.kind[i] = s.kind;
    this.color[i] = s.color;
    this.ref[i] = s.ref;
    this.elapsed[i] = 0;
    const o = i * 10;
    const L = this.legs;
    L[o] = s.first.x0; L[o + 1] = s.first.y0; L[o + 2] = s.first.x1; L[o + 3] = s.first.y1; L[o + 4] = Math.max(1, s.first.ms);
    const b = s.second;
    if (b) { L[o + 5] = b.x0; L[o + 6] = b.y0; L[o + 7] = b.x1; L[o + 8] = b.y1; L[o + 9] = Math.max(1, b.ms); }
    else L[o + 9] = 0;
    this.x[i] = s.first.x0;
    this.y[i] = s.first.y0;
    return i;
  }

  /** Moves every particle on by `ms` of real time; particles at the end of their last leg vanish. */
  step(ms: number): void {
    const L = this.legs;
    for (let i = 0; i < this.capacity; i++) {
      if (!this.alive[i]) continue;
      const e = (this.elapsed[i] = this.elapsed[i]! + ms);
      const o = i * 10;
      const d1 = L[o + 4]!, d2 = L[o + 9]!;
      if (e < d1) {
        const f = ease(e / d1);
        this.x[i] = L[o]! + (L[o + 2]! - L[o]!) * f;
        this.y[i] = L[o + 1]! + (L[o + 3]! - L[o + 1]!) * f;
      } else if (d2 > 0 && e < d1 + d2) {
        const f = (e - d1) / d2; // constant speed along the lane or back
        this.x[i] = L[o + 5]! + (L[o + 7]! - L[o + 5]!) * f;
        this.y[i] = L[o + 6]! + (L[o + 8]! - L[o + 6]!) * f;
      } else {
        this.alive[i] = 0;
        this.ref[i] = -1;
        this.count--;
      }
    }
  }

  /** The live particle nearest to (x, y) within `radius` pixels, or -1. */
  hit(x: number, y: number, radius: number): number {
    let best = -1;
    let bestD = radius * radius;
    for (let i = 0; i < this.capacity; i++) {
      if (!this.alive[i]) continue;
      const dx = this.x[i]! - x, dy = this.y[i]! - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  }

  /** Removes every particle (a new stream selected, the layout changed). */
  clear(): void {
    this.alive.fill(0);
    this.ref.fill(-1);
    this.count = 0;
  }
}

/** Ease-out on the way in: records arrive quickly, then settle. */
const ease = (f: number): number => 1 - (1 - f) * (1 - f);

/**
 * Which records become particles. Up to `maxPerSecond` spawns a second every record gets one;
 * above that, one in `every` (the picture says so, and lane thickness carries the true rate).
 */
export class Sampler {
  private windowStart = 0;
  private inWindow = 0;
  private counter = 0;
  /** 1 = every record; k = one record in k. */
  every = 1;

  constructor(private readonly maxPerSecond: number) {}

  /** Tells the sampler `n` records arrived at real time `nowMs`; returns how many become particles. */
  take(n: number, nowMs: number): number {
    if (nowMs - this.windowStart >= 1000) {
      // Decide the next second's rate from this one's: stable, and cheap.
      const rate = this.inWindow * (1000 / Math.max(1000, nowMs - this.windowStart));
      this.every = rate > this.maxPerSecond ? Math.ceil(rate / this.maxPerSecond) : 1;
      this.windowStart = nowMs;
      this.inWindow = 0;
    }
    this.inWindow += n;
    if (this.every === 1) return n;
    const before = this.counter;
    this.counter += n;
    return Math.floor(this.counter / this.every) - Math.floor(before / this.every);
  }

  get sampled(): boolean {
    return this.every > 1;
  }
}
