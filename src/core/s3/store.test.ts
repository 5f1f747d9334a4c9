import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3Store } from './store.js';
import type { S3Result } from './errors.js';
import { bucketNameProblem, compareKeys } from './keys.js';
import { DEFAULT_CONTENT_TYPE, type ByteRange, type S3Event } from './model.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function setup(region = 'us-east-1') {
  let now = T0;
  const store = new S3Store({ now: () => now, region });
  const events: S3Event[] = [];
  store.observe((e) => events.push(e));
  return { store, events, advance: (ms: number) => (now += ms) };
}

function value<T>(r: S3Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.__type}: ${r.error.message}`);
  return r.value;
}
function error<T>(r: S3Result<T>) {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('buckets', () => {
  it('creates, lists by name and deletes a bucket, telling observers', () => {
    const { store, events, advance } = setup();
    advance(1500);
    expect(value(store.createBucket('zeta-bucket'))).toEqual({ name: 'zeta-bucket', creationDate: T0 + 1000 });
    value(store.createBucket('alpha.bucket'));
    expect(store.listBuckets().map((b) => b.name)).toEqual(['alpha.bucket', 'zeta-bucket']);
    value(store.deleteBucket('zeta-bucket'));
    expect(store.listBuckets().map((b) => b.name)).toEqual(['alpha.bucket']);
    expect(events).toEqual([
      { type: 'bucketCreated', bucket: 'zeta-bucket', t: T0 + 1500 },
      { type: 'bucketCreated', bucket: 'alpha.bucket', t: T0 + 1500 },
      { type: 'bucketDeleted', bucket: 'zeta-bucket', t: T0 + 1500 },
    ]);
  });

  it('re-creating an own bucket in us-east-1 succeeds and changes nothing (AWS legacy behaviour)', () => {
    const { store, events, advance } = setup('us-east-1');
    value(store.createBucket('my-bucket'));
    value(store.putObject('my-bucket', 'k', bytes('x')));
    advance(5000);
    expect(value(store.createBucket('my-bucket'))).toEqual({ name: 'my-bucket', creationDate: T0 });
    expect(value(store.headObject('my-bucket', 'k')).size).toBe(1);
    expect(events.filter((e) => e.type === 'bucketCreated')).toHaveLength(1);
  });

  it('re-creating an own bucket elsewhere is BucketAlreadyOwnedByYou (409)', () => {
    const { store } = setup('eu-west-1');
    value(store.createBucket('my-bucket'));
    expect(error(store.createBucket('my-bucket'))).toEqual({
      __type: 'BucketAlreadyOwnedByYou', status: 409,
      message: 'Your previous request to create the named bucket succeeded and you already own it.',
      fields: { BucketName: 'my-bucket' },
    });
  });

  it.each([
    'ab', 'a'.repeat(64), 'My-Bucket', 'my_bucket', '-bucket', 'bucket-', '.bucket', 'bucket.', 'my..bucket',
    '192.168.5.4', 'xn--bucket', 'sthree-bucket', 'amzn-s3-demo-bucket', 'bucket-s3alias', 'bucket--ol-s3', 'bucket.mrap',
    'bucket--x-s3', 'bucket--table-s3', 'bücket',
  ])('refuses the bucket name %j with InvalidBucketName', (name) => {
    const { store } = setup();
    expect(error(store.createBucket(name))).toEqual({ __type: 'InvalidBucketName', message: 'The specified bucket is not valid.', status: 400, fields: { BucketName: name } });
  });

  it.each(['abc', 'a'.repeat(63), 'my.bucket-1', '1bucket', '192.168.5.4a'])('accepts the bucket name %j', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it('will not delete a bucket that holds objects, nor one that does not exist', () => {
    const { store } = setup();
    value(store.createBucket('full-bucket'));
    value(store.putObject('full-bucket', 'k', bytes('x')));
    expect(error(store.deleteBucket('full-bucket'))).toMatchObject({ __type: 'BucketNotEmpty', status: 409, message: 'The bucket you tried to delete is not empty' });
    expect(error(store.deleteBucket('nope-bucket'))).toEqual({ __type: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist', fields: { BucketName: 'nope-bucket' } });
  });
});

describe('objects', () => {
  it('stores bytes with a quoted MD5 ETag, Last-Modified to the second and S3 default content type', () => {
    const { store, events, advance } = setup();
    value(store.createBucket('bkt'));
    advance(2750);
    const info = value(store.putObject('bkt', 'greeting.txt', bytes('hello')));
    expect(info).toEqual({ key: 'greeting.txt', size: 5, etag: '"5d41402abc4b2a76b9719d911017c592"', lastModified: T0 + 2000, contentType: DEFAULT_CONTENT_TYPE, metadata: {} });
    expect(DEFAULT_CONTENT_TYPE).toBe('binary/octet-stream');
    expect(events.at(-1)).toEqual({ type: 'objectPut', bucket: 'bkt', key: 'greeting.txt', size: 5, t: T0 + 2750 });
  });

  it('keeps the headers given and lower-cases metadata names', () => {
    const { store } = setup();
    value(store.createBucket('bkt'));
    value(store.putObject('bkt', 'k', bytes('{}'), { contentType: 'application/json', contentEncoding: 'gzip', cacheControl: 'no-cache', metadata: { Origin: 'Firehose', 'x-Y': 'z' } }));
    expect(value(store.headObject('bkt', 'k'))).toMatchObject({ contentType: 'application/json', contentEncoding: 'gzip', cacheControl: 'no-cache', metadata: { origin: 'Firehose', 'x-y': 'z' } });
  });

  it('copies the bytes in and out, so neither side can change the stored object', () => {
    const { store } = setup();
    value(store.createBucket('bkt'));
    const data = bytes('abc');
    value(store.putObject('bkt', 'k', data));
    data[0] = 0x7a;
    const got = value(store.getObject('bkt', 'k'));
    got.body[1] = 0x7a;
    expect(text(value(store.getObject('bkt', 'k')).body)).toBe('abc');
  });

  it('answers NoSuchBucket and NoSuchKey with S3 texts', () => {
    const { store } = setup();
    expect(error(store.putObject('nope-bucket', 'k', bytes('')))).toMatchObject({ __type: 'NoSuchBucket', status: 404 });
    value(store.createBucket('bkt'));
    expect(error(store.getObject('bkt', 'missing'))).toEqual({ __type: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', fields: { Key: 'missing' } });
    expect(error(store.headObject('bkt', 'missing')).__type).toBe('NoSuchKey');
  });

  it('refuses keys over 1024 UTF-8 bytes and metadata over 2 KB', () => {
    const { store } = setup();
    value(store.createBucket('bkt'));
    value(store.putObject('bkt', 'é'.repeat(512), bytes('')));
    expect(error(store.putObject('bkt', 'é'.repeat(512) + 'x', bytes('')))).toEqual({ __type: 'KeyTooLongError', status: 400, message: 'Your key is too long', fields: { Size: '1025', MaxSizeAllowed: '1024' } });
    expect(error(store.putObject('bkt', '', bytes(''))).__type).toBe('InvalidArgument');
    value(store.putObject('bkt', 'm', bytes(''), { metadata: { a: 'x'.repeat(2047) } }));
    expect(error(store.putObject('bkt', 'm', bytes(''), { metadata: { ab: 'x'.repeat(2047) } }))).toMatchObject({ __type: 'MetadataTooLarge', status: 400, fields: { Size: '2049', MaxSizeAllowed: '2048' } });
  });

  it('deletes idempotently, telling observers only about a real deletion', () => {
    const { store, events } = setup();
    value(store.createBucket('bkt'));
    value(store.putObject('bkt', 'k', bytes('abcd')));
    expect(value(store.deleteObject('bkt', 'k'))).toEqual({ deleted: true });
    expect(value(store.deleteObject('bkt', 'k'))).toEqual({ deleted: false });
    expect(events.filter((e) => e.type === 'objectDeleted')).toEqual([{ type: 'objectDeleted', bucket: 'bkt', key: 'k', size: 4, t: T0 }]);
    expect(error(store.deleteObject('nope-bucket', 'k')).__type).toBe('NoSuchBucket');
  });
});

describe('ranges', () => {
  const { store } = setup();
  value(store.createBucket('bkt'));
  value(store.putObject('bkt', 'digits', bytes('0123456789')));
  value(store.putObject('bkt', 'empty', bytes('')));
  const get = (range: ByteRange, key = 'digits') => store.getObject('bkt', key, { range });

  it.each([
    [{ first: 2, last: 4 }, '234', { first: 2, last: 4 }],
    [{ first: 7 }, '789', { first: 7, last: 9 }],
    [{ first: 8, last: 100 }, '89', { first: 8, last: 9 }],
    [{ suffix: 3 }, '789', { first: 7, last: 9 }],
    [{ suffix: 50 }, '0123456789', { first: 0, last: 9 }],
  ])('answers %j with the bytes asked for', (range, body, answered) => {
    const got = value(get(range));
    expect(text(got.body)).toBe(body);
    expect(got.range).toEqual(answered);
    expect(got.size).toBe(10);
  });

  it.each([
    [{ first: 10 }, 'bytes=10-', 'digits'],
    [{ first: 12, last: 20 }, 'bytes=12-20', 'digits'],
    [{ suffix: 0 }, 'bytes=-0', 'digits'],
    [{ first: 0, last: 0 }, 'bytes=0-0', 'empty'],
  ])('refuses %j with InvalidRange (416)', (range, asked, key) => {
    expect(error(get(range, key))).toEqual({
      __type: 'InvalidRange', status: 416, message: 'The requested range is not satisfiable',
      fields: { RangeRequested: asked, ActualObjectSize: key === 'empty' ? '0' : '10' },
    });
  });
});

describe('listObjects', () => {
  function bucketWith(keys: readonly string[]) {
    const s = setup();
    value(s.store.createBucket('bkt'));
    for (const k of keys) value(s.store.putObject('bkt', k, bytes(k)));
    return s.store;
  }
  const keysOf = (p: { contents: readonly { key: string }[] }) => p.contents.map((o) => o.key);

  it('lists keys in UTF-8 byte order, not UTF-16 order', () => {
    const store = bucketWith(['b', '\u{1F600}', '\uFFFD', 'a', 'B']);
    expect(keysOf(value(store.listObjects('bkt')))).toEqual(['B', 'a', 'b', '\uFFFD', '\u{1F600}']);
  });

  it('rolls keys up at the delimiter into common prefixes, under a prefix', () => {
    const store = bucketWith(['logs/2026/01/a', 'logs/2026/01/b', 'logs/2026/02/c', 'logs/readme', 'other/x', 'logs/2027/d']);
    const page = value(store.listObjects('bkt', { prefix: 'logs/', delimiter: '/' }));
    expect(keysOf(page)).toEqual(['logs/readme']);
    expect(page.commonPrefixes).toEqual(['logs/2026/', 'logs/2027/']);
    expect(page.keyCount).toBe(3);
    expect(page.isTruncated).toBe(false);
    expect(page.nextContinuationToken).toBeUndefined();
    expect(value(store.listObjects('bkt', { prefix: 'logs/2026/', delimiter: '/' })).commonPrefixes).toEqual(['logs/2026/01/', 'logs/2026/02/']);
  });

  it('pages with continuation tokens, a common prefix counting once and never repeating', () => {
    const store = bucketWith(['a', 'd/1', 'd/2', 'd/3', 'e', 'f/1', 'g']);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = value(store.listObjects('bkt', { delimiter: '/', maxKeys: 2, ...(token ? { continuationToken: token } : {}) }));
      seen.push(...keysOf(page), ...page.commonPrefixes);
      expect(page.keyCount).toBeLessThanOrEqual(2);
      token = page.nextContinuationToken;
      expect(page.isTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(['a', 'd/', 'e', 'f/', 'g']);
    expect(pages).toBe(3);
  });

  it('starts after StartAfter, and a continuation token overrides it', () => {
    const store = bucketWith(['a', 'b', 'c', 'd']);
    expect(keysOf(value(store.listObjects('bkt', { startAfter: 'b' })))).toEqual(['c', 'd']);
    expect(keysOf(value(store.listObjects('bkt', { startAfter: 'bb' })))).toEqual(['c', 'd']);
    const first = value(store.listObjects('bkt', { maxKeys: 1 }));
    expect(keysOf(value(store.listObjects('bkt', { startAfter: 'c', continuationToken: first.nextContinuationToken! })))).toEqual(['b', 'c', 'd']);
  });

  it('answers max-keys 0 with an empty, untruncated page, and caps pages at 1000', () => {
    const store = bucketWith(Array.from({ length: 1005 }, (_, i) => `k${String(i).padStart(4, '0')}`));
    expect(value(store.listObjects('bkt', { maxKeys: 0 }))).toEqual({ contents: [], commonPrefixes: [], keyCount: 0, isTruncated: false });
    const page = value(store.listObjects('bkt', { maxKeys: 5000 }));
    expect(page.keyCount).toBe(1000);
    expect(page.isTruncated).toBe(true);
    expect(value(store.listObjects('bkt', { continuationToken: page.nextContinuationToken! })).keyCount).toBe(5);
  });

  it('sees keys put and deleted after an earlier listing', () => {
    const store = bucketWith(['b']);
    expect(keysOf(value(store.listObjects('bkt')))).toEqual(['b']);
    value(store.putObject('bkt', 'a', bytes('')));
    value(store.deleteObject('bkt', 'b'));
    expect(keysOf(value(store.listObjects('bkt')))).toEqual(['a']);
  });

  it('refuses a token it did not issue and a negative max-keys with InvalidArgument', () => {
    const store = bucketWith(['a']);
    for (const t of ['', 'nonsense', 'YWJj']) {
      expect(error(store.listObjects('bkt', { continuationToken: t }))).toMatchObject({ __type: 'InvalidArgument', status: 400, message: 'The continuation token provided is incorrect' });
    }
    expect(error(store.listObjects('bkt', { maxKeys: -1 }))).toMatchObject({ __type: 'InvalidArgument', message: 'Argument maxKeys must be an integer between 0 and 2147483647' });
    expect(error(store.listObjects('nope-bucket')).__type).toBe('NoSuchBucket');
  });
});

describe('compareKeys', () => {
  it('orders strings as their UTF-8 bytes order', () => {
    const utf8 = (a: string, b: string): number => {
      const x = bytes(a);
      const y = bytes(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => Math.sign(compareKeys(a, b)) === Math.sign(utf8(a, b))));
  });
});

describe('observe, snapshot and load', () => {
  it('stops telling a listener that unsubscribed, and survives one that throws', () => {
    const { store } = setup();
    const seen: string[] = [];
    store.observe(() => {
      throw new Error('observer bug');
    });
    const stop = store.observe((e) => seen.push(e.type));
    value(store.createBucket('bkt'));
    stop();
    value(store.deleteBucket('bkt'));
    expect(seen).toEqual(['bucketCreated']);
  });

  it('round-trips everything through plain data', () => {
    const { store } = setup();
    value(store.createBucket('bkt'));
    value(store.createBucket('empty-bucket'));
    value(store.putObject('bkt', 'dir/a.json', bytes('{"a":1}'), { contentType: 'application/json', metadata: { k: 'v' } }));
    const snap = store.snapshot();
    expect(structuredClone(snap)).toEqual(snap);
    const copy = new S3Store({ now: () => 0 });
    copy.load(structuredClone(snap));
    expect(copy.listBuckets()).toEqual(store.listBuckets());
    expect(value(copy.getObject('bkt', 'dir/a.json'))).toEqual(value(store.getObject('bkt', 'dir/a.json')));
    expect(value(copy.listObjects('bkt', { delimiter: '/' })).commonPrefixes).toEqual(['dir/']);
    copy.load({ version: 1, buckets: [] });
    expect(copy.listBuckets()).toEqual([]);
  });
});
