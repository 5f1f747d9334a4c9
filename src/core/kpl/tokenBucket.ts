/**
 * The KPL's per-shard limiter (aws/kinesis/core/limiter.h, aws/utils/token_bucket.h): two token
 * streams, records and bytes, each holding at most one second of the shard's limit (1,000 records,
 * 1 MiB) and refilling at RateLimit % of it per second. A bucket starts full. A Kinesis record
 * passes when both streams have its tokens (1 record, its data bytes); otherwise it waits, in
 * order, for the next drain.
 */
export const SHARD_RECORDS_PER_SEC = 1000;
export const SHARD_BYTES_PER_SEC = 1024 * 1024;

export class ShardTokenBucket {
  private records = SHARD_RECORDS_PER_SEC;
  private bytes = SHARD_BYTES_PER_SEC;
  private readonly multiplier: number;

  constructor(rateLimitPercent: number, private last: number) {
    this.multiplier = rateLimitPercent / 100;
  }

  /** Takes 1 record and `bytes` byte tokens at virtual time `now` if both are there. */
  tryTake(bytes: number, now: number): boolean {
    this.refill(now);
    if (this.records < 1 || this.bytes < bytes) return false;
    this.records -= 1;
    this.bytes -= bytes;
    return true;
  }

  private refill(now: number): void {
    const dt = Math.max(0, now - this.last) / 1000;
    this.last = Math.max(this.last, now);
    this.records = Math.min(SHARD_RECORDS_PER_SEC, this.records + dt * this.multiplier * SHARD_RECORDS_PER_SEC);
    this.bytes = Math.min(SHARD_BYTES_PER_SEC, this.bytes + dt * this.multiplier * SHARD_BYTES_PER_SEC);
  }
}
