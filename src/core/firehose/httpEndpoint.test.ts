import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  HTTP_ERRORS, MAX_RESPONSE_BODY, buildHttpRequest, checkHttpResponse, httpFailedRecord, retryDelay, retryDelays, timeoutVerdict,
} from './httpEndpoint';

const enc = new TextEncoder();
const ID = 'ed4acda5-034f-9f42-bba1-f29aea6d7d8f';
const ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/testStream';
const base = {
  url: 'https://example.com/ingest?x=1',
  contentEncoding: 'NONE' as const,
  requestId: ID,
  timestamp: 1578090901599,
  sourceArn: ARN,
  records: [enc.encode('hello'), enc.encode('hello world'), new Uint8Array(0)],
};
const BODY = `{"requestId":"${ID}","timestamp":1578090901599,"records":[{"data":"aGVsbG8="},{"data":"aGVsbG8gd29ybGQ="},{"data":""}]}`;
const json = { 'Content-Type': 'application/json' };

describe('buildHttpRequest', () => {
  it('builds the POST with the protocol headers and the JSON body', () => {
    const req = buildHttpRequest({ ...base, accessKey: 'secret-key', commonAttributes: [{ AttributeName: 'env', AttributeValue: 'pre-prod' }, { AttributeName: 'empty', AttributeValue: '' }] });
    expect(req.url).toBe('https://example.com/ingest?x=1');
    expect(req.method).toBe('POST');
    expect(req.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Amz-Firehose-Protocol-Version': '1.0',
      'X-Amz-Firehose-Request-Id': ID,
      'X-Amz-Firehose-Source-Arn': ARN,
      'X-Amz-Firehose-Access-Key': 'secret-key',
      'X-Amz-Firehose-Common-Attributes': '{"commonAttributes":{"env":"pre-prod","empty":""}}',
    });
    expect(new TextDecoder().decode(req.body)).toBe(BODY);
  });

  it('omits the access key when none is configured', () => {
    const req = buildHttpRequest(base);
    expect(Object.keys(req.headers)).not.toContain('X-Amz-Firehose-Access-Key');
    expect(req.headers['X-Amz-Firehose-Common-Attributes']).toBe('{"commonAttributes":{}}');
    expect(req.headers['Content-Encoding']).toBeUndefined();
  });

  it('gzips the body and says so with ContentEncoding GZIP', () => {
    const req = buildHttpRequest({ ...base, contentEncoding: 'GZIP' });
    expect(req.headers['Content-Encoding']).toBe('gzip');
    expect([req.body[0], req.body[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(req.body).toString('utf8')).toBe(BODY);
  });
});

describe('checkHttpResponse', () => {
  const ok = (body: unknown, headers: Record<string, string> = json, status = 200) =>
    checkHttpResponse(ID, { status, headers, body: typeof body === 'string' ? body : enc.encode(JSON.stringify(body)) });

  it('succeeds only on 200 with an application/json body echoing the requestId', () => {
    expect(ok({ requestId: ID, timestamp: 1578090903599 })).toEqual({ ok: true });
    expect(ok({ requestId: ID, timestamp: 1 }, { 'content-type': 'application/json; charset=utf-8' })).toEqual({ ok: true });
    expect(ok(`{"requestId":"${ID}","timestamp":1}`)).toEqual({ ok: true });
  });

  it('treats a non-conforming answer as a 500 without body: retried', () => {
    const invalid = { ok: false, retry: true, errorCode: HTTP_ERRORS.invalidResponse, errorMessage: expect.stringMatching(/^The response received from the specified endpoint is invalid/) };
    expect(ok({ requestId: 'other', timestamp: 1 })).toEqual(invalid);
    expect(ok({ timestamp: 1 })).toEqual(invalid);
    expect(ok({ requestId: ID }, { 'Content-Type': 'text/plain' })).toEqual(invalid);
    expect(ok({ requestId: ID }, {})).toEqual(invalid);
    expect(ok({ requestId: ID }, { ...json, 'Content-Encoding': 'gzip' })).toEqual(invalid);
    expect(ok('not json')).toEqual(invalid);
    expect(ok([ID])).toEqual(invalid);
    expect(ok({ requestId: ID }, json, 302)).toEqual(invalid); // redirects are not followed
    expect(checkHttpResponse(ID, { status: 500, headers: {} })).toEqual(invalid);
  });

  it('retries other statuses, keeping the body as the error message', () => {
    const body = `{"requestId": "${ID}", "timestamp": 1594266081268, "errorMessage": "Unauthorized"}`;
    expect(ok(body, json, 401)).toEqual({
      ok: false, retry: true, errorCode: 'HttpEndpoint.DestinationException', errorMessage: `Received the following response from the endpoint destination. ${body}`,
    });
    expect(ok({ requestId: ID, timestamp: 1 }, json, 204)).toMatchObject({ ok: false, retry: true });
    expect(ok({ requestId: ID, timestamp: 1 }, json, 503)).toMatchObject({ ok: false, retry: true, errorCode: HTTP_ERRORS.destinationException });
  });

  it('gives up at once on 413 (not retried, not backed up)', () => {
    expect(ok({ requestId: ID, timestamp: 1, errorMessage: 'too big' }, json, 413)).toMatchObject({ ok: false, retry: false });
    expect(checkHttpResponse(ID, { status: 413, headers: {} })).toMatchObject({ ok: false, retry: false });
  });

  it('refuses a body over 1 MiB', () => {
    const big = `{"requestId":"${ID}","pad":"${'x'.repeat(MAX_RESPONSE_BODY)}"}`;
    expect(ok(big)).toMatchObject({ ok: false, retry: true, errorCode: 'HttpEndpoint.ResponseTooLarge' });
    expect(timeoutVerdict).toMatchObject({ ok: false, retry: true, errorCode: 'HttpEndpoint.RequestTimeout' });
  });
});

describe('retry backoff', () => {
  it('doubles from 1 s with ±15 % jitter, capped at 2 minutes', () => {
    const mid = () => 0.5;
    expect(retryDelays(8, mid)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 120_000]);
    expect(retryDelay(0, () => 0)).toBe(850);
    expect(retryDelay(3, () => 0)).toBe(6800);
    expect(retryDelay(3, () => 0.999999)).toBe(9200);
    expect(retryDelay(6, () => 0.999999)).toBe(73_600);
    expect(retryDelay(20, () => 0)).toBe(120_000);
  });
});

describe('httpFailedRecord', () => {
  it("writes AWS's http-endpoint-failed line", () => {
    expect(httpFailedRecord({
      attemptsMade: 5,
      arrivalTimestamp: 1594265943615,
      errorCode: 'HttpEndpoint.DestinationException',
      errorMessage: 'Received the following response from the endpoint destination. {"errorMessage": "Unauthorized"}',
      attemptEndingTimestamp: 1594266081318,
      rawData: 'c2FtcGxlIHJhdyBkYXRh',
      dataId: '49607357361271740811418664280693044274821622880012337186.0',
    })).toBe(
      '{"attemptsMade":5,"arrivalTimestamp":1594265943615,"errorCode":"HttpEndpoint.DestinationException",' +
        '"errorMessage":"Received the following response from the endpoint destination. {\\"errorMessage\\": \\"Unauthorized\\"}",' +
        '"attemptEndingTimestamp":1594266081318,"rawData":"c2FtcGxlIHJhdyBkYXRh","subsequenceNumber":0,' +
        '"dataId":"49607357361271740811418664280693044274821622880012337186.0"}',
    );
  });
});
