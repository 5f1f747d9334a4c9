import { describe, expect, it } from 'vitest';
import type { ShardSnapshot, StreamSnapshot } from '../../core/kinesis/snapshot';
import type { ShardTraffic } from '../../core/kinesis/shard/meteredShard';
import { RateTracker, rateKey } from './rates';

function stream(traffic: Partial<ShardTraffic> & { totals: ShardTraffic['totals'] }): StreamSnapshot[] {
  const t: ShardTraffic = {
    writeRecordsPerSec: 0, writeBytesPerSec: 0, writeThrottledPerSec: 0, readRecordsPerSec: 0,
    readBytesPerSec: 0, readCallsPerSec: 0, readThrottledPerSec: 0, ...traffic,
  };
  const shard: ShardSnapshot = { shardId: 'shardId-000000000000', index: 0, open: true, startingHashKey: '0', endingHashKey: '1', records: 0, traffic: t };
  return [{ name: 's', arn: 'arn', status: 'ACTIVE', mode: 'PROVISIONED', createdAt: 0, retentionHours: 24, enforceLimits: true, tags: {}, consumers: [], shards: [shard] }];
}
const totals = (records: number, bytes = records * 100, writeThrottled = 0, readThrottled = 0) => ({ records, bytes, writeThrottled, readThrottled });
const key = rateKey('s', 'shardId-000000000000');

describe('RateTracker', () => {
  it('averages reads over the gap too, from the engine\'s read totals', () => {
    const r = new RateTracker();
    r.update(stream({ totals: { ...totals(0), readCalls: 0, readBytes: 0 } }), 0);
    const got = r.update(stream({ readCallsPerSec: 0, readBytesPerSec: 0, totals: { ...totals(0), readCalls: 100, readBytes: 1_000_000 } }), 20_000).get(key)!;
    expect(got.readCallsPerSec).toBe(5);
    expect(got.readBytesPerSec).toBe(50_000);
  });

  it("uses the engine's last-second rates while samples are under a virtual second apart", () => {
    const r = new RateTracker();
    r.update(stream({ writeRecordsPerSec: 200, totals: totals(0) }), 0);
    const got = r.update(stream({ writeRecordsPerSec: 210, readCallsPerSec: 1, totals: totals(50) }), 250).get(key)!;
    expect(got.writeRecordsPerSec).toBe(210);
    expect(got.readCallsPerSec).toBe(1);
    expect(got.averaged).toBe(false);
  });

  it('averages writes over the gap when the clock runs fast', () => {
    const r = new RateTracker();
    r.update(stream({ totals: totals(0) }), 0);
    // 25 virtual seconds between samples (100×), 5,000 records written in bursts the 1 s window missed.
    const got = r.update(stream({ writeRecordsPerSec: 0, totals: totals(5000, 500_000, 2500, 10) }), 25_000).get(key)!;
    expect(got.writeRecordsPerSec).toBe(200);
    expect(got.writeBytesPerSec).toBe(20_000);
    expect(got.writeThrottledPerSec).toBe(100);
    expect(got.readThrottledPerSec).toBeCloseTo(0.4);
    expect(got.averaged).toBe(true);
  });

  it('holds still while the clock is paused', () => {
    const r = new RateTracker();
    r.update(stream({ totals: totals(0) }), 0);
    const paused = r.update(stream({ writeRecordsPerSec: 80, totals: totals(80) }), 0).get(key)!;
    expect(paused.writeRecordsPerSec).toBe(80);
    // After a 2 s step the gap is measured from the older sample.
    expect(r.update(stream({ totals: totals(400) }), 2000).get(key)!.writeRecordsPerSec).toBe(200);
  });

  it('starts over for a recreated stream whose totals went back to zero', () => {
    const r = new RateTracker();
    r.update(stream({ totals: totals(9000) }), 0);
    const got = r.update(stream({ writeRecordsPerSec: 5, totals: totals(3) }), 5000).get(key)!;
    expect(got.writeRecordsPerSec).toBe(5);
  });
});
