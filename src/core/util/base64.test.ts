import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Problem, decodeBase64, encodeBase64, useBase64Codec } from './base64';

const nodeCodec = {
  encode: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'),
  decode: (s: string) => new Uint8Array(Buffer.from(s, 'base64')),
};

describe('base64', () => {
  it('pure JS and native codecs agree with each other and with Buffer, both ways', () => {
    for (const codec of [undefined, nodeCodec]) {
      useBase64Codec(codec);
      fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = encodeBase64(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64Problem(s)).toBeUndefined();
        expect(decodeBase64(s)).toEqual(bytes);
      }));
    }
    useBase64Codec(undefined);
  });

  it("names what is wrong in AWS's words", () => {
    expect(base64Problem('abc')).toBe('Base64 encoded length is expected a multiple of 4 bytes but found: 3');
    expect(base64Problem('ab!d')).toBe("Invalid Base64 character: '!'");
    expect(base64Problem('AB==')).toBe('Invalid last non-pad Base64 character dectected');
    expect(base64Problem('AA==')).toBeUndefined();
  });
});
