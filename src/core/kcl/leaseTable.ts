/**
 * The KCL lease table (spec producers-consumers §2.2): one row per shard lease, hash key
 * `leaseKey`. The KCL keeps its leases in DynamoDB and relies on conditional writes for
 * optimistic concurrency — a renewal, a take or a checkpoint only succeeds if `leaseCounter`
 * (and, where the KCL adds it, `leaseOwner`) still hold the values the writer saw. Here the
 * table is an async interface so the page can back it with IndexedDB later; `MemoryLeaseStore`
 * is the in-memory implementation. Rows are copied in and out, as a remote table would be.
 */

/** Checkpoint sentinels (KCL `SentinelCheckpoint`). */
export const Sentinel = {
  TRIM_HORIZON: 'TRIM_HORIZON',
  LATEST: 'LATEST',
  AT_TIMESTAMP: 'AT_TIMESTAMP',
  SHARD_END: 'SHARD_END',
} as const;
export type Sentinel = (typeof Sentinel)[keyof typeof Sentinel];

export const isSentinel = (checkpoint: string): checkpoint is Sentinel => checkpoint in Sentinel;

/** One lease row. Column names follow the KCL's DynamoDB attributes (DynamoDBLeaseSerializer). */
export interface Lease {
  /** The shard id (single-stream mode). */
  readonly leaseKey: string;
  /** The workerIdentifier holding it; absent = unassigned. */
  readonly leaseOwner?: string;
  /** Incremented by every renewal, take and checkpoint. */
  readonly leaseCounter: number;
  /** A sequence number, or a sentinel (`TRIM_HORIZON` | `LATEST` | `AT_TIMESTAMP` | `SHARD_END`). */
  readonly checkpoint: string;
  /** Sub-sequence of the checkpointed user record of a KPL aggregate (0 if not aggregated). */
  readonly checkpointSubSequenceNumber: number;
  /** Owner changes since the last checkpoint (reset to 0 by a checkpoint). */
  readonly ownerSwitchesSinceCheckpoint: number;
  /** `parentShardId` (a string set in DynamoDB). */
  readonly parentShardIds: readonly string[];
  /** `childShardIds`, recorded when the shard ends. */
  readonly childShardIds: readonly string[];
  /** `startingHashKey` / `endingHashKey` (KCL 2.3+), decimal strings. */
  readonly hashKeyRange?: { readonly startingHashKey: string; readonly endingHashKey: string };
}

/** What a conditional write expects to find. `leaseOwner: null` = expects no owner. */
export interface LeaseCondition {
  readonly leaseCounter?: number;
  readonly leaseOwner?: string | null;
}

/** DynamoDB's error shape, as Kinesis errors are in the core (`{__type, message}`). */
export interface LeaseStoreError {
  readonly __type: 'ConditionalCheckFailedException' | 'ResourceNotFoundException';
  readonly message: string;
}

export type LeaseWrite = { readonly ok: true; readonly lease: Lease } | { readonly ok: false; readonly error: LeaseStoreError };

export type LeaseChange = Partial<Omit<Lease, 'leaseKey' | 'leaseOwner'>> & { readonly leaseOwner?: string | null };

/** The lease table. Every method is async: the browser keeps it in IndexedDB. */
export interface LeaseStore {
  /** Releases what the store holds open (a database connection); optional. */
  close?(): void;
  /** Every lease (a DynamoDB Scan), sorted by leaseKey. */
  list(): Promise<Lease[]>;
  get(leaseKey: string): Promise<Lease | undefined>;
  /** PutItem with `attribute_not_exists(leaseKey)`: false when a lease with that key exists. */
  createIfAbsent(lease: Lease): Promise<boolean>;
  /**
   * UpdateItem with a condition: applies `change` (`leaseOwner: null` removes the owner) only if
   * the row exists and matches `expected`; the updated row on success.
   */
  update(leaseKey: string, expected: LeaseCondition, change: LeaseChange): Promise<LeaseWrite>;
  /** DeleteItem, conditional like `update`. */
  delete(leaseKey: string, expected?: LeaseCondition): Promise<LeaseWrite>;
}

// DynamoDB's text for a failed condition.
const CONDITION_FAILED: LeaseStoreError = { __type: 'ConditionalCheckFailedException', message: 'The conditional request failed' };

/** Whether `lease` satisfies `expected`. */
export function matches(lease: Lease, expected: LeaseCondition): boolean {
  if (expected.leaseCounter !== undefined && lease.leaseCounter !== expected.leaseCounter) return false;
  if (expected.leaseOwner === null && lease.leaseOwner !== undefined) return false;
  if (typeof expected.leaseOwner === 'string' && lease.leaseOwner !== expected.leaseOwner) return false;
  return true;
}

/** `lease` with `change` applied (`leaseOwner: null` removes the owner). */
export function applyChange(lease: Lease, change: LeaseChange): Lease {
  const { leaseOwner, ...rest } = change;
  const next: { -readonly [K in keyof Lease]: Lease[K] } = { ...lease, ...rest };
  if (leaseOwner === null) delete next.leaseOwner;
  else if (leaseOwner !== undefined) next.leaseOwner = leaseOwner;
  return copy(next);
}

const copy = (l: Lease): Lease => ({
  ...l,
  parentShardIds: [...l.parentShardIds],
  childShardIds: [...l.childShardIds],
  ...(l.hashKeyRange ? { hashKeyRange: { ...l.hashKeyRange } } : {}),
});

/** A new, unowned lease for a shard. */
export function newLease(leaseKey: string, checkpoint: string, parentShardIds: readonly string[] = [], hashKeyRange?: Lease['hashKeyRange']): Lease {
  return {
    leaseKey, leaseCounter: 0, checkpoint, checkpointSubSequenceNumber: 0, ownerSwitchesSinceCheckpoint: 0,
    parentShardIds: [...parentShardIds], childShardIds: [], ...(hashKeyRange ? { hashKeyRange } : {}),
  };
}

/** The lease table in memory (tests, Node, and the page until IndexedDB backs it). */
export class MemoryLeaseStore implements LeaseStore {
  private readonly rows = new Map<string, Lease>();
  /** Writes refused by their condition (to show contention in the UI). */
  conditionFailures = 0;

  async list(): Promise<Lease[]> {
    return [...this.rows.values()].sort((a, b) => (a.leaseKey < b.leaseKey ? -1 : a.leaseKey > b.leaseKey ? 1 : 0)).map(copy);
  }

  async get(leaseKey: string): Promise<Lease | undefined> {
    const l = this.rows.get(leaseKey);
    return l && copy(l);
  }

  async createIfAbsent(lease: Lease): Promise<boolean> {
    if (this.rows.has(lease.leaseKey)) {
      this.conditionFailures++;
      return false;
    }
    this.rows.set(lease.leaseKey, copy(lease));
    return true;
  }

  async update(leaseKey: string, expected: LeaseCondition, change: LeaseChange): Promise<LeaseWrite> {
    const l = this.rows.get(leaseKey);
    if (!l || !matches(l, expected)) {
      this.conditionFailures++;
      return { ok: false, error: CONDITION_FAILED };
    }
    const next = applyChange(l, change);
    this.rows.set(leaseKey, next);
    return { ok: true, lease: copy(next) };
  }

  async delete(leaseKey: string, expected: LeaseCondition = {}): Promise<LeaseWrite> {
    const l = this.rows.get(leaseKey);
    if (!l || !matches(l, expected)) {
      this.conditionFailures++;
      return { ok: false, error: CONDITION_FAILED };
    }
    this.rows.delete(leaseKey);
    return { ok: true, lease: copy(l) };
  }
}
