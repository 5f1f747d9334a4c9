/**
 * On-demand capacity (spec §3.2, §9): an ON_DEMAND stream starts with 4 shards (4 MiB/s and
 * 4,000 records/s of writes) and the service adds shards itself so that it can take up to
 * double the highest write rate it has seen; traffic above what the open shards take is
 * throttled meanwhile, as on AWS. The per-shard limits stay what they are — on-demand is the
 * service doing the resharding, and the picture shows it happen.
 *
 * Every CHECK_MS of virtual time the engine looks at each ACTIVE on-demand stream's write rate
 * since the last look (records and bytes, accepted and throttled — the demand); when the open
 * shards are fewer than double the peak demand needs, it scales uniformly towards that, at most
 * doubling at once (UpdateShardCount's own limit).
 *
 * Unsure: AWS's reaction time (documented only as "scales to accommodate up to double the
 * previous peak within 30 days" with throttling above that) and whether it ever scales down;
 * here it reacts within CHECK_MS and never scales down.
 */
import type { KinesisEngine } from './engine.js';
import { LIMITS } from './limits.js';
import type { StreamState } from './stream.js';

export const ON_DEMAND = {
  /** Open shards a new on-demand stream starts with. */
  initialShards: 4,
  /** Virtual ms between capacity checks. */
  checkMs: 10_000,
} as const;

interface Seen {
  at: number;
  records: number;
  bytes: number;
  /** Highest demand seen, per second. */
  peakRecords: number;
  peakBytes: number;
}

/** Watches on-demand streams' demand and scales them; one per engine. */
export class OnDemandScaler {
  private readonly seen = new Map<StreamState, Seen>();
  private lastCheck = 0;

  constructor(private readonly e: KinesisEngine) {}

  /** Called on every engine tick. */
  tick(now: number): void {
    if (now - this.lastCheck < ON_DEMAND.checkMs) return;
    this.lastCheck = now;
    for (const s of this.e.streams.values()) {
      if (s.mode !== 'ON_DEMAND' || s.status !== 'ACTIVE') {
        this.seen.delete(s);
        continue;
      }
      this.check(s, now);
    }
  }

  /** Peak demand seen for a stream (records/s, bytes/s), for tests and the UI. */
  peak(s: StreamState): { records: number; bytes: number } {
    const v = this.seen.get(s);
    return { records: v?.peakRecords ?? 0, bytes: v?.peakBytes ?? 0 };
  }

  private check(s: StreamState, now: number): void {
    let records = 0, bytes = 0;
    for (const sh of s.shards) {
      const t = sh.traffic(now).totals;
      // Demand = accepted + refused (a throttled record was wanted too).
      records += t.records + t.writeThrottled;
      bytes += t.bytes;
    }
    const prev = this.seen.get(s);
    if (!prev) {
      this.seen.set(s, { at: now, records, bytes, peakRecords: 0, peakBytes: 0 });
      return;
    }
    const secs = Math.max(1, (now - prev.at) / 1000);
    const recordRate = (records - prev.records) / secs;
    const byteRate = (bytes - prev.bytes) / secs;
    const next: Seen = {
      at: now, records, bytes,
      peakRecords: Math.max(prev.peakRecords, recordRate),
      peakBytes: Math.max(prev.peakBytes, byteRate),
    };
    this.seen.set(s, next);
    const wanted = Math.max(
      ON_DEMAND.initialShards,
      Math.ceil((2 * next.peakRecords) / LIMITS.writeRecordsPerSecond),
      Math.ceil((2 * next.peakBytes) / LIMITS.writeBytesPerSecond),
    );
    const current = s.open.length;
    if (wanted <= current) return;
    const target = Math.min(wanted, 2 * current, current + (LIMITS.shardLimit - this.e.openShardCount()));
    if (target > current) this.e.scaleStream(s, target);
  }
}
