/**
 * The KPL's Reducer (aws/kinesis/core/reducer.h), on virtual time: a buffer of deadline-bearing
 * items with one timer. Both the Aggregator (user records → Kinesis records, one per shard) and
 * the Collector (Kinesis records → PutRecords, one per stream) are Reducers.
 */

/** reducer.h kMinBufferTime: a buffer never fires sooner than 50 ms after its timer is (re)set. */
export const MIN_BUFFER_TIME = 50;

/** Builds one output container: whether the next item still fits, and adding it. */
export interface ChunkBuilder<T> {
  fits(next: T): boolean;
  add(next: T): void;
}

export class Reducer<T extends { deadline: number }> {
  items: T[] = [];
  /** Virtual time the deadline flush fires at; undefined when empty. */
  timer: number | undefined;

  /** Adds an item and (re)arms the timer. */
  add(item: T, now: number): void {
    this.items.push(item);
    this.arm(now);
  }

  /**
   * Takes the earliest-deadline items that fit one container (the first always fits: an oversize
   * item goes alone), or all items in consecutive containers if `all`. The rest stay, with the
   * timer re-armed (reducer.h flush()).
   */
  take<B extends ChunkBuilder<T>>(all: boolean, now: number, builder: () => B): { items: T[]; built: B }[] {
    const sorted = [...this.items].sort((x, y) => x.deadline - y.deadline);
    const out: { items: T[]; built: B }[] = [];
    let i = 0;
    do {
      const built = builder();
      const items: T[] = [];
      for (; i < sorted.length; i++) {
        const next = sorted[i]!;
        if (items.length > 0 && !built.fits(next)) break;
        items.push(next);
        built.add(next);
      }
      out.push({ items, built });
    } while (all && i < sorted.length);
    this.items = sorted.slice(i);
    this.timer = undefined;
    this.arm(now);
    return out;
  }

  /** reducer.h set_deadline: fire at max(earliest deadline, now + 50 ms), only ever earlier than already set. */
  private arm(now: number): void {
    if (this.items.length === 0) {
      this.timer = undefined;
      return;
    }
    const t = Math.max(minOf(this.items, (x) => x.deadline), now + MIN_BUFFER_TIME);
    if (this.timer === undefined || t < this.timer) this.timer = t;
  }
}

export function minOf<T>(items: readonly T[], f: (x: T) => number): number {
  let m = Infinity;
  for (const x of items) m = Math.min(m, f(x));
  return m;
}
