/**
 * The simulated S3 through the real `@aws-sdk/client-s3` (path-style, as `forcePathStyle: true`
 * makes it) and the simulation's requestHandler — exactly what a user's code does.
 */
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand,
  GetBucketLocationCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand,
  ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, PutObjectTaggingCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../src/index.js';
import { createRequestHandler } from '../../src/api/requestHandler.js';
import { expectAwsError } from './harness.js';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const T0 = Date.UTC(2026, 0, 1);

function setup(options: SimulationOptions = {}, client: { region?: string; forcePathStyle?: boolean } = {}) {
  const sim = createSimulation({ clock: 'manual', ...options });
  const s3 = new S3Client({ region: client.region ?? sim.region, forcePathStyle: client.forcePathStyle ?? true, credentials, requestHandler: sim.requestHandler, maxAttempts: 1 });
  return { sim, s3 };
}

/** Awaits a rejected S3 call and checks AWS's error name, HTTP status and (when given) message. */
async function expectS3Error(p: Promise<unknown>, name: string, status: number, message?: string): Promise<S3ServiceException & Record<string, unknown>> {
  const err = await expectAwsError(p, name, message, S3ServiceException);
  expect(err.$metadata.httpStatusCode).toBe(status);
  return err as S3ServiceException & Record<string, unknown>;
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('functionality', () => {
  describe('buckets', () => {
    it('creates, lists and deletes buckets', async () => {
      const { sim, s3 } = setup();
      sim.clock.advance(61_500);
      const created = await s3.send(new CreateBucketCommand({ Bucket: 'reference-data' }));
      expect(created.Location).toBe('/reference-data');
      await s3.send(new CreateBucketCommand({ Bucket: 'delivered' }));
      const list = await s3.send(new ListBucketsCommand({}));
      expect(list.Buckets?.map((b) => b.Name)).toEqual(['delivered', 'reference-data']);
      expect(list.Buckets?.[0]?.CreationDate).toEqual(new Date(T0 + 61_000));
      expect(list.Buckets?.[0]?.BucketRegion).toBe('us-east-1');
      expect(list.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
      const deleted = await s3.send(new DeleteBucketCommand({ Bucket: 'delivered' }));
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['reference-data']);
    });

    it('answers S3 request ids', async () => {
      const { s3 } = setup();
      const out = await s3.send(new ListBucketsCommand({}));
      expect(out.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(out.$metadata.extendedRequestId).toBeTruthy();
    });

    it('re-creating an own bucket in us-east-1 answers 200 and keeps its objects (AWS legacy behaviour)', async () => {
      const { s3 } = setup();
      await s3.send(new CreateBucketCommand({ Bucket: 'my-bucket' }));
      await s3.send(new PutObjectCommand({ Bucket: 'my-bucket', Key: 'k', Body: 'kept' }));
      const again = await s3.send(new CreateBucketCommand({ Bucket: 'my-bucket' }));
      expect(again.$metadata.httpStatusCode).toBe(200);
      expect(await (await s3.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'k' }))).Body?.transformToString()).toBe('kept');
    });

    it('creates a bucket in another region with the LocationConstraint the SDK adds', async () => {
      const { s3 } = setup({ region: 'eu-west-1' });
      const created = await s3.send(new CreateBucketCommand({ Bucket: 'eu-bucket' }));
      expect(created.Location).toBe('http://eu-bucket.s3.amazonaws.com/');
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }))).LocationConstraint).toBe('eu-west-1');
      expect((await s3.send(new HeadBucketCommand({ Bucket: 'eu-bucket' }))).BucketRegion).toBe('eu-west-1');
    });

    it('answers HeadBucket with the region, and GetBucketLocation with none in us-east-1', async () => {
      const { s3 } = setup();
      await s3.send(new CreateBucketCommand({ Bucket: 'my-bucket' }));
      expect((await s3.send(new HeadBucketCommand({ Bucket: 'my-bucket' }))).BucketRegion).toBe('us-east-1');
      expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'my-bucket' }))).LocationConstraint).toBeUndefined();
    });
  });

  describe('objects', () => {
    async function withBucket(options: SimulationOptions = {}) {
      const s = setup(options);
      await s.s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      return s;
    }

    it('puts a string and gets it back with ETag, Last-Modified, length and type', async () => {
      const { sim, s3 } = await withBucket();
      sim.clock.advance(3_700);
      const put = await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'hello.txt', Body: 'hello', ContentType: 'text/plain' }));
      expect(put.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
      expect(put.ServerSideEncryption).toBe('AES256');
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'hello.txt' }));
      expect(got.$metadata.httpStatusCode).toBe(200);
      expect(got.ETag).toBe(put.ETag);
      expect(got.LastModified).toEqual(new Date(T0 + 3_000));
      expect(got.ContentLength).toBe(5);
      expect(got.ContentType).toBe('text/plain');
      expect(got.AcceptRanges).toBe('bytes');
      expect(await got.Body?.transformToString()).toBe('hello');
    });

    it('stores what the SDK sends as Content-Type when none is given (application/octet-stream)', async () => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'x' }));
      expect((await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'k' }))).ContentType).toBe('application/octet-stream');
    });

    it('round-trips binary bytes from a Uint8Array', async () => {
      const { s3 } = await withBucket();
      const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 255);
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'blob.bin', Body: data }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'blob.bin' }));
      expect(got.ContentLength).toBe(data.length);
      expect(await got.Body?.transformToByteArray()).toEqual(data);
    });

    it('takes a Node Readable of known length (sent aws-chunked with a checksum trailer)', async () => {
      const { s3 } = await withBucket();
      const put = await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'streamed', Body: Readable.from([Buffer.from('abc'), Buffer.from('défg')]), ContentLength: 8 }));
      expect(put.ETag).toBe(`"${createHash('md5').update('abcdéfg').digest('hex')}"`);
      expect(await (await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'streamed' }))).Body?.transformToString()).toBe('abcdéfg');
    });

    it('answers a stream of unknown length with NotImplemented (Transfer-Encoding), as AWS does', async () => {
      const { s3 } = await withBucket();
      const err = await expectS3Error(s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: Readable.from(['abc']) })), 'NotImplemented', 501,
        'A header you provided implies functionality that is not implemented');
      expect(err.Header).toBe('Transfer-Encoding');
    });

    it('gives Node a stream.Readable body it can pipe', async () => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'piped' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k' }));
      expect(got.Body).toBeInstanceOf(Readable);
      const chunks: Buffer[] = [];
      for await (const c of got.Body as Readable) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('piped');
    });

    it('gives a web ReadableStream body where Node streams are missing (the browser path)', async () => {
      const { sim } = await withBucket();
      sim.s3.putObject('bkt', 'k', bytes('web'));
      const proc = process as { getBuiltinModule?: unknown };
      const original = proc.getBuiltinModule;
      proc.getBuiltinModule = undefined;
      let handler;
      try {
        handler = createRequestHandler(sim.handle);
      } finally {
        proc.getBuiltinModule = original;
      }
      const s3 = new S3Client({ region: sim.region, forcePathStyle: true, credentials, requestHandler: handler, maxAttempts: 1 });
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k' }));
      expect(got.Body).toBeInstanceOf(ReadableStream);
      expect(await got.Body?.transformToString()).toBe('web');
      const again = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k' }));
      const reader = again.Body!.transformToWebStream().getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('web');
    });

    it('round-trips user metadata (names lower-cased, as S3 does) and stored headers', async () => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({
        Bucket: 'bkt', Key: 'm', Body: '{}', Metadata: { Source: 'unit-test', 'x-trace': 'abc' },
        ContentType: 'application/json', CacheControl: 'no-cache', ContentDisposition: 'attachment; filename="m.json"', ContentEncoding: 'identity', ContentLanguage: 'en',
      }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'm' }));
      expect(head.Metadata).toEqual({ source: 'unit-test', 'x-trace': 'abc' });
      expect(head).toMatchObject({ ContentType: 'application/json', CacheControl: 'no-cache', ContentDisposition: 'attachment; filename="m.json"', ContentEncoding: 'identity', ContentLanguage: 'en', ContentLength: 2 });
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'm', ResponseContentType: 'text/plain' }));
      expect(got.ContentType).toBe('text/plain');
      expect(got.Metadata).toEqual({ source: 'unit-test', 'x-trace': 'abc' });
    });

    it.each(['with space/and+plus%percent', 'ünïcödé/日本語/😀', 'q?uery#hash&amp', 'dir/', '/leading//double', 'a=b;c,d'])('keeps the key %j exactly', async (key) => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: key, Body: key }));
      expect(await (await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: key }))).Body?.transformToString()).toBe(key);
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }))).Contents?.map((o) => o.Key)).toEqual([key]);
    });

    it.each([
      ['bytes=0-4', '01234', 'bytes 0-4/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ])('answers Range %s with 206 and the bytes asked for', async (range, body, contentRange) => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'digits', Body: '0123456789' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'digits', Range: range }));
      expect(got.$metadata.httpStatusCode).toBe(206);
      expect(got.ContentRange).toBe(contentRange);
      expect(got.ContentLength).toBe(body.length);
      expect(await got.Body?.transformToString()).toBe(body);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'digits', Range: range }));
      expect(head.ContentRange).toBe(contentRange);
    });

    it('ignores a Range it cannot read and sends the whole object', async () => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'digits', Body: '0123456789' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'digits', Range: 'bytes=5-2' }));
      expect(got.$metadata.httpStatusCode).toBe(200);
      expect(await got.Body?.transformToString()).toBe('0123456789');
    });

    it('answers HeadObject with the headers and no body', async () => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'abc' }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'k' }));
      expect(head).toMatchObject({ ContentLength: 3, ETag: '"900150983cd24fb0d6963f7d28e17f72"', LastModified: new Date(T0) });
      expect((head as { Body?: unknown }).Body).toBeUndefined();
    });

    it('deletes objects idempotently with 204', async () => {
      const { s3 } = await withBucket();
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'abc' }));
      expect((await s3.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'k' }))).$metadata.httpStatusCode).toBe(204);
      expect((await s3.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'k' }))).$metadata.httpStatusCode).toBe(204);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k' })), 'NoSuchKey', 404);
    });

    it('deletes many objects with DeleteObjects, quietly when asked', async () => {
      const { s3 } = await withBucket();
      for (const k of ['a', 'b&c', 'd']) await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: k, Body: k }));
      const out = await s3.send(new DeleteObjectsCommand({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'a' }, { Key: 'b&c' }, { Key: 'never-there' }] } }));
      expect(out.Deleted?.map((d) => d.Key)).toEqual(['a', 'b&c', 'never-there']);
      const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'd' }], Quiet: true } }));
      expect(quiet.Deleted).toBeUndefined();
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }))).KeyCount).toBe(0);
    });

    it('answers a client whose forcePathStyle is off too (virtual-hosted Host)', async () => {
      const { sim } = await withBucket();
      const s3 = new S3Client({ region: sim.region, credentials, requestHandler: sim.requestHandler, maxAttempts: 1 });
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'dir/k', Body: 'vhost' }));
      expect(await (await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'dir/k' }))).Body?.transformToString()).toBe('vhost');
    });
  });

  describe('ListObjectsV2', () => {
    async function withKeys(keys: readonly string[]) {
      const s = setup();
      await s.s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      // Straight into the store, as Firehose delivers.
      for (const k of keys) s.sim.s3.putObject('bkt', k, bytes(k));
      return s;
    }

    it('lists keys with size, ETag, dates and storage class', async () => {
      const { s3 } = await withKeys(['b', 'a']);
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }));
      expect(out).toMatchObject({ Name: 'bkt', Prefix: '', KeyCount: 2, MaxKeys: 1000, IsTruncated: false });
      expect(out.Contents).toEqual([
        { Key: 'a', Size: 1, ETag: '"0cc175b9c0f1b6a831c399e269772661"', LastModified: new Date(T0), StorageClass: 'STANDARD' },
        { Key: 'b', Size: 1, ETag: '"92eb5ffee6ae2fec3ad71c777531578f"', LastModified: new Date(T0), StorageClass: 'STANDARD' },
      ]);
      expect(out.NextContinuationToken).toBeUndefined();
    });

    it('rolls keys up into CommonPrefixes at the delimiter, under a prefix', async () => {
      const { s3 } = await withKeys(['2026/01/01/00/a', '2026/01/01/01/b', '2026/01/02/00/c', '2026/readme', 'errors/x']);
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', Prefix: '2026/', Delimiter: '/' }));
      expect(out.Contents?.map((o) => o.Key)).toEqual(['2026/readme']);
      expect(out.CommonPrefixes).toEqual([{ Prefix: '2026/01/' }]);
      expect(out).toMatchObject({ Prefix: '2026/', Delimiter: '/', KeyCount: 2 });
      const days = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', Prefix: '2026/01/', Delimiter: '/' }));
      expect(days.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['2026/01/01/', '2026/01/02/']);
      expect(days.Contents).toBeUndefined();
    });

    it('returns 1000 keys by default, then continues from NextContinuationToken', async () => {
      const keys = Array.from({ length: 1003 }, (_, i) => `k${String(i).padStart(5, '0')}`);
      const { s3 } = await withKeys(keys);
      const first = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }));
      expect(first).toMatchObject({ KeyCount: 1000, IsTruncated: true, MaxKeys: 1000 });
      expect(first.NextContinuationToken).toBeTruthy();
      const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', ContinuationToken: first.NextContinuationToken }));
      expect(rest).toMatchObject({ KeyCount: 3, IsTruncated: false, ContinuationToken: first.NextContinuationToken });
      expect(rest.Contents?.map((o) => o.Key)).toEqual(keys.slice(1000));
    });

    it('pages through everything with paginateListObjectsV2, each common prefix once', async () => {
      const { s3 } = await withKeys(['a', 'd/1', 'd/2', 'd/3', 'e', 'f/1', 'g', 'h', 'i/x/y']);
      const keys: string[] = [];
      const prefixes: string[] = [];
      let pages = 0;
      for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: 'bkt', Delimiter: '/' })) {
        pages++;
        expect(page.KeyCount).toBeLessThanOrEqual(2);
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      }
      expect(keys).toEqual(['a', 'e', 'g', 'h']);
      expect(prefixes).toEqual(['d/', 'f/', 'i/']);
      expect(pages).toBe(4);
    });

    it('starts after StartAfter and echoes it', async () => {
      const { s3 } = await withKeys(['a', 'b', 'c']);
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', StartAfter: 'a' }));
      expect(out.Contents?.map((o) => o.Key)).toEqual(['b', 'c']);
      expect(out.StartAfter).toBe('a');
    });

    it('answers MaxKeys 0 with an empty, untruncated page', async () => {
      const { s3 } = await withKeys(['a']);
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', MaxKeys: 0 }));
      expect(out).toMatchObject({ KeyCount: 0, IsTruncated: false, MaxKeys: 0 });
      expect(out.Contents).toBeUndefined();
    });

    it('lists the owner only when FetchOwner is set', async () => {
      const { s3 } = await withKeys(['a']);
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }))).Contents?.[0]?.Owner).toBeUndefined();
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', FetchOwner: true }))).Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('the store behind it', () => {
    it('tells observers about what SDK calls change', async () => {
      const { sim, s3 } = setup();
      const events: unknown[] = [];
      sim.s3.observe((e) => events.push(e));
      await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'abc' }));
      await s3.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'k' }));
      await s3.send(new DeleteBucketCommand({ Bucket: 'bkt' }));
      expect(events).toEqual([
        { type: 'bucketCreated', bucket: 'bkt', t: T0 },
        { type: 'objectPut', bucket: 'bkt', key: 'k', size: 3, t: T0 },
        { type: 'objectDeleted', bucket: 'bkt', key: 'k', size: 3, t: T0 },
        { type: 'bucketDeleted', bucket: 'bkt', t: T0 },
      ]);
    });

    it('serves Kinesis and S3 through the same requestHandler', async () => {
      const { sim, s3 } = setup();
      const kinesis = new KinesisClient({ region: sim.region, credentials, requestHandler: sim.requestHandler, maxAttempts: 1 });
      await kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 1 }));
      await s3.send(new CreateBucketCommand({ Bucket: 'orders-archive' }));
      expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual(['orders']);
      expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['orders-archive']);
    });
  });
});

describe('validations', () => {
  it.each(['ab', 'Upper-Case', 'under_score', 'ends-with-dash-', 'two..dots', '10.0.0.1', 'xn--punycode', 'a'.repeat(64)])(
    'refuses the bucket name %j with InvalidBucketName (400)', async (name) => {
      const { s3 } = setup();
      const err = await expectS3Error(s3.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400, 'The specified bucket is not valid.');
      expect(err.BucketName).toBe(name);
    });

  it('refuses a key over 1024 bytes with KeyTooLongError', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    const err = await expectS3Error(s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k'.repeat(1025), Body: 'x' })), 'KeyTooLongError', 400, 'Your key is too long');
    expect(err.MaxSizeAllowed).toBe('1024');
  });

  it('refuses user metadata over 2 KB with MetadataTooLarge', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await expectS3Error(s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'x', Metadata: { big: 'x'.repeat(2100) } })), 'MetadataTooLarge', 400,
      'Your metadata headers exceed the maximum allowed metadata size');
  });

  it('refuses a Content-MD5 that does not match the body with BadDigest', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await expectS3Error(s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'abc', ContentMD5: '1B2M2Y8AsgTpgAmY7PhCfg==' })), 'BadDigest', 400,
      'The Content-MD5 you specified did not match what we received.');
    const ok = await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'abc', ContentMD5: 'kAFQmDzST7DWlj99KOF/cg==' }));
    expect(ok.ETag).toBe('"900150983cd24fb0d6963f7d28e17f72"');
  });

  it('refuses a ContinuationToken it did not issue with InvalidArgument', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await expectS3Error(s3.send(new ListObjectsV2Command({ Bucket: 'bkt', ContinuationToken: 'bm90LW91cnM=' })), 'InvalidArgument', 400, 'The continuation token provided is incorrect');
  });

  it('refuses a negative MaxKeys with InvalidArgument', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await expectS3Error(s3.send(new ListObjectsV2Command({ Bucket: 'bkt', MaxKeys: -1 })), 'InvalidArgument', 400, 'Argument maxKeys must be an integer between 0 and 2147483647');
  });

  it('refuses a missing or foreign LocationConstraint outside us-east-1, and naming us-east-1 inside it', async () => {
    const eu = setup({ region: 'eu-west-1' }, { region: 'us-east-1' });
    await expectS3Error(eu.s3.send(new CreateBucketCommand({ Bucket: 'bkt' })), 'IllegalLocationConstraintException', 400,
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.');
    await expectS3Error(eu.s3.send(new CreateBucketCommand({ Bucket: 'bkt', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } })), 'IllegalLocationConstraintException', 400,
      'The eu-central-1 location constraint is incompatible for the region specific endpoint this request was sent to.');
    const us = setup();
    const err = await expectS3Error(us.s3.send(new CreateBucketCommand({ Bucket: 'bkt', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })), 'InvalidLocationConstraint', 400,
      'The specified location-constraint is not valid');
    expect(err.LocationConstraint).toBe('us-east-1');
  });
});

describe('errors', () => {
  it('answers NoSuchBucket (404) for every operation on a missing bucket', async () => {
    const { s3 } = setup();
    const calls: Promise<unknown>[] = [
      s3.send(new PutObjectCommand({ Bucket: 'missing-bucket', Key: 'k', Body: 'x' })),
      s3.send(new GetObjectCommand({ Bucket: 'missing-bucket', Key: 'k' })),
      s3.send(new ListObjectsV2Command({ Bucket: 'missing-bucket' })),
      s3.send(new DeleteObjectCommand({ Bucket: 'missing-bucket', Key: 'k' })),
      s3.send(new DeleteObjectsCommand({ Bucket: 'missing-bucket', Delete: { Objects: [{ Key: 'k' }] } })),
      s3.send(new DeleteBucketCommand({ Bucket: 'missing-bucket' })),
    ];
    for (const call of calls) {
      const err = await expectS3Error(call, 'NoSuchBucket', 404, 'The specified bucket does not exist');
      expect(err.BucketName).toBe('missing-bucket');
      expect(err.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    }
  });

  it('answers NoSuchKey (404) with the key', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    const err = await expectS3Error(s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'no/such' })), 'NoSuchKey', 404, 'The specified key does not exist.');
    expect(err.Key).toBe('no/such');
  });

  it('answers HEAD errors without a body: the SDK names a 404 NotFound', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'nope' })), 'NotFound', 404);
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket: 'missing-bucket', Key: 'nope' })), 'NotFound', 404);
    await expectS3Error(s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' })), 'NotFound', 404);
  });

  it('answers BucketAlreadyOwnedByYou (409) outside us-east-1', async () => {
    const { s3 } = setup({ region: 'eu-west-1' });
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    const err = await expectS3Error(s3.send(new CreateBucketCommand({ Bucket: 'bkt' })), 'BucketAlreadyOwnedByYou', 409,
      'Your previous request to create the named bucket succeeded and you already own it.');
    expect(err.BucketName).toBe('bkt');
  });

  it('answers BucketNotEmpty (409) to deleting a bucket with objects', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'x' }));
    await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket: 'bkt' })), 'BucketNotEmpty', 409, 'The bucket you tried to delete is not empty');
  });

  it('answers InvalidRange (416) to a range past the end', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'abc' }));
    const err = await expectS3Error(s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k', Range: 'bytes=5-9' })), 'InvalidRange', 416, 'The requested range is not satisfiable');
    expect(err.RangeRequested).toBe('bytes=5-9');
    expect(err.ActualObjectSize).toBe('3');
  });

  it('answers NotImplemented (501) to operations Shardlab does not simulate', async () => {
    const { s3 } = setup();
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'x' }));
    await expectS3Error(s3.send(new CopyObjectCommand({ Bucket: 'bkt', Key: 'k2', CopySource: 'bkt/k' })), 'NotImplemented', 501);
    await expectS3Error(s3.send(new PutObjectTaggingCommand({ Bucket: 'bkt', Key: 'k', Tagging: { TagSet: [] } })), 'NotImplemented', 501);
  });
});
