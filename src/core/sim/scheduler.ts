/**
 * Virtual-time events (stream CREATING → ACTIVE, retention trimming, later Firehose flushes and
 * window firings). Events run in (time, insertion) order when `runDue(now)` is called — by the
 * service before every request, after every manual clock advance, and by a real-time driver
 * outside the core. Nothing here reads real time.
 */
export interface ScheduledEvent {
  readonly at: number;
  readonly seq: number;
  readonly run: (at: number) => void;
}

export class Scheduler {
  private heap: ScheduledEvent[] = [];
  private counter = 0;

  /** Runs `run` once virtual time reaches `at`. Returns a cancel function. */
  at(at: number, run: (at: number) => void): () => void {
    let cancelled = false;
    const ev: ScheduledEvent = { at, seq: this.counter++, run: (t) => (cancelled ? undefined : run(t)) };
    this.push(ev);
    return () => {
      cancelled = true;
    };
  }

  /** Runs every event due at or before `now`, earliest first; events may schedule more. */
  runDue(now: number): number {
    let n = 0;
    for (let top = this.heap[0]; top && top.at <= now; top = this.heap[0]) {
      this.pop();
      top.run(top.at);
      n++;
    }
    return n;
  }

  get size(): number {
    return this.heap.length;
  }

  /** The time of the next pending event, if any. */
  nextAt(): number | undefined {
    return this.heap[0]?.at;
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!, b = this.heap[j]!;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }

  private push(ev: ScheduledEvent): void {
    this.heap.push(ev);
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private pop(): void {
    const last = this.heap.pop();
    if (this.heap.length === 0 || !last) return;
    this.heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < this.heap.length && this.less(l, m)) m = l;
      if (r < this.heap.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
