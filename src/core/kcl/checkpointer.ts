/**
 * The record processor's checkpointer (KCL `ShardRecordProcessorCheckpointer`, spec
 * producers-consumers §2.5). A checkpoint is a conditional write on the lease — it expects the
 * leaseCounter and owner this worker holds, and bumps the counter as the KCL's `updateLease`
 * does — so a worker whose lease was taken gets `ShutdownException` instead of overwriting the
 * new owner's progress.
 */
import { Sentinel, type Lease, type LeaseChange } from './leaseTable.js';
import { compareExtended, isSequenceNumber } from './records.js';
import { IllegalArgumentException, InvalidStateException, ShutdownException, type Checkpointer, type ExtendedSequenceNumber, type KinesisClientRecord } from './types.js';

/** What a checkpointer needs of its worker. */
export interface CheckpointTarget {
  readonly shardId: string;
  /** The lease as held now, or undefined once lost. */
  held(): Lease | undefined;
  /** Conditional write on the held lease (expects its counter and owner; increments the counter). */
  write(change: LeaseChange): Promise<boolean>;
}

export class RecordCheckpointer implements Checkpointer {
  /** The last user record delivered to the processor: the largest permitted checkpoint. */
  largestPermitted: ExtendedSequenceNumber | undefined;
  /** Set once every record of a closed shard was delivered: `checkpoint()` then writes SHARD_END. */
  shardEnded = false;

  constructor(private readonly target: CheckpointTarget) {}

  async checkpoint(at?: KinesisClientRecord | string, subSequenceNumber?: number): Promise<void> {
    const lease = this.target.held();
    if (!lease) throw lostLease(this.target.shardId);
    let to: ExtendedSequenceNumber | undefined;
    if (at === undefined) to = this.shardEnded ? { sequenceNumber: Sentinel.SHARD_END, subSequenceNumber: 0 } : this.largestPermitted;
    else if (typeof at === 'string') to = { sequenceNumber: at, subSequenceNumber: subSequenceNumber ?? 0 };
    else to = { sequenceNumber: at.sequenceNumber, subSequenceNumber: at.subSequenceNumber };
    if (!to) return; // nothing delivered yet: the checkpoint stays where it is
    if (to.sequenceNumber !== Sentinel.SHARD_END) this.validate(lease, to);
    let done: boolean;
    try {
      done = await this.target.write({ checkpoint: to.sequenceNumber, checkpointSubSequenceNumber: to.subSequenceNumber, ownerSwitchesSinceCheckpoint: 0 });
    } catch (err) {
      // The lease table could not be written (IndexedDB failure): KCL's InvalidStateException / DependencyException.
      throw new InvalidStateException(`Could not checkpoint shard ${this.target.shardId}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!done) throw lostLease(this.target.shardId);
  }

  private validate(lease: Lease, to: ExtendedSequenceNumber): void {
    if (!isSequenceNumber(to.sequenceNumber)) {
      throw new IllegalArgumentException(`Could not checkpoint at invalid, non-numeric sequence number ${to.sequenceNumber}`);
    }
    const last = { sequenceNumber: lease.checkpoint, subSequenceNumber: lease.checkpointSubSequenceNumber };
    if (isSequenceNumber(last.sequenceNumber) && compareExtended(to, last) < 0) {
      throw new IllegalArgumentException(`Could not checkpoint at extended sequence number ${fmt(to)} as it did not fall into acceptable range between the last checkpoint ${fmt(last)} and the greatest extended sequence number passed to this record processor ${this.largestPermitted ? fmt(this.largestPermitted) : 'none'}`);
    }
    if (!this.largestPermitted || compareExtended(to, this.largestPermitted) > 0) {
      throw new IllegalArgumentException(`Could not checkpoint at extended sequence number ${fmt(to)} as it did not fall into acceptable range between the last checkpoint ${fmt(last)} and the greatest extended sequence number passed to this record processor ${this.largestPermitted ? fmt(this.largestPermitted) : 'none'}`);
    }
  }
}

// The KCL's message (ShardRecordProcessorCheckpointer → DynamoDBLeaseCoordinator.updateLease).
const lostLease = (shardId: string): ShutdownException =>
  new ShutdownException(`Can't update checkpoint - instance doesn't hold the lease for this shard (${shardId})`);

const fmt = (e: ExtendedSequenceNumber): string => `{SequenceNumber: ${e.sequenceNumber},SubsequenceNumber: ${e.subSequenceNumber}}`;
