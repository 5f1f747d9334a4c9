import { describe, expect, it } from 'vitest';
import { OpenSearchDomain, indexPattern, parseSource, type BulkResponse } from './domain.js';
import { OpenSearchDomains, domainEndpoint, domainOfUrl, parseDomainArn } from './domains.js';

const bulk = (docs: { index: string; id?: string; source: string }[]) =>
  docs.map((d) => `${JSON.stringify({ index: { _index: d.index, ...(d.id ? { _id: d.id } : {}) } })}\n${d.source}\n`).join('');

describe('OpenSearchDomain _bulk', () => {
  it('indexes one document per action; an existing _id is replaced, not duplicated', () => {
    const d = new OpenSearchDomain('shop');
    let n = 0;
    const id = () => `gen${++n}`;
    const first = d.bulk(bulk([{ index: 'logs', id: 'a.0', source: '{"msg":"hi"}' }]), 1, id).body as BulkResponse;
    expect(first.items[0]!.index).toMatchObject({ _id: 'a.0', result: 'created', status: 201, _version: 1 });
    const again = d.bulk(bulk([{ index: 'logs', id: 'a.0', source: '{"msg":"hi"}' }]), 2, id).body as BulkResponse;
    expect(again.items[0]!.index).toMatchObject({ result: 'updated', status: 200, _version: 2 });
    expect(d.count).toBe(1);
    d.bulk(bulk([{ index: 'logs', source: '{"msg":"hi"}' }, { index: 'logs', source: '{"msg":"hi"}' }]), 3, id);
    expect(d.count).toBe(3); // no _id: a new document each time
  });

  it('refuses a source that is not a JSON object with mapper_parsing_exception, item by item', () => {
    const d = new OpenSearchDomain('shop');
    const out = d.bulk(bulk([{ index: 'l', id: '1', source: 'not json' }, { index: 'l', id: '2', source: '{"ok":true}' }, { index: 'l', id: '3', source: '[1,2]' }]), 1, () => 'x');
    const r = out.body as BulkResponse;
    expect(out.status).toBe(200);
    expect(r.errors).toBe(true);
    expect(r.items.map((i) => i.index.status)).toEqual([400, 201, 400]);
    expect(r.items[0]!.index.error?.type).toBe('mapper_parsing_exception');
    expect(d.count).toBe(1);
    expect(parseSource('{"a":1}').ok).toBe(true);
  });

  it('searches: match-all, free text, match and term on a field, index patterns, newest first', () => {
    const d = new OpenSearchDomain('shop');
    d.bulk(bulk([
      { index: 'logs-2016-02-25', id: '1', source: '{"level":"ERROR","msg":"Disk full on host-7"}' },
      { index: 'logs-2016-02-26', id: '2', source: '{"level":"INFO","msg":"User signed in","user":{"name":"Ada"}}' },
      { index: 'other', id: '3', source: '{"level":"ERROR","msg":"elsewhere","code":42}' },
    ]), 1, () => 'x');
    expect(d.search().total).toBe(3);
    expect(d.search().hits.map((h) => h._id)).toEqual(['3', '2', '1']);
    expect(d.search({ index: 'logs-*' }).hits.map((h) => h._id)).toEqual(['2', '1']);
    expect(d.search({ index: 'logs-*', text: 'disk' }).hits.map((h) => h._id)).toEqual(['1']);
    expect(d.search({ text: 'ada' }).hits.map((h) => h._id)).toEqual(['2']);
    expect(d.search({ match: { field: 'msg', value: 'signed out' } }).total).toBe(1);
    expect(d.search({ match: { field: 'user.name', value: 'ADA' } }).total).toBe(1);
    expect(d.search({ term: { field: 'level', value: 'ERROR' } }).total).toBe(2);
    expect(d.search({ term: { field: 'level', value: 'error' } }).total).toBe(0);
    expect(d.search({ term: { field: 'code', value: 42 } }).hits[0]!._index).toBe('other');
    expect(d.search({ size: 1 })).toMatchObject({ total: 3, hits: [{ _id: '3' }] });
    expect(indexPattern('a-*,b')('b')).toBe(true);
  });
});

describe('OpenSearchDomains (the host registry)', () => {
  it('maps DomainARNs and endpoints to domains', () => {
    expect(parseDomainArn('arn:aws:es:us-east-1:123456789012:domain/shop')).toEqual({ name: 'shop', region: 'us-east-1' });
    expect(domainEndpoint('shop', 'eu-west-1')).toBe('https://search-shop.eu-west-1.es.amazonaws.com');
    expect(domainOfUrl('https://search-shop.eu-west-1.es.amazonaws.com/_bulk')).toEqual({ name: 'shop', region: 'eu-west-1' });
    expect(domainOfUrl('https://example.com/_bulk')).toBeUndefined();
  });

  it('answers _bulk over the transport, and can be down or fail on purpose', () => {
    const ds = new OpenSearchDomains({ now: () => 5 });
    const url = 'https://search-shop.us-east-1.es.amazonaws.com/_bulk';
    const req = (source: string) => ({ url, method: 'POST' as const, headers: {}, body: new TextEncoder().encode(bulk([{ index: 'l', id: '1', source }])) });
    const ok = ds.handle(req('{"a":1}'));
    expect('status' in ok && ok.status).toBe(200);
    ds.setDown('shop', true);
    expect(ds.handle(req('{"a":1}'))).toMatchObject({ failure: 'connection' });
    ds.setDown('shop', false);
    ds.failNext('shop', 1, 'timeout');
    expect(ds.handle(req('{"a":2}'))).toMatchObject({ failure: 'timeout' });
    expect(ds.search('shop').hits[0]!._source).toEqual({ a: 2 }); // indexed, though never answered
    ds.failNext('shop', 1, 503);
    expect(ds.handle(req('{"a":3}'))).toMatchObject({ status: 503 });
    expect(ds.get('shop')).toMatchObject({ documents: 1, down: false, failNext: 0 });
    const copy = new OpenSearchDomains({ now: () => 5 });
    copy.load(ds.save());
    expect(copy.search('shop').total).toBe(1);
  });
});
