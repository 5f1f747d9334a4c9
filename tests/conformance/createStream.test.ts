import { CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup } from './harness';

describe('CreateStream', () => {
  describe('validations', () => {
    it('rejects a stream name outside [a-zA-Z0-9_.-]+ with the model-constraint message', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 1 })), 'ValidationException',
        "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    });
    it('rejects a name over 128 characters and ShardCount 0', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 'a'.repeat(129), ShardCount: 1 })), 'ValidationException',
        /at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128/);
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 's', ShardCount: 0 })), 'ValidationException',
        /Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1/);
    });
    it('requires ShardCount for a PROVISIONED stream', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 's' })), 'InvalidArgumentException', /ShardCount/);
    });
  });

  describe('errors', () => {
    it('answers ResourceInUseException for a name that exists', async () => {
      const { client, sim } = setup();
      await client.send(new CreateStreamCommand({ StreamName: 'dup', ShardCount: 1 }));
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 'dup', ShardCount: 1 })), 'ResourceInUseException',
        `Stream dup under account ${sim.accountId} already exists.`);
    });
    it('allows at most 5 streams CREATING at once', async () => {
      const { client } = setup();
      for (let i = 0; i < 5; i++) await client.send(new CreateStreamCommand({ StreamName: `s${i}`, ShardCount: 1 }));
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 's5', ShardCount: 1 })), 'LimitExceededException');
    });
    it('enforces the account shard limit', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new CreateStreamCommand({ StreamName: 'huge', ShardCount: 20_001 })), 'LimitExceededException',
        /exceed the shard limit .* Current limit of shards is 20000/);
    });
  });

  describe('functionality', () => {
    it('is CREATING, then ACTIVE after the virtual delay; writes are refused while CREATING', async () => {
      const { client, sim } = setup();
      await client.send(new CreateStreamCommand({ StreamName: 'life', ShardCount: 2, Tags: { team: 'data' } }));
      const before = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'life' }));
      expect(before.StreamDescriptionSummary?.StreamStatus).toBe('CREATING');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 'life', PartitionKey: 'k', Data: bytes('x') })), 'ResourceNotFoundException');
      sim.clock.advance(sim.kinesis.createStreamMs);
      const after = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'life' }));
      expect(after.StreamDescriptionSummary).toMatchObject({
        StreamStatus: 'ACTIVE', OpenShardCount: 2, RetentionPeriodHours: 24,
        StreamARN: `arn:aws:kinesis:us-east-1:${sim.accountId}:stream/life`, StreamModeDetails: { StreamMode: 'PROVISIONED' },
      });
      expect(after.StreamDescriptionSummary?.StreamCreationTimestamp).toBeInstanceOf(Date);
    });
    it('lays 4 shards over the hash space as AWS does', async () => {
      const { client, createActive } = setup();
      await createActive('four', 4);
      const { Shards } = await client.send(new ListShardsCommand({ StreamName: 'four' }));
      expect(Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003']);
      expect(Shards?.map((s) => s.HashKeyRange?.EndingHashKey?.slice(-6))).toEqual(['052863', '105727', '158591', '211455']);
      for (const s of Shards ?? []) expect(s.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{56}$/);
    });
    it('creates an ON_DEMAND stream with its initial 4 shards', async () => {
      const { client, sim } = setup();
      await client.send(new CreateStreamCommand({ StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      sim.clock.advance(sim.kinesis.createStreamMs);
      const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'od' }));
      expect(d.StreamDescriptionSummary).toMatchObject({ OpenShardCount: 4, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    });
  });
});
