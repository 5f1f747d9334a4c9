/**
 * The KPL's Limiter stage (limiter.h): a token bucket per (stream, shard) holding back the Kinesis
 * records over a shard's rate. Held-back records wait in order and are retried every 25 ms.
 */
import type { KinesisRecord, UserRecord } from './records.js';
import { ShardTokenBucket } from './tokenBucket.js';

/** Limiter.h kDrainDelayMillis: held-back records are retried every 25 ms. */
export const LIMITER_POLL = 25;

interface ShardLimiter { readonly bucket: ShardTokenBucket; readonly queue: KinesisRecord[] }

/** Where the limiter's records go: on to the collector, or failed. */
export interface LimiterOutput {
  /** A record the rate allowed (or one without a predicted shard, which is not rate-limited). */
  pass(kr: KinesisRecord): void;
  /** A user record that expired while held back. */
  fail(ur: UserRecord, errorCode: string, errorMessage: string): void;
}

/** Every shard's limiter of one producer. */
export class Limiter {
  private readonly shards = new Map<string, ShardLimiter>();
  /** When held-back records are retried next (virtual ms); undefined while none is armed. */
  poll: number | undefined;

  /**
   * @param rateLimit RateLimit, percent of a shard's limits
   * @param clock the producer's virtual time, read at each step (as the producer's own field was)
   */
  constructor(
    private readonly rateLimit: number,
    private readonly clock: () => number,
    private readonly out: LimiterOutput,
  ) {}

  /** Queues a Kinesis record behind its shard's bucket and lets through what the rate allows. */
  put(kr: KinesisRecord): void {
    if (kr.shardId === undefined) {
      this.out.pass(kr);
      return;
    }
    const key = `${kr.stream}\u0000${kr.shardId}`;
    let l = this.shards.get(key);
    if (!l) this.shards.set(key, (l = { bucket: new ShardTokenBucket(this.rateLimit, this.clock()), queue: [] }));
    l.queue.push(kr);
    this.drain(l);
  }

  /** The poll: retries every shard's held-back records. */
  drainAll(): void {
    this.poll = undefined;
    for (const l of this.shards.values()) this.drain(l);
  }

  private drain(l: ShardLimiter): void {
    while (l.queue.length > 0) {
      const kr = l.queue[0]!;
      if (kr.items.every((ur) => this.clock() > ur.expiration)) {
        // pipeline.h retrier_put_kr: a record can expire while the limiter holds it back.
        l.queue.shift();
        for (const ur of kr.items) this.out.fail(ur, 'Expired', 'Expiration reached while waiting in limiter');
      } else if (l.bucket.tryTake(kr.data.length, this.clock())) {
        l.queue.shift();
        this.out.pass(kr);
      } else break;
    }
    if (l.queue.length > 0 && this.poll === undefined) this.poll = this.clock() + LIMITER_POLL;
  }
}
