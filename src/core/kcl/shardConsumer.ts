/**
 * One leased shard's life in a worker (KCL `ShardConsumer`, spec producers-consumers §2.1, §2.6):
 * WAITING_ON_PARENTS (BlockOnParentShardTask: every parent lease at SHARD_END or gone, polled
 * every parentShardPollIntervalMillis) → INITIALIZING (`initialize` at the lease's checkpoint) →
 * PROCESSING (records from polling or fan-out) → SHUTTING_DOWN (`shardEnded`, `leaseLost` or
 * `shutdownRequested`) → SHUTDOWN_COMPLETE. Processor calls never overlap: they run one after
 * another on a chain, as the KCL runs one task at a time per shard.
 */
import { RecordCheckpointer } from './checkpointer.js';
import { Sentinel, newLease, type Lease, type LeaseChange, type LeaseStore } from './leaseTable.js';
import { FanOutRetrieval, PollingRetrieval, type Batch, type Retrieval } from './retrieval.js';
import type { Deaggregate, ExtendedSequenceNumber, InitialPosition, KinesisFunction, ShardRecordProcessor } from './types.js';

export const ConsumerState = {
  WAITING_ON_PARENTS: 'WAITING_ON_PARENTS',
  INITIALIZING: 'INITIALIZING',
  PROCESSING: 'PROCESSING',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  SHUTDOWN_COMPLETE: 'SHUTDOWN_COMPLETE',
} as const;
export type ConsumerState = (typeof ConsumerState)[keyof typeof ConsumerState];

/** What a shard consumer needs of its worker. */
export interface ConsumerHost {
  readonly streamName: string;
  readonly kinesis: KinesisFunction;
  readonly store: LeaseStore;
  readonly initialPosition: InitialPosition;
  readonly deaggregate: Deaggregate | undefined;
  readonly parentShardPollIntervalMillis: number;
  readonly taskBackoffTimeMillis: number;
  readonly retrieval: { readonly mode: 'polling'; readonly maxRecords: number; readonly idleTimeBetweenReadsInMillis: number } | { readonly mode: 'fanout'; readonly consumerARN: string };
  now(): number;
  held(shardId: string): Lease | undefined;
  writeHeld(shardId: string, change: LeaseChange): Promise<boolean>;
  /** Counts a task in flight (the worker's `idle()` waits for it). */
  track<T>(p: Promise<T>): Promise<T>;
  /** Reports a processed batch (metrics). */
  processed(shardId: string, records: number, bytes: number, millisBehindLatest: number): void;
  /** The lease reached SHARD_END: stop renewing it. */
  completed(shardId: string): void;
  /** Counts a retrieval event (ExpiredIterator). */
  count(metric: 'ExpiredIterator'): void;
  /** The processor threw: the KCL logs it and carries on. */
  error(shardId: string, err: unknown): void;
}

export class ShardConsumer {
  state: ConsumerState = ConsumerState.WAITING_ON_PARENTS;
  readonly checkpointer: RecordCheckpointer;
  /** How often `shardEnded` was called without the processor checkpointing SHARD_END. */
  shardEndAttempts = 0;
  millisBehindLatest = 0;
  private nextAt = 0;
  private busy = false;
  private retrieval: Retrieval | undefined;
  private chain: Promise<void> = Promise.resolve();
  private childShards: Batch['childShards'];

  constructor(readonly shardId: string, private readonly host: ConsumerHost, readonly processor: ShardRecordProcessor) {
    this.checkpointer = new RecordCheckpointer({
      shardId,
      held: () => host.held(shardId),
      write: (change) => host.writeHeld(shardId, change),
    });
  }

  /** Runs the next task when it is due. */
  tick(now: number): void {
    if (this.busy || now < this.nextAt || this.state === ConsumerState.SHUTDOWN_COMPLETE) return;
    this.busy = true;
    const step = this.step(now).catch((err: unknown) => {
      // A lease-table or Kinesis failure inside a task: retried after taskBackoffTimeMillis.
      this.host.error(this.shardId, err);
      this.nextAt = this.host.now() + this.host.taskBackoffTimeMillis;
    });
    void this.host.track(step.finally(() => (this.busy = false)));
  }

  private async step(now: number): Promise<void> {
    switch (this.state) {
      case ConsumerState.WAITING_ON_PARENTS:
        if (await this.parentsDone()) this.state = ConsumerState.INITIALIZING;
        else this.nextAt = now + this.host.parentShardPollIntervalMillis;
        return;
      case ConsumerState.INITIALIZING:
        return this.initialize();
      case ConsumerState.PROCESSING: {
        const delay = (await this.retrieval?.poll(now)) ?? this.host.taskBackoffTimeMillis;
        if (this.state === ConsumerState.PROCESSING) this.nextAt = now + delay;
        return;
      }
      case ConsumerState.SHUTTING_DOWN:
        return this.endShard(now);
    }
  }

  private async parentsDone(): Promise<boolean> {
    const lease = this.host.held(this.shardId);
    if (!lease) return false;
    for (const p of lease.parentShardIds) {
      const parent = await this.host.store.get(p);
      if (parent && parent.checkpoint !== Sentinel.SHARD_END) return false;
    }
    return true;
  }

  private async initialize(): Promise<void> {
    const lease = this.host.held(this.shardId);
    if (!lease) return;
    const from: ExtendedSequenceNumber = { sequenceNumber: lease.checkpoint, subSequenceNumber: lease.checkpointSubSequenceNumber };
    await this.call(() => this.processor.initialize({ shardId: this.shardId, extendedSequenceNumber: from }));
    if (this.state !== ConsumerState.INITIALIZING) return; // lost meanwhile
    const deliver = (b: Batch): Promise<void> => this.deliver(b);
    const r = this.host.retrieval;
    this.retrieval = r.mode === 'polling'
      ? new PollingRetrieval(this.host, this.shardId, from, lease.hashKeyRange, r.maxRecords, deliver)
      : new FanOutRetrieval(this.host, this.shardId, from, lease.hashKeyRange, r.consumerARN, deliver);
    this.state = ConsumerState.PROCESSING;
    this.nextAt = 0;
  }

  /** One batch from the retrieval: processRecords (if any), then the shard end if reached. */
  private async deliver(b: Batch): Promise<void> {
    if (this.state !== ConsumerState.PROCESSING) return;
    this.millisBehindLatest = b.millisBehindLatest;
    if (b.records.length) {
      this.checkpointer.largestPermitted = { sequenceNumber: b.records.at(-1)!.sequenceNumber, subSequenceNumber: b.records.at(-1)!.subSequenceNumber };
      await this.call(() => this.processor.processRecords({
        records: b.records, millisBehindLatest: b.millisBehindLatest, checkpointer: this.checkpointer,
        isAtShardEnd: b.childShards !== undefined, ...(b.childShards ? { childShards: b.childShards } : {}),
      }));
      this.host.processed(this.shardId, b.records.length, b.bytes, b.millisBehindLatest);
    }
    if (b.childShards !== undefined && this.state === ConsumerState.PROCESSING) {
      this.childShards = b.childShards;
      this.retrieval?.stop();
      this.state = ConsumerState.SHUTTING_DOWN;
      this.nextAt = 0;
    }
  }

  /**
   * Shard end (KCL ShutdownTask, reason SHARD_END): record childShardIds, create the child leases
   * (parents listed, from TRIM_HORIZON), then `shardEnded`. Without a SHARD_END checkpoint the
   * task fails and is retried after taskBackoffTimeMillis — the children keep waiting.
   */
  private async endShard(now: number): Promise<void> {
    const children = this.childShards ?? [];
    const lease = this.host.held(this.shardId);
    if (!lease) return;
    if (lease.childShardIds.length === 0 && children.length) {
      await this.host.writeHeld(this.shardId, { childShardIds: children.map((c) => c.ShardId) });
    }
    for (const c of children) {
      const range = { startingHashKey: c.HashKeyRange.StartingHashKey, endingHashKey: c.HashKeyRange.EndingHashKey };
      await this.host.store.createIfAbsent(newLease(c.ShardId, Sentinel.TRIM_HORIZON, c.ParentShards, range));
    }
    this.checkpointer.shardEnded = true;
    await this.call(() => this.processor.shardEnded({ checkpointer: this.checkpointer }));
    if (this.state !== ConsumerState.SHUTTING_DOWN) return;
    if (this.host.held(this.shardId)?.checkpoint === Sentinel.SHARD_END) {
      this.state = ConsumerState.SHUTDOWN_COMPLETE;
      this.host.completed(this.shardId);
    } else {
      // KCL: "Application didn't checkpoint at end of shard" — the ShutdownTask is retried.
      this.shardEndAttempts++;
      this.nextAt = now + this.host.taskBackoffTimeMillis;
    }
  }

  /** The lease went to another worker (or expired): stop reading, tell the processor. */
  async leaseLost(): Promise<void> {
    if (this.state === ConsumerState.SHUTDOWN_COMPLETE) return;
    const initialized = this.state !== ConsumerState.WAITING_ON_PARENTS && this.state !== ConsumerState.INITIALIZING;
    this.state = ConsumerState.SHUTDOWN_COMPLETE;
    this.retrieval?.stop();
    if (initialized) await this.call(() => this.processor.leaseLost({}));
  }

  /** The worker crashed: reading stops, the processor hears nothing more. */
  halt(): void {
    this.state = ConsumerState.SHUTDOWN_COMPLETE;
    this.retrieval?.stop();
  }

  /** Graceful shutdown: `shutdownRequested` with a working checkpointer. */
  async shutdownRequested(): Promise<void> {
    if (this.state === ConsumerState.SHUTDOWN_COMPLETE) return;
    const initialized = this.state === ConsumerState.PROCESSING || this.state === ConsumerState.SHUTTING_DOWN;
    this.state = ConsumerState.SHUTDOWN_COMPLETE;
    this.retrieval?.stop();
    if (initialized) await this.call(() => this.processor.shutdownRequested({ checkpointer: this.checkpointer }));
  }

  /** Runs a processor call after the previous one; its exception is reported, not propagated. */
  private call(fn: () => void | Promise<void>): Promise<void> {
    const run = this.chain.then(fn).catch((err: unknown) => this.host.error(this.shardId, err));
    this.chain = run;
    return run;
  }
}
