import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildHttpRequest } from './httpEndpoint';
import { DEMO_KEYS, endpointKey, parseUrl, PARTNER_URLS, receiveFirehose, vendorOf } from './receivers';

const enc = new TextEncoder();
const NOW = Date.UTC(2026, 0, 1);
const request = (url: string, records: string[], over: { accessKey?: string; gzip?: boolean; attrs?: Record<string, string> } = {}) => buildHttpRequest({
  url, contentEncoding: over.gzip ? 'GZIP' : 'NONE', requestId: 'req-1', timestamp: NOW, sourceArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/d',
  records: records.map((r) => enc.encode(r)), ...(over.accessKey !== undefined ? { accessKey: over.accessKey } : {}),
  ...(over.attrs ? { commonAttributes: Object.entries(over.attrs).map(([AttributeName, AttributeValue]) => ({ AttributeName, AttributeValue })) } : {}),
});
const body = (r: ReturnType<typeof receiveFirehose>) => JSON.parse(new TextDecoder().decode(r.response.body as Uint8Array)) as Record<string, unknown>;

describe('which URLs are simulated', () => {
  it('knows every partner intake URL it offers, Splunk HEC paths and *.shardlab.test; nothing else', () => {
    for (const { url } of PARTNER_URLS.datadog) expect(vendorOf(url)?.vendor).toBe('datadog');
    for (const { url } of PARTNER_URLS.newrelic) expect(vendorOf(url)?.vendor).toBe('newrelic');
    expect(vendorOf(PARTNER_URLS.mongodb[0].url)?.vendor).toBe('mongodb');
    expect(vendorOf('https://us-east-1.aws.data.mongodb-api.com/app/x/endpoint/in')?.vendor).toBe('mongodb');
    expect(vendorOf('https://hec.example.com:8088/services/collector/raw')?.vendor).toBe('splunk');
    expect(vendorOf('http://10.0.0.5:8088/services/collector/event')?.vendor).toBe('splunk'); // every HEC is simulated
    expect(vendorOf('https://demo.shardlab.test/ingest')?.vendor).toBe('shardlab');
    expect(vendorOf('https://example.com/v1/input')).toBeUndefined();
    expect(vendorOf('https://aws-kinesis-http-intake.logs.datadoghq.com/v2/other')).toBeUndefined();
    expect(vendorOf('http://aws-api.newrelic.com/firehose/v1')).toBeUndefined(); // https only
    expect(vendorOf('not a url')).toBeUndefined();
  });

  it('keys an endpoint by origin and path (a Splunk HEC by its origin)', () => {
    expect(endpointKey('https://aws-api.newrelic.com/firehose/v1/?x=1')).toBe('https://aws-api.newrelic.com/firehose/v1');
    expect(endpointKey('https://hec.example.com:443/services/collector/ack?channel=c')).toBe('https://hec.example.com');
    expect(parseUrl('HTTPS://User@Host.Example.com:8443/a/b?q#f')).toEqual({ protocol: 'https:', hostname: 'host.example.com', origin: 'https://host.example.com:8443', pathname: '/a/b' });
    expect(parseUrl('http://[::1]:80')).toMatchObject({ origin: 'http://[::1]', pathname: '/' });
  });
});

describe('receiving a Firehose request', () => {
  it('Datadog: 403 with the protocol error body for a bad API key; logs (CloudWatch Logs events unpacked) for a good one', () => {
    const url = PARTNER_URLS.datadog[0].url;
    const bad = receiveFirehose('datadog', request(url, ['x'], { accessKey: 'nope' }), NOW, 0);
    expect(bad.response.status).toBe(403);
    expect(bad.response.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(body(bad)).toEqual({ requestId: 'req-1', timestamp: NOW, errorMessage: 'Forbidden: the API key is missing or invalid.' });
    const cwl = gzipSync(enc.encode(JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: '/app', logStream: 's1', logEvents: [{ message: 'one', timestamp: 5 }, { message: 'two', timestamp: 6 }] })));
    const req = request(url, ['hello'], { accessKey: DEMO_KEYS.datadog, gzip: true, attrs: { env: 'dev' } });
    const withCwl = { ...req, body: gzipSync(enc.encode(JSON.stringify({ requestId: 'req-1', timestamp: NOW, records: [{ data: Buffer.from('hello').toString('base64') }, { data: Buffer.from(cwl).toString('base64') }] }))) };
    const good = receiveFirehose('datadog', withCwl, NOW, 0);
    expect(good.response.status).toBe(200);
    expect(body(good)).toEqual({ requestId: 'req-1', timestamp: NOW });
    expect(good.items.map((i) => i.doc.message)).toEqual(['hello', 'one', 'two']);
    expect(good.items[1]!.doc).toMatchObject({ date: new Date(5).toISOString(), logGroup: '/app', logStream: 's1', tags: ['source:firehose', 'env:dev'] });
  });

  it('New Relic: license keys of 40 characters (or NRII- insert keys); logs carry the common attributes', () => {
    const url = PARTNER_URLS.newrelic[0].url;
    expect(receiveFirehose('newrelic', request(url, ['x'], { accessKey: 'short' }), NOW, 0).response.status).toBe(403);
    expect(receiveFirehose('newrelic', request(url, ['x']), NOW, 0).response.status).toBe(403);
    const ok = receiveFirehose('newrelic', request(url, ['{"level":"error"}'], { accessKey: DEMO_KEYS.newrelic, attrs: { logtype: 'nginx' } }), NOW, 0);
    expect(ok.items.map((i) => i.doc)).toEqual([{ timestamp: NOW, message: '{"level":"error"}', logtype: 'nginx', level: 'error' }]);
    expect(receiveFirehose('newrelic', request(url, ['x'], { accessKey: `NRII-${'a'.repeat(32)}` }), NOW, 0).response.status).toBe(200);
  });

  it('MongoDB: needs an API key, inserts JSON documents, refuses the whole request if one record is not JSON', () => {
    const url = PARTNER_URLS.mongodb[0].url;
    expect(receiveFirehose('mongodb', request(url, ['{}']), NOW, 0).response.status).toBe(401);
    const bad = receiveFirehose('mongodb', request(url, ['{"a":1}', 'oops'], { accessKey: 'k' }), NOW, 0);
    expect(bad.response.status).toBe(400);
    expect(bad.items).toEqual([]);
    expect(body(bad).errorMessage).toMatch(/Record 2 is not a JSON document/);
    const ok = receiveFirehose('mongodb', request(url, ['{"a":1}', '{"b":2}\n'], { accessKey: 'k' }), NOW, 7);
    expect(ok.items.map((i) => i.doc)).toEqual([
      { _id: { $oid: `${(NOW / 1000).toString(16)}0000000000000007` }, a: 1 },
      { _id: { $oid: `${(NOW / 1000).toString(16)}0000000000000008` }, b: 2 },
    ]);
  });

  it('answers 400 to a body that is not a Firehose request', () => {
    const r = receiveFirehose('shardlab', { url: 'https://t.shardlab.test/', method: 'POST', headers: { 'X-Amz-Firehose-Request-Id': 'r9' }, body: enc.encode('{"nope":1}') }, NOW, 0);
    expect(r.response.status).toBe(400);
    expect(body(r)).toMatchObject({ requestId: 'r9' });
  });
});
