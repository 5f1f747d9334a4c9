/**
 * Amazon Data Firehose through the real `@aws-sdk/client-firehose`, delivering into the simulated
 * S3 read back with the real `@aws-sdk/client-s3`: the control plane, Direct PUT, buffering
 * (size first, interval first), object keys and prefixes, compression, Lambda transforms and the
 * error output, UpdateDestination, a Kinesis data stream as the source, and failure handling.
 */
import {
  CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, FirehoseServiceException,
  ListDeliveryStreamsCommand, ListTagsForDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand, TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand, UpdateDestinationCommand, type CreateDeliveryStreamCommandInput, type ExtendedS3DestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/index.js';
import { snapshotDeliveryStreams } from '../../src/core/firehose/snapshot.js';
import { expectAwsError } from './harness.js';

const ROLE = 'arn:aws:iam::123456789012:role/firehose';
const creds = { accessKeyId: 'x', secretAccessKey: 'x' };
const enc = (s: string) => new TextEncoder().encode(s);

function setup(region = 'us-east-1') {
  const sim = createSimulation({ clock: 'manual', region });
  const firehose = new FirehoseClient({ region, credentials: creds, requestHandler: sim.requestHandler, maxAttempts: 1 });
  const s3 = new S3Client({ region, credentials: creds, requestHandler: sim.requestHandler, forcePathStyle: true, maxAttempts: 1 });
  const kinesis = new KinesisClient({ region, credentials: creds, requestHandler: sim.requestHandler, maxAttempts: 1 });
  /** Moves virtual time on and waits for the deliveries it started. */
  const advance = async (ms: number) => {
    sim.clock.advance(ms);
    await sim.firehose.idle();
  };
  const create = async (name: string, dest: Partial<ExtendedS3DestinationConfiguration> = {}, extra: Partial<CreateDeliveryStreamCommandInput> = {}) => {
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', ...dest },
      ...extra,
    }));
    await advance(sim.firehose.createMs);
  };
  const objects = async (Prefix = '') => ((await s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix }))).Contents ?? []).map((o) => o.Key!);
  const read = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'lake', Key }))).Body!.transformToByteArray();
  return { sim, firehose, s3, kinesis, advance, create, objects, read, bucket: () => s3.send(new CreateBucketCommand({ Bucket: 'lake' })) };
}

/** AWS's error through the Firehose client (the shared harness check). */
const awsError = (p: Promise<unknown>, name: string, message?: string | RegExp) => expectAwsError(p, name, message, FirehoseServiceException);

const put = (f: FirehoseClient, name: string, texts: string[]) =>
  f.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: enc(t) })) }));

describe('Firehose control plane', () => {
  it('creates a Direct PUT stream (CREATING → ACTIVE) and describes it with AWS\'s defaults', async () => {
    const { sim, firehose } = setup();
    const out = await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'clicks', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' },
    }));
    expect(out.DeliveryStreamARN).toBe('arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks');
    const d1 = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clicks' }))).DeliveryStreamDescription!;
    expect(d1.DeliveryStreamStatus).toBe('CREATING');
    sim.clock.advance(sim.firehose.createMs);
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clicks' }))).DeliveryStreamDescription!;
    expect(d).toMatchObject({ DeliveryStreamStatus: 'ACTIVE', DeliveryStreamType: 'DirectPut', VersionId: '1', HasMoreDestinations: false });
    expect(d.CreateTimestamp).toBeInstanceOf(Date);
    const dest = d.Destinations![0]!;
    expect(dest.DestinationId).toBe('destinationId-000000000001');
    expect(dest.ExtendedS3DestinationDescription).toMatchObject({
      BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: 'UNCOMPRESSED',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' }, S3BackupMode: 'Disabled', CloudWatchLoggingOptions: { Enabled: false },
    });
    expect(dest.S3DestinationDescription?.BucketARN).toBe('arn:aws:s3:::lake');
  });

  it('lists with paging and type filter; deletes (DELETING → gone)', async () => {
    const { firehose, create, advance, sim } = setup();
    for (const n of ['c', 'a', 'b']) await create(n);
    const p1 = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 2 }));
    expect(p1).toMatchObject({ DeliveryStreamNames: ['a', 'b'], HasMoreDeliveryStreams: true });
    const p2 = await firehose.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName: 'b' }));
    expect(p2).toMatchObject({ DeliveryStreamNames: ['c'], HasMoreDeliveryStreams: false });
    expect((await firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }))).DeliveryStreamNames).toEqual([]);
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'a' }));
    expect((await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'a' }))).DeliveryStreamDescription?.DeliveryStreamStatus).toBe('DELETING');
    await advance(sim.firehose.deleteMs);
    await awsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'a' })), 'ResourceNotFoundException', 'Firehose a under account 123456789012 not found.');
  });

  it('answers AWS\'s errors: a taken name, a bad name, no or two destinations, bad hints and prefixes, unknown streams', async () => {
    const { firehose, create } = setup();
    await create('x');
    await awsError(create('x'), 'ResourceInUseException', /already exists/);
    await awsError(firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad name', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' } })),
      'ValidationException', "1 validation error detected: Value 'bad name' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._-]+");
    await awsError(firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'none' })), 'InvalidArgumentException');
    // A JDBC URL that is not a Redshift endpoint fails AWS's pattern.
    await awsError(firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'rs', RedshiftDestinationConfiguration: { RoleARN: ROLE, ClusterJDBCURL: 'jdbc:redshift://h:5439/d', CopyCommand: { DataTableName: 't' }, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' } },
    })), 'ValidationException', /at 'redshiftDestinationConfiguration.clusterJDBCURL' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    // A destination Shardlab does not simulate is refused by name.
    await awsError(firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'sf', SnowflakeDestinationConfiguration: { AccountUrl: 'https://x.snowflakecomputing.com', Database: 'd', Schema: 's', Table: 't', RoleARN: ROLE, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' } },
    })), 'InvalidArgumentException', /Snowflake/);
    await awsError(create('h', { BufferingHints: { SizeInMBs: 129, IntervalInSeconds: 60 } }), 'ValidationException', /less than or equal to 128/);
    await awsError(create('h2', { BufferingHints: { SizeInMBs: 10 } }), 'InvalidArgumentException', /both/);
    await awsError(create('p', { Prefix: 'data/!{timestamp:yyyy}/' }), 'InvalidArgumentException', /ErrorOutputPrefix cannot be null or empty/);
    await awsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nope' })), 'ResourceNotFoundException');
    await awsError(put(firehose, 'nope', ['a']), 'ResourceNotFoundException');
  });

  it('tags: add, list in order with paging, remove', async () => {
    const { firehose, create } = setup();
    await create('t', {}, { Tags: [{ Key: 'team', Value: 'data' }] });
    await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 't', Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'app', Value: 'x' }] }));
    const l = await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 't', Limit: 2 }));
    expect(l).toMatchObject({ Tags: [{ Key: 'app', Value: 'x' }, { Key: 'env', Value: 'dev' }], HasMoreTags: true });
    await firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 't', TagKeys: ['app', 'env'] }));
    expect((await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 't' }))).Tags).toEqual([{ Key: 'team', Value: 'data' }]);
  });
});

describe('Direct PUT and buffering', () => {
  it('PutRecord and PutRecordBatch answer record ids; limits are AWS\'s', async () => {
    const { firehose, create } = setup();
    await create('in');
    const one = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'in', Record: { Data: enc('a') } }));
    expect(one.RecordId).toMatch(/^[0-9a-f]{60,}$/);
    expect(one.Encrypted).toBe(false);
    const batch = await put(firehose, 'in', ['b', 'c']);
    expect(batch.FailedPutCount).toBe(0);
    expect(batch.RequestResponses?.map((r) => typeof r.RecordId)).toEqual(['string', 'string']);
    expect(new Set([one.RecordId, ...batch.RequestResponses!.map((r) => r.RecordId)]).size).toBe(3);
    await awsError(put(firehose, 'in', Array.from({ length: 501 }, () => 'x')), 'ValidationException', /Member must have length less than or equal to 500/);
    await awsError(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'in', Record: { Data: new Uint8Array(1_024_001) } })), 'ValidationException', /less than or equal to 1024000/);
  });

  it('interval first: nothing is delivered before the interval; then one object holds every record, byte for byte', async () => {
    const { firehose, create, advance, objects, read, bucket } = setup();
    await bucket();
    await create('slow', { BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 60 } });
    await put(firehose, 'slow', ['one\n', 'two\n']);
    await advance(30_000);
    await put(firehose, 'slow', ['three\n']);
    await advance(29_000);
    expect(await objects()).toEqual([]);
    await advance(1_000); // 60 s after the oldest record
    const keys = await objects();
    expect(keys).toHaveLength(1);
    // Default prefix yyyy/MM/dd/HH/ (UTC, from the oldest record), name <stream>-<version>-<time>-<random>.
    expect(keys[0]).toMatch(/^2026\/01\/01\/00\/slow-1-2026-01-01-00-00-01-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new TextDecoder().decode(await read(keys[0]!))).toBe('one\ntwo\nthree\n');
  });

  it('size first: a full buffer is delivered at once, without waiting for the interval', async () => {
    const { firehose, create, advance, objects, read, bucket } = setup();
    await bucket();
    await create('fast', { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 } });
    const chunk = 'x'.repeat(100_000);
    for (let i = 0; i < 11; i++) await put(firehose, 'fast', [chunk]); // 1.1 MB > 1 MiB
    await advance(1);
    const keys = await objects();
    expect(keys).toHaveLength(1);
    // As many whole records as fit in the 1 MiB hint: ten; the eleventh waits for the next object.
    expect((await read(keys[0]!)).length).toBe(1_000_000);
  });

  it('custom prefixes with timestamps, GZIP objects (.gz), zero buffering', async () => {
    const { firehose, create, advance, objects, read, bucket } = setup();
    await bucket();
    await create('z', {
      Prefix: 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/', ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, CompressionFormat: 'GZIP',
    });
    await put(firehose, 'z', ['{"a":1}\n', '{"a":2}\n']);
    await advance(1);
    const keys = await objects('events/');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^events\/year=2026\/month=01\/z-1-2026-01-01-00-00-01-.*\.gz$/);
    expect(gunzipSync(await read(keys[0]!)).toString()).toBe('{"a":1}\n{"a":2}\n');
  });

  it('Direct PUT quota: above the requests per second the call is refused with ServiceUnavailableException "Slow down."', async () => {
    const { firehose, create } = setup('eu-central-1'); // 1,000 requests/s outside the three big regions
    await create('q');
    const calls = await Promise.allSettled(Array.from({ length: 1001 }, () => firehose.send(new PutRecordCommand({ DeliveryStreamName: 'q', Record: { Data: enc('x') } }))));
    const refused = calls.filter((c) => c.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'ServiceUnavailableException', message: 'Slow down.' });
  });
});

describe('Lambda transformation', () => {
  const lambdaArn = 'arn:aws:lambda:us-east-1:123456789012:function:shout';
  const processing = (arn = lambdaArn) => ({
    ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' as const, Parameters: [{ ParameterName: 'LambdaArn' as const, ParameterValue: arn }, { ParameterName: 'BufferIntervalInSeconds' as const, ParameterValue: '60' }] }] },
    ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
    BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
  });

  it('gets AWS\'s event; Ok records are delivered transformed, Dropped vanish, ProcessingFailed go to the error output', async () => {
    const { sim, firehose, create, advance, objects, read, bucket } = setup();
    await bucket();
    const events: unknown[] = [];
    sim.lambda.register('shout', (event) => {
      events.push(event);
      const e = event as { records: { recordId: string; data: string }[] };
      return {
        records: e.records.map((r) => {
          const text = Buffer.from(r.data, 'base64').toString();
          if (text.startsWith('drop')) return { recordId: r.recordId, result: 'Dropped' };
          if (text.startsWith('bad')) return { recordId: r.recordId, result: 'ProcessingFailed', data: r.data };
          return { recordId: r.recordId, result: 'Ok', data: Buffer.from(`${text.toUpperCase()}\n`).toString('base64') };
        }),
      };
    });
    await create('tx', processing());
    await put(firehose, 'tx', ['hello', 'drop me', 'bad one', 'world']);
    await advance(60_000); // the Lambda buffer's interval
    expect(events).toHaveLength(1);
    const ev = events[0] as { invocationId: string; deliveryStreamArn: string; region: string; records: { recordId: string; approximateArrivalTimestamp: number; data: string }[] };
    expect(ev.deliveryStreamArn).toBe('arn:aws:firehose:us-east-1:123456789012:deliverystream/tx');
    expect(ev.region).toBe('us-east-1');
    expect(ev.records.map((r) => Buffer.from(r.data, 'base64').toString())).toEqual(['hello', 'drop me', 'bad one', 'world']);
    expect(typeof ev.records[0]!.approximateArrivalTimestamp).toBe('number');
    const failed = await objects('errors/processing-failed/');
    expect(failed).toHaveLength(1);
    const line = JSON.parse(new TextDecoder().decode(await read(failed[0]!)).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ errorCode: 'Lambda.ProcessingFailedStatus', lambdaArn, rawData: Buffer.from('bad one').toString('base64') });
    await advance(60_000); // the destination buffer's interval
    const data = (await objects()).filter((k) => !k.startsWith('errors/'));
    expect(data).toHaveLength(1);
    expect(new TextDecoder().decode(await read(data[0]!))).toBe('HELLO\nWORLD\n');
  });

  it('a function that throws is retried (NumberOfRetries, default 3), then every record goes to processing-failed', async () => {
    const { sim, firehose, create, advance, objects, read, bucket } = setup();
    await bucket();
    let calls = 0;
    sim.lambda.register('shout', () => {
      calls++;
      throw new TypeError('boom');
    });
    await create('throws', processing());
    await put(firehose, 'throws', ['a', 'b']);
    await advance(60_000);
    expect(calls).toBe(4);
    const failed = await objects('errors/processing-failed/');
    expect(failed).toHaveLength(1);
    const lines = new TextDecoder().decode(await read(failed[0]!)).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ attemptsMade: 4, errorCode: 'Lambda.FunctionError', errorMessage: 'TypeError: boom' });
    await advance(600_000);
    expect((await objects()).filter((k) => !k.startsWith('errors/'))).toEqual([]);
  });

  it('a missing function or a malformed answer fails the records (never silently drops them)', async () => {
    const { sim, firehose, create, advance, objects, bucket } = setup();
    await bucket();
    await create('nofn', processing('arn:aws:lambda:us-east-1:123456789012:function:ghost'));
    sim.lambda.register('shout', () => ({ records: 'nope' }));
    await create('malformed', { ...processing(), ErrorOutputPrefix: 'bad/!{firehose:error-output-type}/' });
    await put(firehose, 'nofn', ['a']);
    await put(firehose, 'malformed', ['b']);
    await advance(60_000);
    expect(await objects('errors/processing-failed/')).toHaveLength(1);
    expect(await objects('bad/processing-failed/')).toHaveLength(1);
  });
});

describe('UpdateDestination', () => {
  it('checks the version id, merges the update, bumps the version (new objects carry it)', async () => {
    const { firehose, create, advance, objects, bucket } = setup();
    await bucket();
    await create('u', { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } });
    await awsError(firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'u', CurrentDeliveryStreamVersionId: '7', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { Prefix: 'x/' } })),
      'ConcurrentModificationException', /version id: 1 and supplied version id: 7 do not match/);
    await firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'u', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { Prefix: 'v2/' } }));
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'u' }))).DeliveryStreamDescription!;
    expect(d.VersionId).toBe('2');
    expect(d.LastUpdateTimestamp).toBeInstanceOf(Date);
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription).toMatchObject({ Prefix: 'v2/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } });
    await put(firehose, 'u', ['a']);
    await advance(60_000);
    expect(await objects()).toEqual([expect.stringMatching(/^v2\/2026\/01\/01\/00\/u-2-/)]);
  });
});

describe('a Kinesis data stream as the source', () => {
  it('reads the stream from when it became ACTIVE, through a split, and refuses Direct PUT', async () => {
    const { sim, firehose, kinesis, create, advance, objects, read, bucket } = setup();
    const readers = new Set<string>();
    sim.kinesis.observe((e) => { if (e.type === 'read') readers.add(e.reader); });
    await bucket();
    await kinesis.send(new CreateStreamCommand({ StreamName: 'src', ShardCount: 1 }));
    sim.clock.advance(sim.kinesis.createStreamMs);
    await kinesis.send(new PutRecordsCommand({ StreamName: 'src', Records: [{ PartitionKey: 'k', Data: enc('before\n') }] }));
    await create('fromk', { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } }, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/src', RoleARN: ROLE },
    });
    await awsError(put(firehose, 'fromk', ['x']), 'InvalidArgumentException', /KinesisStreamAsSource/);
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'fromk' }))).DeliveryStreamDescription!;
    expect(d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/src');
    await kinesis.send(new PutRecordsCommand({ StreamName: 'src', Records: ['a', 'b'].map((k) => ({ PartitionKey: k, Data: enc(`${k}\n`) })) }));
    await advance(2_000);
    await kinesis.send(new SplitShardCommand({ StreamName: 'src', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
    await advance(sim.kinesis.updateStreamMs);
    await kinesis.send(new PutRecordsCommand({ StreamName: 'src', Records: ['c', 'd', 'e'].map((k) => ({ PartitionKey: k, Data: enc(`${k}\n`) })) }));
    for (let i = 0; i < 15; i++) await advance(1_000); // reads every second; rediscovers the children
    await advance(60_000);
    const all = (await Promise.all((await objects()).map(async (k) => new TextDecoder().decode(await read(k))))).join('');
    expect(all.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    // The snapshot names the reader ids its GetRecords carried (the Kinesis picture labels them).
    const snap = snapshotDeliveryStreams(sim.firehose).find((d) => d.name === 'fromk')!;
    expect(snap.sourceReaders?.length).toBeGreaterThanOrEqual(3); // the parent and both children
    expect(snap.sourceReaders!.every((r) => readers.has(r))).toBe(true);
  });
});

describe('delivery failures', () => {
  it('a missing bucket is retried — the records arrive once it exists — and reported meanwhile', async () => {
    const { sim, firehose, create, advance, objects, read, bucket } = setup();
    const failures: string[] = [];
    sim.firehose.observe((e) => { if (e.type === 'deliveryFailed') failures.push(e.errorCode); });
    await create('nob', { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } });
    await put(firehose, 'nob', ['kept\n']);
    await advance(60_000);
    expect(failures).toEqual(['S3.NoSuchBucket']);
    await bucket();
    await advance(5_000);
    const keys = await objects();
    expect(keys).toHaveLength(1);
    expect(new TextDecoder().decode(await read(keys[0]!))).toBe('kept\n');
  });
});

describe('the README example', () => {
  it('a jump of the manual clock over both buffers still transforms at the Lambda interval and delivers at the S3 interval', async () => {
    const { sim, firehose, advance, objects, read, bucket } = setup();
    await bucket();
    sim.lambda.register('upper', (event) => ({
      records: (event as { records: { recordId: string; data: string }[] }).records.map((r) => ({
        recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase()).toString('base64'),
      })),
    }));
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'to-lake',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: 'arn:aws:lambda:us-east-1:123456789012:function:upper' }] }] },
      },
    }));
    await advance(1_000);
    await put(firehose, 'to-lake', ['hi\n']);
    await advance(119_000);
    expect(await objects()).toEqual([]);
    await advance(1_000); // 60 s Lambda buffer, then 60 s S3 buffer — though the clock jumped over the first
    const keys = await objects();
    expect(keys).toHaveLength(1);
    expect(new TextDecoder().decode(await read(keys[0]!))).toBe('HI\n');
  });
});

describe('a Kinesis source after a reload', () => {
  it('reads a parent that closed while it was away to its end, then the children: nothing lost', async () => {
    const { sim, kinesis, create, advance, objects, read, bucket } = setup();
    await bucket();
    await kinesis.send(new CreateStreamCommand({ StreamName: 'src', ShardCount: 1 }));
    sim.clock.advance(sim.kinesis.createStreamMs);
    await create('fromk', { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } }, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/src', RoleARN: ROLE },
    });
    const putOne = (k: string) => kinesis.send(new PutRecordsCommand({ StreamName: 'src', Records: [{ PartitionKey: k, Data: enc(`${k}\n`) }] }));
    await putOne('a');
    for (let i = 0; i < 3; i++) await advance(1_000); // read and checkpointed
    await advance(60_000); // and delivered (this in-memory pipeline has no log to survive a reload)
    // "Reload": the delivery stream comes back from its saved state, with a fresh reader.
    const state = sim.firehose.streams.get('fromk')!.state;
    await putOne('b');
    await kinesis.send(new SplitShardCommand({ StreamName: 'src', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
    await advance(sim.kinesis.updateStreamMs);
    await putOne('c');
    sim.firehose.streams.delete('fromk');
    sim.firehose.add(state);
    for (let i = 0; i < 15; i++) await advance(1_000);
    await advance(60_000);
    const all = (await Promise.all((await objects()).map(async (k) => new TextDecoder().decode(await read(k))))).join('');
    expect(all.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('switching the transform off', () => {
  it('records waiting for the Lambda go on untransformed (none lost)', async () => {
    const { sim, firehose, create, advance, objects, read, bucket } = setup();
    await bucket();
    sim.lambda.register('never', () => { throw new Error('should not be called'); });
    await create('tx-off', {
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: 'arn:aws:lambda:us-east-1:123456789012:function:never' }] }] },
    });
    await put(firehose, 'tx-off', ['kept\n']);
    await advance(10_000);
    await firehose.send(new UpdateDestinationCommand({
      DeliveryStreamName: 'tx-off', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
      ExtendedS3DestinationUpdate: { ProcessingConfiguration: { Enabled: false } },
    }));
    await advance(120_000);
    const keys = await objects();
    expect(keys).toHaveLength(1);
    expect(new TextDecoder().decode(await read(keys[0]!))).toBe('kept\n');
  });
});

describe('more of AWS\'s rules', () => {
  it('a delivery stream being created cannot be deleted (ResourceInUseException)', async () => {
    const { sim, firehose } = setup();
    await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'young', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' } }));
    await awsError(firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'young' })), 'ResourceInUseException');
    sim.clock.advance(sim.firehose.createMs);
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'young' }));
  });

  it('ingestion is billed per record rounded up to 5 KB: a 12 KB and a 1 KB record bill 20 KB', async () => {
    const { sim, firehose, create } = setup();
    const billed: number[] = [];
    sim.firehose.observe((e) => { if (e.type === 'incoming') billed.push(e.billedBytes ?? -1); });
    await create('bill');
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'bill', Records: [{ Data: new Uint8Array(12 * 1024) }, { Data: new Uint8Array(1024) }] }));
    expect(billed).toEqual([20 * 1024]);
  });
});
