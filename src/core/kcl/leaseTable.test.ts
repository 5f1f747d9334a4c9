import { describe, expect, it } from 'vitest';
import { MemoryLeaseStore, Sentinel, newLease } from './leaseTable';

describe('MemoryLeaseStore', () => {
  it('creates a lease only if absent (attribute_not_exists)', async () => {
    const s = new MemoryLeaseStore();
    expect(await s.createIfAbsent(newLease('shardId-000000000000', Sentinel.TRIM_HORIZON))).toBe(true);
    expect(await s.createIfAbsent(newLease('shardId-000000000000', Sentinel.LATEST))).toBe(false);
    expect((await s.get('shardId-000000000000'))?.checkpoint).toBe('TRIM_HORIZON');
  });

  it('applies an update only when leaseCounter and owner match, else ConditionalCheckFailedException', async () => {
    const s = new MemoryLeaseStore();
    await s.createIfAbsent(newLease('a', Sentinel.TRIM_HORIZON, ['p']));
    const taken = await s.update('a', { leaseCounter: 0, leaseOwner: null }, { leaseOwner: 'w1', leaseCounter: 1 });
    expect(taken).toMatchObject({ ok: true, lease: { leaseOwner: 'w1', leaseCounter: 1, parentShardIds: ['p'] } });
    // A second taker with the stale counter loses.
    const stale = await s.update('a', { leaseCounter: 0 }, { leaseOwner: 'w2', leaseCounter: 1 });
    expect(stale).toEqual({ ok: false, error: { __type: 'ConditionalCheckFailedException', message: 'The conditional request failed' } });
    // The right counter but the wrong owner loses too.
    expect((await s.update('a', { leaseCounter: 1, leaseOwner: 'w2' }, { checkpoint: '1' })).ok).toBe(false);
    expect((await s.update('a', { leaseCounter: 1, leaseOwner: null }, { checkpoint: '1' })).ok).toBe(false);
    const released = await s.update('a', { leaseCounter: 1, leaseOwner: 'w1' }, { leaseOwner: null, leaseCounter: 2 });
    expect(released.ok && released.lease.leaseOwner).toBe(undefined);
    expect(s.conditionFailures).toBe(3);
    expect((await s.update('missing', {}, {})).ok).toBe(false);
  });

  it('hands out copies: changing a returned lease does not change the table', async () => {
    const s = new MemoryLeaseStore();
    await s.createIfAbsent(newLease('a', Sentinel.LATEST, ['p']));
    const l = (await s.get('a'))!;
    (l.parentShardIds as string[]).push('x');
    expect((await s.get('a'))!.parentShardIds).toEqual(['p']);
  });

  it('deletes conditionally', async () => {
    const s = new MemoryLeaseStore();
    await s.createIfAbsent(newLease('a', Sentinel.SHARD_END));
    expect((await s.delete('a', { leaseCounter: 5 })).ok).toBe(false);
    expect((await s.delete('a', { leaseCounter: 0 })).ok).toBe(true);
    expect(await s.list()).toEqual([]);
  });
});
