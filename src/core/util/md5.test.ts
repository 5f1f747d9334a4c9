import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5, toHex } from './md5';

const enc = new TextEncoder();

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    expect(toHex(md5(enc.encode('')))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(toHex(md5(enc.encode('a')))).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(toHex(md5(enc.encode('abc')))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(toHex(md5(enc.encode('12345678901234567890123456789012345678901234567890123456789012345678901234567890'))))
      .toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('agrees with node:crypto for arbitrary bytes, across block boundaries', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(toHex(md5(bytes))).toBe(createHash('md5').update(bytes).digest('hex'));
    }), { numRuns: 300 });
  });
});
