import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamSummaryCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup } from './harness';

describe('DeleteStream', () => {
  describe('validations', () => {
    it('rejects a bad stream name', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new DeleteStreamCommand({ StreamName: '' })), 'ValidationException', /at 'streamName'/);
    });
  });
  describe('errors', () => {
    it('answers ResourceNotFoundException for an unknown stream', async () => {
      const { client, sim } = setup();
      await expectAwsError(client.send(new DeleteStreamCommand({ StreamName: 'nope' })), 'ResourceNotFoundException',
        `Stream nope under account ${sim.accountId} not found.`);
    });
    it('refuses to delete a stream still CREATING', async () => {
      const { client } = setup();
      await client.send(new CreateStreamCommand({ StreamName: 'young', ShardCount: 1 }));
      await expectAwsError(client.send(new DeleteStreamCommand({ StreamName: 'young' })), 'ResourceInUseException', /not ACTIVE, instead in state CREATING/);
    });
  });
  describe('functionality', () => {
    it('goes DELETING, refuses data, then disappears and frees the name (by ARN too)', async () => {
      const { client, sim, createActive, arn } = setup();
      await createActive('gone', 1);
      await client.send(new DeleteStreamCommand({ StreamARN: arn('gone') }));
      const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'gone' }));
      expect(d.StreamDescriptionSummary?.StreamStatus).toBe('DELETING');
      await expectAwsError(client.send(new PutRecordCommand({ StreamName: 'gone', PartitionKey: 'k', Data: bytes('x') })), 'ResourceNotFoundException');
      sim.clock.advance(sim.kinesis.deleteStreamMs);
      await expectAwsError(client.send(new DescribeStreamSummaryCommand({ StreamName: 'gone' })), 'ResourceNotFoundException');
      await createActive('gone', 2);
      const again = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'gone' }));
      expect(again.StreamDescriptionSummary?.OpenShardCount).toBe(2);
    });
  });
});
