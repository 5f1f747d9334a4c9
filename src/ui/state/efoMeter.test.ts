import { describe, expect, it } from 'vitest';
import type { ReadEvent } from '../../core/observe/events';
import { EfoMeter } from './efoMeter';

const read = (t: number, bytes: number, reader = 'consumer:app', stream = 's'): ReadEvent =>
  ({ type: 'read', t, stream, shardId: 'shardId-000000000000', reader, records: 1, bytes, iteratorAgeMs: 0 });

describe('EFO meter', () => {
  it('counts only enhanced fan-out reads of its stream, over a sliding window', () => {
    const m = new EfoMeter('s', 10_000);
    m.add(read(1000, 50_000));
    m.add(read(2000, 50_000, 'reader-3')); // a GetRecords chain: shared throughput, not billed as EFO
    m.add(read(3000, 50_000, 'consumer:app', 'other'));
    m.add(read(9000, 50_000));
    expect(m.bytesPerSecond(10_000)).toBe(10_000);
    expect(m.bytesPerSecond(11_500)).toBe(5_000); // the first one left the window
  });
});
