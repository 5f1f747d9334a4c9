import { describe, expect, it } from 'vitest';
import { bytesToHex, bytesToPrettyJson, bytesToText, clip, renderData } from './dataView';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('record data views', () => {
  it('keeps markup as characters', () => {
    expect(bytesToText(enc('<img src=x onerror=alert(1)>'))).toBe('<img src=x onerror=alert(1)>');
  });
  it('pretty-prints JSON and notes when it is not JSON', () => {
    expect(bytesToPrettyJson(enc('{"a":1}  '))).toBe('{\n  "a": 1\n}');
    expect(renderData(enc('hello'), 'json')).toEqual({ text: 'hello', note: 'not JSON — shown as text' });
  });
  it('shows hex, 16 bytes a line, capped', () => {
    expect(bytesToHex(enc('<i'))).toBe('3c 69');
    const hex = bytesToHex(new Uint8Array(40), 32);
    expect(hex.split('\n')).toHaveLength(3);
    expect(hex).toMatch(/… 8 more bytes$/);
  });
  it('replaces invalid UTF-8 instead of failing', () => {
    expect(bytesToText(new Uint8Array([0xff, 0x41]))).toBe('\uFFFDA');
  });
  it('clips long text', () => {
    expect(clip('abcdef', 3)).toBe('abc…');
    expect(clip('abc', 3)).toBe('abc');
    expect(renderData(enc('x'.repeat(10)), 'text', 4).text).toBe('xxxx…');
  });
});
