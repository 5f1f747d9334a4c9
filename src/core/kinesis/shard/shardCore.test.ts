import { describe, expect, it } from 'vitest';
import { uniformRanges } from '../model/hashKey';
import { ShardCore, type PutEntry } from './shardCore';
import type { StoredRecord } from './recordLog';
import { decodeBase64, encodeBase64 } from '../../util/base64';

const T0 = Date.UTC(2026, 0, 1);
const meta = { index: 0, range: uniformRanges(1)[0]!, createdAt: T0 };
const entry = (s: string): PutEntry => ({ partitionKey: 'k', data: encodeBase64(new TextEncoder().encode(s)), bytes: 1 + s.length });
const texts = (rs: readonly StoredRecord[]) => rs.map((r) => new TextDecoder().decode(decodeBase64(r.data)));

describe('ShardCore', () => {
  it('hides records from readers until they are committed (durable hosts)', () => {
    const core = new ShardCore(meta, true, { autoCommit: false });
    const stored: StoredRecord[] = [];
    core.put([entry('a'), entry('b')], T0, (r) => stored.push(r));
    expect(stored.map((r) => r.counter)).toEqual([1, 2]);
    const before = core.read(0, 100, T0, 0);
    expect('records' in before && before.records).toEqual([]);
    core.commit(1);
    const mid = core.read(0, 100, T0 + 200, 0);
    expect('records' in mid && texts(mid.records)).toEqual(['a']);
    core.commit(2);
    const after = core.read(0, 100, T0 + 400, 0);
    expect('records' in after && texts(after.records)).toEqual(['a', 'b']);
  });

  it('restores records and continues the counter so sequence numbers never repeat', () => {
    const a = new ShardCore(meta, false);
    const stored: StoredRecord[] = [];
    a.put([entry('1'), entry('2'), entry('3')], T0 + 1000, (r) => stored.push(r));
    const b = new ShardCore(meta, false);
    b.restore(stored.slice(0, 2), 3); // record 3 was assigned but never made durable
    const [next] = b.put([entry('4')], T0 + 2000);
    expect(next && 'sequenceNumber' in next && BigInt(next.sequenceNumber) > BigInt(stored[2]!.sequenceNumber)).toBe(true);
    const r = b.read(0, 100, T0 + 2000, 0);
    expect('records' in r && texts(r.records)).toEqual(['1', '2', '4']);
  });
});
