import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSequenceNumber, parseSequenceNumber, sequenceFormatter, shardIdOf, shardIndexOf } from './sequenceNumber';

describe('sequence numbers', () => {
  it('parses the AWS documentation example (shard 6)', () => {
    const p = parseSequenceNumber('49590338271490256608559692538361571095921575989136588898');
    expect(p).toBeDefined();
    expect(p!.shardIndex).toBe(6);
    expect(p!.counter).toBe(0x67648a17);
  });

  it('formats 56-digit decimal numbers that parse back to the same parts', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 2 ** 40 }),
      fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 20_000 }),
      (created, counter, later, shardIndex) => {
        const parts = { shardCreateSecs: created, counter, recordSecs: created + later, shardIndex };
        const s = formatSequenceNumber(parts);
        expect(s).toMatch(/^\d{56}$/);
        expect(parseSequenceNumber(s)).toEqual(parts);
      }));
  });

  it('property: strictly increasing with the counter, whatever the record time', () => {
    const fmt = sequenceFormatter(1_767_225_600, 3);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1_767_225_600, max: 1_800_000_000 }), { minLength: 2, maxLength: 50 }), (times) => {
      const seqs = times.map((t, i) => BigInt(fmt(i + 1, t)));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
    }));
  });

  it('rejects what is not a sequence number', () => {
    expect(parseSequenceNumber('12345')).toBeUndefined();
    expect(parseSequenceNumber('abc')).toBeUndefined();
  });

  it('names shards like AWS', () => {
    expect(shardIdOf(7)).toBe('shardId-000000000007');
    expect(shardIndexOf('shardId-000000000007')).toBe(7);
    expect(shardIndexOf('7')).toBe(7);
    expect(shardIndexOf('shard-7')).toBeUndefined();
  });
});
