/**
 * Amazon Data Firehose to Amazon OpenSearch Service, through the real `@aws-sdk/client-firehose`
 * and `@aws-sdk/client-s3`: the control plane (create, describe, update, validation errors), and
 * delivery into the host's simulated domain — `_bulk` indexing, index rotation, retries that keep
 * Firehose's document ids (no duplicates), and failed documents backed up to S3 under
 * `AmazonOpenSearchService-failed/` as AWS writes them.
 */
import {
  CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, FirehoseServiceException, PutRecordBatchCommand, UpdateDestinationCommand,
  type AmazonopensearchserviceDestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createSimulation, type FirehoseEvent } from '../../src/index.js';
import { expectAwsError } from './harness.js';

const ROLE = 'arn:aws:iam::123456789012:role/firehose';
const BACKUP = { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup' };
const DOMAIN = 'arn:aws:es:us-east-1:123456789012:domain/shop';
const creds = { accessKeyId: 'x', secretAccessKey: 'x' };
const enc = (s: string) => new TextEncoder().encode(s);
const START = Date.parse('2016-02-25T13:00:00Z');

function setup() {
  const sim = createSimulation({ clock: 'manual', start: START });
  const firehose = new FirehoseClient({ region: sim.region, credentials: creds, requestHandler: sim.requestHandler, maxAttempts: 1 });
  const s3 = new S3Client({ region: sim.region, credentials: creds, requestHandler: sim.requestHandler, forcePathStyle: true, maxAttempts: 1 });
  const events: FirehoseEvent[] = [];
  sim.firehose.observe((e) => events.push(e));
  const advance = async (ms: number, step = 500) => {
    for (let t = 0; t < ms; t += step) {
      sim.clock.advance(Math.min(step, ms - t));
      await sim.firehose.idle();
    }
  };
  const create = async (name: string, dest: Partial<AmazonopensearchserviceDestinationConfiguration> = {}) => {
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      AmazonopensearchserviceDestinationConfiguration: { RoleARN: ROLE, DomainARN: DOMAIN, IndexName: 'orders', S3Configuration: BACKUP, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, ...dest },
    }));
    await advance(sim.firehose.createMs);
  };
  const put = async (name: string, texts: string[]) => {
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: enc(t) })) }));
    await sim.firehose.idle();
  };
  const describeDest = async (name: string) => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!;
  const keys = async (Prefix = '') => ((await s3.send(new ListObjectsV2Command({ Bucket: 'backup', Prefix }))).Contents ?? []).map((o) => o.Key!);
  const read = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'backup', Key }))).Body!.transformToString();
  return { sim, firehose, events, advance, create, put, describeDest, keys, read, bucket: () => s3.send(new CreateBucketCommand({ Bucket: 'backup' })) };
}

/** AWS's error through the Firehose client (the shared harness check). */
const awsError = (p: Promise<unknown>, name: string, message?: string | RegExp) => expectAwsError(p, name, message, FirehoseServiceException);

describe('OpenSearch destination: control plane', () => {
  it("describes the destination with AWS's defaults filled in", async () => {
    const { create, describeDest } = setup();
    await create('os', { BufferingHints: undefined });
    const d = (await describeDest('os')).Destinations![0]!.AmazonopensearchserviceDestinationDescription!;
    expect(d).toMatchObject({
      RoleARN: ROLE, DomainARN: DOMAIN, IndexName: 'orders', IndexRotationPeriod: 'OneDay', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      RetryOptions: { DurationInSeconds: 300 }, S3BackupMode: 'FailedDocumentsOnly', DocumentIdOptions: { DefaultDocumentIdFormat: 'FIREHOSE_DEFAULT' },
      S3DestinationDescription: { BucketARN: BACKUP.BucketARN },
    });
  });

  it('refuses what AWS refuses', async () => {
    const { firehose } = setup();
    const make = (dest: Record<string, unknown>) => firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'bad', AmazonopensearchserviceDestinationConfiguration: { RoleARN: ROLE, DomainARN: DOMAIN, IndexName: 'orders', S3Configuration: BACKUP, ...dest } as AmazonopensearchserviceDestinationConfiguration,
    }));
    await awsError(make({ IndexName: 'x'.repeat(81) }), 'ValidationException', /indexName.*length less than or equal to 80/);
    await awsError(make({ BufferingHints: { SizeInMBs: 101 } }), 'ValidationException', /less than or equal to 100/);
    await awsError(make({ RetryOptions: { DurationInSeconds: 7201 } }), 'ValidationException', /less than or equal to 7200/);
    await awsError(make({ IndexRotationPeriod: 'OneYear' }), 'ValidationException', /enum value set/);
    await awsError(make({ ClusterEndpoint: 'https://search-shop.us-east-1.es.amazonaws.com' }), 'InvalidArgumentException', /DomainARN or ClusterEndpoint/);
    await awsError(make({ DomainARN: undefined }), 'InvalidArgumentException', /DomainARN or ClusterEndpoint/);
    await awsError(make({ TypeName: 'doc' }), 'InvalidArgumentException', /TypeName must be empty/);
    await awsError(make({ S3Configuration: undefined }), 'ValidationException', /s3Configuration/);
    await awsError(firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'es', ElasticsearchDestinationConfiguration: { RoleARN: ROLE, DomainARN: DOMAIN, IndexName: 'x', S3Configuration: BACKUP },
    })), 'InvalidArgumentException', /Elasticsearch.*later version/);
  });

  it('merges an update of the same type; OpenSearch stays OpenSearch', async () => {
    const { firehose, create, describeDest } = setup();
    await create('os');
    await firehose.send(new UpdateDestinationCommand({
      DeliveryStreamName: 'os', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
      AmazonopensearchserviceDestinationUpdate: { IndexRotationPeriod: 'OneHour', ClusterEndpoint: 'https://search-shop.us-east-1.es.amazonaws.com' },
    }));
    const d = (await describeDest('os')).Destinations![0]!.AmazonopensearchserviceDestinationDescription!;
    expect(d).toMatchObject({ IndexName: 'orders', IndexRotationPeriod: 'OneHour', ClusterEndpoint: 'https://search-shop.us-east-1.es.amazonaws.com' });
    expect(d.DomainARN).toBeUndefined();
    await awsError(firehose.send(new UpdateDestinationCommand({
      DeliveryStreamName: 'os', CurrentDeliveryStreamVersionId: '2', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: BACKUP,
    })), 'InvalidArgumentException', /only be updated to Amazon OpenSearch Service/);
  });
});

describe('OpenSearch destination: delivery', () => {
  it('indexes every record as a document, in the rotated index', async () => {
    const { sim, create, put, advance, events } = setup();
    await create('os');
    await put('os', ['{"order":1,"item":"teapot"}', '{"order":2,"item":"kettle"}\n']);
    await advance(1_000);
    const r = sim.opensearch.search('shop', { index: 'orders-*' });
    expect(r.total).toBe(2);
    expect(r.hits.map((h) => h._index)).toEqual(['orders-2016-02-25', 'orders-2016-02-25']);
    expect(sim.opensearch.search('shop', { text: 'kettle' }).hits[0]!._source).toEqual({ order: 2, item: 'kettle' });
    expect(events.some((e) => e.type === 'endpointDelivered' && e.destination === 'OpenSearch' && e.records === 2)).toBe(true);
  });

  it('rotates by the arrival time: OneHour, OneWeek, OneMonth, NoRotation', async () => {
    const { sim, create, put, advance } = setup();
    await create('h', { IndexName: 'h', IndexRotationPeriod: 'OneHour' });
    await create('w', { IndexName: 'w', IndexRotationPeriod: 'OneWeek' });
    await create('m', { IndexName: 'm', IndexRotationPeriod: 'OneMonth' });
    await create('n', { IndexName: 'n', IndexRotationPeriod: 'NoRotation' });
    for (const s of ['h', 'w', 'm', 'n']) await put(s, ['{"a":1}']);
    await advance(1_000);
    expect(sim.opensearch.get('shop')!.indices.map((i) => i.name)).toEqual(['h-2016-02-25-13', 'm-2016-02', 'n', 'w-2016-w08']);
  });

  it('retries with the same document ids: a lost answer does not duplicate (FIREHOSE_DEFAULT)', async () => {
    const { sim, create, put, advance, events } = setup();
    await create('os');
    sim.opensearch.register('shop', 'https://search-shop.us-east-1.es.amazonaws.com');
    sim.opensearch.failNext('shop', 1, 'timeout'); // indexed, but Firehose never hears so
    await put('os', ['{"n":1}', '{"n":2}']);
    await advance(200_000, 5_000);
    expect(events.some((e) => e.type === 'deliveryFailed' && e.errorCode === 'OS.RequestTimeout')).toBe(true);
    expect(events.some((e) => e.type === 'endpointDelivered' && e.attempts === 2)).toBe(true);
    expect(sim.opensearch.search('shop').total).toBe(2);
  });

  it('duplicates on such a retry with NO_DOCUMENT_ID (the domain makes the ids)', async () => {
    const { sim, create, put, advance } = setup();
    await create('os', { DocumentIdOptions: { DefaultDocumentIdFormat: 'NO_DOCUMENT_ID' } });
    sim.opensearch.register('shop', 'https://search-shop.us-east-1.es.amazonaws.com');
    sim.opensearch.failNext('shop', 1, 'timeout');
    await put('os', ['{"n":1}', '{"n":2}']);
    await advance(200_000, 5_000);
    expect(sim.opensearch.search('shop').total).toBe(4);
  });

  it('backs a refused document up to S3 after the retry window; the good ones are indexed', async () => {
    const { sim, bucket, create, put, advance, keys, read } = setup();
    await bucket();
    await create('os', { RetryOptions: { DurationInSeconds: 60 } });
    await put('os', ['{"ok":1}', 'plain text, not JSON']);
    await advance(120_000, 1_000);
    expect(sim.opensearch.search('shop').total).toBe(1);
    const failed = await keys('AmazonOpenSearchService-failed/');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^AmazonOpenSearchService-failed\/2016\/02\/25\/13\//);
    const line = JSON.parse((await read(failed[0]!)).trim()) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'esDocumentId', 'esIndexName', 'esTypeName', 'rawData']);
    expect(line).toMatchObject({ errorCode: '400', esIndexName: 'orders-2016-02-25', esTypeName: '', arrivalTimestamp: START + 1_000 });
    expect(line.errorMessage).toMatch(/mapper_parsing_exception/);
    expect(line.attemptsMade).toBeGreaterThan(1);
    expect(Buffer.from(line.rawData as string, 'base64').toString()).toBe('plain text, not JSON');
  });

  it('a domain that is down: retried, then every document to S3', async () => {
    const { sim, bucket, create, put, advance, keys, events } = setup();
    await bucket();
    await create('os', { RetryOptions: { DurationInSeconds: 30 } });
    sim.opensearch.register('shop', 'https://search-shop.us-east-1.es.amazonaws.com');
    sim.opensearch.setDown('shop', true);
    await put('os', ['{"a":1}', '{"a":2}']);
    await advance(60_000, 1_000);
    expect(events.some((e) => e.type === 'deliveryFailed' && e.errorCode === 'OS.ConnectionFailed' && e.outcome === 'backedUp' && e.records === 2)).toBe(true);
    expect(await keys('AmazonOpenSearchService-failed/')).toHaveLength(1);
    expect(sim.opensearch.search('shop').total).toBe(0);
  });

  it('AllDocuments: every batch is also written to S3', async () => {
    const { bucket, create, put, advance, keys } = setup();
    await bucket();
    await create('os', { S3BackupMode: 'AllDocuments', S3Configuration: { ...BACKUP, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } } });
    await put('os', ['{"a":1}']);
    await advance(61_000, 1_000);
    expect((await keys('2016/')).length).toBe(1);
  });
});
