import { describe, expect, it } from 'vitest';
import type { PutEvent, ReadEvent, SimEvent } from './events';
import { MetricStore, metricUnit, PERIOD, SHARD_METRICS, STREAM_METRICS, type MetricName, type Statistic } from './metrics';

const T0 = Date.UTC(2026, 0, 25, 14, 0, 0); // on a minute boundary
const S = 'orders';
const A = 'shardId-000000000000';
const B = 'shardId-000000000001';
const stream = { StreamName: S };
const shardA = { StreamName: S, ShardId: A };
const shardB = { StreamName: S, ShardId: B };

/** A put event; records given by their sizes in bytes. */
function put(t: number, shardId: string, ok: number[], throttled: number[] = [], operation: PutEvent['operation'] = 'PutRecords'): PutEvent {
  return {
    type: 'put', t, stream: S, shardId, operation,
    accepted: ok.map((bytes, i) => ({ partitionKey: `k${i}`, sequenceNumber: String(i), bytes })),
    throttled: throttled.map((bytes, i) => ({ partitionKey: `x${i}`, bytes })),
  };
}
const read = (t: number, shardId: string, records: number, bytes: number, iteratorAgeMs: number): ReadEvent =>
  ({ type: 'read', t, stream: S, shardId, reader: 'r1', records, bytes, iteratorAgeMs });
const readThrottled = (t: number, shardId: string): SimEvent => ({ type: 'readThrottled', t, stream: S, shardId, reader: 'r1' });
const tick = (t: number): SimEvent => ({ type: 'tick', t });

function storeOf(events: SimEvent[], opts?: ConstructorParameters<typeof MetricStore>[0]): MetricStore {
  const m = new MetricStore(opts);
  for (const e of events) m.add(e);
  return m;
}
const at = (m: MetricStore, metric: MetricName, dims: typeof stream, stat: Statistic, t = T0, period: number = PERIOD.second) =>
  m.valueAt(metric, dims, period, stat, t);

describe('periods', () => {
  it('are aligned to period boundaries, like CloudWatch', () => {
    const m = storeOf([put(T0 + 999, A, [10], [], 'PutRecord'), put(T0 + 1000, A, [20], [], 'PutRecord'), put(T0 + 59_999, A, [30], [], 'PutRecord')]);
    const s = m.series('IncomingBytes', shardA, PERIOD.second, 'Sum', T0 + 500, T0 + 2500);
    expect(s.slice(0, 3)).toEqual([{ t: T0, value: 10 }, { t: T0 + 1000, value: 20 }, { t: T0 + 2000, value: 0 }]);
    expect(m.series('IncomingBytes', shardA, PERIOD.minute, 'Sum', T0, T0 + 59_999)).toEqual([{ t: T0, value: 60 }]);
  });

  it('end at the latest time seen; a tick closes quiet periods, which read 0 (Sum) or null (Average)', () => {
    const m = storeOf([put(T0 + 100, A, [10], [], 'PutRecord')]);
    expect(m.series('IncomingRecords', stream, PERIOD.second, 'Sum', T0, T0 + 10_000)).toHaveLength(1);
    m.add(tick(T0 + 5000));
    const sums = m.series('IncomingRecords', stream, PERIOD.second, 'Sum', T0, T0 + 10_000);
    expect(sums.map((p) => p.value)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(m.series('IncomingRecords', stream, PERIOD.second, 'Average', T0, T0 + 10_000).map((p) => p.value)).toEqual([1, null, null, null, null, null]);
    expect(m.valueAt('IncomingRecords', stream, PERIOD.second, 'Sum', T0 + 6000)).toBeNull(); // not reached yet
    expect(m.valueAt('IncomingRecords', stream, PERIOD.second, 'Sum', T0 - 1000)).toBeNull(); // before observing began
    expect(m.oldestT(PERIOD.minute)).toBe(T0);
  });

  it('only accept a kept period length or a multiple of one', () => {
    const m = storeOf([tick(T0)]);
    expect(() => m.series('IncomingRecords', stream, 1500, 'Sum', T0, T0)).toThrow(/1500/);
  });
});

describe('statistics', () => {
  it('keeps Sum, SampleCount, Minimum, Maximum and Average per datapoint', () => {
    const m = storeOf([100, 300, 200].map((b, i) => put(T0 + i * 10, A, [b], [], 'PutRecord')));
    expect(at(m, 'IncomingBytes', shardA, 'Sum')).toBe(600);
    expect(at(m, 'IncomingBytes', shardA, 'SampleCount')).toBe(3);
    expect(at(m, 'IncomingBytes', shardA, 'Minimum')).toBe(100);
    expect(at(m, 'IncomingBytes', shardA, 'Maximum')).toBe(300);
    expect(at(m, 'IncomingBytes', shardA, 'Average')).toBe(200);
    expect(at(m, 'PutRecord.Bytes', stream, 'Sum')).toBe(600);
  });

  it('names units as CloudWatch does', () => {
    expect(metricUnit('IncomingBytes')).toBe('Bytes');
    expect(metricUnit('GetRecords.IteratorAgeMilliseconds')).toBe('Milliseconds');
    expect(metricUnit('WriteProvisionedThroughputExceeded')).toBe('Count');
    expect(new MetricStore().metricNames('shard')).toEqual(SHARD_METRICS);
    expect(new MetricStore().metricNames('stream')).toEqual(STREAM_METRICS);
  });
});

describe('writes', () => {
  // One PutRecords of 10 records into two shards: A stores 3 and throttles 2, B stores 1 and throttles 4.
  const call = [put(T0, A, [10, 10, 10], [5, 5]), put(T0, B, [40], [5, 5, 5, 5])];

  it('WriteProvisionedThroughputExceeded counts throttled records, per stream and per shard', () => {
    const m = storeOf(call);
    expect(at(m, 'WriteProvisionedThroughputExceeded', stream, 'Sum')).toBe(6);
    expect(at(m, 'WriteProvisionedThroughputExceeded', shardA, 'Sum')).toBe(2);
    expect(at(m, 'WriteProvisionedThroughputExceeded', shardB, 'Sum')).toBe(4);
    expect(at(m, 'PutRecords.ThrottledRecords', stream, 'Sum')).toBe(6);
  });

  it('counts a PutRecords split over shards as one call', () => {
    const m = storeOf(call);
    expect(at(m, 'PutRecords.TotalRecords', stream, 'Sum')).toBe(10);
    expect(at(m, 'PutRecords.TotalRecords', stream, 'SampleCount')).toBe(1);
    expect(at(m, 'PutRecords.TotalRecords', stream, 'Maximum')).toBe(10);
    expect(at(m, 'PutRecords.SuccessfulRecords', stream, 'Sum')).toBe(4);
    expect(at(m, 'PutRecords.Success', stream, 'Sum')).toBe(1);
    expect(at(m, 'PutRecords.Bytes', stream, 'Sum')).toBe(70);
    expect(at(m, 'IncomingRecords', stream, 'Sum')).toBe(4);
    expect(at(m, 'IncomingRecords', stream, 'Maximum')).toBe(4); // per call at stream level
    expect(at(m, 'IncomingRecords', shardA, 'Maximum')).toBe(3); // per shard's part at shard level
    expect(at(m, 'PutRecord.Success', stream, 'SampleCount')).toBe(0);
  });

  it('PutRecords.Success counts calls with at least one stored record; a shard seen twice at one ms means two calls', () => {
    const m = storeOf([put(T0, A, [10]), put(T0, A, [], [10]), put(T0, B, [], [10])]);
    expect(at(m, 'PutRecords.Success', stream, 'Sum')).toBe(1);
    expect(at(m, 'PutRecords.Success', stream, 'SampleCount')).toBe(2);
    expect(at(m, 'PutRecords.Success', stream, 'Average')).toBe(0.5);
    expect(at(m, 'PutRecords.TotalRecords', stream, 'Minimum')).toBe(1);
  });

  it('gives the same answers before and after a call settles, and a late slice counts as its own call', () => {
    const m = storeOf(call, { settleMs: 2000 });
    const before = m.datapoints('PutRecords.TotalRecords', stream, PERIOD.second, T0, T0);
    m.add(tick(T0 + 3000));
    expect(m.datapoints('PutRecords.TotalRecords', stream, PERIOD.second, T0, T0)).toEqual(before);
    m.add(put(T0, A, [10]));
    expect(at(m, 'PutRecords.TotalRecords', stream, 'SampleCount')).toBe(2);
  });

  it('a throttled PutRecord is a failed call: Success 0-sample, one throttled record, no incoming sample', () => {
    const m = storeOf([put(T0, A, [], [50], 'PutRecord'), put(T0 + 1, A, [50], [], 'PutRecord')]);
    expect(at(m, 'PutRecord.Success', stream, 'Average')).toBe(0.5);
    expect(at(m, 'WriteProvisionedThroughputExceeded', stream, 'Sum')).toBe(1);
    expect(at(m, 'IncomingRecords', stream, 'SampleCount')).toBe(1);
  });
});

describe('reads', () => {
  const events = [read(T0, A, 5, 500, 0), read(T0 + 200, A, 0, 0, 5000), readThrottled(T0 + 300, A), read(T0 + 400, B, 2, 80, 1200),
    readThrottled(T0 + 500, A), readThrottled(T0 + 600, B)];

  it('ReadProvisionedThroughputExceeded counts throttled GetRecords calls', () => {
    const m = storeOf(events);
    expect(at(m, 'ReadProvisionedThroughputExceeded', stream, 'Sum')).toBe(3);
    expect(at(m, 'ReadProvisionedThroughputExceeded', stream, 'SampleCount')).toBe(6);
    expect(at(m, 'ReadProvisionedThroughputExceeded', shardA, 'Sum')).toBe(2);
    expect(at(m, 'GetRecords.Success', stream, 'Sum')).toBe(3);
    expect(at(m, 'GetRecords.Success', stream, 'Average')).toBe(0.5);
  });

  it('iterator age: Maximum is the worst consumer lag, per shard and per stream', () => {
    const m = storeOf(events);
    expect(at(m, 'IteratorAgeMilliseconds', shardA, 'Maximum')).toBe(5000);
    expect(at(m, 'IteratorAgeMilliseconds', shardA, 'Minimum')).toBe(0);
    expect(at(m, 'IteratorAgeMilliseconds', shardB, 'Maximum')).toBe(1200);
    expect(at(m, 'GetRecords.IteratorAgeMilliseconds', stream, 'Maximum')).toBe(5000);
  });

  it('records and bytes read, per call at stream level and per shard', () => {
    const m = storeOf(events);
    expect(at(m, 'GetRecords.Records', stream, 'Sum')).toBe(7);
    expect(at(m, 'GetRecords.Records', stream, 'SampleCount')).toBe(3);
    expect(at(m, 'GetRecords.Bytes', stream, 'Maximum')).toBe(500);
    expect(at(m, 'OutgoingRecords', shardB, 'Sum')).toBe(2);
    expect(at(m, 'OutgoingBytes', shardA, 'Sum')).toBe(500);
  });
});

describe('dimensions', () => {
  it('keeps shards apart and adds them up at stream level; lists what it has seen', () => {
    const m = storeOf([put(T0, A, [1, 1, 1], [], 'PutRecord'), put(T0 + 5, B, [1], [], 'PutRecord'),
      { type: 'shardOpened', t: T0, stream: 'other', shardId: A }]);
    expect(at(m, 'IncomingRecords', shardA, 'Sum')).toBe(3);
    expect(at(m, 'IncomingRecords', shardB, 'Sum')).toBe(1);
    expect(at(m, 'IncomingRecords', stream, 'Sum')).toBe(4);
    expect(at(m, 'IncomingRecords', { StreamName: 'other' }, 'Sum')).toBe(0);
    expect(m.dimensionsSeen()).toEqual([{ stream: 'orders', shards: [A, B] }, { stream: 'other', shards: [A] }]);
  });
});

describe('history', () => {
  it('keeps the last N periods: older points drop, and late events for them are ignored', () => {
    const m = storeOf([put(T0, A, [1], [], 'PutRecord'), put(T0 + 3000, A, [1], [], 'PutRecord'), tick(T0 + 5000)],
      { retention: [{ periodMs: 1000, points: 3 }] });
    expect(m.oldestT(1000)).toBe(T0 + 3000);
    expect(m.valueAt('IncomingRecords', shardA, 1000, 'Sum', T0)).toBeNull();
    expect(m.series('IncomingRecords', shardA, 1000, 'Sum', T0, T0 + 5000).map((p) => [p.t - T0, p.value])).toEqual([[3000, 1], [4000, 0], [5000, 0]]);
    m.add(put(T0, A, [1], [], 'PutRecord')); // too old: must not take over the ring slot T0+3000 uses
    expect(m.valueAt('IncomingRecords', shardA, 1000, 'Sum', T0 + 3000)).toBe(1);
    expect(m.valueAt('IncomingRecords', shardA, 1000, 'Sum', T0)).toBeNull();
    m.add(tick(T0 + 9000)); // a full history later, the slot once holding T0+3000 is not read back as data
    expect(m.valueAt('IncomingRecords', shardA, 1000, 'Sum', T0 + 3000)).toBeNull();
    expect(m.series('IncomingRecords', shardA, 1000, 'Sum', T0, T0 + 9000).every((p) => p.value === 0)).toBe(true);
  });

  it('forgets streams quiet for longer than every kept history', () => {
    const m = storeOf([put(T0, A, [1], [], 'PutRecord'), tick(T0 + 20_000)], { retention: [{ periodMs: 1000, points: 10 }], settleMs: 1000 });
    expect(m.dimensionsSeen()).toEqual([]);
  });
});

describe('resolutions', () => {
  it('1-second and 1-minute points give the same totals and extremes', () => {
    const events: SimEvent[] = [];
    for (let i = 0; i < 180; i++) {
      const t = T0 + i * 1000 + ((i * 37) % 1000);
      events.push(put(t, i % 2 ? A : B, Array.from({ length: (i % 7) + 1 }, () => 100 + i), i % 5 ? [] : [9]));
      if (i % 3 === 0) events.push(read(t, A, i % 4, 10 * i, (i * 97) % 4000));
    }
    const m = storeOf([...events, tick(T0 + 180_000)]);
    for (const [metric, dims] of [['IncomingBytes', stream], ['WriteProvisionedThroughputExceeded', shardB], ['IteratorAgeMilliseconds', shardA]] as const) {
      const minutes = m.datapoints(metric, dims, PERIOD.minute, T0, T0 + 179_999);
      expect(minutes).toHaveLength(3);
      for (const d of minutes) {
        const secs = m.datapoints(metric, dims, PERIOD.second, d.t, d.t + 59_999);
        expect(secs).toHaveLength(60);
        expect(secs.reduce((n, p) => n + p.sum, 0)).toBe(d.sum);
        expect(secs.reduce((n, p) => n + p.sampleCount, 0)).toBe(d.sampleCount);
        expect(Math.max(...secs.map((p) => p.maximum ?? -Infinity))).toBe(d.maximum);
      }
      // A 10-second period is built from 1-second points, a 3-minute one from 1-minute points.
      const tens = m.datapoints(metric, dims, 10_000, T0, T0 + 179_999);
      const total = m.datapoints(metric, dims, 180_000, T0, T0)[0];
      expect(tens.reduce((n, p) => n + p.sum, 0)).toBe(total?.sum);
      expect(total?.sum).toBeGreaterThan(0);
    }
  });
});
