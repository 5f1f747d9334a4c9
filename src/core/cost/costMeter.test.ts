import { describe, expect, it } from 'vitest';
import type { PutEvent } from '../observe/events.js';
import { estimateCost, onDemandBilledBytes, PUT_PAYLOAD_UNIT_BYTES, PutUnitMeter, putPayloadUnits, retentionShare, type CostInput } from './costMeter.js';
import { BYTES_PER_GB, HOURS_PER_MONTH, PRICE_SOURCE, PRICES } from './prices.js';

const KB = 1024;
const GiB = 1024 ** 3;

const base: CostInput = {
  mode: 'PROVISIONED',
  openShards: 4,
  retentionHours: 24,
  putUnitsPerSecond: 0,
  incomingBytesPerSecond: 0,
  outgoingBytesPerSecond: 0,
  storedBytes: 0,
};
const ids = (input: Partial<CostInput>): string[] => estimateCost({ ...base, ...input }).lines.map((l) => l.id);
const lineOf = (input: Partial<CostInput>, id: string) => estimateCost({ ...base, ...input }).lines.find((l) => l.id === id);

function put(t: number, sizes: number[], stream = 's', throttled: number[] = []): PutEvent {
  return {
    type: 'put',
    t,
    stream,
    shardId: 'shardId-000000000000',
    operation: 'PutRecords',
    accepted: sizes.map((bytes, i) => ({ partitionKey: `k${i}`, sequenceNumber: String(i), bytes })),
    throttled: throttled.map((bytes, i) => ({ partitionKey: `t${i}`, bytes })),
  };
}

describe('putPayloadUnits', () => {
  it('is 25 KB of 1,024 bytes', () => expect(PUT_PAYLOAD_UNIT_BYTES).toBe(25_600));
  it('charges 1 unit for a 1-byte record (and never 0)', () => {
    expect(putPayloadUnits(1)).toBe(1);
    expect(putPayloadUnits(0)).toBe(1);
  });
  it('charges exactly 25 KB as 1 unit and 25 KB + 1 byte as 2', () => {
    expect(putPayloadUnits(25 * KB)).toBe(1);
    expect(putPayloadUnits(25 * KB + 1)).toBe(2);
    expect(putPayloadUnits(50 * KB)).toBe(2);
    expect(putPayloadUnits(50 * KB + 1)).toBe(3);
  });
  it("matches AWS's examples: 5 KB → 1, 45 KB → 2, 1 MB (1,000 KB) → 40", () => {
    expect(putPayloadUnits(5 * KB)).toBe(1);
    expect(putPayloadUnits(45 * KB)).toBe(2);
    expect(putPayloadUnits(1000 * KB)).toBe(40);
  });
  it('charges a full 1 MiB record 41 units', () => expect(putPayloadUnits(1024 * KB)).toBe(41));
});

describe('onDemandBilledBytes', () => {
  it('rounds each record up to a whole KB, as AWS counts on-demand data in', () => {
    expect(onDemandBilledBytes(1)).toBe(KB);
    expect(onDemandBilledBytes(KB)).toBe(KB);
    expect(onDemandBilledBytes(KB + 1)).toBe(2 * KB);
    expect(onDemandBilledBytes(4.5 * KB)).toBe(5 * KB); // AWS: 4.5 KB records count as 5 KB
  });
});

describe('estimateCost — provisioned', () => {
  it('bills N open shards at the shard-hour price', () => {
    const b = estimateCost({ ...base, openShards: 4 });
    expect(b.lines.map((l) => l.id)).toEqual(['shardHour', 'putPayloadUnitsPerMillion']);
    expect(b.lines[0]!.quantityPerHour).toBe(4);
    expect(b.totalPerHour).toBeCloseTo(4 * 0.015, 10);
    expect(lineOf({ openShards: 10 }, 'shardHour')!.costPerHour).toBeCloseTo(0.15, 10);
  });
  it('bills PUT payload units per million', () => {
    const l = lineOf({ putUnitsPerSecond: 1000 }, 'putPayloadUnitsPerMillion')!;
    expect(l.quantityPerHour).toBeCloseTo(3.6, 10);
    expect(l.costPerHour).toBeCloseTo(3.6 * 0.014, 10);
  });
  it('makes the month 730 × the hour', () => {
    const b = estimateCost({ ...base, openShards: 3, putUnitsPerSecond: 250, retentionHours: 500, storedBytes: 7 * GiB, efoConsumers: 2 });
    expect(b.hoursPerMonth).toBe(730);
    expect(b.totalPerMonth).toBeCloseTo(730 * b.totalPerHour, 10);
    expect(b.totalPerHour).toBeCloseTo(b.lines.reduce((s, l) => s + l.costPerHour, 0), 12);
    expect(estimateCost({ ...base, openShards: 1 }).totalPerMonth).toBeCloseTo(10.95, 10);
  });
  it('does not bill GetRecords reads', () => {
    expect(estimateCost({ ...base, outgoingBytesPerSecond: 2 * 1024 * KB }).totalPerHour).toBeCloseTo(4 * 0.015, 10);
  });
  it('switches extended retention on at 25 h and off at 24 h, per shard-hour', () => {
    expect(ids({ retentionHours: 24 })).not.toContain('extendedRetentionShardHour');
    const l = lineOf({ retentionHours: 25, openShards: 2 }, 'extendedRetentionShardHour')!;
    expect(l.quantityPerHour).toBe(2);
    expect(l.costPerHour).toBeCloseTo(0.04, 10);
  });
  it('adds long-term retention only above 168 h', () => {
    expect(ids({ retentionHours: 168, storedBytes: GiB })).not.toContain('longTermRetentionGBMonth');
    expect(ids({ retentionHours: 169, storedBytes: GiB })).toContain('longTermRetentionGBMonth');
    expect(ids({ retentionHours: 169 })).toContain('extendedRetentionShardHour');
  });
  it('bills long-term retention per GB-month on the share of data older than 7 days', () => {
    // 200 h retention at steady traffic: (200 − 168) / 200 = 16 % of 100 GiB is over 7 days old.
    const l = lineOf({ retentionHours: 200, storedBytes: 100 * GiB }, 'longTermRetentionGBMonth')!;
    expect(l.quantityPerHour).toBeCloseTo(16 / 730, 10);
    expect(l.costPerHour * HOURS_PER_MONTH).toBeCloseTo(16 * 0.023, 10);
    expect(l.note).toMatch(/estimated/);
  });
  it('bills enhanced fan-out per consumer-shard-hour and per GB', () => {
    const b = estimateCost({ ...base, openShards: 3, efoConsumers: 2, efoOutgoingBytesPerSecond: GiB / 3600 });
    expect(b.lines.find((l) => l.id === 'efoConsumerShardHour')!.costPerHour).toBeCloseTo(6 * 0.015, 10);
    expect(b.lines.find((l) => l.id === 'efoDataRetrievalPerGB')!.costPerHour).toBeCloseTo(0.013, 10);
    expect(ids({ efoConsumers: 0 })).not.toContain('efoConsumerShardHour');
  });
  it('counts nonsense inputs as nothing', () => {
    const b = estimateCost({ ...base, openShards: -3, putUnitsPerSecond: Number.NaN, storedBytes: Number.POSITIVE_INFINITY });
    expect(b.totalPerHour).toBe(0);
  });
});

describe('estimateCost — on-demand', () => {
  const od: Partial<CostInput> = { mode: 'ON_DEMAND', openShards: 4 };
  it('bills a stream-hour and GB in/out instead of shard-hours and PUT units', () => {
    expect(ids({ ...od, putUnitsPerSecond: 1000 })).toEqual(['onDemandStreamHour', 'onDemandDataInPerGB', 'onDemandDataOutPerGB']);
    const b = estimateCost({ ...base, ...od, incomingBytesPerSecond: GiB / 3600, outgoingBytesPerSecond: (2 * GiB) / 3600 });
    expect(b.lines[0]!.costPerHour).toBeCloseTo(0.04, 10);
    expect(b.lines[1]!.quantityPerHour).toBeCloseTo(1, 10);
    expect(b.lines[1]!.costPerHour).toBeCloseTo(0.08, 10);
    expect(b.lines[2]!.costPerHour).toBeCloseTo(0.08, 10);
    expect(b.totalPerHour).toBeCloseTo(0.2, 10);
  });
  it('bills extended retention per GB-month on the share of data 1–7 days old', () => {
    expect(ids({ ...od, retentionHours: 24, storedBytes: GiB })).not.toContain('onDemandExtendedRetentionGBMonth');
    // 48 h retention: half the data held is over 24 h old.
    const l = lineOf({ ...od, retentionHours: 48, storedBytes: 10 * GiB }, 'onDemandExtendedRetentionGBMonth')!;
    expect(l.costPerHour * HOURS_PER_MONTH).toBeCloseTo(5 * 0.1, 10);
    expect(ids({ ...od, retentionHours: 300, storedBytes: GiB })).toContain('longTermRetentionGBMonth');
  });
});

describe('retentionShare', () => {
  it('is the slice of the retention window between two ages', () => {
    expect(retentionShare(24, 24, 168)).toBe(0);
    expect(retentionShare(48, 24, 168)).toBe(0.5);
    expect(retentionShare(336, 24, 168)).toBeCloseTo(144 / 336, 12);
    expect(retentionShare(336, 168, 336)).toBe(0.5);
  });
});

describe('prices', () => {
  it('are the spec §10 figures, with their source', () => {
    expect(PRICES.shardHour.usd).toBe(0.015);
    expect(PRICES.putPayloadUnitsPerMillion.usd).toBe(0.014);
    expect(PRICES.longTermRetentionGBMonth.verify).toBe(true);
    expect(PRICE_SOURCE.url).toBe('https://aws.amazon.com/kinesis/data-streams/pricing/');
    expect(BYTES_PER_GB).toBe(GiB);
  });
});

describe('PutUnitMeter', () => {
  it('averages accepted units over the window and forgets what left it', () => {
    const m = new PutUnitMeter({ windowMs: 10_000 });
    m.add(put(1_000, [KB, 30 * KB], 's', [60 * KB])); // 1 + 2 units; the throttled record is free
    m.add(put(5_000, [100 * KB])); // 4 units
    expect(m.perSecond(5_000)).toBeCloseTo(7 / 10, 12);
    expect(m.perSecond(11_000)).toBeCloseTo(4 / 10, 12); // t = 1,000 is out: window is (1,000, 11,000]
    expect(m.perSecond(15_000)).toBe(0);
  });
  it('reports bytes as written and as on-demand bills them', () => {
    const m = new PutUnitMeter({ windowMs: 2_000 });
    m.add(put(100, [100, 1500]));
    m.add(put(100, [KB])); // same instant: merged
    const t = m.traffic(1_000);
    expect(t.recordsPerSecond).toBe(1.5);
    expect(t.incomingBytesPerSecond).toBe((100 + 1500 + KB) / 2);
    expect(t.billedIncomingBytesPerSecond).toBe((KB + 2 * KB + KB) / 2);
  });
  it("counts only its stream's events when given one", () => {
    const m = new PutUnitMeter({ windowMs: 1_000, stream: 'a' });
    m.add(put(10, [1], 'a'));
    m.add(put(10, [1, 1], 'b'));
    expect(m.perSecond(500)).toBe(1);
  });
  it('ignores events after now and can be reset', () => {
    const m = new PutUnitMeter({ windowMs: 1_000 });
    m.add(put(900, [1]));
    expect(m.perSecond(800)).toBe(0);
    expect(m.perSecond(950)).toBe(1);
    m.reset();
    expect(m.perSecond(950)).toBe(0);
  });
});
