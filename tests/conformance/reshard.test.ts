/**
 * SplitShard and MergeShards through the real SDK: the UPDATING window, closed parents with their
 * EndingSequenceNumber, children with lineage, ChildShards at a parent's end, AWS's errors, and a
 * KCL-style reader that follows parents before children and reads every record exactly once.
 */
import {
  CreateStreamCommand, DescribeStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand,
  MergeShardsCommand, PutRecordCommand, PutRecordsCommand, SplitShardCommand, UpdateShardCountCommand, type Shard,
} from '@aws-sdk/client-kinesis';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_KEY_MAX, uniformRanges } from '../../src/core/kinesis/model/hashKey';
import { bytes, expectAwsError, setup, text } from './harness';

const id = (i: number) => `shardId-${String(i).padStart(12, '0')}`;
const HALF = (HASH_KEY_MAX + 1n) / 2n;

async function listAll(client: ReturnType<typeof setup>['client'], StreamName: string): Promise<Shard[]> {
  return (await client.send(new ListShardsCommand({ StreamName }))).Shards ?? [];
}

describe('SplitShard', () => {
  it('keeps the parent open while UPDATING, then closes it and opens two children with lineage', async () => {
    const { sim, client, createActive } = setup();
    await createActive('split', 1);
    await client.send(new SplitShardCommand({ StreamName: 'split', ShardToSplit: id(0), NewStartingHashKey: HALF.toString() }));
    const status = async () => (await client.send(new DescribeStreamSummaryCommand({ StreamName: 'split' }))).StreamDescriptionSummary?.StreamStatus;
    expect(await status()).toBe('UPDATING');
    // Records still go to the parent meanwhile.
    const during = await client.send(new PutRecordCommand({ StreamName: 'split', PartitionKey: 'k', Data: bytes('during') }));
    expect(during.ShardId).toBe(id(0));
    await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'split', ShardToSplit: id(0), NewStartingHashKey: '100' })),
      'ResourceInUseException', 'Stream split under account 123456789012 not ACTIVE, instead in state UPDATING');

    sim.clock.advance(sim.kinesis.updateStreamMs);
    expect(await status()).toBe('ACTIVE');
    const shards = await listAll(client, 'split');
    expect(shards.map((s) => s.ShardId)).toEqual([id(0), id(1), id(2)]);
    expect(shards[0]!.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{56}$/);
    expect(shards[1]).toMatchObject({ ParentShardId: id(0), HashKeyRange: { StartingHashKey: '0', EndingHashKey: (HALF - 1n).toString() } });
    expect(shards[2]).toMatchObject({ ParentShardId: id(0), HashKeyRange: { StartingHashKey: HALF.toString(), EndingHashKey: HASH_KEY_MAX.toString() } });
    expect(shards[1]!.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    expect(BigInt(shards[0]!.SequenceNumberRange!.EndingSequenceNumber!) > BigInt(during.SequenceNumber!)).toBe(true);

    // New records go to the children, by hash key.
    const low = await client.send(new PutRecordCommand({ StreamName: 'split', PartitionKey: 'x', ExplicitHashKey: '5', Data: bytes('low') }));
    const high = await client.send(new PutRecordCommand({ StreamName: 'split', PartitionKey: 'x', ExplicitHashKey: HALF.toString(), Data: bytes('high') }));
    expect([low.ShardId, high.ShardId]).toEqual([id(1), id(2)]);
    const open = await client.send(new ListShardsCommand({ StreamName: 'split', ShardFilter: { Type: 'AT_LATEST' } }));
    expect(open.Shards?.map((s) => s.ShardId)).toEqual([id(1), id(2)]);

    // The parent stays readable; at its end: no NextShardIterator, and its ChildShards.
    const it0 = await client.send(new GetShardIteratorCommand({ StreamName: 'split', ShardId: id(0), ShardIteratorType: 'TRIM_HORIZON' }));
    const page = await client.send(new GetRecordsCommand({ ShardIterator: it0.ShardIterator }));
    expect(page.Records?.map((r) => text(r.Data))).toEqual(['during']);
    sim.clock.advance(1000);
    const end = await client.send(new GetRecordsCommand({ ShardIterator: page.NextShardIterator }));
    expect(end.Records).toEqual([]);
    expect(end.NextShardIterator).toBeUndefined();
    expect(end.ChildShards).toEqual([
      { ShardId: id(1), ParentShards: [id(0)], HashKeyRange: shards[1]!.HashKeyRange },
      { ShardId: id(2), ParentShards: [id(0)], HashKeyRange: shards[2]!.HashKeyRange },
    ]);
  });

  it('answers AWS\'s errors: hash key out of the shard, unknown or closed shard, on-demand stream, validation', async () => {
    const { sim, client, createActive } = setup();
    await createActive('errs', 2);
    const end0 = (HALF - 1n).toString();
    for (const key of ['1', '0', end0, HASH_KEY_MAX.toString()]) {
      await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'errs', ShardToSplit: id(0), NewStartingHashKey: key })), 'InvalidArgumentException',
        `NewStartingHashKey ${key} used in SplitShard() on shard ${id(0)} in stream errs under account 123456789012 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${end0}.`);
    }
    await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'errs', ShardToSplit: id(7), NewStartingHashKey: '100' })),
      'ResourceNotFoundException', `Could not find shard ${id(7)} in stream errs under account 123456789012.`);
    await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'nope', ShardToSplit: id(0), NewStartingHashKey: '100' })), 'ResourceNotFoundException');
    await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'errs', ShardToSplit: '', NewStartingHashKey: '100' })), 'ValidationException',
      /Value '' at 'shardToSplit' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    await client.send(new SplitShardCommand({ StreamName: 'errs', ShardToSplit: id(0), NewStartingHashKey: '100' }));
    sim.clock.advance(sim.kinesis.updateStreamMs);
    await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'errs', ShardToSplit: id(0), NewStartingHashKey: '50' })), 'InvalidArgumentException',
      `Shard ${id(0)} in stream errs under account 123456789012 has already been merged or split, and thus is not eligible for merging or splitting.`);
    await client.send(new CreateStreamCommand({ StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    sim.clock.advance(sim.kinesis.createStreamMs);
    await expectAwsError(client.send(new SplitShardCommand({ StreamName: 'od', ShardToSplit: id(0), NewStartingHashKey: '100' })), 'ValidationException');
  });
});

describe('closed shards expire', () => {
  it('once retention has passed their closing: gone from ListShards and DescribeStream, no iterator', async () => {
    const { sim, client, createActive } = setup();
    await createActive('exp', 1);
    await client.send(new SplitShardCommand({ StreamName: 'exp', ShardToSplit: id(0), NewStartingHashKey: HALF.toString() }));
    sim.clock.advance(sim.kinesis.updateStreamMs);
    sim.clock.advance(23 * 3600_000);
    expect((await listAll(client, 'exp')).map((s) => s.ShardId)).toEqual([id(0), id(1), id(2)]);
    await client.send(new GetShardIteratorCommand({ StreamName: 'exp', ShardId: id(0), ShardIteratorType: 'TRIM_HORIZON' }));
    sim.clock.advance(3600_000 + 10_000); // 24 h after it closed, and a trim sweep
    expect((await listAll(client, 'exp')).map((s) => s.ShardId)).toEqual([id(1), id(2)]);
    const described = await client.send(new DescribeStreamCommand({ StreamName: 'exp' }));
    expect(described.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual([id(1), id(2)]);
    await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 'exp', ShardId: id(0), ShardIteratorType: 'TRIM_HORIZON' })),
      'ResourceNotFoundException', `Shard ${id(0)} in stream exp under account 123456789012 does not exist`);
    expect(sim.kinesis.streams.get('exp')!.shards[0]!.expired).toBe(true);
  });
});

describe('MergeShards', () => {
  it('merges adjacent shards (either order) into one child with both parents', async () => {
    const { sim, client, createActive } = setup();
    await createActive('merge', 3);
    await client.send(new MergeShardsCommand({ StreamName: 'merge', ShardToMerge: id(2), AdjacentShardToMerge: id(1) }));
    sim.clock.advance(sim.kinesis.updateStreamMs);
    const shards = await listAll(client, 'merge');
    expect(shards.map((s) => s.ShardId)).toEqual([id(0), id(1), id(2), id(3)]);
    expect(shards[3]).toMatchObject({
      ParentShardId: id(2), AdjacentParentShardId: id(1),
      HashKeyRange: { StartingHashKey: shards[1]!.HashKeyRange!.StartingHashKey, EndingHashKey: HASH_KEY_MAX.toString() },
    });
    expect(shards[1]!.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
    expect(shards[2]!.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
    expect(shards[0]!.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
  });

  it('refuses shards that are not adjacent, or the same shard twice', async () => {
    const { client, createActive } = setup();
    await createActive('far', 3);
    await expectAwsError(client.send(new MergeShardsCommand({ StreamName: 'far', ShardToMerge: id(0), AdjacentShardToMerge: id(2) })), 'InvalidArgumentException',
      `Shards ${id(0)} and ${id(2)} in stream far under account 123456789012 are not an adjacent pair of shards eligible for merging`);
    await expectAwsError(client.send(new MergeShardsCommand({ StreamName: 'far', ShardToMerge: id(1), AdjacentShardToMerge: id(1) })), 'InvalidArgumentException');
  });
});

describe('UpdateShardCount', () => {
  const openOf = (shards: Shard[]) => shards.filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber)
    .sort((a, b) => (BigInt(a.HashKeyRange!.StartingHashKey!) < BigInt(b.HashKeyRange!.StartingHashKey!) ? -1 : 1));

  it.each([[4, 8], [4, 2], [5, 3], [3, 5], [6, 4]])('scales %i → %i shards: uniform ranges open, every old shard closed, lineage reaches each', async (from, to) => {
    const { sim, client, createActive } = setup();
    await createActive('scale', from);
    const out = await client.send(new UpdateShardCountCommand({ StreamName: 'scale', TargetShardCount: to, ScalingType: 'UNIFORM_SCALING' }));
    expect(out).toMatchObject({ StreamName: 'scale', CurrentShardCount: from, TargetShardCount: to });
    expect((await client.send(new DescribeStreamSummaryCommand({ StreamName: 'scale' }))).StreamDescriptionSummary?.StreamStatus).toBe('UPDATING');
    sim.clock.advance(sim.kinesis.updateStreamMs);
    const all = await listAll(client, 'scale');
    const open = openOf(all);
    expect(open.map((s) => [s.HashKeyRange!.StartingHashKey, s.HashKeyRange!.EndingHashKey]))
      .toEqual(uniformRanges(to).map((r) => [r.start.toString(), r.end.toString()]));
    for (let i = 0; i < from; i++) expect(all[i]!.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
    // Every new shard descends from exactly the old shards its range overlaps.
    const byId = new Map(all.map((s) => [s.ShardId!, s]));
    const ancestors = (sid: string): Set<string> => {
      const sh = byId.get(sid)!;
      const ps = [sh.ParentShardId, sh.AdjacentParentShardId].filter((p): p is string => !!p);
      return new Set(ps.length ? ps.flatMap((p) => [...ancestors(p)]) : [sid]);
    };
    const old = uniformRanges(from);
    for (const sh of open) {
      const lo = BigInt(sh.HashKeyRange!.StartingHashKey!), hi = BigInt(sh.HashKeyRange!.EndingHashKey!);
      const overlapping = old.map((r, i) => (r.start <= hi && lo <= r.end ? id(i) : undefined)).filter((x) => x !== undefined);
      expect([...ancestors(sh.ShardId!)].sort()).toEqual(overlapping.sort());
    }
  });

  it('answers AWS\'s limits: more than double, less than half, UPDATING, on-demand, 10 a day', async () => {
    const { sim, client, createActive } = setup();
    await createActive('lim', 4);
    await expectAwsError(client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 9, ScalingType: 'UNIFORM_SCALING' })), 'LimitExceededException',
      'UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 4 Target shard count: 9');
    await expectAwsError(client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 1, ScalingType: 'UNIFORM_SCALING' })), 'LimitExceededException',
      'UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 4 Target shard count: 1');
    await expectAwsError(client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 4, ScalingType: 'NOPE' as 'UNIFORM_SCALING' })), 'ValidationException', /UNIFORM_SCALING/);
    await client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' }));
    await expectAwsError(client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 6, ScalingType: 'UNIFORM_SCALING' })), 'ResourceInUseException');
    sim.clock.advance(sim.kinesis.updateStreamMs);
    for (let i = 0; i < 9; i++) {
      await client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: i % 2 ? 5 : 4, ScalingType: 'UNIFORM_SCALING' }));
      sim.clock.advance(sim.kinesis.updateStreamMs);
    }
    await expectAwsError(client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' })), 'LimitExceededException', /\(10\) in the last 24 hours/);
    sim.clock.advance(24 * 3600_000);
    await client.send(new UpdateShardCountCommand({ StreamName: 'lim', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }));
    await client.send(new CreateStreamCommand({ StreamName: 'od2', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    sim.clock.advance(sim.kinesis.createStreamMs);
    await expectAwsError(client.send(new UpdateShardCountCommand({ StreamName: 'od2', TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' })), 'ValidationException');
  });
});

describe('resharding, properties', () => {
  it('any sequence of splits and merges keeps the open shards tiling [0, 2^128 − 1]; no record goes to a closed shard; a KCL-style reader gets every record once, in per-key order', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.double({ min: 0.01, max: 0.99, noNaN: true })), { minLength: 1, maxLength: 6 }),
      async (ops) => {
        const { sim, client, createActive } = setup({ enforceLimits: false });
        await createActive('prop', 2);
        const sent: { key: string; data: string }[] = [];
        let n = 0;
        const putSome = async () => {
          const Records = Array.from({ length: 20 }, () => ({ PartitionKey: `k${n % 7}`, Data: bytes(String(n++)) }));
          const out = await client.send(new PutRecordsCommand({ StreamName: 'prop', Records }));
          expect(out.FailedRecordCount).toBe(0);
          const open = new Set((await listAll(client, 'prop')).filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber).map((s) => s.ShardId));
          for (const r of out.Records ?? []) expect(open.has(r.ShardId)).toBe(true);
          Records.forEach((r) => sent.push({ key: r.PartitionKey, data: text(r.Data) }));
        };
        await putSome();
        for (const [split, pick, at] of ops) {
          const open = (await listAll(client, 'prop')).filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber)
            .sort((x, y) => (BigInt(x.HashKeyRange!.StartingHashKey!) < BigInt(y.HashKeyRange!.StartingHashKey!) ? -1 : 1));
          const a = open[pick % open.length]!;
          const start = BigInt(a.HashKeyRange!.StartingHashKey!), end = BigInt(a.HashKeyRange!.EndingHashKey!);
          if (split && end - start > 4n) {
            const key = start + 2n + BigInt(Math.floor(Number(end - start - 3n) * at));
            await client.send(new SplitShardCommand({ StreamName: 'prop', ShardToSplit: a.ShardId, NewStartingHashKey: key.toString() }));
          } else {
            const b = open[(pick % open.length) + 1];
            if (!b) continue;
            await client.send(new MergeShardsCommand({ StreamName: 'prop', ShardToMerge: a.ShardId, AdjacentShardToMerge: b.ShardId }));
          }
          sim.clock.advance(sim.kinesis.updateStreamMs);
          await putSome();
          // The open shards tile the hash key space.
          const tiles = (await listAll(client, 'prop')).filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber)
            .map((s) => [BigInt(s.HashKeyRange!.StartingHashKey!), BigInt(s.HashKeyRange!.EndingHashKey!)] as const)
            .sort((x, y) => (x[0] < y[0] ? -1 : 1));
          expect(tiles[0]![0]).toBe(0n);
          expect(tiles.at(-1)![1]).toBe(HASH_KEY_MAX);
          for (let i = 1; i < tiles.length; i++) expect(tiles[i]![0]).toBe(tiles[i - 1]![1] + 1n);
        }
        // A KCL-style reader: a shard is read only after all its parents were read to their end.
        const all = await listAll(client, 'prop');
        const done = new Set<string>();
        const got: { key: string; data: string }[] = [];
        while (done.size < all.length) {
          const ready = all.filter((s) => !done.has(s.ShardId!) && [s.ParentShardId, s.AdjacentParentShardId].every((p) => !p || done.has(p)));
          expect(ready.length).toBeGreaterThan(0);
          for (const s of ready) {
            let it = (await client.send(new GetShardIteratorCommand({ StreamName: 'prop', ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
            while (it) {
              const page = await client.send(new GetRecordsCommand({ ShardIterator: it }));
              for (const r of page.Records ?? []) got.push({ key: r.PartitionKey!, data: text(r.Data) });
              if (!page.Records?.length && page.MillisBehindLatest === 0 && page.NextShardIterator) break; // an open shard, caught up
              it = page.NextShardIterator;
            }
            done.add(s.ShardId!);
          }
        }
        expect(got.map((r) => r.data).sort()).toEqual(sent.map((r) => r.data).sort());
        for (const key of new Set(sent.map((r) => r.key))) {
          expect(got.filter((r) => r.key === key).map((r) => r.data)).toEqual(sent.filter((r) => r.key === key).map((r) => r.data));
        }
      }), { numRuns: 25 });
  });
});
