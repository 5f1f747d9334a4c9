import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import agg from 'aws-kinesis-agg';
import { md5 } from '../util/md5.js';
import { Aggregator, aggregate, aggregatedSize, countUserRecords, deaggregate, KPL_MAGIC, type UserRecordEntry } from './aggregation.js';

// aws-kinesis-agg 4.2.8, the AWS reference implementation, is callback-based: wrapped here.
interface AggUserRecord { partitionKey: string; explicitPartitionKey?: string; data: string }
interface AggEncoded { partitionKey: string; data: Uint8Array; ExplicitHashKey?: string }
const refDeaggregate = (data: Uint8Array): Promise<AggUserRecord[]> =>
  new Promise((resolve, reject) =>
    agg.deaggregateSync(
      { data: Buffer.from(data).toString('base64'), partitionKey: 'outer', sequenceNumber: '1' } as never,
      true,
      (err: Error | null, records?: AggUserRecord[]) => (err ? reject(err) : resolve(records ?? [])),
    ));
const refAggregate = (records: UserRecordEntry[]): Promise<AggEncoded[]> =>
  new Promise((resolve, reject) => {
    const out: AggEncoded[] = [];
    agg.aggregate(
      records.map((r) => ({ partitionKey: r.partitionKey, explicitHashKey: r.explicitHashKey, data: Buffer.from(r.data) })),
      (encoded: AggEncoded, done: () => void) => {
        out.push(encoded);
        done();
      },
      () => resolve(out),
      (err: Error) => reject(err),
    );
  });

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const HALF = '170141183460469231731687303715884105728';
const SAMPLE: UserRecordEntry[] = [
  { partitionKey: 'user-1', data: bytes('{"a":1}') },
  { partitionKey: 'user-2', explicitHashKey: HALF, data: Uint8Array.of(0, 255, 1, 254) },
  { partitionKey: 'user-1', data: new Uint8Array(0) },
  { partitionKey: 'clé-ü-漢', explicitHashKey: '0', data: bytes('x'.repeat(300)) },
  { partitionKey: 'user-2', explicitHashKey: HALF, data: bytes('last') },
];

/*
 * aws-kinesis-agg 4.2.8 has two bugs the interop inputs must steer around (Shardlab has neither):
 * 1. Its aggregator builds the key tables with Object.keys(), which lists integer-like keys
 *    ("5", "0", any decimal below 2^32 − 1) first, so their table order no longer matches the
 *    indexes it wrote: it swaps the keys of records.
 * 2. Its de-aggregator reads `explicit_hash_key_index` from the decoded message, where an absent
 *    optional uint64 reads as its default 0: a record without an explicit hash key gets the
 *    table's first one when any record in the aggregate has one.
 * So these inputs use partition keys that are not integer-like, explicit hash keys ≥ 2^32, and
 * explicit hash keys on all records or on none when aws-kinesis-agg must read them.
 */
const REF_SAFE: UserRecordEntry[] = [
  { partitionKey: 'user-1', explicitHashKey: HALF, data: bytes('{"a":1}') },
  { partitionKey: 'user-2', explicitHashKey: '340282366920938463463374607431768211455', data: Uint8Array.of(0, 255, 1, 254) },
  { partitionKey: 'user-1', explicitHashKey: HALF, data: new Uint8Array(0) },
  { partitionKey: 'clé-ü-漢', explicitHashKey: '4294967296', data: bytes('x'.repeat(300)) },
];

const keyArb = fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' });
const ehkArb = fc.bigInt({ min: 1n << 32n, max: (1n << 128n) - 1n }).map(String);
const dataArb = fc.uint8Array({ maxLength: 400 });
const recordArb = fc.record({ partitionKey: keyArb, explicitHashKey: fc.option(ehkArb, { nil: undefined }), data: dataArb })
  .map((r) => (r.explicitHashKey === undefined ? { partitionKey: r.partitionKey, data: r.data } : r) as UserRecordEntry);
// Inputs aws-kinesis-agg handles correctly (see above).
const refSafeSetArb = fc.oneof(
  fc.array(fc.record({ partitionKey: keyArb.map((k) => `k${k}`), data: dataArb }), { minLength: 1, maxLength: 15 }),
  fc.array(fc.record({ partitionKey: keyArb.map((k) => `k${k}`), explicitHashKey: ehkArb, data: dataArb }), { minLength: 1, maxLength: 15 }),
) as fc.Arbitrary<UserRecordEntry[]>;

describe('functionality', () => {
  it('frames the protobuf with the magic and its MD5', () => {
    const out = aggregate(SAMPLE);
    expect([...out.subarray(0, 4)]).toEqual([...KPL_MAGIC]);
    expect([...out.subarray(out.length - 16)]).toEqual([...md5(out.subarray(4, out.length - 16))]);
  });

  it('round-trips user records with their keys', () => {
    expect(deaggregate(aggregate(SAMPLE))).toEqual(SAMPLE);
  });

  it('knows its exact encoded size as it grows', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 1, maxLength: 30 }), (records) => {
      const a = new Aggregator();
      for (const r of records) {
        const predicted = a.sizeWith(r);
        a.add(r);
        expect(a.size).toBe(predicted);
        expect(a.build().length).toBe(predicted);
      }
      expect(aggregatedSize(records)).toBe(aggregate(records).length);
    }), { numRuns: 60 });
  });

  it('counts the user records of an aggregate without decoding it (the picture\'s bundles)', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 1, maxLength: 40 }), (records) => {
      expect(countUserRecords(aggregate(records))).toBe(records.length);
    }), { numRuns: 60 });
    expect(countUserRecords(bytes('plain record'))).toBeUndefined();
    expect(countUserRecords(Uint8Array.of(...KPL_MAGIC, 0x08, 0x01, ...new Uint8Array(16)))).toBeUndefined(); // a varint field: not an AggregatedRecord
    expect(countUserRecords(Uint8Array.of(...KPL_MAGIC, 0x1a, 0x7f, 1, 2, ...new Uint8Array(16)))).toBeUndefined(); // truncated
  });

  it('gives undefined for data that is not a valid aggregate', () => {
    const good = aggregate(SAMPLE);
    expect(deaggregate(bytes('plain record'))).toBeUndefined();
    expect(deaggregate(Uint8Array.of(...KPL_MAGIC, ...new Uint8Array(16)))).toBeUndefined();
    const badDigest = good.slice();
    badDigest[badDigest.length - 1]! ^= 1;
    expect(deaggregate(badDigest)).toBeUndefined();
    const badBody = good.slice();
    badBody[10]! ^= 0x40;
    expect(deaggregate(badBody)).toBeUndefined();
    // A right digest over bytes that are not an AggregatedRecord (field 3 truncated).
    const junk = Uint8Array.of(0x1a, 0x7f, 1, 2);
    expect(deaggregate(Uint8Array.of(...KPL_MAGIC, ...junk, ...md5(junk)))).toBeUndefined();
  });
});

describe('interop with aws-kinesis-agg (the AWS reference implementation)', () => {
  it('aws-kinesis-agg de-aggregates what Shardlab aggregates, byte for byte', async () => {
    const out = await refDeaggregate(aggregate(REF_SAFE));
    expect(out).toHaveLength(REF_SAFE.length);
    out.forEach((u, i) => {
      const want = REF_SAFE[i]!;
      expect(u.partitionKey).toBe(want.partitionKey);
      expect(u.explicitPartitionKey).toBe(want.explicitHashKey);
      expect(new Uint8Array(Buffer.from(u.data, 'base64'))).toEqual(want.data);
    });
  });

  it('Shardlab de-aggregates what aws-kinesis-agg aggregates, and the bytes are identical', async () => {
    const records = REF_SAFE.map((r, i) => (i % 2 ? { partitionKey: r.partitionKey, data: r.data } : r));
    const encoded = await refAggregate(records);
    expect(encoded).toHaveLength(1);
    const theirs = new Uint8Array(encoded[0]!.data);
    expect(deaggregate(theirs)).toEqual(records);
    expect(aggregate(records)).toEqual(theirs);
  });

  it('agrees with aws-kinesis-agg on random record sets, both ways', async () => {
    await fc.assert(fc.asyncProperty(refSafeSetArb, async (records) => {
      const theirs = await refAggregate(records);
      expect(theirs).toHaveLength(1);
      expect(deaggregate(new Uint8Array(theirs[0]!.data))).toEqual(records);
      expect(aggregate(records)).toEqual(new Uint8Array(theirs[0]!.data));
      const back = await refDeaggregate(aggregate(records));
      expect(back.map((u) => ({
        partitionKey: u.partitionKey,
        ...(u.explicitPartitionKey !== undefined ? { explicitHashKey: u.explicitPartitionKey } : {}),
        data: new Uint8Array(Buffer.from(u.data, 'base64')),
      }))).toEqual(records);
    }), { numRuns: 40 });
  });

  it('keeps a record without an explicit hash key keyless, where aws-kinesis-agg lends it the first one (its bug 2)', async () => {
    const mixed = [{ partitionKey: 'a', data: bytes('a') }, { partitionKey: 'b', explicitHashKey: '99999999999', data: bytes('b') }];
    const data = aggregate(mixed);
    expect(deaggregate(data)).toEqual(mixed);
    expect((await refDeaggregate(data))[0]!.explicitPartitionKey).toBe('99999999999');
  });
});
