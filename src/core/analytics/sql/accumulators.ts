/**
 * Aggregate accumulators. Each supports `add`, and (for sliding windows, where rows leave in
 * arrival order) `remove` of the oldest value, so a window's aggregate is updated in O(1)
 * amortised per row instead of being recomputed: MIN/MAX keep a monotonic deque.
 */
import { SqlError, type Pos } from '../../sql/errors.js';
import { T, isIntegral, isNumeric, typeDisplayName, type SqlType, type SqlValue } from '../../sql/types.js';

export interface Accumulator {
  add(v: SqlValue): void;
  /** Removes the oldest value still held (FIFO), which is `v`. */
  remove(v: SqlValue): void;
  result(): SqlValue;
}

export const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'STDDEV_POP', 'STDDEV_SAMP', 'STDDEV', 'VAR_POP', 'VAR_SAMP', 'VARIANCE']);

class Count implements Accumulator {
  n = 0;
  add(v: SqlValue): void { if (v !== null) this.n++; }
  remove(v: SqlValue): void { if (v !== null) this.n--; }
  result(): SqlValue { return this.n; }
}

class CountDistinct implements Accumulator {
  private readonly seen = new Map<SqlValue, number>();
  add(v: SqlValue): void { if (v !== null) this.seen.set(v, (this.seen.get(v) ?? 0) + 1); }
  remove(v: SqlValue): void {
    if (v === null) return;
    const c = (this.seen.get(v) ?? 1) - 1;
    if (c === 0) this.seen.delete(v);
    else this.seen.set(v, c);
  }
  result(): SqlValue { return this.seen.size; }
}

/**
 * AGG(DISTINCT x): the inner accumulator sees a value when it first appears and loses it when its
 * last occurrence leaves the window (reference-counted). Only for accumulators whose removals need
 * no order (sums, averages, variances).
 */
class Distinct implements Accumulator {
  private readonly seen = new Map<SqlValue, number>();
  constructor(private readonly inner: Accumulator) {}
  add(v: SqlValue): void {
    if (v === null) return;
    const c = this.seen.get(v) ?? 0;
    this.seen.set(v, c + 1);
    if (c === 0) this.inner.add(v);
  }
  remove(v: SqlValue): void {
    if (v === null) return;
    const c = (this.seen.get(v) ?? 1) - 1;
    if (c === 0) {
      this.seen.delete(v);
      this.inner.remove(v);
    } else this.seen.set(v, c);
  }
  result(): SqlValue { return this.inner.result(); }
}

class Sum implements Accumulator {
  sum = 0;
  n = 0;
  add(v: SqlValue): void { if (v !== null) { this.sum += v as number; this.n++; } }
  remove(v: SqlValue): void { if (v !== null) { this.sum -= v as number; this.n--; } }
  result(): SqlValue { return this.n === 0 ? null : this.sum; }
}

/** AVG; of an integral type it truncates toward zero, as KDA (SQLstream) does: AVG(1, 2) = 1. */
class Avg extends Sum {
  constructor(private readonly integral: boolean) { super(); }
  override result(): SqlValue {
    if (this.n === 0) return null;
    const a = this.sum / this.n;
    return this.integral ? Math.trunc(a) + 0 : a;
  }
}

class Variance implements Accumulator {
  n = 0;
  s = 0;
  ss = 0;
  constructor(private readonly sample: boolean, private readonly root: boolean) {}
  add(v: SqlValue): void { if (v !== null) { const x = v as number; this.n++; this.s += x; this.ss += x * x; } }
  remove(v: SqlValue): void { if (v !== null) { const x = v as number; this.n--; this.s -= x; this.ss -= x * x; } }
  result(): SqlValue {
    const d = this.sample ? this.n - 1 : this.n;
    if (d <= 0) return null;
    const v = Math.max(0, (this.ss - (this.s * this.s) / this.n) / d);
    return this.root ? Math.sqrt(v) : v;
  }
}

/** MIN/MAX over a FIFO window: a deque of candidates, each tagged with its arrival number. */
class Extreme implements Accumulator {
  private vals: SqlValue[] = [];
  private seqs: number[] = [];
  private head = 0;
  private added = 0;
  private removed = 0;
  constructor(private readonly max: boolean) {}
  add(v: SqlValue): void {
    const seq = this.added++;
    if (v === null) return;
    const better = this.max ? (a: SqlValue) => (a as number) <= (v as number) : (a: SqlValue) => (a as number) >= (v as number);
    while (this.vals.length > this.head && better(this.vals[this.vals.length - 1]!)) { this.vals.pop(); this.seqs.pop(); }
    this.vals.push(v);
    this.seqs.push(seq);
  }
  remove(): void {
    const seq = this.removed++;
    if (this.head < this.seqs.length && this.seqs[this.head] === seq) this.head++;
    if (this.head > 64 && this.head * 2 > this.vals.length) {
      this.vals = this.vals.slice(this.head);
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
  }
  result(): SqlValue { return this.head < this.vals.length ? this.vals[this.head]! : null; }
}

export interface AggregateKind {
  readonly type: SqlType;
  create(): Accumulator;
}

/** The result type and accumulator factory of `name(arg)`; throws SqlError for a bad argument. */
export function aggregateKind(name: string, argType: SqlType | undefined, distinct: boolean, at: Pos): AggregateKind {
  const need = (ok: boolean): void => {
    if (!ok) throw new SqlError(`function ${name.toLowerCase()}(${argType ? typeDisplayName(argType) : ''}) does not exist`, at, { code: '42883' });
  };
  if (name === 'COUNT') return { type: T.bigint, create: distinct ? () => new CountDistinct() : () => new Count() };
  need(argType !== undefined);
  const t = argType!;
  const numeric = isNumeric(t) || t.kind === 'unknown';
  // [DISTINCT] counts each value once (MIN and MAX are the same either way).
  const d = (make: () => Accumulator): (() => Accumulator) => (distinct ? () => new Distinct(make()) : make);
  switch (name) {
    // Unsure: SQLstream types SUM like its argument; a wider type would only matter on overflow.
    case 'SUM': need(numeric); return { type: t.kind === 'unknown' ? T.double : t, create: d(() => new Sum()) };
    case 'AVG': need(numeric); return { type: t.kind === 'unknown' ? T.double : t, create: d(() => new Avg(isIntegral(t))) };
    case 'MIN': return { type: t, create: () => new Extreme(false) };
    case 'MAX': return { type: t, create: () => new Extreme(true) };
    case 'STDDEV_POP': need(numeric); return { type: T.double, create: d(() => new Variance(false, true)) };
    case 'STDDEV_SAMP': case 'STDDEV': need(numeric); return { type: T.double, create: d(() => new Variance(true, true)) };
    case 'VAR_POP': need(numeric); return { type: T.double, create: d(() => new Variance(false, false)) };
    case 'VAR_SAMP': case 'VARIANCE': need(numeric); return { type: T.double, create: d(() => new Variance(true, false)) };
  }
  throw new SqlError(`function ${name.toLowerCase()} does not exist`, at, { code: '42883' });
}
