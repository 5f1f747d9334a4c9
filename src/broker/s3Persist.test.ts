import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { S3Store } from '../core/s3/store';
import { ControlStore } from './controlStore';
import { S3Persistence } from './s3Persist';

let n = 0;
const enc = new TextEncoder();
const T0 = Date.UTC(2026, 0, 1);

describe('S3Persistence (fake-indexeddb)', () => {
  it('writes buckets and objects through as they change and loads them back into a new store', async () => {
    const name = `s3-${++n}`;
    const db = await S3Persistence.open(name);
    const a = new S3Store({ now: () => T0 + 1500 });
    db.attach(a);
    a.createBucket('lake');
    a.createBucket('gone');
    a.putObject('lake', 'x/1', enc.encode('one'), { contentType: 'text/plain', metadata: { Who: 'me' } });
    a.putObject('lake', 'x/2', enc.encode('two'));
    a.putObject('lake', 'x/2', enc.encode('two, again'));
    a.putObject('lake', 'x/3', enc.encode('three'));
    a.deleteObject('lake', 'x/3');
    a.deleteBucket('gone');
    await db.flushed();
    db.close();

    const again = await S3Persistence.open(name);
    const b = new S3Store({ now: () => T0 + 9000 });
    b.load(await again.load());
    expect(b.listBuckets()).toEqual([{ name: 'lake', creationDate: T0 + 1000 }]);
    const one = b.getObject('lake', 'x/1');
    expect(one.ok && { ...one.value, body: new TextDecoder().decode(one.value.body) }).toEqual({ ...(a.headObject('lake', 'x/1') as { value: object }).value, body: 'one' });
    const two = b.getObject('lake', 'x/2');
    expect(two.ok && new TextDecoder().decode(two.value.body)).toBe('two, again');
    expect(b.headObject('lake', 'x/3').ok).toBe(false);
    again.close();
  });

  it('says when everything changed so far is committed', async () => {
    const db = await S3Persistence.open(`s3-${++n}`);
    const s = new S3Store({ now: () => T0 });
    db.attach(s);
    await db.flushed(); // nothing pending
    expect(s.createBucket('bkt').ok).toBe(true);
    for (let i = 0; i < 50; i++) s.putObject('bkt', `k${i}`, enc.encode(String(i)));
    await db.flushed();
    const loaded = await db.load();
    expect(loaded.buckets[0]!.objects).toHaveLength(50);
    db.close();
  });
});

describe('ControlStore upgrade', () => {
  it('keeps the streams and clock of a version 1 database and adds delivery streams and the session counter', async () => {
    const name = `control-${++n}`;
    const v1 = await openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('streams', { keyPath: 'name' });
        d.createObjectStore('clock');
      },
    });
    await v1.put('streams', { name: 'old', shards: [] });
    await v1.put('clock', { now: T0, speed: 3, paused: true }, 'clock');
    v1.close();

    const store = await ControlStore.open(name);
    const loaded = await store.load();
    expect(loaded.streams).toEqual([{ name: 'old', shards: [] }]);
    expect(loaded.clock).toEqual({ now: T0, speed: 3, paused: true });
    expect(loaded.deliveryStreams).toEqual([]);
    expect(await store.startSession()).toBe(1);
    expect(await store.startSession()).toBe(2);
    await store.saveDeliveryStreams([{ name: 'd' } as never]);
    expect((await store.load()).deliveryStreams).toEqual([{ name: 'd' }]);
    store.close();
  });
});
