/** The record browser's view of a shard, shared by every host. */
import type { KinesisEngine } from '../core/kinesis/engine.js';
import { hashKeyOf } from '../core/kinesis/model/hashKey.js';
import { parseSequenceNumber, shardIndexOf } from '../core/kinesis/model/sequenceNumber.js';
import { decodeBase64 } from '../core/util/base64.js';
import type { BrowsedRecord } from './host.js';

export async function browseShard(e: KinesisEngine, stream: string, shardId: string, from: string | undefined, limit: number): Promise<BrowsedRecord[]> {
  const s = e.streams.get(stream);
  if (!s) throw new Error(`Stream ${stream} not found.`);
  const index = shardIndexOf(shardId);
  const shard = index === undefined ? undefined : s.shards[index];
  if (!shard) throw new Error(`Shard ${shardId} not found in stream ${stream}.`);
  let counter = 0;
  if (from) {
    const p = parseSequenceNumber(from);
    if (!p || p.shardIndex !== shard.meta.index) throw new Error(`${from} is not a sequence number of ${shard.id}.`);
    counter = p.counter;
  }
  const recs = await shard.browse(counter, limit);
  return recs.map((r) => ({
    sequenceNumber: r.sequenceNumber,
    partitionKey: r.partitionKey,
    hashKey: (r.explicitHashKey !== undefined ? BigInt(r.explicitHashKey) : hashKeyOf(r.partitionKey)).toString(),
    ...(r.explicitHashKey !== undefined ? { explicitHashKey: r.explicitHashKey } : {}),
    arrival: r.arrival,
    data: decodeBase64(r.data),
  }));
}
