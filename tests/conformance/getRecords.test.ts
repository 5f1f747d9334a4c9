import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand, type GetRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup, text } from './harness';

const SHARD0 = 'shardId-000000000000';

async function ready(shards = 1, options = {}) {
  const h = setup(options);
  await h.createActive('s', shards);
  const iterator = async (type: 'TRIM_HORIZON' | 'LATEST' = 'TRIM_HORIZON', ShardId = SHARD0) =>
    (await h.client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId, ShardIteratorType: type }))).ShardIterator!;
  return { ...h, iterator };
}

describe('GetRecords', () => {
  describe('validations', () => {
    it('rejects Limit 0 and above 10,000', async () => {
      const { client, iterator } = await ready();
      const ShardIterator = await iterator();
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator, Limit: 0 })), 'ValidationException', /at 'limit'/);
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator, Limit: 10_001 })), 'ValidationException', /less than or equal to 10000/);
    });
  });

  describe('errors', () => {
    it('answers InvalidArgumentException for a garbage iterator, without crashing', async () => {
      const { client } = await ready();
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator: 'garbage' })), 'InvalidArgumentException', 'Invalid ShardIterator.');
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator: 'AAAAAAAAAAEAAAAAAAAAAA==' })), 'InvalidArgumentException', 'Invalid ShardIterator.');
    });
    it('expires an iterator after 5 minutes of virtual time', async () => {
      const { client, sim, iterator } = await ready();
      const ShardIterator = await iterator();
      sim.clock.advance(300_000);
      await expect(client.send(new GetRecordsCommand({ ShardIterator }))).resolves.toBeDefined(); // exactly 5 min: still valid
      sim.clock.advance(1);
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator })), 'ExpiredIteratorException',
        /^Iterator expired\. The iterator was created at time \w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4} while right now it is .* which is further in the future than the tolerated delay of 300000 milliseconds\.$/);
    });
    it('answers ResourceNotFoundException once the stream is gone', async () => {
      const { client, sim, iterator } = await ready();
      const ShardIterator = await iterator();
      const { DeleteStreamCommand } = await import('@aws-sdk/client-kinesis');
      await client.send(new DeleteStreamCommand({ StreamName: 's' }));
      sim.clock.advance(sim.kinesis.deleteStreamMs);
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator })), 'ResourceNotFoundException');
    });
    it('throttles a sixth call within a second on one shard (5 calls/s shared by all readers)', async () => {
      const { client, sim, iterator } = await ready();
      const a = await iterator(), b = await iterator();
      for (let i = 0; i < 5; i++) await client.send(new GetRecordsCommand({ ShardIterator: i % 2 ? a : b }));
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator: a })), 'ProvisionedThroughputExceededException',
        `Rate exceeded for shard ${SHARD0} in stream s under account ${sim.accountId}.`);
      sim.clock.advance(200);
      await expect(client.send(new GetRecordsCommand({ ShardIterator: a }))).resolves.toBeDefined();
    });
    it('throttles reads above 2 MiB/s: a 10 MiB read blocks the next 5 s', async () => {
      const { client, sim, iterator } = await ready(1, { enforceLimits: true });
      const stream = sim.kinesis.streams.get('s')!;
      stream.shards[0]!.enforceLimits = false; // load 10 MiB fast, then read it with limits on
      for (let i = 0; i < 10; i++) {
        await client.send(new PutRecordsCommand({ StreamName: 's', Records: Array.from({ length: 4 }, (_, k) => ({ PartitionKey: `k${k}`, Data: new Uint8Array(256 * 1024) })) }));
      }
      stream.shards[0]!.enforceLimits = true;
      const it1 = await iterator();
      const r = await client.send(new GetRecordsCommand({ ShardIterator: it1 }));
      expect(r.Records?.length).toBe(40); // 10 MiB in one call
      sim.clock.advance(4900);
      await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator: r.NextShardIterator })), 'ProvisionedThroughputExceededException');
      sim.clock.advance(100);
      await expect(client.send(new GetRecordsCommand({ ShardIterator: r.NextShardIterator }))).resolves.toBeDefined();
    });
  });

  describe('functionality', () => {
    it('returns records in order with a fresh NextShardIterator, honours Limit, and iterators are reusable', async () => {
      const { client, iterator, sim } = await ready();
      for (let i = 0; i < 7; i++) await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: `k${i}`, Data: bytes(`v${i}`) }));
      const first = await iterator();
      const r1 = await client.send(new GetRecordsCommand({ ShardIterator: first, Limit: 3 }));
      expect(r1.Records?.map((r) => text(r.Data))).toEqual(['v0', 'v1', 'v2']);
      sim.clock.advance(200);
      const again = await client.send(new GetRecordsCommand({ ShardIterator: first, Limit: 3 }));
      expect(again.Records?.map((r) => r.SequenceNumber)).toEqual(r1.Records?.map((r) => r.SequenceNumber));
      sim.clock.advance(200);
      const r2 = await client.send(new GetRecordsCommand({ ShardIterator: r1.NextShardIterator }));
      expect(r2.Records?.map((r) => text(r.Data))).toEqual(['v3', 'v4', 'v5', 'v6']);
      expect(r2.MillisBehindLatest).toBe(0);
      sim.clock.advance(200);
      const r3 = await client.send(new GetRecordsCommand({ ShardIterator: r2.NextShardIterator }));
      expect(r3.Records).toEqual([]);
      expect(r3.NextShardIterator).toBeTruthy();
    });

    it('reports MillisBehindLatest while records remain', async () => {
      const { client, iterator, sim } = await ready();
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('old') }));
      sim.clock.advance(60_000);
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('new') }));
      const r = await client.send(new GetRecordsCommand({ ShardIterator: await iterator(), Limit: 1 }));
      expect(r.MillisBehindLatest).toBe(60_000);
    });

    it('keeps per-shard order for a partition key across many writes', async () => {
      const { client, iterator } = await ready(1, { enforceLimits: false });
      const n = 2000;
      for (let b = 0; b < n / 500; b++) {
        await client.send(new PutRecordsCommand({ StreamName: 's', Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: 'same', Data: bytes(String(b * 500 + i)) })) }));
      }
      const got: number[] = [];
      let it: string | undefined = await iterator();
      while (it && got.length < n) {
        const r: GetRecordsCommandOutput = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 700 }));
        got.push(...(r.Records ?? []).map((x) => Number(text(x.Data))));
        it = r.NextShardIterator;
      }
      expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
    });

    it('never returns records past retention (manual clock), and trims them from memory', async () => {
      const { client, iterator, sim } = await ready();
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('day1') }));
      sim.clock.advance(23 * 3_600_000);
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('day2') }));
      const before = await client.send(new GetRecordsCommand({ ShardIterator: await iterator() }));
      expect(before.Records?.map((r) => text(r.Data))).toEqual(['day1', 'day2']);
      sim.clock.advance(1 * 3_600_000 + 1); // day1 is now 24 h + 1 ms old
      const after = await client.send(new GetRecordsCommand({ ShardIterator: await iterator() }));
      expect(after.Records?.map((r) => text(r.Data))).toEqual(['day2']);
      expect(sim.kinesis.streams.get('s')!.shards[0]!.recordCount).toBe(1);
    });
  });
});
