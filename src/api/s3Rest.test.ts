/**
 * The S3 REST router on raw requests (the wire documents themselves), the service router that
 * puts it beside AWS JSON 1.1, and the requestHandler's stream and aws-chunked handling.
 */
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { S3Store } from '../core/s3/store.js';
import type { JsonService, WireRequest, WireResponse } from './awsJson.js';
import { createRequestHandler } from './requestHandler.js';
import { createServiceRouter } from './router.js';
import { createS3Router } from './s3Rest.js';
import { S3_XMLNS } from './s3Xml.js';

const T0 = Date.UTC(2026, 0, 1);
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

function setup(region = 'us-east-1') {
  const store = new S3Store({ now: () => T0, region });
  const onInternalError = vi.fn();
  const router = createS3Router(store, { region, onInternalError });
  return { store, router, onInternalError };
}

const req = (method: string, path: string, extra: Partial<WireRequest> = {}): WireRequest => ({ method, path, headers: {}, body: undefined, ...extra });
const text = (res: WireResponse): string => new TextDecoder().decode(res.body as Uint8Array);
async function drain(body: WireResponse['body']): Promise<string> {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  let out = '';
  for await (const c of body) out += new TextDecoder().decode(c);
  return out;
}

describe('documents', () => {
  it('writes ListBuckets in S3 namespace', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const res = await router(req('GET', '/'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['Content-Type']).toBe('application/xml');
    expect(text(res)).toMatch(new RegExp(`^${DECL.replace(/\?/g, '\\?')}<ListAllMyBucketsResult xmlns="${S3_XMLNS}"><Owner><ID>[0-9a-f]{64}</ID></Owner><Buckets><Bucket><Name>bkt</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate><BucketRegion>us-east-1</BucketRegion></Bucket></Buckets></ListAllMyBucketsResult>$`));
  });

  it('writes errors as S3 <Error> documents with the request id inside and out', async () => {
    const { router } = setup();
    const res = await router(req('GET', '/missing-bucket/k'));
    expect(res.statusCode).toBe(404);
    const id = res.headers['x-amz-request-id']!;
    expect(id).toMatch(/^[0-9A-F]{16}$/);
    expect(res.headers['Content-Type']).toBe('application/xml');
    expect(text(res)).toBe(`${DECL}<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>missing-bucket</BucketName><RequestId>${id}</RequestId><HostId>${res.headers['x-amz-id-2']}</HostId></Error>`);
  });

  it('answers HEAD errors with the status and no body', async () => {
    const { router } = setup();
    const res = await router(req('HEAD', '/missing-bucket/k'));
    expect(res.statusCode).toBe(404);
    expect((res.body as Uint8Array).byteLength).toBe(0);
    expect(res.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
  });

  it('escapes keys in XML and lists the ETag quoted', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    store.putObject('bkt', 'a<b>&"c"', new Uint8Array(0));
    const body = text(await router(req('GET', '/bkt', { query: { 'list-type': '2' } })));
    expect(body).toContain('<Key>a&lt;b&gt;&amp;&quot;c&quot;</Key>');
    expect(body).toContain('<ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>');
    expect(body).toContain('<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>');
  });

  it('lists v1 (no list-type) with Marker, and NextMarker only with a delimiter', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    for (const k of ['a', 'b/1', 'b/2', 'c']) store.putObject('bkt', k, new Uint8Array(0));
    const plain = text(await router(req('GET', '/bkt', { query: { 'max-keys': '1', marker: 'a' } })));
    expect(plain).toContain('<Marker>a</Marker>');
    expect(plain).toContain('<Key>b/1</Key>');
    expect(plain).not.toContain('NextMarker');
    const rolled = text(await router(req('GET', '/bkt', { query: { 'max-keys': '2', delimiter: '/' } })));
    expect(rolled).toContain('<NextMarker>b/</NextMarker>');
    expect(rolled).toContain('<CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes>');
    const next = text(await router(req('GET', '/bkt', { query: { marker: 'b/', delimiter: '/' } })));
    expect(next).toContain('<Key>c</Key>');
    expect(next).not.toContain('<Key>b/');
    expect(next).not.toContain('<CommonPrefixes>');
  });

  it('pages ListBuckets with max-buckets and a continuation token', async () => {
    const { store, router } = setup();
    for (const b of ['aaa', 'bbb', 'ccc']) store.createBucket(b);
    const first = text(await router(req('GET', '/', { query: { 'max-buckets': '2' } })));
    const token = /<ContinuationToken>(.+)<\/ContinuationToken>/.exec(first)?.[1];
    expect(first.match(/<Name>/g)).toHaveLength(2);
    expect(token).toBeTruthy();
    const rest = text(await router(req('GET', '/', { query: { 'continuation-token': token! } })));
    expect(rest).toContain('<Name>ccc</Name>');
    expect(rest).not.toContain('<Name>aaa</Name>');
    const bad = await router(req('GET', '/', { query: { 'max-buckets': '0' } }));
    expect(bad.statusCode).toBe(400);
    expect(text(bad)).toContain('<Message>max-buckets must be an integer between 1 and 10000</Message><ArgumentName>max-buckets</ArgumentName><ArgumentValue>0</ArgumentValue>');
  });
});

describe('requests', () => {
  it('decodes the path, takes a query written into it, and ignores x-id', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const put = await router(req('PUT', '/bkt/a%20b/%C3%BC%2B.txt?x-id=PutObject', { body: 'x' }));
    expect(put.statusCode).toBe(200);
    expect(store.headObject('bkt', 'a b/ü+.txt').ok).toBe(true);
    expect(text(await router(req('GET', '/bkt?list-type=2&prefix=a%20')))).toContain('<Key>a b/ü+.txt</Key>');
  });

  it('stores S3 default Content-Type when the request has none, and x-amz-meta-* headers', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    await router(req('PUT', '/bkt/k', { body: new Uint8Array([1]), headers: { 'X-Amz-Meta-Color': 'blue' } }));
    const res = await router(req('HEAD', '/bkt/k'));
    expect(res.headers['Content-Type']).toBe('binary/octet-stream');
    expect(res.headers['x-amz-meta-color']).toBe('blue');
    expect(res.headers['Content-Length']).toBe('1');
    expect(res.headers['Last-Modified']).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
  });

  it('understands a virtual-hosted Host', async () => {
    const { store, router } = setup();
    store.createBucket('my.bucket');
    store.putObject('my.bucket', 'dir/k', new TextEncoder().encode('v'));
    const res = await router(req('GET', '/dir/k', { headers: { host: 'my.bucket.s3.us-east-1.amazonaws.com' } }));
    expect(res.statusCode).toBe(200);
    expect(await drain(res.body)).toBe('v');
  });

  it('streams a GetObject body in pieces', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    store.putObject('bkt', 'big', new Uint8Array(200_000).fill(65));
    const res = await router(req('GET', '/bkt/big'));
    expect(res.body).not.toBeInstanceOf(Uint8Array);
    let pieces = 0;
    let size = 0;
    for await (const c of res.body as AsyncIterable<Uint8Array>) {
      pieces++;
      size += c.byteLength;
    }
    expect([pieces, size]).toEqual([4, 200_000]);
  });

  it('sends the whole object for a multi-range request', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    store.putObject('bkt', 'k', new TextEncoder().encode('0123456789'));
    const res = await router(req('GET', '/bkt/k', { headers: { range: 'bytes=0-1,4-5' } }));
    expect(res.statusCode).toBe(200);
    expect(await drain(res.body)).toBe('0123456789');
  });

  it.each([
    ['PATCH', '/bkt/k', 405, 'MethodNotAllowed'],
    ['POST', '/bkt', 405, 'MethodNotAllowed'],
    ['DELETE', '/', 405, 'MethodNotAllowed'],
    ['GET', '/bkt?acl', 501, 'NotImplemented'],
    ['POST', '/bkt/k?uploads', 501, 'NotImplemented'],
    ['GET', '/bkt/%E0%A4%A', 400, 'InvalidURI'],
  ])('answers %s %s with %i %s', async (method, path, status, code) => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const res = await router(req(method, path));
    expect(res.statusCode).toBe(status);
    expect(text(res)).toContain(`<Code>${code}</Code>`);
  });

  it.each([
    ['abc', 'Provided max-keys not an integer or within integer range'],
    ['99999999999', 'Provided max-keys not an integer or within integer range'],
    ['-1', 'Argument maxKeys must be an integer between 0 and 2147483647'],
  ])('refuses max-keys %j with InvalidArgument', async (maxKeys, message) => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const res = await router(req('GET', '/bkt', { query: { 'list-type': '2', 'max-keys': maxKeys } }));
    expect(res.statusCode).toBe(400);
    expect(text(res)).toContain(`<Code>InvalidArgument</Code><Message>${message}</Message>`);
  });

  it('refuses a malformed Content-MD5 with InvalidDigest', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const res = await router(req('PUT', '/bkt/k', { body: 'x', headers: { 'content-md5': 'not-md5' } }));
    expect(res.statusCode).toBe(400);
    expect(text(res)).toContain('<Code>InvalidDigest</Code><Message>The Content-MD5 you specified was invalid.</Message>');
  });

  it('refuses a body shorter than x-amz-decoded-content-length with IncompleteBody', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const res = await router(req('PUT', '/bkt/k', { body: 'abc', headers: { 'x-amz-decoded-content-length': '5' } }));
    expect(res.statusCode).toBe(400);
    expect(text(res)).toContain('<Code>IncompleteBody</Code>');
  });

  it.each([
    ['not XML at all', '<Nope/>'],
    ['no objects', '<Delete></Delete>'],
    ['an object without a key', '<Delete><Object><VersionId>1</VersionId></Object></Delete>'],
    ['1001 objects', `<Delete>${'<Object><Key>k</Key></Object>'.repeat(1001)}</Delete>`],
  ])('refuses a DeleteObjects document with %s as MalformedXML', async (_name, body) => {
    const { store, router } = setup();
    store.createBucket('bkt');
    const res = await router(req('POST', '/bkt', { query: { delete: '' }, body }));
    expect(res.statusCode).toBe(400);
    expect(text(res)).toContain('<Code>MalformedXML</Code>');
  });

  it('decodes XML entities in DeleteObjects keys', async () => {
    const { store, router } = setup();
    store.createBucket('bkt');
    store.putObject('bkt', 'a&b<c>', new Uint8Array(0));
    const res = await router(req('POST', '/bkt', { query: { delete: null }, body: '<Delete><Object><Key>a&amp;b&lt;c&#62;</Key></Object></Delete>' }));
    expect(text(res)).toBe(`${DECL}<DeleteResult xmlns="${S3_XMLNS}"><Deleted><Key>a&amp;b&lt;c&gt;</Key></Deleted></DeleteResult>`);
    expect(store.headObject('bkt', 'a&b<c>').ok).toBe(false);
  });

  it('answers a bug as 500 InternalError and reports it', async () => {
    const { store, router, onInternalError } = setup();
    vi.spyOn(store, 'listBuckets').mockImplementation(() => {
      throw new Error('boom');
    });
    const res = await router(req('GET', '/'));
    expect(res.statusCode).toBe(500);
    expect(text(res)).toContain('<Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message>');
    expect(onInternalError).toHaveBeenCalledOnce();
  });
});

describe('createServiceRouter', () => {
  const kinesis: JsonService = { targetPrefix: 'Kinesis_20131202', dispatch: async () => ({ ok: true, value: { StreamNames: [] } }) };

  it('sends targeted and JSON-typed requests to the JSON router and the rest to S3', async () => {
    const { router: s3 } = setup();
    const handle = createServiceRouter({ json: [kinesis], s3 });
    const json = await handle(req('POST', '/', { headers: { 'X-Amz-Target': 'Kinesis_20131202.ListStreams' }, body: '{}' }));
    expect(new TextDecoder().decode(json.body as Uint8Array)).toBe('{"StreamNames":[]}');
    const untargeted = await handle(req('POST', '/', { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }));
    expect(new TextDecoder().decode(untargeted.body as Uint8Array)).toBe('{"__type":"UnknownOperationException"}');
    const rest = await handle(req('GET', '/'));
    expect(text(rest)).toContain('<ListAllMyBucketsResult');
  });

  it('is the JSON router alone without S3', async () => {
    const handle = createServiceRouter({ json: [kinesis] });
    const res = await handle(req('GET', '/'));
    expect(res.statusCode).toBe(403);
  });
});

describe('requestHandler with S3 bodies', () => {
  /** A handler over a router that records what it was given. */
  function recording(options?: Parameters<typeof createRequestHandler>[1]) {
    const seen: WireRequest[] = [];
    const handler = createRequestHandler(async (r) => {
      seen.push(r);
      return { statusCode: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: (async function* () { yield new Uint8Array([104, 105]); })() };
    }, options);
    const send = (body: unknown, headers: Record<string, string> = {}) =>
      handler.handle({ method: 'PUT', protocol: 'https:', hostname: 'h', path: '/bkt/k', query: { 'x-id': 'PutObject' }, headers, body } as never);
    return { seen, send };
  }

  it('decodes an aws-chunked body with chunk signatures and moves the trailer into the headers', async () => {
    const { seen, send } = recording();
    const framed = '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=fff\r\nx-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:zzz\r\n\r\n';
    await send(Readable.from([Buffer.from(framed.slice(0, 9)), Buffer.from(framed.slice(9))]), {
      'content-encoding': 'aws-chunked,gzip', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': '11',
    });
    const r = seen[0]!;
    expect(new TextDecoder().decode(r.body as Uint8Array)).toBe('hello world');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['x-amz-checksum-crc32']).toBe('DUoRhQ==');
    expect(r.headers['x-amz-trailer-signature']).toBeUndefined();
    expect(r.query).toEqual({ 'x-id': 'PutObject' });
  });

  it('collects a Blob, a web ReadableStream and a Node Readable of strings', async () => {
    const { seen, send } = recording();
    await send(new Blob(['blob ', 'body']));
    await send(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('web ')); c.enqueue(new TextEncoder().encode('stream')); c.close(); } }));
    await send(Readable.from(['node ', 'strings'], { objectMode: true }));
    expect(seen.map((r) => new TextDecoder().decode(r.body as Uint8Array))).toEqual(['blob body', 'web stream', 'node strings']);
  });

  it('keeps a plain string or bytes body as it is (the Kinesis path)', async () => {
    const { seen, send } = recording();
    const u8 = new Uint8Array([1, 2]);
    await send('{"a":1}');
    await send(u8);
    expect(seen[0]!.body).toBe('{"a":1}');
    expect(seen[1]!.body).toBe(u8);
  });

  it('turns a streamed response body into a Node Readable, or what streamBody makes', async () => {
    const { send } = recording();
    const { response } = await send(undefined);
    expect(response.body).toBeInstanceOf(Readable);
    const custom = recording({ streamBody: () => 'custom' });
    expect((await custom.send(undefined)).response.body).toBe('custom');
  });
});
