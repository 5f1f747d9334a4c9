import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { OpenSearchDomains } from '../core/opensearch/domains';
import { SnapshotPersistence } from './snapshotPersist';

const bulk = (id: string, source: string) => new TextEncoder().encode(`${JSON.stringify({ index: { _index: 'logs', _id: id } })}\n${source}\n`);

describe('SnapshotPersistence (fake-indexeddb)', () => {
  it('saves the OpenSearch documents half a second after a change and loads them back', async () => {
    const p = await SnapshotPersistence.open<ReturnType<OpenSearchDomains['save']>>('os-test-1', 'domains');
    const domains = new OpenSearchDomains({ now: () => 1 });
    p.attach(domains);
    domains.handle({ url: 'https://search-shop.us-east-1.es.amazonaws.com/_bulk', method: 'POST', headers: {}, body: bulk('a', '{"msg":"kept"}') });
    await new Promise((r) => setTimeout(r, 700)); // the half second and the write
    await p.close();
    const again = await SnapshotPersistence.open<ReturnType<OpenSearchDomains['save']>>('os-test-1', 'domains');
    const restored = new OpenSearchDomains({ now: () => 1 });
    restored.load(await again.load());
    expect(restored.search('shop').hits.map((h) => h._source)).toEqual([{ msg: 'kept' }]);
    await again.close();
  });

  it('saveNow writes at once, without waiting for the half second', async () => {
    let n = 0;
    const listeners = new Set<() => void>();
    const source = { observe: (l: () => void) => { listeners.add(l); return () => listeners.delete(l); }, save: () => ({ n }) };
    const p = await SnapshotPersistence.open<{ n: number }>('snap-test-2');
    p.attach(source);
    n = 7;
    for (const l of listeners) l();
    await p.saveNow();
    const again = await SnapshotPersistence.open<{ n: number }>('snap-test-2');
    expect(await again.load()).toEqual({ n: 7 });
    await p.close();
    await again.close();
  });

  it('saves a source that never stops changing (at most twice a second, not never)', async () => {
    let n = 0;
    const listeners = new Set<() => void>();
    const source = { observe: (l: () => void) => { listeners.add(l); return () => listeners.delete(l); }, save: () => ({ n }) };
    const p = await SnapshotPersistence.open<{ n: number }>('snap-test-3');
    p.attach(source);
    const timer = setInterval(() => { n++; for (const l of listeners) l(); }, 50);
    await new Promise((r) => setTimeout(r, 800));
    clearInterval(timer);
    const again = await SnapshotPersistence.open<{ n: number }>('snap-test-3');
    expect((await again.load())?.n).toBeGreaterThan(0);
    await p.close();
    await again.close();
  });
});
