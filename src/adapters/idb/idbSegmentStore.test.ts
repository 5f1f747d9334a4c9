import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../core/kinesis/shard/recordLog';
import { recordsOf, segmentOf } from '../segmentStore';
import { IdbSegmentStore, segmentKey } from './idbSegmentStore';
import { decodeBase64, encodeBase64 } from '../../core/util/base64';

let n = 0;
const open: IdbSegmentStore[] = [];
async function store(name = `idb-seg-${++n}`): Promise<IdbSegmentStore> {
  const s = new IdbSegmentStore(name);
  await s.open();
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const rec = (counter: number, arrival: number): StoredRecord => ({
  counter, sequenceNumber: `seq-${counter}`, partitionKey: `pk-${counter}`, data: encodeBase64(new Uint8Array([counter & 255, 7])), arrival,
});
/** A segment of `count` records from counter `first`, all arriving at `arrival` (+ index). */
const seg = (first: number, count: number, arrival: number) =>
  segmentOf(Array.from({ length: count }, (_, i) => rec(first + i, arrival + i)));

describe('IdbSegmentStore', () => {
  it('pads keys to a fixed width so string order is counter order', () => {
    expect(segmentKey(9)).toBe('0000000000000009');
    expect([segmentKey(100), segmentKey(9), segmentKey(10)].sort()).toEqual([segmentKey(9), segmentKey(10), segmentKey(100)]);
  });

  it('loads an empty database as no segments and counter 0', async () => {
    const s = await store();
    expect(await s.loadAll()).toEqual({ segments: [], lastCounter: 0 });
  });

  it('returns segments in counter order whatever the order they were written in (9, 10, 100 sort right)', async () => {
    const s = await store();
    for (const first of [100, 9, 1000, 10, 1, 101]) await s.append(seg(first, 1, first), 1000);
    const { segments } = await s.loadAll();
    expect(segments.map((x) => x.first)).toEqual([1, 9, 10, 100, 101, 1000]);
  });

  it('round-trips records, data bytes and optional fields', async () => {
    const s = await store();
    const r: StoredRecord = { ...rec(1, 5), explicitHashKey: '42' };
    await s.append(segmentOf([r, rec(2, 6)]), 2);
    const { segments } = await s.loadAll();
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ first: 1, last: 2, firstArrival: 5, lastArrival: 6 });
    expect(recordsOf(segments[0]!)[0]).toEqual(r);
    expect(Array.from(decodeBase64(recordsOf(segments[0]!)[1]!.data))).toEqual([2, 7]);
  });

  it('reads segments written by older versions: one object per record, the oldest with data as bytes', async () => {
    const s = await store();
    const old = { ...rec(1, 1), data: new Uint8Array([9, 9, 9]) } as unknown as StoredRecord;
    await s.append({ first: 1, last: 2, firstArrival: 1, lastArrival: 2, records: [old, rec(2, 2)] }, 2);
    const [r1, r2] = recordsOf((await s.loadAll()).segments[0]!);
    expect(r1).toEqual({ ...rec(1, 1), data: 'CQkJ' });
    expect(r2).toEqual(rec(2, 2));
  });

  it('packs a segment by column and unpacks every field, unicode keys and explicit hash keys included', () => {
    const rs: StoredRecord[] = [
      { ...rec(7, 10), partitionKey: 'é😀,x' },
      { ...rec(8, 11), explicitHashKey: '340282366920938463463374607431768211455' },
      { ...rec(9, 12), data: '' },
    ];
    const seg = segmentOf(rs);
    expect(seg.records).toBeUndefined();
    expect(seg).toMatchObject({ first: 7, last: 9, firstArrival: 10, lastArrival: 12 });
    expect(recordsOf(structuredClone(seg))).toEqual(rs);
    expect(() => segmentOf([rec(1, 1), rec(3, 1)])).toThrow(/consecutive/);
  });

  it('keeps the last counter, even above the last stored record, across a reopen', async () => {
    const name = `idb-seg-${++n}`;
    const a = await store(name);
    await a.append(seg(1, 50, 1000), 50);
    await a.append(seg(51, 50, 2000), 120);
    await a.close();
    const b = await store(name);
    const { segments, lastCounter } = await b.loadAll();
    expect(lastCounter).toBe(120);
    expect(segments.flatMap((x) => recordsOf(x).map((r) => r.counter))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('deletes exactly the whole segments whose newest record arrived before the time', async () => {
    const s = await store();
    await s.append(seg(1, 10, 1000), 10); // arrivals 1000..1009
    await s.append(seg(11, 10, 2000), 20); // 2000..2009
    await s.append(seg(21, 10, 3000), 30); // 3000..3009
    expect(await s.deleteThrough(2009)).toBe(1); // segment 2's newest arrived at 2009: kept
    expect((await s.loadAll()).segments.map((x) => x.first)).toEqual([11, 21]);
    expect(await s.deleteThrough(2010)).toBe(1);
    expect(await s.deleteThrough(2010)).toBe(0);
    const after = await s.loadAll();
    expect(after.segments.map((x) => x.first)).toEqual([21]);
    expect(after.lastCounter).toBe(30); // trimming never lowers the counter
  });

  it('destroy deletes the database', async () => {
    const name = `idb-seg-${++n}`;
    const a = await store(name);
    await a.append(seg(1, 3, 1), 3);
    await a.destroy();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    const b = await store(name);
    expect(await b.loadAll()).toEqual({ segments: [], lastCounter: 0 });
  });

  it('fails calls on a closed store instead of using a dead connection', async () => {
    const s = await store();
    await s.close();
    await expect(s.loadAll()).rejects.toThrow(/not open/);
  });
});
