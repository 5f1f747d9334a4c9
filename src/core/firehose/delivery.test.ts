import { describe, expect, it } from 'vitest';
import { createClock } from '../sim/clock';
import { createRandom } from '../sim/random';
import { S3Store } from '../s3/store';
import { encodeBase64 } from '../util/base64';
import { FirehoseEngine } from './engine';
import { Pipeline } from './delivery';
import type { LambdaRuntime } from './lambda';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

function engine(lambda?: LambdaRuntime) {
  const clock = createClock({ mode: 'manual' });
  const s3 = new S3Store({ now: () => clock.now() });
  expect(s3.createBucket('lake').ok).toBe(true);
  const settled: string[] = [];
  const e = new FirehoseEngine({
    clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(3), s3, ...(lambda ? { lambda } : {}),
    pipelineFactory: (eng, st) => new Pipeline(eng, st, (ids) => settled.push(...ids)),
  });
  return { clock, s3, e, settled };
}

describe('the delivery pipeline', () => {
  it('settles a record once it is in an object — not while it is buffered — so a durable host can forget it', async () => {
    const { clock, e, settled, s3 } = engine();
    await e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'd', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } } });
    clock.advance(e.createMs);
    const out = await e.dispatch('PutRecordBatch', { DeliveryStreamName: 'd', Records: [{ Data: b64('a') }, { Data: b64('b') }] });
    const ids = (out.ok ? (out.value as { RequestResponses: { RecordId: string }[] }).RequestResponses : []).map((r) => r.RecordId);
    clock.advance(59_000);
    await e.idle();
    expect(settled).toEqual([]);
    expect(e.pipelineStats('d')).toMatchObject({ records: 2, bytes: 2, sizeBytes: 1048576, intervalMs: 60_000 });
    clock.advance(1_000);
    await e.idle();
    expect(settled.sort()).toEqual(ids.sort());
    expect(e.pipelineStats('d')).toMatchObject({ records: 0 });
    // …and they are in the object, byte for byte.
    const list = s3.listObjects('lake', {});
    const keys = list.ok ? list.value.contents.map((o) => o.key) : [];
    expect(keys).toHaveLength(1);
    const obj = s3.getObject('lake', keys[0]!);
    expect(obj.ok && new TextDecoder().decode(obj.value.body)).toBe('ab');
  });

  it('settles dropped and failed records too, and a de-aggregated record only when all its parts are done', async () => {
    const lambda: LambdaRuntime = {
      invoke: async (_arn, event) => ({
        ok: true,
        payload: { records: (event as { records: { recordId: string; data: string }[] }).records.map((r, i) => ({ recordId: r.recordId, result: i === 0 ? 'Dropped' : 'Ok', data: r.data })) },
      }),
    };
    const { clock, e, settled } = engine(lambda);
    await e.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'd',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        ProcessingConfiguration: { Enabled: true, Processors: [
          { Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] },
          { Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: 'arn:aws:lambda:us-east-1:123456789012:function:f' }, { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' }] },
        ] },
      },
    });
    clock.advance(e.createMs);
    await e.dispatch('PutRecord', { DeliveryStreamName: 'd', Record: { Data: b64('{"a":1}{"a":2}') } });
    clock.advance(60_000); // Lambda buffer: the first part is dropped, the second goes on
    await e.idle();
    expect(settled).toEqual([]);
    clock.advance(60_000); // destination buffer: the second part is delivered
    await e.idle();
    expect(settled).toHaveLength(1);
  });
});

describe('source-record backup', () => {
  it('settles a record only once both its delivery and its backup copy are written', async () => {
    const { clock, e, settled, s3 } = engine();
    await e.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'd',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        S3BackupMode: 'Enabled', S3BackupConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', Prefix: 'source/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 300 } },
      },
    });
    clock.advance(e.createMs);
    await e.dispatch('PutRecord', { DeliveryStreamName: 'd', Record: { Data: b64('x') } });
    clock.advance(60_000);
    await e.idle();
    expect(settled).toEqual([]); // delivered, but its backup copy still waits (300 s)
    clock.advance(240_000);
    await e.idle();
    expect(settled).toHaveLength(1);
    const list = s3.listObjects('lake', { prefix: 'source/' });
    expect(list.ok && list.value.contents).toHaveLength(1);
  });
});
