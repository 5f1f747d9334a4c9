import { DescribeLimitsCommand, DescribeStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { expectAwsError, setup } from './harness';

describe('DescribeStream', () => {
  describe('validations', () => {
    it('rejects Limit 0 and a bad ExclusiveStartShardId', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new DescribeStreamCommand({ StreamName: 's', Limit: 0 })), 'ValidationException', /at 'limit'/);
      await expectAwsError(client.send(new DescribeStreamCommand({ StreamName: 's', ExclusiveStartShardId: 'bad id' })), 'ValidationException', /at 'exclusiveStartShardId'/);
    });
  });
  describe('errors', () => {
    it('answers ResourceNotFoundException for an unknown stream, by name or ARN', async () => {
      const { client, arn } = setup();
      await expectAwsError(client.send(new DescribeStreamCommand({ StreamName: 'nope' })), 'ResourceNotFoundException');
      await expectAwsError(client.send(new DescribeStreamSummaryCommand({ StreamARN: arn('nope') })), 'ResourceNotFoundException');
    });
    it('answers InvalidArgumentException when neither StreamName nor StreamARN is given', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new DescribeStreamSummaryCommand({})), 'InvalidArgumentException');
    });
  });
  describe('functionality', () => {
    it('pages shards with Limit / ExclusiveStartShardId and HasMoreShards', async () => {
      const { client, createActive } = setup();
      await createActive('paged', 5);
      const p1 = await client.send(new DescribeStreamCommand({ StreamName: 'paged', Limit: 3 }));
      expect(p1.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
      expect(p1.StreamDescription?.HasMoreShards).toBe(true);
      const p2 = await client.send(new DescribeStreamCommand({ StreamName: 'paged', ExclusiveStartShardId: 'shardId-000000000002' }));
      expect(p2.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000003', 'shardId-000000000004']);
      expect(p2.StreamDescription?.HasMoreShards).toBe(false);
      expect(p2.StreamDescription).toMatchObject({ StreamStatus: 'ACTIVE', RetentionPeriodHours: 24, EncryptionType: 'NONE' });
    });
  });
});

describe('DescribeLimits', () => {
  it('reports the shard quota and the open shards in the account', async () => {
    const { client, createActive } = setup();
    await createActive('a', 3);
    await createActive('b', 2);
    const l = await client.send(new DescribeLimitsCommand({}));
    expect(l).toMatchObject({ ShardLimit: 20000, OpenShardCount: 5, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });
  });
});
