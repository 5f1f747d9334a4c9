import { describe, expect, it } from 'vitest';
import type { PutEntry, PutOutcome } from '../core/kinesis/shard/shardCore';
import { packOutcomes, packPut, unpackOutcomes, unpackPut } from './protocol';

describe('packed puts', () => {
  it('round-trip entries, with and without explicit hash keys', () => {
    const entries: PutEntry[] = [
      { partitionKey: 'a', data: 'AA==', bytes: 2 },
      { partitionKey: 'b,c', data: '', bytes: 3, explicitHashKey: '42' },
      { partitionKey: '😀', data: 'AAAA', bytes: 7 },
    ];
    expect(unpackPut(packPut(entries))).toEqual(entries);
    expect(packPut([entries[0]!]).explicitHashKeys).toBeUndefined();
    expect(structuredClone(packPut(entries))).toEqual(packPut(entries));
  });

  it('round-trip outcomes, throttled ones included, and refuse a wrong count', () => {
    const out: PutOutcome[] = [{ sequenceNumber: '1' }, { throttled: true }, { sequenceNumber: '3' }, { throttled: true }];
    expect(unpackOutcomes(packOutcomes(out), 4)).toEqual(out);
    expect(unpackOutcomes(packOutcomes([{ throttled: true }]), 1)).toEqual([{ throttled: true }]);
    expect(unpackOutcomes('', 0)).toEqual([]);
    expect(() => unpackOutcomes('1,2', 3)).toThrow(/2 outcomes for 3 records/);
  });
});
