import { PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup } from './harness';

const entries = (n: number, size = 10, key = (i: number) => `k${i}`): PutRecordsRequestEntry[] =>
  Array.from({ length: n }, (_, i) => ({ PartitionKey: key(i), Data: new Uint8Array(size) }));

describe('PutRecords', () => {
  describe('validations', () => {
    it('rejects 501 records and an empty list', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(501) })), 'ValidationException',
        /at 'records' failed to satisfy constraint: Member must have length less than or equal to 500/);
      await expectAwsError(client.send(new PutRecordsCommand({ StreamName: 's', Records: [] })), 'ValidationException',
        /at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    });
    it('names the entry at fault', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      const recs = entries(3);
      recs[1] = { PartitionKey: 'x'.repeat(257), Data: bytes('x') };
      await expectAwsError(client.send(new PutRecordsCommand({ StreamName: 's', Records: recs })), 'ValidationException', /at 'records.2.member.partitionKey'/);
    });
    it('rejects a request over 5 MiB in all', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(6, 1024 * 1024 - 10) })), 'InvalidArgumentException', /5 MB/);
    });
  });

  describe('errors', () => {
    it('answers ResourceNotFoundException for an unknown stream', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new PutRecordsCommand({ StreamName: 'nope', Records: entries(1) })), 'ResourceNotFoundException');
    });
  });

  describe('functionality', () => {
    it('answers each entry in request order with its shard and sequence number', async () => {
      const { client, createActive } = setup();
      await createActive('four', 4);
      const r = await client.send(new PutRecordsCommand({ StreamName: 'four', Records: [
        { PartitionKey: 'a', Data: bytes('1') }, { PartitionKey: '0', Data: bytes('2') }, { PartitionKey: 'user-42', Data: bytes('3') },
      ] }));
      expect(r.FailedRecordCount).toBe(0);
      expect(r.Records?.map((x) => x.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000003', 'shardId-000000000001']);
      for (const x of r.Records ?? []) expect(x.SequenceNumber).toMatch(/^\d{56}$/);
    });

    it('throttles at 1,000 records/s per shard, each entry on its own, and not below', async () => {
      const { client, createActive, sim } = setup();
      await createActive('s', 1);
      const a = await client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(500) }));
      const b = await client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(500) }));
      expect(a.FailedRecordCount).toBe(0);
      expect(b.FailedRecordCount).toBe(0); // exactly 1,000 in the same instant: all accepted
      const c = await client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(3) }));
      expect(c.FailedRecordCount).toBe(3);
      expect(c.Records?.[0]).toEqual({
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream s under account ${sim.accountId}.`,
      });
      sim.clock.advance(1000); // a second later the full budget is back, and sustained 1,000/s passes
      for (let i = 0; i < 3; i++) {
        const d = await client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(500) }));
        const e = await client.send(new PutRecordsCommand({ StreamName: 's', Records: entries(500) }));
        expect((d.FailedRecordCount ?? 0) + (e.FailedRecordCount ?? 0)).toBe(0);
        sim.clock.advance(1000);
      }
    });

    it('throttles at 1 MiB/s per shard (data + partition key), and not below', async () => {
      const { client, createActive, sim } = setup();
      await createActive('s', 1);
      // 4 records of exactly 256 KiB including the 2-byte key fill 1 MiB exactly.
      const rec = (i: number): PutRecordsRequestEntry => ({ PartitionKey: `k${i}`, Data: new Uint8Array(256 * 1024 - 2) });
      const a = await client.send(new PutRecordsCommand({ StreamName: 's', Records: [0, 1, 2, 3].map(rec) }));
      expect(a.FailedRecordCount).toBe(0);
      const b = await client.send(new PutRecordsCommand({ StreamName: 's', Records: [4].map(rec) }));
      expect(b.FailedRecordCount).toBe(1);
      sim.clock.advance(250); // a quarter second refills 256 KiB
      const c = await client.send(new PutRecordsCommand({ StreamName: 's', Records: [5].map(rec) }));
      expect(c.FailedRecordCount).toBe(0);
    });

    it('fails only the entries of the hot shard; the others succeed', async () => {
      const { client, createActive } = setup();
      await createActive('four', 4);
      // Fill shard 0 ('a' routes there) to its 1,000 records/s.
      await client.send(new PutRecordsCommand({ StreamName: 'four', Records: entries(500, 10, () => 'a') }));
      await client.send(new PutRecordsCommand({ StreamName: 'four', Records: entries(500, 10, () => 'a') }));
      const mixed = await client.send(new PutRecordsCommand({ StreamName: 'four', Records: [
        { PartitionKey: 'a', Data: bytes('hot') }, { PartitionKey: '0', Data: bytes('cold') }, { PartitionKey: 'a', Data: bytes('hot') },
      ] }));
      expect(mixed.FailedRecordCount).toBe(2);
      expect(mixed.Records?.map((r) => r.ErrorCode ?? r.ShardId)).toEqual([
        'ProvisionedThroughputExceededException', 'shardId-000000000003', 'ProvisionedThroughputExceededException',
      ]);
    });

    it('lets a stream run without limits when the simulation says so', async () => {
      const { client, createActive } = setup({ enforceLimits: false });
      await createActive('free', 1);
      let failed = 0;
      for (let i = 0; i < 6; i++) failed += (await client.send(new PutRecordsCommand({ StreamName: 'free', Records: entries(500) }))).FailedRecordCount ?? 0;
      expect(failed).toBe(0);
    });
  });
});
