/**
 * Per-shard rates for the shard table. The engine reports each rate over the last *virtual*
 * second; the page samples four times a real second. Up to 4× speed those windows overlap and
 * the engine's numbers are right as they are. Faster, the windows leave gaps (at 100× a sample
 * sees 10 ms of every 250 ms of real time) and bursty traffic would mostly read as 0 — so writes
 * and throttling (and reads, where the engine reports their totals) are averaged from the
 * engine's running totals over the whole gap instead.
 */
import type { StreamSnapshot } from '../../core/kinesis/snapshot';
import type { ShardTraffic } from '../../core/kinesis/shard/meteredShard';

export interface ShardRates {
  readonly writeRecordsPerSec: number;
  readonly writeBytesPerSec: number;
  readonly writeThrottledPerSec: number;
  readonly readCallsPerSec: number;
  readonly readBytesPerSec: number;
  readonly readThrottledPerSec: number;
  /** True when averaged over more than a virtual second (fast clock). */
  readonly averaged: boolean;
}

type Totals = ShardTraffic['totals'];

/** Samples further apart than this (virtual ms) leave gaps between the engine's 1 s windows. */
const WINDOW_MS = 1000;

export const rateKey = (stream: string, shardId: string): string => `${stream}\u0000${shardId}`;

export class RateTracker {
  private prev = new Map<string, { now: number; totals: Totals }>();

  /** The rates of every shard in `streams`, observed at virtual time `now`. */
  update(streams: readonly StreamSnapshot[], now: number): Map<string, ShardRates> {
    const out = new Map<string, ShardRates>();
    const next = new Map<string, { now: number; totals: Totals }>();
    for (const s of streams) {
      for (const sh of s.shards) {
        const key = rateKey(s.name, sh.shardId);
        const t = sh.traffic;
        const before = this.prev.get(key);
        const dt = before ? now - before.now : 0;
        if (before && dt > WINDOW_MS && t.totals.records >= before.totals.records) {
          const per = (a: number, b: number): number => (Math.max(0, a - b) * 1000) / dt;
          out.set(key, {
            writeRecordsPerSec: per(t.totals.records, before.totals.records),
            writeBytesPerSec: per(t.totals.bytes, before.totals.bytes),
            writeThrottledPerSec: per(t.totals.writeThrottled, before.totals.writeThrottled),
            readCallsPerSec: t.totals.readCalls !== undefined ? per(t.totals.readCalls, before.totals.readCalls ?? 0) : t.readCallsPerSec,
            readBytesPerSec: t.totals.readBytes !== undefined ? per(t.totals.readBytes, before.totals.readBytes ?? 0) : t.readBytesPerSec,
            readThrottledPerSec: per(t.totals.readThrottled, before.totals.readThrottled),
            averaged: true,
          });
        } else {
          out.set(key, {
            writeRecordsPerSec: t.writeRecordsPerSec,
            writeBytesPerSec: t.writeBytesPerSec,
            writeThrottledPerSec: t.writeThrottledPerSec,
            readCallsPerSec: t.readCallsPerSec,
            readBytesPerSec: t.readBytesPerSec,
            readThrottledPerSec: t.readThrottledPerSec,
            averaged: false,
          });
        }
        // While the clock stands still, keep the older sample: the next gap is measured from it.
        next.set(key, before && dt <= 0 ? before : { now, totals: t.totals });
      }
    }
    this.prev = next;
    return out;
  }
}
