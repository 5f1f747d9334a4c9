/**
 * Property tests over the whole engine (fast-check): routing agrees with the shard map, and
 * sequence numbers strictly increase per shard, whatever the keys, sizes and timing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/index.js';
import { hashKeyOf } from '../../src/core/kinesis/model/hashKey.js';
import { encodeBase64 } from '../../src/core/util/base64.js';

async function engineWith(shards: number) {
  const sim = createSimulation({ clock: 'manual', enforceLimits: false });
  const call = async (op: string, input: unknown) => {
    const r = await sim.kinesis.dispatch(op, input);
    if (!r.ok) throw new Error(`${r.error.__type}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  await call('CreateStream', { StreamName: 'p', ShardCount: shards });
  sim.clock.advance(sim.kinesis.createStreamMs);
  const { Shards } = await call('ListShards', { StreamName: 'p' }) as { Shards: { ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }[] };
  return { sim, call, Shards };
}

describe('properties', () => {
  it('a record lands in the one shard whose hash key range holds MD5(partition key) or its ExplicitHashKey', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 24 }),
      fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme' }), explicit: fc.option(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), { nil: undefined }) }), { minLength: 1, maxLength: 40 }),
      async (shards, recs) => {
        const { call, Shards } = await engineWith(shards);
        for (const r of recs) {
          const input = { StreamName: 'p', PartitionKey: r.key, Data: encodeBase64(new Uint8Array([1])), ...(r.explicit !== undefined ? { ExplicitHashKey: r.explicit.toString() } : {}) };
          const out = await call('PutRecord', input);
          const h = r.explicit ?? hashKeyOf(r.key);
          const holders = Shards.filter((s) => BigInt(s.HashKeyRange.StartingHashKey) <= h && h <= BigInt(s.HashKeyRange.EndingHashKey));
          expect(holders).toHaveLength(1);
          expect(out['ShardId']).toBe(holders[0]!.ShardId);
        }
      }), { numRuns: 40 });
  });

  it('sequence numbers strictly increase per shard in acknowledgement order, across time gaps', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), gapMs: fc.integer({ min: 0, max: 5000 }), batch: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 30 }),
      async (steps) => {
        const { sim, call } = await engineWith(3);
        const last = new Map<string, bigint>();
        for (const st of steps) {
          sim.clock.advance(st.gapMs);
          const out = await call('PutRecords', { StreamName: 'p', Records: Array.from({ length: st.batch }, (_, i) => ({ PartitionKey: st.key + i, Data: 'AA==' })) });
          for (const r of out['Records'] as { ShardId: string; SequenceNumber: string }[]) {
            const seq = BigInt(r.SequenceNumber);
            const prev = last.get(r.ShardId);
            if (prev !== undefined) expect(seq > prev).toBe(true);
            last.set(r.ShardId, seq);
          }
        }
      }), { numRuns: 40 });
  });
});
