import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { objectLines, openObject } from './objectView';

describe('opening an S3 object', () => {
  it('decompresses by the key\'s extension and splits records into lines', () => {
    const gz = new Uint8Array(gzipSync('{"a":1}\n{"a":2}\n'));
    const o = openObject('2026/01/01/00/s-1-x.gz', gz);
    expect(o.compression).toBe('GZIP');
    expect(objectLines(o.bytes)).toEqual({ lines: ['{"a":1}', '{"a":2}'], more: 0 });
  });

  it('shows a plain object as stored, and says so when the extension lies', () => {
    const raw = new TextEncoder().encode('abc');
    expect(openObject('k', raw)).toEqual({ bytes: raw });
    const liar = openObject('k.gz', raw);
    expect(liar.bytes).toBe(raw);
    expect(liar.problem).toMatch(/not GZIP/);
    expect(objectLines(new TextEncoder().encode('a\nb\nc'), 2)).toEqual({ lines: ['a', 'b'], more: 1 });
  });
});
