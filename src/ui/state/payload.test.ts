import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/sim/random';
import { DEFAULT_TEMPLATE, entriesPerRequest, fitToSize, jsonProblem, renderTemplate, splitIntoRequests, unknownPlaceholders } from './payload';

const ctx = { seq: 7, key: 'user-42', now: Date.UTC(2026, 0, 1, 12, 0, 0), random: createRandom(1) };
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('templates', () => {
  it('fills in every placeholder', () => {
    const out = renderTemplate('{{seq}}|{{key}}|{{now}}|{{ random }}|{{uuid}}', { ...ctx, random: createRandom(1) });
    const [seq, key, now, rnd, uuid] = out.split('|');
    expect(seq).toBe('7');
    expect(key).toBe('user-42');
    expect(now).toBe('2026-01-01T12:00:00.000Z');
    expect(Number(rnd)).toBeGreaterThanOrEqual(0);
    expect(Number(rnd)).toBeLessThan(1_000_000);
    expect(uuid).toMatch(/^[0-9a-f]{8}-/);
  });

  it('the default template renders to valid JSON', () => {
    expect(jsonProblem(renderTemplate(DEFAULT_TEMPLATE, ctx))).toBeUndefined();
    expect(jsonProblem('{"a":')).toBeTypeOf('string');
  });

  it('leaves unknown placeholders and reports them', () => {
    expect(renderTemplate('{{nope}} {{seq}}', ctx)).toBe('{{nope}} 7');
    expect(unknownPlaceholders('{{nope}} {{seq}} {{nope}} {{ key }}')).toEqual(['{{nope}}']);
  });

  it('keeps markup as plain characters', () => {
    expect(renderTemplate('<img src=x onerror=alert(1)>', ctx)).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('record size', () => {
  it('0 means the template exactly', () => {
    expect(decode(fitToSize('{"a":1}', 0))).toBe('{"a":1}');
  });
  it('pads with spaces so JSON stays valid', () => {
    const b = fitToSize('{"a":1}', 20);
    expect(b.length).toBe(20);
    expect(decode(b)).toBe('{"a":1}' + ' '.repeat(13));
    expect(JSON.parse(decode(b))).toEqual({ a: 1 });
  });
  it('cuts long text at the size, never inside a character', () => {
    expect(decode(fitToSize('abcdef', 4))).toBe('abcd');
    const b = fitToSize('aé€', 4); // a(1) é(2) €(3): € does not fit whole
    expect(b.length).toBe(4);
    expect(decode(b)).toBe('aé ');
  });
});

describe('PutRecords requests', () => {
  const entry = (n: number, key = 'k') => ({ Data: new Uint8Array(n), PartitionKey: key });
  it('holds at most 500 entries', () => {
    const reqs = splitIntoRequests(Array.from({ length: 1201 }, () => entry(10)));
    expect(reqs.map((r) => r.length)).toEqual([500, 500, 201]);
  });
  it('holds at most 5 MiB of data and keys', () => {
    const reqs = splitIntoRequests(Array.from({ length: 12 }, () => entry(1024 * 1024 - 1)));
    expect(reqs.map((r) => r.length)).toEqual([5, 5, 2]);
  });
  it('keeps order and handles nothing', () => {
    const es = [entry(1, 'a'), entry(1, 'b'), entry(1, 'c')];
    expect(splitIntoRequests(es, 2).flat().map((e) => e.PartitionKey)).toEqual(['a', 'b', 'c']);
    expect(splitIntoRequests([])).toEqual([]);
  });
  it('estimates entries per request', () => {
    expect(entriesPerRequest(100)).toBe(500);
    expect(entriesPerRequest(1024 * 1024)).toBe(5);
    expect(entriesPerRequest(20 * 1024 * 1024)).toBe(1);
  });
});
