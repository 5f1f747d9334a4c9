import { describe, expect, it } from 'vitest';
import type { PutEvent, ReadEvent } from '../../core/observe/events';
import { layoutFlow } from '../viz/flowLayout';
import { Kind } from '../viz/particles';
import { FlowModel, MAX_PARTICLES_PER_SECOND, TRAVEL } from './flow.svelte';
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
  m.setLayout(layoutFlow(800, 300, [{ shardId: 'shardId-000000000000', open: true }, { shardId: 'shardId-000000000001', open: true }], [{ id: 'reader-1', kind: 'shared' }]));
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

  it('draws a KPL aggregated record as one packed particle and counts the user records it carries', () => {
    const { m } = model();
    m.onEvent(put({ accepted: [{ partitionKey: 'a', explicitHashKey: '5', sequenceNumber: '100', bytes: 900, userRecords: 30 },
      { partitionKey: 'a', explicitHashKey: '6', sequenceNumber: '101', bytes: 500, userRecords: 10 }, { partitionKey: 'b', sequenceNumber: '102', bytes: 10 }], throttled: [] }));
    const kinds = [...m.particles.kind].slice(0, m.particles.count);
    expect(kinds.filter((k) => k === Kind.packed)).toHaveLength(2);
    expect(kinds.filter((k) => k === Kind.write)).toHaveLength(1);
    expect(m.packed).toEqual({ kinesis: 2, user: 40 });
    const slot = [...m.particles.ref].findIndex((r) => r >= 0 && m.records.get(r)?.sequenceNumber === '100');
    m.selectParticle(slot);
    expect(m.selected?.userRecords).toBe(30);
    m.setStream('t');
    expect(m.packed).toEqual({ kinesis: 0, user: 0 });
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

  it('sends a grouped reader\'s records through its pipe to its application\'s node, and forgets quiet readers', () => {
    let now = 0;
    const m = new FlowModel(() => now);
    m.setStream('s');
    const lanes = [{ shardId: 'shardId-000000000000', open: true }];
    const l = layoutFlow(1000, 400, lanes, [{ id: 'app:1', kind: 'shared' }, { id: 'app:2', kind: 'shared' }, { id: 'app:3', kind: 'enhanced' }]);
    m.setLayout(l);
    m.setReaderGroups((r) => (r === 'reader-7' ? 'app:2' : r === 'consumer:efo-1' ? 'app:3' : r));
    const read = (reader: string, t: number): ReadEvent =>
      ({ type: 'read', t, stream: 's', shardId: 'shardId-000000000000', reader, records: 1, bytes: 10, iteratorAgeMs: 0 });
    // Where the newest particle is after half its trip: at the pipe it goes through.
    const halfway = (): [number, number] => {
      const i = m.particles.alive.indexOf(1); // the only one alive
      m.particles.step(TRAVEL.toConsumer / 2);
      return [m.particles.x[i]!, m.particles.y[i]!];
    };
    m.onEvent(read('reader-7', 1000));
    // Through the shared hub (then on to app 2).
    const [hx, hy] = halfway();
    expect(hx).toBeCloseTo(l.hub!.x, 1);
    expect(hy).toBeCloseTo(l.hub!.y, 1);
    expect(l.consumer('app:2')).toBeDefined();
    m.particles.clear();
    m.onEvent(read('consumer:efo-1', 1000));
    // An enhanced consumer's records skip the hub: their own pipe starts at the outlet.
    const [ex, ey] = halfway();
    expect(ex).toBeCloseTo(l.outlet.x, 1);
    expect(ey).toBeCloseTo(l.consumer('app:3')!.y, 1);
    m.onEvent(read('reader-9', 1000));
    m.onEvent({ type: 'tick', t: 9000 } as never);
    expect(m.activeReaders(5000).map((r) => r.reader)).toEqual([]);
    m.onEvent(read('reader-9', 9000));
    expect(m.activeReaders(5000).map((r) => r.reader)).toEqual(['reader-9']);
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
