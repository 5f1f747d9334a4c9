import { describe, expect, it } from 'vitest';
import { buildHttpRequest, isTransportFailure, type HttpResponse } from './httpEndpoint';
import { DEMO_KEYS, PARTNER_URLS } from './receivers';
import { Receivers } from './receiverRegistry';
import { buildAckRequest, buildSplunkRequest } from './splunk';

const enc = new TextEncoder();
const DD = PARTNER_URLS.datadog[0].url;
const HEC = 'https://hec.example.com:8088';
const TOKEN = DEMO_KEYS.splunk;
const dd = (id: string) => buildHttpRequest({ url: DD, accessKey: DEMO_KEYS.datadog, contentEncoding: 'NONE', requestId: id, timestamp: 0, sourceArn: 'arn', records: [enc.encode('hi')] });
const json = (r: unknown) => JSON.parse(new TextDecoder().decode((r as HttpResponse).body as Uint8Array)) as Record<string, unknown>;

function registry() {
  let now = 1000;
  const r = new Receivers({ now: () => now, keepItems: 3 });
  let changes = 0;
  r.observe(() => changes++);
  return { r, tick: (ms: number) => (now += ms), changes: () => changes };
}

describe('Receivers (the simulated endpoints a host owns)', () => {
  it('keeps what arrived per endpoint, newest last, within its limit; logs every request', () => {
    const { r, changes } = registry();
    expect(r.handles(DD)).toBe(true);
    expect(r.handles('https://example.com/')).toBe(false);
    for (let i = 0; i < 4; i++) expect((r.handle(dd(`r${i}`)) as HttpResponse).status).toBe(200);
    const s = r.get(DD)!;
    expect(s).toMatchObject({ vendor: 'datadog', label: 'Datadog', itemsName: 'logs', requests: 4, accepted: 4, refused: 0, received: 4 });
    expect(s.recent.map((i) => i.requestId)).toEqual(['r1', 'r2', 'r3']);
    expect(s.log.map((l) => l.status)).toEqual([200, 200, 200, 200]);
    expect(changes()).toBe(4);
    r.clear(DD);
    expect(r.get(DD)).toMatchObject({ received: 0, requests: 0, recent: [] });
  });

  it('fails the next n requests on purpose: a status, no answer, or down', () => {
    const { r } = registry();
    r.failNext(DD, 2, 503);
    expect((r.handle(dd('a')) as HttpResponse).status).toBe(503);
    expect(json(r.handle(dd('a')))).toMatchObject({ requestId: 'a', errorMessage: expect.stringContaining('503') });
    expect((r.handle(dd('a')) as HttpResponse).status).toBe(200);
    r.failNext(DD, 1, 'timeout');
    expect(r.handle(dd('b'))).toMatchObject({ failure: 'timeout' });
    r.setDown(DD, true);
    const down = r.handle(dd('c'));
    expect(isTransportFailure(down) && down.failure).toBe('connection');
    r.setDown(DD, false);
    expect(r.get(DD)!.log.map((l) => [l.status, l.injected])).toEqual([[503, true], [503, true], [200, false], ['timeout', true], ['refused', true]]);
    expect(() => r.failNext('https://example.com/x', 1)).toThrow(/not the URL of a simulated receiver/);
  });

  it('a Splunk HEC: acknowledges each batch once on its channel; "timeout" indexes but withholds the ack', () => {
    const { r } = registry();
    expect(r.register(HEC)).toBe(true); // a bare origin names an HEC
    const post = () => r.handle(buildSplunkRequest({ endpoint: HEC, type: 'Raw', token: TOKEN, channel: 'ch', records: [enc.encode('line\n')] }));
    const ack = (id: number) => json(r.handle(buildAckRequest({ endpoint: HEC, token: TOKEN, channel: 'ch', ackIds: [id] }))).acks;
    expect(json(post())).toEqual({ text: 'Success', code: 0, ackId: 0 });
    expect(ack(0)).toEqual({ 0: true });
    expect(ack(0)).toEqual({ 0: false }); // reported once
    r.failNext(HEC, 1, 'timeout');
    expect(json(post())).toMatchObject({ ackId: 1 });
    expect(ack(1)).toEqual({ 1: false });
    expect(r.get(`${HEC}/`)).toMatchObject({ vendor: 'splunk', received: 2, unacknowledged: 1 });
    r.failNext(HEC, 1, 500);
    expect(json(post())).toEqual({ text: 'Internal server error', code: 8 });
    const wrongToken = r.handle(buildSplunkRequest({ endpoint: HEC, type: 'Raw', token: 'nope', channel: 'ch', records: [enc.encode('x')] }));
    expect((wrongToken as HttpResponse).status).toBe(403);
    expect(r.list().map((s) => s.key)).toEqual([HEC]);
  });
});
