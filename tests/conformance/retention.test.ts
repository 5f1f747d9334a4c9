import { DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, IncreaseStreamRetentionPeriodCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup, text } from './harness';

const H = 3_600_000;

describe('IncreaseStreamRetentionPeriod / DecreaseStreamRetentionPeriod', () => {
  describe('validations', () => {
    it('needs RetentionPeriodHours', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 's' } as never)), 'ValidationException', /Value null at 'retentionPeriodHours'/);
    });
  });
  describe('errors', () => {
    it('keeps retention within 24–8760 hours', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await expectAwsError(client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 23 })), 'InvalidArgumentException',
        'Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.');
      await expectAwsError(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 8761 })), 'InvalidArgumentException',
        'Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.');
    });
    it('refuses an increase that shortens and a decrease that lengthens', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 48 }));
      await expectAwsError(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 30 })), 'InvalidArgumentException',
        'Requested retention period (30 hours) for stream s can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.');
      await expectAwsError(client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 72 })), 'InvalidArgumentException',
        /can not be longer than existing retention period \(48 hours\)/);
    });
    it('answers ResourceInUseException while the stream is CREATING', async () => {
      const { client } = setup();
      const { CreateStreamCommand } = await import('@aws-sdk/client-kinesis');
      await client.send(new CreateStreamCommand({ StreamName: 'y', ShardCount: 1 }));
      await expectAwsError(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'y', RetentionPeriodHours: 48 })), 'ResourceInUseException',
        /not ACTIVE, instead in state CREATING/);
    });
  });
  describe('functionality', () => {
    it('a longer retention keeps records longer; a shorter one trims at once; trimmed data does not come back', async () => {
      const { client, createActive, sim } = setup();
      await createActive('s');
      await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 72 }));
      expect((await client.send(new DescribeStreamSummaryCommand({ StreamName: 's' }))).StreamDescriptionSummary?.RetentionPeriodHours).toBe(72);
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('old') }));
      sim.clock.advance(30 * H);
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('new') }));
      const readAll = async () => {
        const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
        sim.clock.advance(200); // stay inside the shard's 5 reads per second
        return ((await client.send(new GetRecordsCommand({ ShardIterator }))).Records ?? []).map((r) => text(r.Data));
      };
      expect(await readAll()).toEqual(['old', 'new']); // 30 h old, kept under 72 h retention
      await client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 24 }));
      expect(await readAll()).toEqual(['new']);
      await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 's', RetentionPeriodHours: 100 }));
      expect(await readAll()).toEqual(['new']);
    });
  });
});
