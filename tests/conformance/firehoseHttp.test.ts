/**
 * Amazon Data Firehose to HTTP endpoints and Splunk, through the real `@aws-sdk/client-firehose`
 * and `@aws-sdk/client-s3`: the control plane (create, describe, update, AWS's validation
 * errors), delivery to the simulated partner receivers (Datadog, New Relic, MongoDB, Splunk HEC)
 * in their formats, and to a real endpoint — a Node HTTP server on 127.0.0.1 — receiving AWS's
 * exact request, with retries (same request id), 413, the retry duration and the S3 backup.
 *
 * The https-only rule is relaxed for loopback: `http://127.0.0.1:<port>` is accepted (Shardlab
 * allows plain http to localhost / 127.0.0.1 / [::1] so learners can run a receiver without TLS);
 * every other http:// URL gets AWS's ValidationException.
 */
import {
  CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, FirehoseServiceException, PutRecordBatchCommand, UpdateDestinationCommand,
  type HttpEndpointDestinationConfiguration, type SplunkDestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation, type FirehoseEvent } from '../../src/index.js';
import { expectAwsError } from './harness.js';

const ROLE = 'arn:aws:iam::123456789012:role/firehose';
const BACKUP = { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup' };
const DATADOG = 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input';
const NEWRELIC = 'https://aws-api.newrelic.com/firehose/v1';
const MONGODB = 'https://webhooks.mongodb-realm.com/api/client/v2.0/app/shop-abcde/service/firehose/incoming_webhook/orders';
const SPLUNK = 'https://splunk.example.com:8088';
const DD_KEY = '0123456789abcdef0123456789abcdef';
const HEC_TOKEN = '1b2c3d4e-0000-4000-8000-0123456789ab';
const creds = { accessKeyId: 'x', secretAccessKey: 'x' };
const enc = (s: string) => new TextEncoder().encode(s);

function setup() {
  const sim = createSimulation({ clock: 'manual' });
  const firehose = new FirehoseClient({ region: sim.region, credentials: creds, requestHandler: sim.requestHandler, maxAttempts: 1 });
  const s3 = new S3Client({ region: sim.region, credentials: creds, requestHandler: sim.requestHandler, forcePathStyle: true, maxAttempts: 1 });
  const events: FirehoseEvent[] = [];
  sim.firehose.observe((e) => events.push(e));
  /** Moves virtual time on in steps (each step starts what is due) and waits for deliveries. */
  const advance = async (ms: number, step = 500) => {
    for (let t = 0; t < ms; t += step) {
      sim.clock.advance(Math.min(step, ms - t));
      await sim.firehose.idle();
    }
  };
  const createHttp = async (name: string, dest: Partial<HttpEndpointDestinationConfiguration> & { EndpointConfiguration: HttpEndpointDestinationConfiguration['EndpointConfiguration'] }) => {
    await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, HttpEndpointDestinationConfiguration: { S3Configuration: BACKUP, ...dest } }));
    await advance(sim.firehose.createMs);
  };
  const createSplunk = async (name: string, dest: Partial<SplunkDestinationConfiguration>) => {
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      SplunkDestinationConfiguration: { HECEndpoint: SPLUNK, HECEndpointType: 'Raw', HECToken: HEC_TOKEN, S3Configuration: BACKUP, ...dest },
    }));
    await advance(sim.firehose.createMs);
  };
  /** Puts records and waits for the deliveries they start (a real endpoint answers in real time). */
  const put = async (name: string, texts: string[]) => {
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: enc(t) })) }));
    await sim.firehose.idle();
  };
  const describeDest = async (name: string) => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!;
  const keys = async (Prefix = '') => ((await s3.send(new ListObjectsV2Command({ Bucket: 'backup', Prefix }))).Contents ?? []).map((o) => o.Key!);
  const read = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'backup', Key }))).Body!.transformToString();
  return { sim, firehose, s3, events, advance, createHttp, createSplunk, put, describeDest, keys, read, bucket: () => s3.send(new CreateBucketCommand({ Bucket: 'backup' })) };
}

/** AWS's error through the Firehose client (the shared harness check). */
const awsError = (p: Promise<unknown>, name: string, message?: string | RegExp) => expectAwsError(p, name, message, FirehoseServiceException);

// ── a real endpoint: a Node HTTP server on 127.0.0.1 ─────────────────────────────────────────

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: { requestId: string; timestamp: number; records: { data: string }[] };
}
type Answer = { status: number; body?: unknown; contentType?: string };

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A receiver answering each request with `answer(request, n)` (n from 0), keeping what it saw. */
async function endpoint(answer: (seen: Seen, n: number) => Answer) {
  const seen: Seen[] = [];
  const srv = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const s: Seen = { method: req.method!, path: req.url!, headers: req.headers, body: JSON.parse(raw.toString('utf8')) as Seen['body'] };
      const a = answer(s, seen.length);
      seen.push(s);
      const body = a.body === undefined ? JSON.stringify({ requestId: s.body.requestId, timestamp: Date.now() }) : JSON.stringify(a.body);
      res.writeHead(a.status, { 'Content-Type': a.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/ingest?source=firehose`, seen };
}

const decode = (records: { data: string }[]) => records.map((r) => Buffer.from(r.data, 'base64').toString('utf8'));

describe('HTTP endpoint and Splunk destinations: control plane', () => {
  it('creates an HTTP endpoint stream and describes it with AWS\'s defaults, never echoing the AccessKey', async () => {
    const { createHttp, describeDest } = setup();
    await createHttp('to-dd', { EndpointConfiguration: { Url: DATADOG, Name: 'Datadog', AccessKey: DD_KEY } });
    const d = await describeDest('to-dd');
    expect(d.DeliveryStreamStatus).toBe('ACTIVE');
    const dest = d.Destinations![0]!;
    expect(dest.ExtendedS3DestinationDescription).toBeUndefined();
    expect(dest.HttpEndpointDestinationDescription).toEqual({
      EndpointConfiguration: { Url: DATADOG, Name: 'Datadog' },
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CloudWatchLoggingOptions: { Enabled: false },
      RequestConfiguration: { ContentEncoding: 'NONE' },
      RetryOptions: { DurationInSeconds: 300 },
      S3BackupMode: 'FailedDataOnly',
      S3DestinationDescription: {
        RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: 'UNCOMPRESSED',
        EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' }, CloudWatchLoggingOptions: { Enabled: false },
      },
    });
  });

  it('creates a Splunk stream: HECToken is echoed (AWS\'s description carries it), ack timeout 180 s, hints 5 MB / 60 s', async () => {
    const { createSplunk, describeDest } = setup();
    await createSplunk('to-splunk', { HECEndpointType: 'Event' });
    const s = (await describeDest('to-splunk')).Destinations![0]!.SplunkDestinationDescription!;
    expect(s).toMatchObject({
      HECEndpoint: SPLUNK, HECEndpointType: 'Event', HECToken: HEC_TOKEN, HECAcknowledgmentTimeoutInSeconds: 180,
      RetryOptions: { DurationInSeconds: 300 }, S3BackupMode: 'FailedEventsOnly', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 },
      S3DestinationDescription: { BucketARN: 'arn:aws:s3:::backup' },
    });
  });

  it('answers AWS\'s validation errors for both destination types', async () => {
    const { firehose } = setup();
    const http = (dest: Partial<HttpEndpointDestinationConfiguration>) => firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'h', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: DATADOG }, S3Configuration: BACKUP, ...dest } as HttpEndpointDestinationConfiguration,
    }));
    const splunk = (dest: Partial<SplunkDestinationConfiguration>) => firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 's', SplunkDestinationConfiguration: { HECEndpoint: SPLUNK, HECEndpointType: 'Raw', HECToken: HEC_TOKEN, S3Configuration: BACKUP, ...dest } as SplunkDestinationConfiguration,
    }));
    await awsError(http({ EndpointConfiguration: { Url: 'http://example.com/in' } }), 'ValidationException',
      "1 validation error detected: Value 'http://example.com/in' at 'httpEndpointDestinationConfiguration.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*");
    await awsError(http({ EndpointConfiguration: { Url: `https://x.com/${'a'.repeat(1000)}` } }), 'ValidationException', /endpointConfiguration.url' failed to satisfy constraint: Member must have length less than or equal to 1000/);
    await awsError(http({ S3Configuration: undefined }), 'ValidationException', "1 validation error detected: Value null at 'httpEndpointDestinationConfiguration.s3Configuration' failed to satisfy constraint: Member must not be null");
    await awsError(http({ BufferingHints: { SizeInMBs: 65, IntervalInSeconds: 60 } }), 'ValidationException', /bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 64/);
    await awsError(http({ BufferingHints: { SizeInMBs: 2 } }), 'InvalidArgumentException', /both/);
    await awsError(http({ RetryOptions: { DurationInSeconds: 7201 } }), 'ValidationException', /retryOptions.durationInSeconds' failed to satisfy constraint: Member must have value less than or equal to 7200/);
    await awsError(http({ S3BackupMode: 'Everything' as 'AllData' }), 'ValidationException', /Member must satisfy enum value set: \[FailedDataOnly, AllData\]/);
    await awsError(http({ RequestConfiguration: { CommonAttributes: Array.from({ length: 51 }, (_, i) => ({ AttributeName: `a${i}`, AttributeValue: 'v' })) } }), 'ValidationException', /commonAttributes' failed to satisfy constraint: Member must have length less than or equal to 50/);
    await awsError(http({ ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{a:.a}' }, { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' }] }] } }), 'InvalidArgumentException', /MetadataExtraction/);
    await awsError(splunk({ BufferingHints: { SizeInMBs: 6, IntervalInSeconds: 60 } }), 'ValidationException', /splunkDestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 5/);
    await awsError(splunk({ BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 61 } }), 'ValidationException', /intervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 60/);
    await awsError(splunk({ HECAcknowledgmentTimeoutInSeconds: 179 }), 'ValidationException', /hECAcknowledgmentTimeoutInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 180/);
    await awsError(splunk({ HECEndpointType: 'Json' as 'Raw' }), 'ValidationException', /Member must satisfy enum value set: \[Raw, Event\]/);
    await awsError(splunk({ HECToken: undefined }), 'InvalidArgumentException', /HECToken/);
    await awsError(splunk({ S3BackupMode: 'AllData' as 'AllEvents' }), 'ValidationException', /\[FailedEventsOnly, AllEvents\]/);
    // Loopback http is Shardlab's one relaxation of https-only (for learners' own receivers).
    await http({ EndpointConfiguration: { Url: 'http://localhost:8080/firehose' } });
  });

  it('UpdateDestination merges the same type, refuses to narrow the backup mode, and replaces on a type change (S3 ↔ HTTP)', async () => {
    const { firehose, createHttp, describeDest } = setup();
    await createHttp('u', { EndpointConfiguration: { Url: DATADOG, Name: 'Datadog', AccessKey: DD_KEY }, S3BackupMode: 'AllData', RetryOptions: { DurationInSeconds: 60 } });
    const update = (v: string, rest: object) => firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'u', CurrentDeliveryStreamVersionId: v, DestinationId: 'destinationId-000000000001', ...rest }));
    await update('1', { HttpEndpointDestinationUpdate: { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, RequestConfiguration: { ContentEncoding: 'GZIP' } } });
    let d = await describeDest('u');
    expect(d.VersionId).toBe('2');
    expect(d.Destinations![0]!.HttpEndpointDestinationDescription).toMatchObject({
      EndpointConfiguration: { Url: DATADOG, Name: 'Datadog' }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 },
      RequestConfiguration: { ContentEncoding: 'GZIP' }, RetryOptions: { DurationInSeconds: 60 }, S3BackupMode: 'AllData',
    });
    await awsError(update('2', { HttpEndpointDestinationUpdate: { S3BackupMode: 'FailedDataOnly' } }), 'InvalidArgumentException', /S3BackupMode/);
    // To S3: a different type replaces the destination, so the update must be a whole configuration.
    await awsError(update('2', { ExtendedS3DestinationUpdate: { Prefix: 'x/' } }), 'InvalidArgumentException', /BucketARN/);
    await update('2', { ExtendedS3DestinationUpdate: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' } });
    d = await describeDest('u');
    expect(d.Destinations![0]!.HttpEndpointDestinationDescription).toBeUndefined();
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription).toMatchObject({ BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 } });
    // And back: S3 → HTTP needs the endpoint and an S3Update for the backup bucket.
    await awsError(update('3', { HttpEndpointDestinationUpdate: { EndpointConfiguration: { Url: NEWRELIC } } }), 'InvalidArgumentException', /S3Update/);
    await update('3', { HttpEndpointDestinationUpdate: { EndpointConfiguration: { Url: NEWRELIC }, S3Update: BACKUP } });
    expect((await describeDest('u')).Destinations![0]!.HttpEndpointDestinationDescription).toMatchObject({ EndpointConfiguration: { Url: NEWRELIC }, S3BackupMode: 'FailedDataOnly' });
  });
});

describe('delivery to the simulated partner endpoints, in their formats', () => {
  it('Datadog receives logs (gzip request), JSON records parsed into attributes, common attributes as tags', async () => {
    const { sim, createHttp, put, advance, events } = setup();
    await createHttp('dd', {
      EndpointConfiguration: { Url: DATADOG, Name: 'Datadog', AccessKey: DD_KEY },
      RequestConfiguration: { ContentEncoding: 'GZIP', CommonAttributes: [{ AttributeName: 'env', AttributeValue: 'class' }] },
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
    });
    await put('dd', ['{"service":"shop","msg":"order placed"}', 'plain text line']);
    await advance(59_000, 59_000);
    expect(sim.receivers.get(DATADOG)).toBeUndefined();
    await advance(1_000);
    const dd = sim.receivers.get(DATADOG)!;
    expect(dd).toMatchObject({ vendor: 'datadog', label: 'Datadog', requests: 1, accepted: 1, received: 2 });
    expect(dd.recent.map((i) => i.doc)).toEqual([
      { date: '2026-01-01T00:01:01.000Z', status: 'info', service: 'shop', message: '{"service":"shop","msg":"order placed"}', tags: ['source:firehose', 'env:class'], attributes: { service: 'shop', msg: 'order placed' } },
      { date: '2026-01-01T00:01:01.000Z', status: 'info', service: 'firehose', message: 'plain text line', tags: ['source:firehose', 'env:class'] },
    ]);
    expect(events.find((e) => e.type === 'endpointDelivered')).toMatchObject({ destination: 'HttpEndpoint', url: DATADOG, records: 2, attempts: 1 });
  });

  it('New Relic refuses a wrong license key with 403; Firehose retries, then backs the batch up to S3 as http-endpoint-failed lines', async () => {
    const { sim, bucket, createHttp, put, advance, keys, read, events } = setup();
    await bucket();
    await createHttp('nr', { EndpointConfiguration: { Url: NEWRELIC, AccessKey: 'not-a-license-key' }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, RetryOptions: { DurationInSeconds: 20 } });
    await put('nr', ['{"level":"warn"}']);
    await advance(10_000);
    const nr = sim.receivers.get(NEWRELIC)!;
    expect(nr.accepted).toBe(0);
    expect(nr.log.length).toBeGreaterThanOrEqual(3);
    expect(new Set(nr.log.map((r) => r.requestId)).size).toBe(1); // one batch, one request id on every retry
    expect(nr.log.every((r) => r.status === 403)).toBe(true);
    expect(await keys()).toEqual([]);
    await advance(12_000);
    const [key] = await keys('http-endpoint-failed/');
    expect(key).toMatch(/^http-endpoint-failed\/2026\/01\/01\/00\/nr-1-2026-01-01-00-00-01-[0-9a-f-]{36}$/);
    const line = JSON.parse((await read(key!)).trim()) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'rawData', 'subsequenceNumber', 'dataId']);
    expect(line).toMatchObject({ arrivalTimestamp: Date.UTC(2026, 0, 1, 0, 0, 1), errorCode: 'HttpEndpoint.DestinationException', rawData: Buffer.from('{"level":"warn"}').toString('base64'), subsequenceNumber: 0 });
    expect(line.errorMessage).toContain('Invalid license key.');
    expect(line.attemptsMade).toBe(sim.receivers.get(NEWRELIC)!.log.length);
    expect(events.filter((e) => e.type === 'errorOutput')).toMatchObject([{ errorOutputType: 'http-endpoint-failed', records: 1 }]);
    expect(sim.firehose.pipelineStats('nr')?.retrying).toBe(0);
  });

  it('MongoDB inserts JSON records as documents with an ObjectId', async () => {
    const { sim, createHttp, put, advance } = setup();
    await createHttp('mdb', { EndpointConfiguration: { Url: MONGODB, AccessKey: 'key' }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
    await put('mdb', ['{"sku":"A1","qty":2}', '{"sku":"B7","qty":1}']);
    await advance(500);
    const docs = sim.receivers.get(MONGODB)!.recent.map((i) => i.doc);
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ sku: 'A1', qty: 2, _id: { $oid: expect.stringMatching(/^[0-9a-f]{24}$/) } });
  });

  it('Splunk Raw: HEC breaks the concatenated records at newlines, and acknowledges the batch', async () => {
    const { sim, createSplunk, put, advance, events } = setup();
    await createSplunk('raw', { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
    await put('raw', ['GET /index.html 200\n', 'GET /missing 404\n', 'no newline, ', 'so these two merge\n']);
    await advance(500);
    const hec = sim.receivers.get(SPLUNK)!;
    expect(hec.recent.map((i) => i.doc.event)).toEqual(['GET /index.html 200', 'GET /missing 404', 'no newline, so these two merge']);
    expect(hec.recent[0]!.doc).toMatchObject({ index: 'main', sourcetype: 'aws:firehose' });
    expect(events.find((e) => e.type === 'endpointDelivered')).toMatchObject({ destination: 'Splunk', records: 4 });
  });

  it('Splunk Event: HEC event objects are indexed with their fields; a missing ack (timeout) is retried after the ack timeout and indexed twice', async () => {
    const { sim, createSplunk, put, advance, events } = setup();
    await createSplunk('ev', { HECEndpointType: 'Event', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
    sim.receivers.failNext(SPLUNK, 1, 'timeout');
    await put('ev', ['{"event":{"action":"login"},"sourcetype":"app:auth","time":1767225600}']);
    await advance(1_000);
    expect(sim.receivers.get(SPLUNK)).toMatchObject({ received: 1, unacknowledged: 1 });
    expect(events.some((e) => e.type === 'endpointDelivered')).toBe(false);
    await advance(185_000, 5_000); // HECAcknowledgmentTimeoutInSeconds (180 s), then the first retry ~1 s later
    const failure = events.find((e) => e.type === 'deliveryFailed');
    expect(failure).toMatchObject({ errorCode: 'Splunk.AckTimeout', destination: 'Splunk', attempt: 1 });
    expect(events.find((e) => e.type === 'endpointDelivered')).toMatchObject({ attempts: 2 });
    const hec = sim.receivers.get(SPLUNK)!;
    expect(hec.recent.map((i) => i.doc)).toEqual([
      { time: 1767225600, host: 'firehose', source: 'http:firehose', sourcetype: 'app:auth', index: 'main', event: { action: 'login' } },
      { time: 1767225600, host: 'firehose', source: 'http:firehose', sourcetype: 'app:auth', index: 'main', event: { action: 'login' } },
    ]);
  });

  it('Splunk Event refuses records that are not HEC events (InvalidDataFormat), retried until the duration, then splunk-failed', async () => {
    const { sim, bucket, createSplunk, put, advance, keys, read } = setup();
    await bucket();
    await createSplunk('bad', { HECEndpointType: 'Event', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, RetryOptions: { DurationInSeconds: 0 } });
    await put('bad', ['{"action":"login"}']);
    await advance(500);
    expect(sim.receivers.get(SPLUNK)!.log[0]).toMatchObject({ status: 400, note: 'events refused' });
    const [key] = await keys('splunk-failed/');
    const line = JSON.parse((await read(key!)).trim()) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'rawData', 'EventId']);
    expect(line).toMatchObject({ attemptsMade: 1, errorCode: 'Splunk.InvalidDataFormat' });
  });
});

describe('delivery to a real HTTP endpoint (Node server on 127.0.0.1)', () => {
  it('sends AWS\'s exact request; after a 500 it retries with the same request id', async () => {
    const { sim, createHttp, put, advance, events } = setup();
    const ep = await endpoint((s, n) => (n === 0 ? { status: 500, body: { requestId: s.body.requestId, timestamp: 1, errorMessage: 'busy' } } : { status: 200 }));
    await createHttp('real', {
      EndpointConfiguration: { Url: ep.url, Name: 'mine', AccessKey: 'secret-key' },
      RequestConfiguration: { CommonAttributes: [{ AttributeName: 'team', AttributeValue: 'data' }] },
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 },
    });
    await put('real', ['hello', 'hello world', '']);
    await advance(500);
    expect(ep.seen).toHaveLength(1);
    const first = ep.seen[0]!;
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/ingest?source=firehose');
    expect(first.headers).toMatchObject({
      'content-type': 'application/json',
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-request-id': first.body.requestId,
      'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/real',
      'x-amz-firehose-access-key': 'secret-key',
      'x-amz-firehose-common-attributes': '{"commonAttributes":{"team":"data"}}',
    });
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.body.timestamp).toBe(Date.UTC(2026, 0, 1, 0, 0, 1));
    expect(decode(first.body.records)).toEqual(['hello', 'hello world', '']);
    expect(events.find((e) => e.type === 'deliveryFailed')).toMatchObject({ errorCode: 'HttpEndpoint.DestinationException', attempt: 1, requestId: first.body.requestId });
    await advance(1_500); // the first retry waits 1 s ± 15 %
    expect(ep.seen).toHaveLength(2);
    expect(ep.seen[1]!.body.requestId).toBe(first.body.requestId);
    expect(ep.seen[1]!.headers['x-amz-firehose-request-id']).toBe(first.body.requestId);
    expect(sim.firehose.pipelineStats('real')).toMatchObject({ records: 0, retrying: 0 });
    expect(events.find((e) => e.type === 'endpointDelivered')).toMatchObject({ requestId: first.body.requestId, attempts: 2, records: 3 });
  });

  it('a response that does not echo the request id counts as a failure (retried)', async () => {
    const { createHttp, put, advance, events } = setup();
    const ep = await endpoint((_, n) => (n === 0 ? { status: 200, body: { requestId: 'someone-else', timestamp: 1 } } : { status: 200 }));
    await createHttp('echo', { EndpointConfiguration: { Url: ep.url }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
    await put('echo', ['a']);
    await advance(2_000);
    expect(events.filter((e) => e.type === 'deliveryFailed').map((e) => e.type === 'deliveryFailed' && e.errorCode)).toEqual(['HttpEndpoint.InvalidResponseFromDestination']);
    expect(ep.seen).toHaveLength(2);
  });

  it('413 is permanent: not retried and not backed up', async () => {
    const { sim, bucket, createHttp, put, advance, keys, events } = setup();
    await bucket();
    const ep = await endpoint((s) => ({ status: 413, body: { requestId: s.body.requestId, timestamp: 1, errorMessage: 'Payload too large' } }));
    await createHttp('big', { EndpointConfiguration: { Url: ep.url }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
    await put('big', ['a', 'b']);
    await advance(30_000, 1_000);
    expect(ep.seen).toHaveLength(1);
    expect(await keys()).toEqual([]);
    expect(events.find((e) => e.type === 'deliveryFailed')).toMatchObject({ outcome: 'dropped', records: 2 });
    expect(sim.firehose.pipelineStats('big')?.retrying).toBe(0);
  });

  it('gives up once the retry duration has passed and writes the batch to S3 under http-endpoint-failed', async () => {
    const { bucket, createHttp, put, advance, keys, read } = setup();
    await bucket();
    const ep = await endpoint((s) => ({ status: 503, body: { requestId: s.body.requestId, timestamp: 1, errorMessage: 'maintenance' } }));
    await createHttp('down', {
      EndpointConfiguration: { Url: ep.url }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, RetryOptions: { DurationInSeconds: 10 },
      S3Configuration: { ...BACKUP, ErrorOutputPrefix: 'failed/!{firehose:error-output-type}/' },
    });
    await put('down', ['one', 'two']);
    await advance(9_000);
    // Retries at ~1, ~3 and ~7 s after the first failure; the next (~15 s) would be past the window.
    expect(ep.seen.length).toBe(4);
    expect(new Set(ep.seen.map((s) => s.body.requestId)).size).toBe(1);
    expect(await keys()).toEqual([]);
    await advance(2_000);
    expect(ep.seen.length).toBe(4);
    const [key] = await keys('failed/http-endpoint-failed/');
    const lines = (await read(key!)).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => Buffer.from(l.rawData as string, 'base64').toString())).toEqual(['one', 'two']);
    expect(lines[0]).toMatchObject({ attemptsMade: 4, errorCode: 'HttpEndpoint.DestinationException' });
    expect(lines[0]!.errorMessage).toContain('"errorMessage":"maintenance"');
    expect(lines[0]!.attemptEndingTimestamp).toBe(Date.UTC(2026, 0, 1, 0, 0, 11));
  });

  it('S3BackupMode AllData also writes every batch to the backup bucket', async () => {
    const { bucket, createHttp, put, advance, keys, read } = setup();
    await bucket();
    const ep = await endpoint(() => ({ status: 200 }));
    await createHttp('all', {
      EndpointConfiguration: { Url: ep.url }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, S3BackupMode: 'AllData',
      S3Configuration: { ...BACKUP, Prefix: 'copy/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
    });
    await put('all', ['{"n":1}\n', '{"n":2}\n']);
    await advance(500);
    expect(decode(ep.seen[0]!.body.records)).toEqual(['{"n":1}\n', '{"n":2}\n']);
    expect(await keys()).toEqual([]); // the backup copy buffers with S3Configuration's hints
    await advance(60_000, 10_000);
    const [key] = await keys('copy/');
    expect(key).toMatch(/^copy\/2026\/01\/01\/00\/all-1-/);
    expect(await read(key!)).toBe('{"n":1}\n{"n":2}\n');
  });
});

describe('an endpoint that cannot be reached', () => {
  it('keeps AWS\'s error text and adds what the transport said (for the learner)', async () => {
    const sim = createSimulation({ clock: 'manual', http: async () => ({ failure: 'connection', message: 'TypeError: Failed to fetch' }) });
    const firehose = new FirehoseClient({ region: sim.region, credentials: creds, requestHandler: sim.requestHandler, maxAttempts: 1 });
    const events: FirehoseEvent[] = [];
    sim.firehose.observe((e) => events.push(e));
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'away',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://example.invalid/in' }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 },
        S3Configuration: { RoleARN: 'arn:aws:iam::123456789012:role/r', BucketARN: 'arn:aws:s3:::backup' },
      },
    }));
    sim.clock.advance(sim.firehose.createMs);
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'away', Records: [{ Data: new TextEncoder().encode('x') }] }));
    sim.clock.advance(1);
    await sim.firehose.idle();
    const failed = events.find((e) => e.type === 'deliveryFailed');
    expect(failed).toMatchObject({ errorCode: 'HttpEndpoint.ConnectionFailed', detail: 'TypeError: Failed to fetch' });
  });
});
