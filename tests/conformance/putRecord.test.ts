import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup, text } from './harness';

describe('PutRecord', () => {
  describe('validations', () => {
    it('rejects a partition key over 256 characters and an empty one', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      const key = 'k'.repeat(257);
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: key, Data: bytes('x') })), 'ValidationException',
        `1 validation error detected: Value '${key}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`);
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: '', Data: bytes('x') })), 'ValidationException',
        /at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    });
    it('rejects a missing partition key', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', Data: bytes('x') } as never)), 'ValidationException',
        "1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null");
    });
    it('rejects data over 1 MiB', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: new Uint8Array(1048577) })), 'ValidationException',
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576");
    });
    it('rejects data + partition key over 1 MiB', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'key', Data: new Uint8Array(1048576) })), 'InvalidArgumentException', /exceeds the maximum record size of 1048576 bytes/);
    });
    it('rejects a malformed ExplicitHashKey and SequenceNumberForOrdering', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('x'), ExplicitHashKey: '-5' })), 'ValidationException', /at 'explicitHashKey'/);
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('x'), SequenceNumberForOrdering: 'x1' })), 'ValidationException', /at 'sequenceNumberForOrdering'/);
    });
  });

  describe('errors', () => {
    it('answers ResourceNotFoundException for an unknown stream', async () => {
      const { client, sim } = setup();
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 'nope', PartitionKey: 'k', Data: bytes('x') })), 'ResourceNotFoundException',
        `Stream nope under account ${sim.accountId} not found.`);
    });
    it('answers InvalidArgumentException for an ExplicitHashKey beyond 2^128 − 1', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      const big = (1n << 128n).toString();
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('x'), ExplicitHashKey: big })), 'InvalidArgumentException',
        `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${big}`);
    });
    it('answers InvalidArgumentException for a SequenceNumberForOrdering that is no sequence number', async () => {
      const { client, createActive, sim } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('x'), SequenceNumberForOrdering: '12345' })), 'InvalidArgumentException',
        `ExclusiveMinimumSequenceNumber 12345 used in PutRecord on stream s under account ${sim.accountId} is invalid.`);
    });
    it('answers DryRunOperationException after validating a DryRun call, and stores nothing', async () => {
      const { client, createActive, sim } = setup();
      await createActive('s');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('x'), DryRun: true })), 'DryRunOperationException');
      expect(sim.kinesis.streams.get('s')!.shards[0]!.recordCount).toBe(0);
    });
  });

  describe('functionality', () => {
    it('routes by MD5 of the partition key (spec vectors) and by ExplicitHashKey', async () => {
      const { client, createActive } = setup();
      await createActive('four', 4);
      const put = (PartitionKey: string, ExplicitHashKey?: string) =>
        client.send(new PutRecordCommand({ StreamName: 'four', PartitionKey, Data: bytes('x'), ...(ExplicitHashKey ? { ExplicitHashKey } : {}) }));
      expect((await put('a')).ShardId).toBe('shardId-000000000000');
      expect((await put('user-42')).ShardId).toBe('shardId-000000000001');
      expect((await put('0')).ShardId).toBe('shardId-000000000003');
      expect((await put('a', '255211775190703847597530955573826158592')).ShardId).toBe('shardId-000000000003');
      expect((await put('a', '255211775190703847597530955573826158591')).ShardId).toBe('shardId-000000000002');
    });
    it('returns 56-digit sequence numbers that increase, honouring SequenceNumberForOrdering', async () => {
      const { client, createActive, sim } = setup();
      await createActive('s');
      const a = await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('1') }));
      sim.clock.advance(1500);
      const b = await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('2'), SequenceNumberForOrdering: a.SequenceNumber }));
      expect(a.SequenceNumber).toMatch(/^\d{56}$/);
      expect(BigInt(b.SequenceNumber!) > BigInt(a.SequenceNumber!)).toBe(true);
      expect(b.EncryptionType).toBe('NONE');
    });
    it('stores the exact bytes, partition key and arrival time, readable by StreamARN too', async () => {
      const { client, createActive, sim, arn } = setup();
      await createActive('s');
      const data = new Uint8Array([0, 255, 1, 254, 10]);
      const t = sim.clock.now();
      await client.send(new PutRecordCommand({ StreamARN: arn('s'), PartitionKey: 'ünïcødé', Data: data }));
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
      const r = await client.send(new GetRecordsCommand({ ShardIterator }));
      expect(r.Records?.[0]?.Data).toEqual(data);
      expect(r.Records?.[0]?.PartitionKey).toBe('ünïcødé');
      expect(r.Records?.[0]?.ApproximateArrivalTimestamp?.getTime()).toBe(t);
      expect(text(r.Records?.[0]?.Data).length).toBeGreaterThan(0);
    });
  });
});
