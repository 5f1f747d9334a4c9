import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../core/observe/metrics';
import type { PutEvent } from '../../core/observe/events';
import { ratesAt } from './history';
import { rateKey } from './rates';

const T0 = Date.UTC(2026, 0, 1);
const put = (t: number, accepted: number, throttled: number): PutEvent => ({
  type: 'put', t, stream: 's', shardId: 'shardId-000000000000', operation: 'PutRecords',
  accepted: Array.from({ length: accepted }, (_, i) => ({ partitionKey: 'k', sequenceNumber: String(i), bytes: 100 })),
  throttled: Array.from({ length: throttled }, () => ({ partitionKey: 'k', bytes: 100 })),
});

describe('rates at a past moment', () => {
  it('come from that second of the metric store, not from now', () => {
    const store = new MetricStore();
    store.add(put(T0 + 100, 900, 0));
    store.add(put(T0 + 1100, 1000, 250));
    for (let t = T0 + 2000; t <= T0 + 10_000; t += 1000) store.add({ type: 'tick', t });
    const ids = ['shardId-000000000000', 'shardId-000000000001'];
    const first = ratesAt(store, 's', ids, T0 + 500).get(rateKey('s', ids[0]!))!;
    expect(first).toMatchObject({ writeRecordsPerSec: 900, writeBytesPerSec: 90_000, writeThrottledPerSec: 0 });
    const second = ratesAt(store, 's', ids, T0 + 1999).get(rateKey('s', ids[0]!))!;
    expect(second).toMatchObject({ writeRecordsPerSec: 1000, writeThrottledPerSec: 250 });
    expect(ratesAt(store, 's', ids, T0 + 9000).get(rateKey('s', ids[0]!))!.writeRecordsPerSec).toBe(0);
    expect(ratesAt(store, 's', ids, T0 + 500).get(rateKey('s', ids[1]!))!.writeRecordsPerSec).toBe(0);
  });
});
