import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { OpenSearchDomains } from '../core/opensearch/domains';
import { OpenSearchPersistence } from './openSearchPersist';

const bulk = (id: string, source: string) => new TextEncoder().encode(`${JSON.stringify({ index: { _index: 'logs', _id: id } })}\n${source}\n`);

describe('OpenSearchPersistence (fake-indexeddb)', () => {
  it('saves the documents after a change (debounced) and loads them back', async () => {
    const p = await OpenSearchPersistence.open('os-test-1');
    const domains = new OpenSearchDomains({ now: () => 1 });
    p.attach(domains);
    domains.handle({ url: 'https://search-shop.us-east-1.es.amazonaws.com/_bulk', method: 'POST', headers: {}, body: bulk('a', '{"msg":"kept"}') });
    await new Promise((r) => setTimeout(r, 700)); // the debounce (500 ms) and the write
    await p.close(domains);
    const again = await OpenSearchPersistence.open('os-test-1');
    const restored = new OpenSearchDomains({ now: () => 1 });
    restored.load(await again.load());
    expect(restored.search('shop').hits.map((h) => h._source)).toEqual([{ msg: 'kept' }]);
    await again.close(restored);
  });
});
