import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, PRICES } from './prices';
import { firehoseBilledBytes, FirehoseCostMeter } from './firehoseCost';

describe('Firehose ingestion cost', () => {
  it('rounds each record up to the next 5 KB', () => {
    expect(firehoseBilledBytes(3 * 1024)).toBe(5 * 1024);
    expect(firehoseBilledBytes(12 * 1024)).toBe(15 * 1024);
    expect(firehoseBilledBytes(5 * 1024)).toBe(5 * 1024);
    expect(firehoseBilledBytes(0)).toBe(5 * 1024);
  });

  it('prices the billed GB per hour at the rate of the last minute', () => {
    const m = new FirehoseCostMeter(60_000);
    const T = 1_000_000;
    // 60 s × 100 records of 1 KB, each billing 5 KB.
    for (let s = 0; s < 60; s++) m.add({ type: 'incoming', t: T + s * 1000, deliveryStream: 'd', records: 100, bytes: 102_400, billedBytes: 100 * 5120 });
    const c = m.cost('d', T + 59_000);
    expect(c.recordsPerSecond).toBe(100);
    expect(c.billedBytesPerSecond).toBe(512_000);
    expect(c.usdPerHour).toBeCloseTo(((512_000 * 3600) / BYTES_PER_GB) * PRICES.firehoseIngestionPerGB.usd, 10);
    expect(m.cost('other', T).usdPerHour).toBe(0);
    // A minute later with nothing new, the rate is back to 0.
    expect(m.cost('d', T + 200_000).usdPerHour).toBe(0);
  });
});
