/**
 * The KPL's own map of a stream's open shards (aws/kinesis/core/shard_map.cc): it predicts the
 * shard of each user record so that only records for the same shard are aggregated together and
 * rate-limited per shard. Filled from ListShards results the host passes in.
 */
import { hashKeyOf, parseHashKey } from '../kinesis/model/hashKey.js';

/** The part of a ListShards `Shards[]` entry the map needs. */
export interface ShardDescription {
  readonly ShardId: string;
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
  /** A closed shard has an EndingSequenceNumber; the KPL maps open shards only. */
  readonly SequenceNumberRange?: { readonly StartingSequenceNumber?: string; readonly EndingSequenceNumber?: string };
}

interface Entry {
  readonly shardId: string;
  readonly start: bigint;
  readonly end: bigint;
}

export class ShardMap {
  private entries: Entry[] = [];

  /** Replaces the map with the open shards among `shards`. */
  set(shards: readonly ShardDescription[]): void {
    const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
    const entries = open.map((s) => {
      const start = parseHashKey(s.HashKeyRange.StartingHashKey);
      const end = parseHashKey(s.HashKeyRange.EndingHashKey);
      if (start === undefined || end === undefined || start > end) {
        throw new RangeError(`Shard ${s.ShardId} has an invalid HashKeyRange ${s.HashKeyRange.StartingHashKey}…${s.HashKeyRange.EndingHashKey}`);
      }
      return { shardId: s.ShardId, start, end };
    });
    this.entries = entries.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  /** True once a non-empty shard list was set. */
  get ready(): boolean {
    return this.entries.length > 0;
  }

  /** The shard whose range holds `hashKey`, or undefined (no map, or a gap in it). */
  shardOf(hashKey: bigint): string | undefined {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.entries[mid]!;
      if (hashKey < e.start) hi = mid - 1;
      else if (hashKey > e.end) lo = mid + 1;
      else return e.shardId;
    }
    return undefined;
  }

  /** The range of a mapped shard, or undefined. */
  rangeOf(shardId: string): { start: bigint; end: bigint } | undefined {
    const e = this.entries.find((x) => x.shardId === shardId);
    return e && { start: e.start, end: e.end };
  }
}

/** The hash key Kinesis routes by: the explicit hash key if given, else MD5 of the partition key. */
export function effectiveHashKey(partitionKey: string, explicitHashKey?: string): bigint {
  if (explicitHashKey === undefined) return hashKeyOf(partitionKey);
  const v = parseHashKey(explicitHashKey);
  if (v === undefined) throw new RangeError(`explicitHashKey must be a decimal integer in [0, 2^128 − 1], got ${explicitHashKey}`);
  return v;
}
