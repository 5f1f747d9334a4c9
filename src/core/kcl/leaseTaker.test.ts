import { describe, expect, it } from 'vitest';
import { newLease, Sentinel, type Lease } from './leaseTable';
import { computeLeasesToTake, type ScannedLease, type TakerConfig } from './leaseTaker';

const cfg: TakerConfig = { failoverTimeMillis: 10_000, maxLeasesForWorker: Number.MAX_SAFE_INTEGER, maxLeasesToStealAtOneTime: 1, veryOldLeaseMultiplier: 3 };
const NOW = 1_000_000;
const first = (): number => 0;

/** A lease owned by `owner` (renewed at `at`), or unowned. */
function lease(id: number, owner?: string, at = NOW): ScannedLease {
  const l: Lease = { ...newLease(`shardId-${id}`, Sentinel.TRIM_HORIZON), ...(owner ? { leaseOwner: owner } : {}) };
  return { lease: l, lastCounterIncrement: owner ? at : 0 };
}

describe('computeLeasesToTake (KCL 2.x lease-count balancing)', () => {
  it('a lone worker takes every unowned lease (target = ceil(leases / workers))', () => {
    const d = computeLeasesToTake('A', [0, 1, 2, 3].map((i) => lease(i)), NOW, cfg, first);
    expect(d).toMatchObject({ numWorkers: 1, target: 4, needed: 4, stolen: 0 });
    expect(d.take).toHaveLength(4);
  });

  it('a new worker steals one lease at a time from the most loaded worker', () => {
    const leases = [0, 1, 2, 3].map((i) => lease(i, 'A'));
    const d = computeLeasesToTake('B', leases, NOW, cfg, first);
    expect(d).toMatchObject({ numWorkers: 2, target: 2, needed: 2, stolen: 1 });
    expect(d.take[0]!.lease.leaseOwner).toBe('A');
    // maxLeasesToStealAtOneTime caps it; min(needed, excess) otherwise.
    expect(computeLeasesToTake('B', leases, NOW, { ...cfg, maxLeasesToStealAtOneTime: 5 }, first).stolen).toBe(2);
  });

  it('steals from the most loaded worker, not another', () => {
    const leases = [lease(0, 'A'), lease(1, 'A'), lease(2, 'B'), lease(3, 'B'), lease(4, 'B'), lease(5, 'B')];
    const d = computeLeasesToTake('C', leases, NOW, cfg, first);
    expect(d.target).toBe(2);
    expect(d.take.map((s) => s.lease.leaseOwner)).toEqual(['B']);
  });

  it('takes expired leases before stealing, very old ones first', () => {
    const leases = [lease(0, 'A'), lease(1, 'A'), lease(2, 'A'), lease(3, 'dead', NOW - 11_000), lease(4, 'dead', NOW - 40_000)];
    const d = computeLeasesToTake('B', leases, NOW, cfg, first);
    // Workers = A + B (the dead owner's leases are expired): target ceil(5/2) = 3.
    expect(d).toMatchObject({ numWorkers: 2, target: 3, needed: 3, stolen: 0, expired: 2 });
    expect(d.take.map((s) => s.lease.leaseKey)).toEqual(['shardId-4', 'shardId-3']);
  });

  it('steals 1 from a worker at target only when it needs more than one', () => {
    // A at target 2 and I need 2 → steal 1.
    const a = [lease(0, 'A'), lease(1, 'A'), lease(2, 'B'), lease(3, 'B'), lease(4, 'B')];
    expect(computeLeasesToTake('C', a, NOW, cfg, first)).toMatchObject({ target: 2, needed: 2, stolen: 1 });
    // Everyone at target and I need 1 → nothing.
    const b = [lease(0, 'A'), lease(1, 'A'), lease(2, 'B'), lease(3, 'B'), lease(4, 'C')];
    expect(computeLeasesToTake('C', b, NOW, cfg, first)).toMatchObject({ target: 2, needed: 1, stolen: 0, take: [] });
  });

  it('target is 1 when workers outnumber leases, and respects maxLeasesForWorker', () => {
    const leases = [lease(0, 'A'), lease(1, 'B')];
    expect(computeLeasesToTake('C', leases, NOW, cfg, first)).toMatchObject({ numWorkers: 3, target: 1, needed: 1, stolen: 0 });
    expect(computeLeasesToTake('A', [0, 1, 2].map((i) => lease(i)), NOW, { ...cfg, maxLeasesForWorker: 2 }, first).take).toHaveLength(2);
  });
});
