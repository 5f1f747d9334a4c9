import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newLease } from '../../core/kcl/leaseTable';
import { IdbLeaseStore, kclDbName } from './idbLeaseStore';

let n = 0;
const app = () => `app-${++n}`;

describe('IdbLeaseStore (the KCL lease table in IndexedDB)', () => {
  it('names one database per application', () => {
    expect(kclDbName('orders')).toBe('shardlab-kcl:orders');
    expect(IdbLeaseStore.forApp('orders').dbName).toBe('shardlab-kcl:orders');
  });

  it('creates a lease only if absent, and lists leases sorted by leaseKey', async () => {
    const s = IdbLeaseStore.forApp(app());
    expect(await s.createIfAbsent(newLease('shardId-000000000001', 'TRIM_HORIZON'))).toBe(true);
    expect(await s.createIfAbsent(newLease('shardId-000000000000', 'LATEST', [], { startingHashKey: '0', endingHashKey: '9' }))).toBe(true);
    expect(await s.createIfAbsent(newLease('shardId-000000000001', 'LATEST'))).toBe(false);
    expect(s.conditionFailures).toBe(1);
    const rows = await s.list();
    expect(rows.map((l) => [l.leaseKey, l.checkpoint])).toEqual([['shardId-000000000000', 'LATEST'], ['shardId-000000000001', 'TRIM_HORIZON']]);
    expect(rows[0]?.hashKeyRange).toEqual({ startingHashKey: '0', endingHashKey: '9' });
  });

  it('two stores on the same database racing to take a lease: one wins, the other gets ConditionalCheckFailedException', async () => {
    const name = app();
    const a = IdbLeaseStore.forApp(name);
    const b = IdbLeaseStore.forApp(name);
    await a.createIfAbsent(newLease('shardId-000000000000', 'TRIM_HORIZON'));
    const take = (s: IdbLeaseStore, owner: string) => s.update('shardId-000000000000', { leaseCounter: 0 }, { leaseOwner: owner, leaseCounter: 1, ownerSwitchesSinceCheckpoint: 1 });
    const [ra, rb] = await Promise.all([take(a, 'A'), take(b, 'B')]);
    const wins = [ra, rb].filter((r) => r.ok);
    const losses = [ra, rb].filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(1);
    expect(losses[0]).toEqual({ ok: false, error: { __type: 'ConditionalCheckFailedException', message: 'The conditional request failed' } });
    const winner = ra.ok ? 'A' : 'B';
    expect((await b.get('shardId-000000000000'))).toMatchObject({ leaseOwner: winner, leaseCounter: 1, ownerSwitchesSinceCheckpoint: 1 });
    expect((await a.get('shardId-000000000000'))?.leaseOwner).toBe(winner);
  });

  it('checks the owner too, removes the owner with null, and deletes conditionally', async () => {
    const s = IdbLeaseStore.forApp(app());
    await s.createIfAbsent(newLease('k', 'TRIM_HORIZON'));
    expect((await s.update('k', { leaseOwner: null }, { leaseOwner: 'A', leaseCounter: 1 })).ok).toBe(true);
    expect((await s.update('k', { leaseOwner: 'B' }, { checkpoint: '5' })).ok).toBe(false);
    const released = await s.update('k', { leaseOwner: 'A', leaseCounter: 1 }, { leaseOwner: null, leaseCounter: 2 });
    expect(released.ok && released.lease.leaseOwner).toBe(undefined);
    expect((await s.get('k'))?.leaseOwner).toBeUndefined();
    expect((await s.update('missing', {}, { checkpoint: '1' })).ok).toBe(false);
    expect((await s.delete('k', { leaseCounter: 1 })).ok).toBe(false);
    expect((await s.delete('k', { leaseCounter: 2 })).ok).toBe(true);
    expect(await s.list()).toEqual([]);
  });

  it('survives closing and reopening the database', async () => {
    const name = app();
    const a = IdbLeaseStore.forApp(name);
    await a.createIfAbsent(newLease('k', 'TRIM_HORIZON', ['p']));
    await a.update('k', { leaseCounter: 0 }, { leaseOwner: 'A', leaseCounter: 1, checkpoint: '49590', checkpointSubSequenceNumber: 2 });
    a.close();
    const b = IdbLeaseStore.forApp(name);
    expect(await b.get('k')).toMatchObject({ leaseKey: 'k', leaseOwner: 'A', leaseCounter: 1, checkpoint: '49590', checkpointSubSequenceNumber: 2, parentShardIds: ['p'] });
    await IdbLeaseStore.drop(name).catch(() => undefined);
  });
});
