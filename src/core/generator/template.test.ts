import { describe, expect, it } from 'vitest';
import { newRenderState } from './helpers.js';
import { compileTemplate, TemplateError } from './template.js';

const renderMany = (src: string, n: number, seed = 1, now = 0): string[] => {
  const t = compileTemplate(src);
  const s = newRenderState(seed);
  s.now = now;
  return Array.from({ length: n }, () => t.render(s));
};

const errorOf = (fn: () => unknown): TemplateError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
};

describe('functionality', () => {
  it('renders the same records for the same seed and different ones for another seed', () => {
    const src = '{{faker.person.firstName}} {{faker.internet.ipv4}} {{random.number(1,100)}} {{random.uuid}}';
    expect(renderMany(src, 20, 42)).toEqual(renderMany(src, 20, 42));
    expect(renderMany(src, 20, 43)).not.toEqual(renderMany(src, 20, 42));
  });

  it("renders KDG's help-page example with faker.js 4 names", () => {
    const [line] = renderMany('{{name.firstName}},{{name.lastName}},{{random.number(70)}},{{internet.ip}}', 1);
    expect(line).toMatch(/^[A-Za-z' -]+,[A-Za-z' -]+,\d{1,2},\d+\.\d+\.\d+\.\d+$/);
  });

  it('random.number takes (max), (min, max) and {"min","max"}, bounds included', () => {
    const a = renderMany('{{random.number(1,3)}}', 300).map(Number);
    expect(new Set(a)).toEqual(new Set([1, 2, 3]));
    const b = renderMany('{{random.number({"min":10,"max":12})}}', 300).map(Number);
    expect(new Set(b)).toEqual(new Set([10, 11, 12]));
    const c = renderMany('{{random.number(2)}}', 300).map(Number);
    expect(new Set(c)).toEqual(new Set([0, 1, 2]));
  });

  it('random.weightedArrayElement follows its weights', () => {
    const picks = renderMany('{{random.weightedArrayElement({"weights":[0.9,0.1],"data":["GET","POST"]})}}', 5000);
    const gets = picks.filter((p) => p === 'GET').length / picks.length;
    expect(gets).toBeGreaterThan(0.87);
    expect(gets).toBeLessThan(0.93);
    expect(new Set(picks)).toEqual(new Set(['GET', 'POST']));
  });

  it('date.now is the record time in ISO form, or formatted with moment tokens', () => {
    const now = Date.UTC(2009, 6, 14, 20, 12, 22, 5);
    expect(renderMany('{{date.now}}', 1, 1, now)[0]).toBe('2009-07-14T20:12:22.005Z');
    expect(renderMany('{{date.now("DD/MMM/YYYY:HH:mm:ss ZZ")}}', 1, 1, now)[0]).toBe('14/Jul/2009:20:12:22 +0000');
    expect(renderMany('{{date.utc("dddd, MMMM Do YYYY, h:mm:ss a")}}', 1, 1, now)[0]).toBe('Tuesday, July 14th 2009, 8:12:22 pm');
    expect(renderMany('{{date.epoch}}', 1, 1, now)[0]).toBe(String(now));
  });

  it('price walks per key: each step stays within the volatility, keys walk apart', () => {
    const t = compileTemplate('{{price(100, 0.02, "A")}} {{price(50, 0.02, "B")}} {{change("A")}}');
    const s = newRenderState(3);
    let prevA = 100;
    let prevB = 50;
    for (let i = 0; i < 200; i++) {
      const [a, b, change] = t.render(s).split(' ').map(Number) as [number, number, number];
      expect(Math.abs(a - prevA)).toBeLessThanOrEqual(prevA * 0.02 + 0.01);
      expect(Math.abs(b - prevB)).toBeLessThanOrEqual(prevB * 0.02 + 0.01);
      expect(change).toBeCloseTo(a - prevA, 6);
      prevA = a;
      prevB = b;
    }
    expect(prevA).not.toBe(100);
  });

  it('price without a key walks per placeholder', () => {
    const out = renderMany('{{price(100, 0.05)}}|{{price(100, 0.05)}}', 30).map((l) => l.split('|'));
    expect(out[0]).toEqual(['100', '100']);
    expect(out.some(([a, b]) => a !== b)).toBe(true);
  });

  it('set names a value that later placeholders and nested calls reuse, rendering nothing itself', () => {
    const out = renderMany('{{set k = random.arrayElement(["x","y"])}}{{k}}-{{k}}-{{lookup(k, {"x":1,"y":2})}}', 50);
    for (const line of out) expect(line).toMatch(/^(x-x-1|y-y-2)$/);
  });

  it('counter numbers records from 1', () => {
    expect(renderMany('{{counter()}}', 3)).toEqual(['1', '2', '3']);
  });

  it('objects and arrays render as JSON', () => {
    expect(renderMany('{{random.arrayElement([{"a":[1,2]}])}}', 1)[0]).toBe('{"a":[1,2]}');
  });
});

describe('errors', () => {
  it('names an unknown helper, its placeholder and its line and column', () => {
    const e = errorOf(() => compileTemplate('{\n  "a": {{faker.person.firstName}},\n  "b": {{random.nope(1)}}\n}'));
    expect(e.message).toBe('Unknown helper "random.nope" in {{random.nope(1)}} at line 3, column 10');
    expect(e.placeholder).toBe('{{random.nope(1)}}');
    expect([e.line, e.column]).toEqual([3, 10]);
  });

  it('rejects an unknown faker method and an unknown variable', () => {
    expect(errorOf(() => compileTemplate('{{faker.person.nickname}}')).reason).toBe('Unknown helper "faker.person.nickname"');
    expect(errorOf(() => compileTemplate('x {{ticker}}')).reason).toBe('Unknown variable or helper "ticker"');
  });

  it('reports syntax errors where they are', () => {
    const e = errorOf(() => compileTemplate('ab {{random.number(1,}}'));
    expect(e.reason).toMatch(/^Syntax error: expected a value/);
    expect(e.column).toBe(22);
    expect(errorOf(() => compileTemplate('x {{random.uuid')).reason).toMatch(/expected "}}"/);
    expect(errorOf(() => compileTemplate('{{lookup("a", {"k": "v)}}')).reason).toBe('Syntax error: unterminated string');
  });

  it('reports bad helper arguments at render time with the placeholder', () => {
    const t = compileTemplate('ok {{random.weightedArrayElement({"weights":[1],"data":["a","b"]})}}');
    const e = errorOf(() => t.render(newRenderState(1)));
    expect(e.reason).toMatch(/^Bad arguments: expects \{"weights"/);
    expect(e.column).toBe(4);
  });
});
