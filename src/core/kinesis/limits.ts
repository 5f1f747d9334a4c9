/** Kinesis Data Streams limits and defaults (spec §6), in one place. */
export const LIMITS = {
  /** Record data + partition key, bytes (stream default; `MaxRecordSizeInKiB` can raise it to 10 MiB). */
  maxRecordBytes: 1024 * 1024,
  putRecordsMaxEntries: 500,
  /** PutRecords payload (data + partition keys), bytes. */
  putRecordsMaxBytes: 5 * 1024 * 1024,
  writeBytesPerSecond: 1024 * 1024,
  writeRecordsPerSecond: 1000,
  readBytesPerSecond: 2 * 1024 * 1024,
  readCallsPerSecond: 5,
  getShardIteratorPerSecond: 5,
  getRecordsMaxRecords: 10_000,
  getRecordsMaxBytes: 10 * 1024 * 1024,
  retentionDefaultHours: 24,
  retentionMinHours: 24,
  retentionMaxHours: 8760,
  tagsPerStream: 50,
  /** Provisioned shards per account (us-east-1, us-west-2, eu-west-1 default today). */
  shardLimit: 20_000,
  onDemandStreamCountLimit: 50,
} as const;

/**
 * A token bucket on the virtual clock, in integer units so that 1,000 records/s and 1 MiB/s are
 * exact: `rate` units per second, never more than `capacity` banked; a take may run the balance
 * down to `floor` (0 = no debt) — read bytes use debt to make a 10 MiB read throttle the next 5 s.
 */
export class TokenBucket {
  private balance: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
    initial = capacity,
  ) {
    this.balance = initial;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.balance = Math.min(this.capacity, this.balance + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
    }
  }

  /** Units available now. */
  available(now: number): number {
    this.refill(now);
    return this.balance;
  }

  /** Takes `n` units if all are there; false (and nothing taken) otherwise. */
  tryTake(n: number, now: number): boolean {
    this.refill(now);
    // A tiny epsilon absorbs float error in the refill (1 MiB/s is not an integer per ms).
    if (this.balance + 1e-6 < n) return false;
    this.balance -= n;
    return true;
  }

  /** Takes `n` units unconditionally (the balance may go negative: debt). */
  take(n: number, now: number): void {
    this.refill(now);
    this.balance -= n;
  }

  /** Milliseconds until the balance is at least `n` again. */
  msUntil(n: number, now: number): number {
    this.refill(now);
    return this.balance >= n ? 0 : Math.ceil(((n - this.balance) * 1000) / this.ratePerSecond);
  }
}
