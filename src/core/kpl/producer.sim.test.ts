import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index.js';
import { decodeBase64 } from '../util/base64.js';
import { deaggregate } from './aggregation.js';
import { KinesisProducer } from './producer.js';
import type { ShardDescription } from './shardMap.js';
import type { KplPutRecordsOutcome, UserRecordResult } from './types.js';

interface WireRecord { SequenceNumber: string; Data: string; PartitionKey: string }
const value = <T>(r: { ok: boolean; value?: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value as T;
};

describe('through the real Kinesis engine', () => {
  it('puts aggregated records that GetRecords + deaggregate give back, in order per partition key', async () => {
    const sim = createSimulation({ clock: 'manual' });
    const k = sim.kinesis;
    value(await k.dispatch('CreateStream', { StreamName: 'orders', ShardCount: 3 }));
    sim.clock.advance(k.createStreamMs);
    const { Shards } = value<{ Shards: ShardDescription[] }>(await k.dispatch('ListShards', { StreamName: 'orders' }));

    const p = new KinesisProducer((input) => k.dispatch('PutRecords', input) as Promise<KplPutRecordsOutcome>, {}, { now: sim.clock.now() });
    p.setShards(Shards);
    const sent = new Map<string, string[]>();
    const results: Promise<UserRecordResult>[] = [];
    const keys = Array.from({ length: 12 }, (_, i) => `customer-${i}`);
    // 3,000 user records over 1.5 s of virtual time, sent as the KPL pipeline decides.
    for (let i = 0; i < 3000; i++) {
      const pk = keys[i % keys.length]!;
      const text = `{"order":${i},"customer":"${pk}"}`;
      (sent.get(pk) ?? sent.set(pk, []).get(pk)!).push(text);
      results.push(p.addUserRecord('orders', pk, new TextEncoder().encode(text)));
      if (i % 20 === 19) {
        sim.clock.advance(10);
        p.tick(sim.clock.now());
        await p.idle();
      }
    }
    for (let t = 0; t < 1000 && p.outstandingRecordsCount() > 0; t += 50) {
      sim.clock.advance(50);
      p.tick(sim.clock.now());
      await p.idle();
    }
    const done = await Promise.all(results);
    expect(done.every((r) => r.successful)).toBe(true);
    // Far fewer Kinesis records than user records: aggregation did its job.
    expect(p.metrics().KinesisRecordsPut.sum).toBeLessThan(200);

    const got = new Map<string, string[]>();
    const seqOf = new Map<string, string>();
    for (const shard of Shards) {
      const it = value<{ ShardIterator: string }>(await k.dispatch('GetShardIterator', { StreamName: 'orders', ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const { Records } = value<{ Records: WireRecord[] }>(await k.dispatch('GetRecords', { ShardIterator: it.ShardIterator, Limit: 10000 }));
      for (const r of Records) {
        const bytes = decodeBase64(r.Data);
        const users = deaggregate(bytes) ?? [{ partitionKey: r.PartitionKey, data: bytes }];
        users.forEach((u, sub) => {
          const text = new TextDecoder().decode(u.data);
          (got.get(u.partitionKey) ?? got.set(u.partitionKey, []).get(u.partitionKey)!).push(text);
          seqOf.set(text, `${r.SequenceNumber}/${users.length === 1 ? 0 : sub}/${shard.ShardId}`);
        });
      }
    }
    expect(got).toEqual(sent);
    // Each result names the Kinesis record (sequence number, sub-sequence, shard) its user record is in.
    done.forEach((r, i) => {
      if (!r.successful) return;
      const pk = keys[i % keys.length]!;
      expect(`${r.sequenceNumber}/${r.subSequenceNumber}/${r.shardId}`).toBe(seqOf.get(`{"order":${i},"customer":"${pk}"}`));
    });
  });
});
