import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { createJsonRouter } from '../../src/api/awsJson';
import { createRequestHandler } from '../../src/api/requestHandler';
import { KinesisEngine } from '../../src/core/kinesis/engine';
import { ShardUnavailableError } from '../../src/core/kinesis/errors';
import { ShardCore } from '../../src/core/kinesis/shard/shardCore';
import { createClock } from '../../src/core/sim/clock';
import { bytes, expectAwsError } from './harness';

/** An engine whose shard 1 is "down" (its worker died) while `down` is true. */
async function withFlakyShard() {
  const clock = createClock({ mode: 'manual' });
  const state = { down: false };
  const engine = new KinesisEngine({
    clock,
    shardFactory: (meta, enforce) => {
      const core = new ShardCore(meta, enforce);
      if (meta.index !== 1) return core;
      const guard = <T>(f: () => T): T => { if (state.down) throw new ShardUnavailableError('worker died'); return f(); };
      return Object.assign(Object.create(core) as ShardCore, {
        put: (...a: Parameters<ShardCore['put']>) => guard(() => core.put(...a)),
        read: (...a: Parameters<ShardCore['read']>) => guard(() => core.read(...a)),
      });
    },
  });
  const client = new KinesisClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: createRequestHandler(createJsonRouter([engine])), maxAttempts: 1 });
  await engine.dispatch('CreateStream', { StreamName: 's', ShardCount: 2 });
  clock.advance(engine.createStreamMs);
  return { client, state };
}

describe('a shard that cannot answer (its worker died)', () => {
  it('fails PutRecords entries of that shard with InternalFailure; the other shard succeeds', async () => {
    const { client, state } = await withFlakyShard();
    state.down = true;
    const r = await client.send(new PutRecordsCommand({ StreamName: 's', Records: [
      { PartitionKey: 'a', Data: bytes('lower half') }, { PartitionKey: '0', Data: bytes('upper half') },
    ] }));
    expect(r.FailedRecordCount).toBe(1);
    expect(r.Records?.[0]?.ShardId).toBe('shardId-000000000000');
    expect(r.Records?.[1]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' });
  });

  it('answers PutRecord and GetRecords with a retriable InternalFailure (HTTP 500), then recovers', async () => {
    const { client, state } = await withFlakyShard();
    const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 's', ShardId: 'shardId-000000000001', ShardIteratorType: 'TRIM_HORIZON' }));
    state.down = true;
    const e = await expectAwsError(client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: '0', Data: bytes('x') })), 'InternalFailure', 'Internal service failure.');
    expect(e.$metadata.httpStatusCode).toBe(500);
    expect(e.$fault).toBe('server');
    await expectAwsError(client.send(new GetRecordsCommand({ ShardIterator })), 'InternalFailure');
    state.down = false;
    await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: '0', Data: bytes('x') }));
    expect((await client.send(new GetRecordsCommand({ ShardIterator }))).Records).toHaveLength(1);
  });
});
