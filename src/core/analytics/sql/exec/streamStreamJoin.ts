/**
 * Stream-to-stream join over a window. The stream written with OVER (RANGE … PRECEDING | ROWS n
 * PRECEDING) is buffered; the other side (the FROM stream) drives: each of its rows joins the
 * buffered rows still in the window and the result takes the driving row's ROWTIME. Per the SQL
 * reference, a side without a window contributes only its current row to the join; so a
 * windowed-side row arriving later joins only the driving rows with its very ROWTIME (the
 * driving side's "current" rows).
 * Unsure: the reference's worked example (sql-reference-join-clause) was not available to check
 * emission for rows of equal ROWTIME; LEFT OUTER emits the unmatched driving row at once.
 */
import type { SqlValue } from '../../../sql/types.js';
import type { Push } from '../planner.js';

export class StreamStreamJoin {
  private buf: { row: unknown[]; rowtime: number }[] = [];
  private head = 0;
  /** Driving rows carrying the latest driving ROWTIME. */
  private current: unknown[][] = [];
  private currentTime = -Infinity;

  constructor(private readonly o: {
    leftWidth: number;
    width: number;
    on: ((row: readonly unknown[]) => SqlValue) | undefined;
    left: boolean;
    range: number | undefined;
    rows: number | undefined;
    next: Push;
  }) {}

  /** A row of the windowed (buffered) stream. */
  pushBuffered(row: unknown[], rowtime: number): void {
    if (rowtime === this.currentTime) for (const d of this.current) this.tryPair(d, row, rowtime);
    this.buf.push({ row: row.slice(), rowtime });
    if (this.o.rows !== undefined) while (this.buf.length - this.head > this.o.rows + 1) this.head++;
    this.compact();
  }

  /** A row of the driving stream, already widened to the full layout. */
  pushDriving(row: unknown[], rowtime: number): void {
    const { range, next } = this.o;
    if (range !== undefined) while (this.head < this.buf.length && this.buf[this.head]!.rowtime < rowtime - range) this.head++;
    let matched = false;
    for (let k = this.head; k < this.buf.length; k++) {
      const b = this.buf[k]!;
      if (b.rowtime > rowtime) break;
      if (this.tryPair(row, b.row, rowtime)) matched = true;
    }
    if (!matched && this.o.left) next(row, rowtime);
    if (rowtime !== this.currentTime) { this.current = []; this.currentTime = rowtime; }
    this.current.push(row);
    this.compact();
  }

  /** Emits driving ⋈ buffered if ON holds. */
  private tryPair(driving: unknown[], buffered: readonly unknown[], rowtime: number): boolean {
    const combined = driving.slice();
    for (let i = 0; i < buffered.length; i++) combined[this.o.leftWidth + i] = buffered[i];
    if (this.o.on && this.o.on(combined) !== true) return false;
    this.o.next(combined, rowtime);
    return true;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
  }
}
