/**
 * A delivery stream's record log in memory (Node, tests). Outlives the worker that used it, like
 * a database does, so a test can "restart" a worker on the same log; `failNext` makes the next
 * commit fail as a storage error would.
 */
import type { InRecord } from '../../core/firehose/pipelineTypes.js';
import type { FirehoseLog, LoggedRecord } from '../firehoseLog.js';

export class MemoryFirehoseLog implements FirehoseLog {
  readonly records = new Map<number, InRecord>();
  commits = 0;
  destroyed = false;
  /** Set to make the next commit reject (and change nothing). */
  failNext: Error | undefined;
  /** Set to hold every commit until it resolves (to test what happens meanwhile). */
  gate: Promise<void> | undefined;

  async open(): Promise<void> {
    this.destroyed = false;
  }

  async loadAll(): Promise<LoggedRecord[]> {
    return [...this.records].sort((a, b) => a[0] - b[0]).map(([seq, record]) => ({ seq, record }));
  }

  async commit(puts: readonly LoggedRecord[], deletes: readonly number[]): Promise<void> {
    if (this.gate) await this.gate;
    const fail = this.failNext;
    this.failNext = undefined;
    if (fail) throw fail;
    for (const p of puts) this.records.set(p.seq, p.record);
    for (const d of deletes) this.records.delete(d);
    this.commits++;
  }

  async close(): Promise<void> {}

  async destroy(): Promise<void> {
    this.records.clear();
    this.destroyed = true;
  }
}
