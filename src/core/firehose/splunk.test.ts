import { describe, expect, it } from 'vitest';
import { buildAckRequest, buildSplunkRequest, checkSplunkResponse, hecBase, isAcknowledged, splunkFailedRecord } from './splunk';
import { hecEvents, splitConcatenatedJson, hecAuth } from './splunkHec';

const enc = new TextEncoder();
const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const TOKEN = '1b2c3d4e-0000-4000-8000-0123456789ab';

describe('the Splunk destination\'s requests', () => {
  it('posts the concatenated records to the raw or event collector on a channel, with the token', () => {
    const req = buildSplunkRequest({ endpoint: 'https://hec.example.com:8088/', type: 'Raw', token: TOKEN, channel: 'ch-1', records: [enc.encode('a\n'), enc.encode('b')] });
    expect(req).toMatchObject({ url: 'https://hec.example.com:8088/services/collector/raw', method: 'POST', headers: { Authorization: `Splunk ${TOKEN}`, 'X-Splunk-Request-Channel': 'ch-1' } });
    expect(new TextDecoder().decode(req.body)).toBe('a\nb');
    expect(buildSplunkRequest({ endpoint: 'https://h/services/collector', type: 'Event', token: TOKEN, channel: 'c', records: [] }).url).toBe('https://h/services/collector/event');
    const ack = buildAckRequest({ endpoint: 'https://h', token: TOKEN, channel: 'c 1', ackIds: [3] });
    expect(ack.url).toBe('https://h/services/collector/ack?channel=c%201');
    expect(new TextDecoder().decode(ack.body)).toBe('{"acks":[3]}');
    expect(hecBase('https://h:8088/services/collector/raw?x')).toBe('https://h:8088');
  });

  it('judges HEC\'s answers with Firehose\'s Splunk error codes', () => {
    expect(checkSplunkResponse(json(200, { text: 'Success', code: 0, ackId: 4 }))).toEqual({ ok: true, ackId: 4 });
    expect(checkSplunkResponse(json(200, { text: 'Success', code: 0 }))).toMatchObject({ ok: false, errorCode: 'Splunk.DisabledAck' });
    expect(checkSplunkResponse(json(403, { text: 'Invalid token', code: 4 }))).toMatchObject({ errorCode: 'Splunk.InvalidToken', errorMessage: expect.stringContaining('(403: Invalid token)') });
    expect(checkSplunkResponse(json(403, { text: 'Token disabled', code: 1 }))).toMatchObject({ errorCode: 'Splunk.DisabledToken' });
    expect(checkSplunkResponse(json(400, { text: 'Event field is required', code: 12 }))).toMatchObject({ errorCode: 'Splunk.InvalidDataFormat' });
    expect(checkSplunkResponse(json(400, { text: 'Incorrect index', code: 7 }))).toMatchObject({ errorCode: 'Splunk.InvalidIndex' });
    expect(checkSplunkResponse(json(503, { text: 'Server is busy', code: 9 }))).toMatchObject({ errorCode: 'Splunk.ServerError' });
    expect(checkSplunkResponse({ status: 404, headers: {}, body: 'not found' })).toMatchObject({ errorCode: 'Splunk.URLNotFound' });
    expect(isAcknowledged(json(200, { acks: { 4: true } }), 4)).toBe(true);
    expect(isAcknowledged(json(200, { acks: { 4: false } }), 4)).toBe(false);
    expect(isAcknowledged(json(500, { acks: { 4: true } }), 4)).toBe(false);
  });

  it('writes the splunk-failed line with AWS\'s field order', () => {
    expect(splunkFailedRecord({ attemptsMade: 2, arrivalTimestamp: 1, errorCode: 'Splunk.AckTimeout', errorMessage: 'm', attemptEndingTimestamp: 9, rawData: 'YQ==', eventId: 'id.0' }))
      .toBe('{"attemptsMade":2,"arrivalTimestamp":1,"errorCode":"Splunk.AckTimeout","errorMessage":"m","attemptEndingTimestamp":9,"rawData":"YQ==","EventId":"id.0"}');
  });
});

describe('the simulated HEC', () => {
  const req = (body: string, auth = `Splunk ${TOKEN}`) => ({ url: 'https://h/services/collector/event', method: 'POST' as const, headers: { Authorization: auth }, body: enc.encode(body) });

  it('checks the token as HEC does (401 without, 403 when not a token)', () => {
    expect(hecAuth({ ...req(''), headers: {} })).toMatchObject({ error: { status: 401 } });
    expect(hecAuth(req('', 'Splunk nope'))).toMatchObject({ error: { status: 403 } });
    expect(hecAuth(req(''))).toEqual({ token: TOKEN });
  });

  it('Raw: one event per line; Event: event objects back to back, each needing a non-empty event', () => {
    const raw = hecEvents('raw', req('a\r\nb\n\nc'), 1000, 'ch');
    expect('items' in raw && raw.items.map((i) => i.doc.event)).toEqual(['a', 'b', 'c']);
    const ev = hecEvents('event', req('{"event":"x","index":"web"} {"event":{"k":1},"fields":{"f":"v"}}'), 1000, 'ch');
    expect('items' in ev && ev.items.map((i) => i.doc)).toEqual([
      { time: 1, host: 'firehose', source: 'http:firehose', sourcetype: 'aws:firehose', index: 'web', event: 'x' },
      { time: 1, host: 'firehose', source: 'http:firehose', sourcetype: 'aws:firehose', index: 'main', event: { k: 1 }, fields: { f: 'v' } },
    ]);
    expect(hecEvents('event', req('{"event":"x"}{"other":1}'), 0, 'c')).toMatchObject({ error: { status: 400 } });
    expect(hecEvents('event', req('{"event":""}'), 0, 'c')).toMatchObject({ error: { status: 400 } });
    expect(hecEvents('event', req('plain text'), 0, 'c')).toMatchObject({ error: { status: 400 } });
    expect(hecEvents('raw', req('   '), 0, 'c')).toMatchObject({ error: { status: 400 } });
    expect(splitConcatenatedJson('{"a":"}{"}\n{"b":2}')).toEqual([{ a: '}{' }, { b: 2 }]);
    expect(splitConcatenatedJson('{"a":1} x')).toBeUndefined();
  });
});
