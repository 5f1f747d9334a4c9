import { describe, expect, it } from 'vitest';
import { amzUtcString, decodeIterator, encodeIterator, readerOfIterator } from './iterator';

describe('shard iterators', () => {
  const state = { streamName: 'my.stream-1', streamCreatedAt: 1_767_225_600_000, shardIndex: 12, position: 4242, issuedAt: 1_767_225_700_123 };

  it('round-trip, start like AWS iterators, and stay within 512 characters', () => {
    const token = encodeIterator(state);
    expect(token.startsWith('AAAAAAAAAA')).toBe(true); // 8 bytes 00…01, as AWS's own
    expect(decodeIterator(token)).toEqual({ ...state, reader: 0 });
    expect(decodeIterator(encodeIterator({ ...state, reader: 42 }))).toEqual({ ...state, reader: 42 });
    expect(encodeIterator({ ...state, streamName: 'x'.repeat(128), reader: Number.MAX_SAFE_INTEGER }).length).toBeLessThanOrEqual(512);
  });

  it('name their chain as read events do (reader-N), and nothing for a foreign token', () => {
    expect(readerOfIterator(encodeIterator({ ...state, reader: 42 }))).toBe('reader-42');
    expect(readerOfIterator('not-an-iterator')).toBeUndefined();
  });

  it('detect garbage and tampering', () => {
    const token = encodeIterator(state);
    expect(decodeIterator('not-an-iterator')).toBeUndefined();
    expect(decodeIterator('')).toBeUndefined();
    const chars = token.split('');
    chars[20] = chars[20] === 'A' ? 'B' : 'A';
    expect(decodeIterator(chars.join(''))).toBeUndefined();
  });

  it("formats dates as AWS's expiry message does", () => {
    expect(amzUtcString(Date.UTC(2015, 0, 22, 1, 22, 2))).toBe('Thu Jan 22 01:22:02 UTC 2015');
  });
});
