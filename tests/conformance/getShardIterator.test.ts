import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { bytes, expectAwsError, setup, text } from './harness';

const SHARD0 = 'shardId-000000000000';

async function seeded(n = 5) {
  const h = setup();
  await h.createActive('s', 1);
  const seqs: string[] = [];
  const start = h.sim.clock.now(); // record i arrives at start + i seconds
  for (let i = 0; i < n; i++) {
    seqs.push((await h.client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes(`r${i}`) }))).SequenceNumber!);
    h.sim.clock.advance(1000);
  }
  const read = async (it: Omit<ConstructorParameters<typeof GetShardIteratorCommand>[0], 'StreamName' | 'ShardId'>) => {
    const { ShardIterator } = await h.client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ...it }));
    const r = await h.client.send(new GetRecordsCommand({ ShardIterator }));
    h.sim.clock.advance(200); // stay inside the shard's 5 GetRecords calls per second
    return (r.Records ?? []).map((x) => text(x.Data));
  };
  return { ...h, seqs, read, start };
}

describe('GetShardIterator', () => {
  describe('validations', () => {
    it('rejects an unknown iterator type and a malformed sequence number', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'OLDEST' as never })), 'ValidationException',
        /at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: \[/);
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: 'abc' })),
        'ValidationException', /at 'startingSequenceNumber'/);
    });
  });

  describe('errors', () => {
    it('answers ResourceNotFoundException for an unknown shard', async () => {
      const { client, sim, createActive } = setup();
      await createActive('s', 1);
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: 'shardId-000000000009', ShardIteratorType: 'LATEST' })),
        'ResourceNotFoundException', `Shard shardId-000000000009 in stream s under account ${sim.accountId} does not exist`);
    });
    it('needs a sequence number exactly with AT_/AFTER_SEQUENCE_NUMBER', async () => {
      const { client, seqs } = await seeded(1);
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER' })),
        'InvalidArgumentException', /Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber\.$/);
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'LATEST', StartingSequenceNumber: seqs[0] })),
        'InvalidArgumentException', /Request specified LATEST and also a StartingSequenceNumber\.$/);
    });
    it('rejects a sequence number of another shard or not from this stream', async () => {
      const { client, sim, createActive } = setup();
      await createActive('two', 2);
      const put = await client.send(new PutRecordCommand({ StreamName: 'two', PartitionKey: '0', Data: bytes('x') })); // shard 1
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 'two', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber })),
        'InvalidArgumentException', `Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with ${SHARD0}`);
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 'two', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '12345' })),
        'InvalidArgumentException', `StartingSequenceNumber 12345 used in GetShardIterator on shard ${SHARD0} in stream two under account ${sim.accountId} is invalid.`);
    });
    it('rejects an AT_TIMESTAMP in the future', async () => {
      const { client, sim } = await seeded(1);
      await expectAwsError(client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(sim.clock.now() + 60_000) })),
        'InvalidArgumentException', /The timestampInMillis parameter cannot be greater than the currentTimestampInMillis/);
    });
    it('allows 5 GetShardIterator calls per second per shard', async () => {
      const { client, sim, createActive } = setup();
      await createActive('s', 1);
      const call = () => client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'LATEST' }));
      for (let i = 0; i < 5; i++) await call();
      await expectAwsError(call(), 'ProvisionedThroughputExceededException', `Rate exceeded for shard ${SHARD0} in stream s under account ${sim.accountId}.`);
      sim.clock.advance(200);
      await expect(call()).resolves.toHaveProperty('ShardIterator');
    });
  });

  describe('functionality', () => {
    it('positions TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP', async () => {
      const { read, seqs, sim, client, start } = await seeded(5);
      expect(await read({ ShardIteratorType: 'TRIM_HORIZON' })).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
      expect(await read({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seqs[2] })).toEqual(['r2', 'r3', 'r4']);
      sim.clock.advance(1000);
      expect(await read({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: seqs[2] })).toEqual(['r3', 'r4']);
      expect(await read({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(start + 3000) })).toEqual(['r3', 'r4']);
      sim.clock.advance(1000);
      expect(await read({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(0) })).toHaveLength(5); // before the horizon: from the start
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'LATEST' }));
      await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: bytes('new') }));
      const r = await client.send(new GetRecordsCommand({ ShardIterator }));
      expect(r.Records?.map((x) => text(x.Data))).toEqual(['new']);
    });
    it("accepts the shard's StartingSequenceNumber", async () => {
      const { client, read } = await seeded(2);
      const { ListShardsCommand } = await import('@aws-sdk/client-kinesis');
      const { Shards } = await client.send(new ListShardsCommand({ StreamName: 's' }));
      expect(await read({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: Shards?.[0]?.SequenceNumberRange?.StartingSequenceNumber })).toEqual(['r0', 'r1']);
    });
  });
});
