import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeGetRecords, type GetRecordsOutput } from './getRecordsJson';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('encodeGetRecords', () => {
  it('writes exactly what JSON.stringify writes, for any keys, data and extra members', () => {
    const record = fc.record({
      SequenceNumber: fc.stringMatching(/^[0-9]{1,56}$/),
      ApproximateArrivalTimestamp: fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => ms / 1000),
      Data: fc.base64String(),
      PartitionKey: fc.string({ unit: 'binary', minLength: 1, maxLength: 256 }),
    });
    const output = fc.record({
      Records: fc.array(record, { maxLength: 20 }),
      NextShardIterator: fc.option(fc.string(), { nil: undefined }),
      MillisBehindLatest: fc.nat(),
      ChildShards: fc.option(fc.array(fc.record({ ShardId: fc.string(), ParentShards: fc.array(fc.string()) })), { nil: undefined }),
    });
    fc.assert(fc.property(output, (o) => {
      expect(decode(encodeGetRecords(o as GetRecordsOutput))).toBe(JSON.stringify(o));
    }), { numRuns: 300 });
  });

  it('handles no records and no other members', () => {
    expect(decode(encodeGetRecords({ Records: [] }))).toBe('{"Records":[]}');
    expect(decode(encodeGetRecords({ Records: [], MillisBehindLatest: 0 }))).toBe('{"Records":[],"MillisBehindLatest":0}');
  });

  it('keeps partition keys that need escaping or several UTF-8 bytes intact', () => {
    const o = { Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: 1.5, Data: 'AA==', PartitionKey: '"\\\n😀é\u0001' }], MillisBehindLatest: 3 };
    const bytes = encodeGetRecords(o);
    expect(JSON.parse(decode(bytes))).toEqual(o);
    expect(bytes).toEqual(new TextEncoder().encode(JSON.stringify(o)));
  });
});
