/**
 * Which leases a worker takes on one lease-taker run — KCL 1.x/2.x lease-count balancing
 * (spec producers-consumers §2.4; DynamoDBLeaseTaker.computeLeasesToTake / chooseLeasesToSteal):
 *
 * 1. A lease is expired when it has no owner or its leaseCounter was seen unchanged for
 *    failoverTimeMillis (by this worker's clock, across its own scans).
 * 2. numWorkers = distinct owners of unexpired leases + me; target = 1 if workers ≥ leases, else
 *    ceil(leases / workers), capped by maxLeasesForWorker.
 * 3. needed = target − mine: expired leases first (very old ones — not renewed for 3 × failover,
 *    or never owned — first among them).
 * 4. No expired lease and still needed: steal from the most loaded worker — min(needed, excess)
 *    when it is above target, 1 when it is at target and I need more than 1 — capped by
 *    maxLeasesToStealAtOneTime.
 *
 * Pure: the worker supplies its view of the table and a random source (victims are picked at
 * random, expired leases shuffled "so workers don't all contend for the same ones").
 */
import type { Lease } from './leaseTable.js';

/** A lease as this worker last scanned it, with when it last saw its counter move. */
export interface ScannedLease {
  readonly lease: Lease;
  /** Virtual ms of the scan that first saw the current leaseCounter (0 = never seen owned). */
  readonly lastCounterIncrement: number;
}

export interface TakerConfig {
  readonly failoverTimeMillis: number;
  readonly maxLeasesForWorker: number;
  readonly maxLeasesToStealAtOneTime: number;
  /** "Very old" leases (taken first) were not renewed for this × failoverTimeMillis (KCL: 3). */
  readonly veryOldLeaseMultiplier: number;
}

export interface TakeDecision {
  readonly take: readonly ScannedLease[];
  /** Of `take`, the leases stolen from a live worker. */
  readonly stolen: number;
  readonly numWorkers: number;
  readonly target: number;
  readonly needed: number;
  readonly expired: number;
}

export const isExpired = (s: ScannedLease, now: number, failoverTimeMillis: number): boolean =>
  s.lease.leaseOwner === undefined || now - s.lastCounterIncrement > failoverTimeMillis;

export function computeLeasesToTake(me: string, leases: readonly ScannedLease[], now: number, cfg: TakerConfig, random: () => number): TakeDecision {
  const expired = leases.filter((s) => isExpired(s, now, cfg.failoverTimeMillis));
  const counts = new Map<string, number>([[me, 0]]);
  for (const s of leases) {
    if (isExpired(s, now, cfg.failoverTimeMillis)) continue;
    const owner = s.lease.leaseOwner!;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const numWorkers = counts.size;
  const numLeases = leases.length;
  let target = numWorkers >= numLeases ? 1 : Math.ceil(numLeases / numWorkers);
  target = Math.min(target, cfg.maxLeasesForWorker);
  const mine = counts.get(me) ?? 0;
  const needed = Math.max(0, target - mine);
  const base = { numWorkers, target, needed, expired: expired.length };
  if (needed === 0 || numLeases === 0) return { ...base, take: [], stolen: 0 };
  if (expired.length > 0) {
    const veryOld = (s: ScannedLease): boolean => now - s.lastCounterIncrement > cfg.veryOldLeaseMultiplier * cfg.failoverTimeMillis;
    const shuffled = shuffle(expired, random);
    const ordered = [...shuffled.filter(veryOld), ...shuffled.filter((s) => !veryOld(s))];
    return { ...base, take: ordered.slice(0, needed), stolen: 0 };
  }
  // Steal from the most loaded worker (ties broken at random).
  let most: string | undefined;
  let mostCount = -1;
  for (const [owner, n] of shuffle([...counts], random)) {
    if (owner !== me && n > mostCount) [most, mostCount] = [owner, n];
  }
  if (most === undefined) return { ...base, take: [], stolen: 0 };
  let toSteal = 0;
  if (mostCount > target) toSteal = Math.min(needed, mostCount - target);
  else if (mostCount === target && needed > 1) toSteal = 1;
  toSteal = Math.min(toSteal, cfg.maxLeasesToStealAtOneTime);
  const victims = shuffle(leases.filter((s) => s.lease.leaseOwner === most), random).slice(0, toSteal);
  return { ...base, take: victims, stolen: victims.length };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
