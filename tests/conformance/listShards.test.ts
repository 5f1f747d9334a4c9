import { CreateStreamCommand, ListShardsCommand, type ShardFilter } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { expectAwsError, setup } from './harness';

describe('ListShards', () => {
  describe('validations', () => {
    it('rejects MaxResults 0 and an unknown filter type', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 's', MaxResults: 0 })), 'ValidationException', /at 'maxResults'/);
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 's', ShardFilter: { Type: 'SIDEWAYS' as never } })), 'ValidationException',
        /at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set/);
    });
  });
  describe('errors', () => {
    it('needs exactly one of NextToken and StreamName', async () => {
      const { client, createActive } = setup();
      await createActive('s', 3);
      await expectAwsError(client.send(new ListShardsCommand({})), 'InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
      const p = await client.send(new ListShardsCommand({ StreamName: 's', MaxResults: 1 }));
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 's', NextToken: p.NextToken })), 'InvalidArgumentException',
        'NextToken and StreamName cannot be provided together.');
    });
    it('expires NextTokens after 300 s', async () => {
      const { client, sim, createActive } = setup();
      await createActive('s', 3);
      const p = await client.send(new ListShardsCommand({ StreamName: 's', MaxResults: 1 }));
      sim.clock.advance(300_001);
      await expectAwsError(client.send(new ListShardsCommand({ NextToken: p.NextToken })), 'ExpiredNextTokenException');
    });
    it('answers ResourceInUseException while the stream is CREATING and ResourceNotFound for none', async () => {
      const { client } = setup();
      await client.send(new CreateStreamCommand({ StreamName: 'young', ShardCount: 1 }));
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 'young' })), 'ResourceInUseException');
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 'none' })), 'ResourceNotFoundException');
    });
    it('needs ShardId with AFTER_SHARD_ID and Timestamp with AT_TIMESTAMP', async () => {
      const { client, createActive } = setup();
      await createActive('s', 2);
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 's', ShardFilter: { Type: 'AFTER_SHARD_ID' } })), 'InvalidArgumentException');
      await expectAwsError(client.send(new ListShardsCommand({ StreamName: 's', ShardFilter: { Type: 'AT_TIMESTAMP' } })), 'InvalidArgumentException');
    });
  });
  describe('functionality', () => {
    it('pages with MaxResults and NextToken, and honours ExclusiveStartShardId', async () => {
      const { client, createActive } = setup();
      await createActive('s', 5);
      const p1 = await client.send(new ListShardsCommand({ StreamName: 's', MaxResults: 2 }));
      expect(p1.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
      const p2 = await client.send(new ListShardsCommand({ NextToken: p1.NextToken, MaxResults: 2 }));
      expect(p2.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000002', 'shardId-000000000003']);
      const p3 = await client.send(new ListShardsCommand({ NextToken: p2.NextToken }));
      expect(p3.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000004']);
      expect(p3.NextToken).toBeUndefined();
      const after = await client.send(new ListShardsCommand({ StreamName: 's', ExclusiveStartShardId: 'shardId-000000000003' }));
      expect(after.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000004']);
    });
    it('applies ShardFilter types to open shards', async () => {
      const { client, sim, createActive } = setup();
      await createActive('s', 3);
      const ids = async (f: ShardFilter) =>
        (await client.send(new ListShardsCommand({ StreamName: 's', ShardFilter: f }))).Shards?.map((s) => s.ShardId);
      expect(await ids({ Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000000' })).toEqual(['shardId-000000000001', 'shardId-000000000002']);
      expect(await ids({ Type: 'AT_LATEST' })).toHaveLength(3);
      expect(await ids({ Type: 'AT_TRIM_HORIZON' })).toHaveLength(3);
      expect(await ids({ Type: 'FROM_TRIM_HORIZON' })).toHaveLength(3);
      expect(await ids({ Type: 'AT_TIMESTAMP', Timestamp: new Date(sim.clock.now()) })).toHaveLength(3);
      expect(await ids({ Type: 'FROM_TIMESTAMP', Timestamp: new Date(sim.clock.now() - 1000) })).toHaveLength(3);
    });
  });
});
