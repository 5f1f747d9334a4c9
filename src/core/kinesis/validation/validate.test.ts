import { describe, expect, it } from 'vitest';
import type { Members, Shape } from './shape';
import { validate } from './validate';

const NUM = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';

/** The error of a failed validation (fails the test if validation passed). */
function errorOf(members: Members, input: unknown): { __type: string; message: string; status: number } {
  const r = validate(members, input);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}
const serialization = (members: Members, input: unknown): string => {
  const e = errorOf(members, input);
  expect(e.__type).toBe('SerializationException');
  expect(e.status).toBe(400);
  return e.message;
};
const validation = (members: Members, input: unknown): string => {
  const e = errorOf(members, input);
  expect(e.__type).toBe('ValidationException');
  expect(e.status).toBe(400);
  return e.message;
};
const one = (text: string): string => `1 validation error detected: ${text}`;

const all: Members = {
  S: { type: 'string' },
  I: { type: 'integer' },
  L: { type: 'long' },
  B: { type: 'boolean' },
  D: { type: 'blob' },
  T: { type: 'timestamp' },
  Li: { type: 'list', member: { type: 'string' } },
  M: { type: 'map', key: { type: 'string' }, value: { type: 'string' } },
  St: { type: 'structure', members: { X: { type: 'string' } } },
};

describe('validate: type checks (SerializationException)', () => {
  it('rejects a body that is not an object, and treats a null body as {}', () => {
    expect(serialization(all, [])).toBe('Start of list found where not expected');
    expect(serialization(all, 'x')).toBe('Expected null');
    expect(serialization(all, 5)).toBe('Expected null');
    expect(validate(all, null)).toEqual({ ok: true, value: {} });
    expect(validate(all, undefined)).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['S', 23, `${NUM} can not be converted to an String`],
    ['S', 34.56, `${NUM} can not be converted to an String`],
    ['S', true, 'class java.lang.Boolean can not be converted to an String'],
    ['S', {}, 'Start of structure or map found where not expected.'],
    ['S', [], 'Start of list found where not expected'],
    ['I', '23', 'class java.lang.String can not be converted to an Integer'],
    ['I', true, 'class java.lang.Boolean can not be converted to an Integer'],
    ['I', [], 'Start of list found where not expected'],
    ['I', {}, 'Start of structure or map found where not expected.'],
    ['L', '23', 'class java.lang.String can not be converted to an Long'],
    ['L', false, 'class java.lang.Boolean can not be converted to an Long'],
    ['B', 'hello', "'HELLO' can not be converted to an Boolean"],
    ['B', 23, `${NUM} can not be converted to an Boolean`],
    ['B', [], 'Start of list found where not expected'],
    ['B', {}, 'Start of structure or map found where not expected.'],
    ['D', true, 'class java.lang.Boolean can not be converted to a Blob'],
    ['D', 23, `${NUM} can not be converted to a Blob`],
    ['D', [], 'Start of list found where not expected'],
    ['D', '23456', "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
    ['D', '=+/=', "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"],
    ['D', '+/+=', "'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    ['T', '2016-04-04', 'class java.lang.String can not be converted to milliseconds since epoch'],
    ['T', true, 'class java.lang.Boolean can not be converted to milliseconds since epoch'],
    ['T', {}, 'Start of structure or map found where not expected.'],
    ['Li', '23', 'Expected list or null'],
    ['Li', 23, 'Expected list or null'],
    ['Li', true, 'Expected list or null'],
    ['Li', {}, 'Start of structure or map found where not expected.'],
    ['M', '23', 'Expected map or null'],
    ['M', 34.56, 'Expected map or null'],
    ['M', [], 'Start of list found where not expected'],
    ['St', '23', 'Expected null'],
    ['St', 23, 'Expected null'],
    ['St', false, 'Expected null'],
    ['St', [], 'Start of list found where not expected'],
  ])('%s = %j → %s', (member, value, message) => {
    expect(serialization(all, { [member]: value })).toBe(message);
  });

  it('checks inside lists, maps and structures', () => {
    expect(serialization(all, { Li: ['a', 1] })).toBe(`${NUM} can not be converted to an String`);
    expect(serialization(all, { M: { a: 'x', b: true } })).toBe('class java.lang.Boolean can not be converted to an String');
    expect(serialization(all, { St: { X: [] } })).toBe('Start of list found where not expected');
  });

  it('reports a type error before any constraint error', () => {
    const members: Members = { A: { type: 'string', required: true }, B: { type: 'integer' } };
    expect(serialization(members, { B: 'x' })).toBe('class java.lang.String can not be converted to an Integer');
  });
});

describe('validate: constraints (ValidationException)', () => {
  it('reports a missing required member as an unquoted null', () => {
    const members: Members = { StreamName: { type: 'string', required: true } };
    expect(validation(members, {})).toBe(one("Value null at 'streamName' failed to satisfy constraint: Member must not be null"));
    expect(validation(members, { StreamName: null })).toContain('Value null at');
  });

  it.each([
    [{ type: 'string', min: 2 }, 'a', "Value 'a' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 2"],
    [{ type: 'string', max: 2 }, 'abc', "Value 'abc' at 'value' failed to satisfy constraint: Member must have length less than or equal to 2"],
    [{ type: 'string', pattern: '[a-z]+' }, 'ab1', "Value 'ab1' at 'value' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"],
    [{ type: 'string', enum: ['A', 'B', 'C'] }, 'D', "Value 'D' at 'value' failed to satisfy constraint: Member must satisfy enum value set: [A, B, C]"],
    [{ type: 'integer', min: 1 }, 0, "Value '0' at 'value' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    [{ type: 'long', max: 10 }, 11, "Value '11' at 'value' failed to satisfy constraint: Member must have value less than or equal to 10"],
    [{ type: 'blob', max: 2 }, 'AAAA', "Value 'java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]' at 'value' failed to satisfy constraint: Member must have length less than or equal to 2"],
    [{ type: 'blob', min: 1 }, '', "Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    [{ type: 'list', max: 1, member: { type: 'string' } }, ['a', 'b'], "Value '[a, b]' at 'value' failed to satisfy constraint: Member must have length less than or equal to 1"],
    [{ type: 'map', min: 1, key: { type: 'string' }, value: { type: 'string' } }, {}, "Value '{}' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    [{ type: 'map', max: 1, key: { type: 'string' }, value: { type: 'string' } }, { a: '1', b: '2' }, "Value '{a=1, b=2}' at 'value' failed to satisfy constraint: Member must have length less than or equal to 1"],
  ] as const)('%j with %j', (shape, value, text) => {
    expect(validation({ Value: shape }, { Value: value })).toBe(one(text));
  });

  it('anchors patterns over the whole value, alternatives included', () => {
    const members: Members = { K: { type: 'string', pattern: '0|([1-9]\\d{0,38})' } };
    expect(validate(members, { K: '0' }).ok).toBe(true);
    expect(validate(members, { K: '340282366920938463463374607431768211455' }).ok).toBe(true);
    expect(validation(members, { K: '01' })).toContain("Value '01' at 'k'");
    expect(validation(members, { K: '1a' })).toContain("Value '1a' at 'k'");
  });

  it('lists a member’s failures in AWS order: pattern, then min length', () => {
    const members: Members = { StreamName: { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' } };
    expect(validation(members, { StreamName: '' })).toBe(
      "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('reports members in table order, not input order', () => {
    const members: Members = { B: { type: 'integer', min: 5 }, A: { type: 'string', max: 1 } };
    const message = validation(members, { A: 'xx', B: 1 });
    expect(message.indexOf("at 'b'")).toBeLessThan(message.indexOf("at 'a'"));
    expect(message.startsWith('2 validation errors detected: ')).toBe(true);
  });

  it('addresses structure members and list-of-structure members (1-based, with .member)', () => {
    const members: Members = {
      ShardFilter: { type: 'structure', members: { Type: { type: 'string', required: true, enum: ['X'] } } },
      Records: { type: 'list', member: { type: 'structure', members: { PartitionKey: { type: 'string', min: 1 } } } },
    };
    expect(validation(members, { ShardFilter: {} })).toBe(one("Value null at 'shardFilter.type' failed to satisfy constraint: Member must not be null"));
    expect(validation(members, { Records: [{ PartitionKey: 'a' }, { PartitionKey: '' }] })).toBe(
      one("Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    );
    expect(validation(members, { Records: [null] })).toBe(one("Value null at 'records.1.member' failed to satisfy constraint: Member must not be null"));
  });

  it('judges a list of plain values as a whole, listing every member constraint', () => {
    const members: Members = { TagKeys: { type: 'list', member: { type: 'string', min: 1, max: 3 } } };
    expect(validation(members, { TagKeys: ['a', 'abcd', ''] })).toBe(
      one("Value '[a, abcd, ]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1]"),
    );
  });

  it('judges map keys and map values as a whole, keys first', () => {
    const members: Members = {
      Tags: { type: 'map', key: { type: 'string', min: 1, max: 2, pattern: '[a-z]+' }, value: { type: 'string', max: 1 } },
    };
    expect(validation(members, { Tags: { abc: 'xy' } })).toBe(
      "2 validation errors detected: Value '{abc=xy}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: " +
        '[Member must have length less than or equal to 2, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [a-z]+]; ' +
        "Value '{abc=xy}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 1]",
    );
  });

  it('stops at 10 errors', () => {
    const members: Members = { Records: { type: 'list', member: { type: 'structure', members: { K: { type: 'string', min: 1 } } } } };
    const message = validation(members, { Records: Array.from({ length: 25 }, () => ({ K: '' })) });
    expect(message.startsWith('10 validation errors detected: ')).toBe(true);
    expect(message.split('; ')).toHaveLength(10);
    expect(message).toContain("'records.10.member.k'");
    expect(message).not.toContain("'records.11.member.k'");
  });

  it('checks integers after flooring', () => {
    expect(validation({ N: { type: 'integer', min: 1 } }, { N: 0.9 })).toBe(
      one("Value '0' at 'n' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
  });
});

describe('validate: conversions', () => {
  it('returns a new object with blobs checked (kept as base64 text), timestamps in ms, integers floored', () => {
    const input = { S: 'x', I: 3.7, L: -1.5, B: false, D: 'aGk=', T: 1459799926.48, Li: ['a'], M: { k: 'v' }, St: { X: 'y', Z: 1 } };
    const r = validate(all, input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).not.toBe(input);
    expect(r.value).toEqual({ S: 'x', I: 3, L: -2, B: false, D: 'aGk=', T: 1459799926480, Li: ['a'], M: { k: 'v' }, St: { X: 'y' } });
    expect(r.value.St).not.toBe(input.St);
    expect(input.D).toBe('aGk='); // the input is not mutated
  });

  it('drops unknown members and nulls', () => {
    expect(validate(all, { S: null, Unknown: 5, I: 1 })).toEqual({ ok: true, value: { I: 1 } });
    expect(validate(all, { St: { X: null } })).toEqual({ ok: true, value: { St: {} } });
  });

  it('rounds fractional seconds to the millisecond and saturates Integer at the int range', () => {
    expect(validate(all, { T: 1.0005 })).toEqual({ ok: true, value: { T: 1001 } });
    expect(validate(all, { I: 1e11, L: 1e11 })).toEqual({ ok: true, value: { I: 2147483647, L: 1e11 } });
  });

  it('accepts bytes handed over in-process, and an own "__proto__" map key as data', () => {
    const bytes = new Uint8Array([1, 2]);
    const r = validate(all, { D: bytes, M: JSON.parse('{"__proto__":"v"}') });
    expect(r.ok && r.value.D).toBe('AQI='); // bytes become the base64 text the wire would carry
    expect(r.ok && Object.keys(r.value.M as object)).toEqual(['__proto__']);
    expect(r.ok && Object.getPrototypeOf(r.value.M)).toBe(Object.prototype);
  });

  it('ignores inherited properties of the body', () => {
    const inherited: Shape = { type: 'string', pattern: 'x' };
    const members: Members = { Constructor: { type: 'string' }, ['constructor' as string]: inherited };
    expect(validate(members, {})).toEqual({ ok: true, value: {} });
  });
});
