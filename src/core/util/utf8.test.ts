import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Length } from './utf8.js';

describe('utf8Length', () => {
  it('is what TextEncoder writes, for any string (lone surrogates included)', () => {
    const encoder = new TextEncoder();
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === encoder.encode(s).length), { numRuns: 500 });
    expect(utf8Length('a é 漢 😀 \ud800')).toBe(encoder.encode('a é 漢 😀 \ud800').length);
  });
});
