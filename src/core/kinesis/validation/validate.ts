/**
 * The validation engine (STYLE §4): one table of `Shape`s per operation in, AWS's exact error
 * text out. Two phases, as AWS's Coral stack has them:
 *
 * 1. Deserialisation — a JSON value of the wrong kind stops the request at once with a
 *    `SerializationException` worded like AWS's Java deserializer. The same pass builds the
 *    validated value (blobs checked and kept as base64 text, timestamps in epoch ms, integers floored, unknown members
 *    and nulls dropped).
 * 2. Constraints — every violated model constraint, in table order, up to 10, as one
 *    `ValidationException` ("2 validation errors detected: Value … at 'records.1.member.data'
 *    failed to satisfy constraint: …").
 *
 * Hot path: PutRecords with 500 records. No exceptions are thrown (phase 1 reports through a
 * sentinel), regular expressions are compiled once per pattern, tables are compiled once per
 * table object, and no closure is allocated per record.
 */
import { fail, ok, type Result } from '../errors';
import { base64Problem, encodeBase64 } from '../../util/base64';
import type { Members, Shape } from './shape';
import { checkMembers, compileMembers, MAX_ERRORS, type CompiledMembers } from './constraints';

/**
 * The Java class AWS's deserializer names for a JSON number. Older captures (and kinesalite
 * before 2019) read `class java.math.BigDecimal`; kinesalite's current suite, run against AWS,
 * reads this one.
 * Unsure: a fresh capture (e.g. `{"StreamName": 1}` to DescribeStreamSummary) would settle it.
 */
const NUMBER_CLASS = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';
const LIST_FOUND = 'Start of list found where not expected';
const STRUCT_FOUND = 'Start of structure or map found where not expected.';
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** Returned by `convert` instead of throwing; the message waits in `typeError`. */
const BAD: unique symbol = Symbol('bad');
let typeError = '';

function bad(message: string): typeof BAD {
  typeError = message;
  return BAD;
}

/** Text for a scalar (or container) found where a scalar of `target` was expected. */
function mismatch(v: unknown, target: string): string {
  switch (typeof v) {
    case 'boolean':
      return `class java.lang.Boolean can not be converted to ${target}`;
    case 'number':
      return `${NUMBER_CLASS} can not be converted to ${target}`;
    case 'string':
      return `class java.lang.String can not be converted to ${target}`;
    default:
      return Array.isArray(v) ? LIST_FOUND : STRUCT_FOUND;
  }
}

function convertMembers(table: CompiledMembers, input: object): Record<string, unknown> | typeof BAD {
  const source = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < table.length; i++) {
    const m = table[i]!;
    // Own properties only: a JSON body cannot inherit, but `{}` has `constructor` & co.
    if (!Object.hasOwn(source, m.name)) continue;
    const v = source[m.name];
    if (v == null) continue;
    const c = convert(m.shape, v);
    if (c === BAD) return BAD;
    out[m.name] = c;
  }
  return out;
}

/** Phase 1 for one non-null value: the converted value, or BAD with `typeError` set. */
function convert(shape: Shape, v: unknown): unknown {
  switch (shape.type) {
    case 'string':
      return typeof v === 'string' ? v : bad(mismatch(v, 'an String'));
    case 'integer':
    case 'long': {
      if (typeof v !== 'number') return bad(mismatch(v, shape.type === 'integer' ? 'an Integer' : 'an Long'));
      const n = Math.floor(v);
      // kinesalite saturates Integer members at the int range (Java's narrowing of the number).
      // Unsure: only the upper clamp is observed; the lower one is assumed symmetric.
      if (shape.type === 'integer') return n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : n;
      return n;
    }
    case 'double':
      return typeof v === 'number' ? v : bad(mismatch(v, 'an Double'));
    case 'boolean':
      if (typeof v === 'boolean') return v;
      // AWS upper-cases the rejected text. Unsure: kinesalite notes that "true"/"false" strings
      // may be accepted by AWS; like kinesalite, every string is rejected here.
      if (typeof v === 'string') return bad(`'${v.toUpperCase()}' can not be converted to an Boolean`);
      return bad(mismatch(v, 'an Boolean'));
    case 'blob': {
      // Blobs stay in their wire form (validated base64 text): records are stored and served as
      // the text they arrived in, so the data is never decoded nor encoded again on its way.
      if (v instanceof Uint8Array) return encodeBase64(v); // in-process callers may hand bytes over
      if (typeof v !== 'string') return bad(mismatch(v, 'a Blob'));
      const problem = base64Problem(v);
      return problem === undefined ? v : bad(`'${v}' can not be converted to a Blob: ${problem}`);
    }
    case 'timestamp':
      // The JSON protocol sends epoch seconds with a millisecond fraction.
      return typeof v === 'number' ? Math.round(v * 1000) : bad(mismatch(v, 'milliseconds since epoch'));
    case 'list': {
      if (!Array.isArray(v)) return bad(typeof v === 'object' ? STRUCT_FOUND : 'Expected list or null');
      const out: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        // A null element is kept so that phase 2 can report it.
        const c = e == null ? null : convert(shape.member, e);
        if (c === BAD) return BAD;
        out[i] = c;
      }
      return out;
    }
    case 'map': {
      if (typeof v !== 'object') return bad('Expected map or null');
      if (Array.isArray(v)) return bad(LIST_FOUND);
      const source = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(source)) {
        const e = source[key];
        const c = e == null ? null : convert(shape.value, e);
        if (c === BAD) return BAD;
        // A key named "__proto__" must become a plain own property, not a prototype change.
        if (key === '__proto__') Object.defineProperty(out, key, { value: c, enumerable: true, writable: true, configurable: true });
        else out[key] = c;
      }
      return out;
    }
    case 'structure':
      if (typeof v !== 'object') return bad('Expected null');
      if (Array.isArray(v)) return bad(LIST_FOUND);
      return convertMembers(compileMembers(shape.members), v as object);
  }
}

/**
 * Validates a JSON-parsed request body against an operation's table.
 *
 * Returns the validated input — a new object holding only the table's members, with blobs as
 * `Uint8Array`, timestamps as epoch milliseconds and integers floored — or AWS's
 * `SerializationException` (wrong JSON kind) / `ValidationException` (model constraints).
 * A missing or `null` body counts as `{}`.
 */
export function validate(members: Members, input: unknown): Result<Record<string, unknown>> {
  const table = compileMembers(members);
  let value: Record<string, unknown> | typeof BAD;
  if (input == null) value = {};
  else if (Array.isArray(input)) value = bad(LIST_FOUND);
  else if (typeof input !== 'object') value = bad('Expected null');
  else value = convertMembers(table, input);
  if (value === BAD) return fail('SerializationException', typeError);

  const errors: string[] = [];
  checkMembers(table, value, '', errors);
  if (errors.length === 0) return ok(value);
  const n = Math.min(errors.length, MAX_ERRORS);
  return fail('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${errors.join('; ')}`);
}
