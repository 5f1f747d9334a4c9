import { describe, expect, it } from 'vitest';
import type { PutEvent, ReadEvent } from '../../core/observe/events';
import { layoutFlow } from '../viz/flowLayout';
import { Kind } from '../viz/particles';
import { FlowModel, MAX_PARTICLES_PER_SECOND } from './flow.svelte';
import { compareSequenceNumbers, RecordLog } from './recordLog';

const put = (over: Partial<PutEvent> = {}): PutEvent => ({
  type: 'put', t: 1000, stream: 's', shardId: 'shardId-000000000000', operation: 'PutRecords',
  accepted: [{ partitionKey: 'a', sequenceNumber: '100', bytes: 10 }, { partitionKey: 'b', sequenceNumber: '101', bytes: 10 }],
  throttled: [{ partitionKey: 'a', bytes: 10 }],
  ...over,
});

function model() {
  let now = 0;
  const m = new FlowModel(() => now);
  m.setStream('s');
  m.setLayout(layoutFlow(800, 300, [{ shardId: 'shardId-000000000000', open: true }, { shardId: 'shardId-000000000001', open: true }], ['reader-1']));
  return { m, advance: (ms: number) => { now += ms; } };
}

describe('the flow model', () => {
  it('turns accepted records into particles bound for their lane and throttled ones into bounces', () => {
    const { m } = model();
    m.onEvent(put());
    const kinds = [...m.particles.kind].slice(0, m.particles.count);
    expect(kinds.filter((k) => k === Kind.write)).toHaveLength(2);
    expect(kinds.filter((k) => k === Kind.bounce)).toHaveLength(1);
    expect(m.keys.get('a')?.count).toBe(2);
    expect(m.throttledAt.has('shardId-000000000000')).toBe(true);
  });

  it('ignores other streams, and forgets everything when the stream changes', () => {
    const { m } = model();
    m.onEvent(put({ stream: 'other' }));
    expect(m.particles.count).toBe(0);
    m.onEvent(put());
    m.setStream('t');
    expect(m.particles.count).toBe(0);
    expect(m.keys.size).toBe(0);
  });

  it('follows a clicked record to every reader that got it', () => {
    const { m } = model();
    m.onEvent(put());
    const slot = [...m.particles.ref].findIndex((r) => r >= 0 && m.records.get(r)?.sequenceNumber === '101');
    expect(m.selectParticle(slot)).toBe(true);
    expect(m.selected).toMatchObject({ partitionKey: 'b', sequenceNumber: '101', shardId: 'shardId-000000000000', t: 1000 });
    const read = (reader: string, first: string, last: string, shardId = 'shardId-000000000000'): ReadEvent =>
      ({ type: 'read', t: 2000, stream: 's', shardId, reader, records: 2, bytes: 20, firstSequenceNumber: first, lastSequenceNumber: last, iteratorAgeMs: 5 });
    m.onEvent(read('reader-1', '100', '101'));
    m.onEvent(read('reader-2', '102', '110'));
    m.onEvent(read('reader-3', '100', '101', 'shardId-000000000001'));
    expect(m.readsOf(m.selected!).map((r) => r.reader)).toEqual(['reader-1']);
    expect(m.readers.get('reader-1')).toMatchObject({ iteratorAgeMs: 5, records: 2 });
    expect(m.selectParticle(-1)).toBe(false);
  });

  it('samples above the particle budget and says so', () => {
    const { m, advance } = model();
    const many = Array.from({ length: 500 }, (_, i) => ({ partitionKey: `k${i}`, sequenceNumber: String(1000 + i), bytes: 10 }));
    for (let s = 0; s < 3; s++) {
      m.onEvent(put({ accepted: many, throttled: [] }));
      m.onEvent(put({ accepted: many, throttled: [] }));
      advance(1000);
    }
    m.onEvent(put({ accepted: many, throttled: [] }));
    expect(m.sampledEvery).toBeGreaterThan(1);
    expect(MAX_PARTICLES_PER_SECOND * m.sampledEvery).toBeGreaterThanOrEqual(1000);
  });
});

describe('record log', () => {
  it('keeps the newest facts and knows when one was overwritten', () => {
    const log = new RecordLog(2);
    const f = (n: number) => ({ stream: 's', shardId: 'x', partitionKey: `k${n}`, sequenceNumber: String(n), t: n, bytes: 1 });
    const a = log.add(f(1)), b = log.add(f(2)), c = log.add(f(3));
    expect(log.get(a)).toBeUndefined();
    expect(log.get(b)?.partitionKey).toBe('k2');
    expect(log.get(c)?.partitionKey).toBe('k3');
    expect(log.get(-1)).toBeUndefined();
  });

  it('orders sequence numbers numerically', () => {
    expect(compareSequenceNumbers('9', '10')).toBeLessThan(0);
    expect(compareSequenceNumbers('49', '49')).toBe(0);
    expect(compareSequenceNumbers('50', '49')).toBeGreaterThan(0);
  });
});
