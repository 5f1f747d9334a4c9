import type { ProcessedRecord } from './kclWorkerHost.js';

/**
 * What a KCL application's processors delivered, seen from the page: each user record counted
 * once (re-deliveries after a failover are at-least-once duplicates, counted apart), and a check
 * that every partition key's records came in order.
 *
 * Per-key order: a key lives on one open shard at a time, so its new records must come with
 * rising (sequence number, sub-sequence) on that shard; when they move to another shard (a split
 * or merge moved the key to a child) the old shard is finished for that key — a record of the
 * key arriving later from it means a child was read before its parent ended.
 */
export class DeliveryLog {
  /**
   * Per shard, the records delivered above its last checkpoint (ids, in delivery order), and the
   * checkpoint itself: everything at or below it was processed before, so a record there is a
   * re-delivery. `prune` drops what a checkpoint covers, so memory follows the records in flight,
   * not the whole run.
   */
  private readonly shards = new Map<string, ShardSeen>();
  /** Per partition key, where its records were last seen (the most recently used MAX_KEYS keys). */
  private readonly keys = new Map<string, KeyState>();
  /** Unique records processed, per worker that first processed them. */
  readonly perWorker = new Map<string, number>();
  unique = 0;
  duplicates = 0;
  /** Human-readable order violations (the first 20). */
  readonly violations: string[] = [];
  /** The last records delivered (newest last). */
  readonly recent: ProcessedRecord[] = [];

  constructor(private readonly keepRecent = 20) {}

  get inOrder(): boolean {
    return this.violationCount === 0;
  }

  violationCount = 0;

  /** Whether a record (shard, sequence number, sub-sequence) was delivered. */
  has(shardId: string, sequenceNumber: string, subSequenceNumber = 0): boolean {
    const sh = this.shards.get(shardId);
    if (!sh) return false;
    const seq = BigInt(sequenceNumber);
    if (sh.floor && atOrBelow(seq, subSequenceNumber, sh.floor)) return true;
    return sh.ids.has(`${sequenceNumber}/${subSequenceNumber}`);
  }

  /** A shard's checkpoint moved to (seq, sub), or to its end (`'SHARD_END'`): forget what it covers. */
  prune(shardId: string, checkpoint: string, subSequenceNumber = 0): void {
    const sh = this.shards.get(shardId);
    if (!sh) return;
    const floor = checkpoint === 'SHARD_END' ? { seq: BigInt('9'.repeat(60)), sub: Number.MAX_SAFE_INTEGER }
      : /^\d+$/.test(checkpoint) ? { seq: BigInt(checkpoint), sub: subSequenceNumber } : undefined;
    if (!floor || (sh.floor && atOrBelow(floor.seq, floor.sub, sh.floor))) return;
    sh.floor = floor;
    let drop = 0;
    while (drop < sh.order.length && atOrBelow(sh.order[drop]!.seq, sh.order[drop]!.sub, floor)) sh.ids.delete(sh.order[drop++]!.id);
    if (drop) sh.order.splice(0, drop);
  }

  add(records: readonly ProcessedRecord[]): void {
    for (const r of records) {
      if (this.has(r.shardId, r.sequenceNumber, r.subSequenceNumber)) {
        this.duplicates++;
        continue;
      }
      let sh = this.shards.get(r.shardId);
      if (!sh) this.shards.set(r.shardId, (sh = { ids: new Set(), order: [] }));
      const id = `${r.sequenceNumber}/${r.subSequenceNumber}`;
      sh.ids.add(id);
      sh.order.push({ seq: BigInt(r.sequenceNumber), sub: r.subSequenceNumber, id });
      this.unique++;
      this.perWorker.set(r.workerIdentifier, (this.perWorker.get(r.workerIdentifier) ?? 0) + 1);
      this.check(r);
      this.recent.push(r);
      if (this.recent.length > this.keepRecent) this.recent.shift();
    }
  }

  private check(r: ProcessedRecord): void {
    const seq = BigInt(r.sequenceNumber);
    const k = this.keys.get(r.partitionKey);
    if (!k) {
      this.keys.set(r.partitionKey, { shardId: r.shardId, seq, sub: r.subSequenceNumber, finished: new Set() });
      // Random keys (a UUID per record) would grow this forever: the least recently seen key is
      // forgotten (its order is then checked afresh from its next record).
      if (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
      return;
    }
    this.keys.delete(r.partitionKey);
    this.keys.set(r.partitionKey, k); // most recently seen last
    const where = `key ${r.partitionKey}: ${r.shardId} ${r.sequenceNumber}/${r.subSequenceNumber}`;
    if (k.finished.has(r.shardId)) this.violate(`${where} after the key moved on to ${k.shardId}`);
    else if (k.shardId === r.shardId && (seq < k.seq || (seq === k.seq && r.subSequenceNumber <= k.sub))) this.violate(`${where} after ${k.seq}/${k.sub}`);
    if (k.shardId !== r.shardId) {
      k.finished.add(k.shardId);
      k.finished.delete(r.shardId);
      k.shardId = r.shardId;
    }
    k.seq = seq;
    k.sub = r.subSequenceNumber;
  }

  private violate(message: string): void {
    this.violationCount++;
    if (this.violations.length < 20) this.violations.push(message);
  }
}

const MAX_KEYS = 20_000;

interface ShardSeen {
  floor?: { seq: bigint; sub: number };
  readonly ids: Set<string>;
  readonly order: { seq: bigint; sub: number; id: string }[];
}

const atOrBelow = (seq: bigint, sub: number, mark: { seq: bigint; sub: number }): boolean => seq < mark.seq || (seq === mark.seq && sub <= mark.sub);

interface KeyState {
  shardId: string;
  seq: bigint;
  sub: number;
  readonly finished: Set<string>;
}
