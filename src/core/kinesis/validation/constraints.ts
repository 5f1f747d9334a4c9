/**
 * Phase 2 of validation: the model constraints (required, length, range, pattern, enum) checked
 * on an already-converted value, producing AWS's error sentences in table order.
 *
 * AWS's wording, from captured responses (kinesalite's suite and AWS errors quoted in public
 * issues):
 * - `Value 'abc' at 'streamName' failed to satisfy constraint: Member must …`; a missing value
 *   prints as `Value null` (no quotes), a blob as `java.nio.HeapByteBuffer[pos=0 lim=N cap=N]`,
 *   a list as `[a, b]`, a map as `{k=v}`.
 * - Members of a list of structures are addressed `records.1.member.data` (1-based, with the
 *   literal `member` segment).
 * - A list (or map) of plain values is judged as a whole: one error at the list's own path,
 *   `Member must satisfy constraint: [<every constraint of the member shape>]` (maps: `Map keys
 *   must …` / `Map value must …`), bracket order max, min, pattern.
 */
import { base64DecodedLength } from '../../util/base64';
import type { Members, Shape } from './shape';

/** AWS reports at most this many constraint violations per request. */
export const MAX_ERRORS = 10;

/** One member of a compiled table. */
export interface CompiledMember {
  /** Wire name (PascalCase), e.g. `StreamName`. */
  readonly name: string;
  /** Name in error paths (first letter lowered), e.g. `streamName`. */
  readonly path: string;
  readonly shape: Shape;
}
/** A table as an array in table order, built once by `compileMembers`. */
export type CompiledMembers = readonly CompiledMember[];

const tables = new WeakMap<Members, CompiledMembers>();
const regexes = new Map<string, RegExp>();
const brackets = new WeakMap<Shape, string>();

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** A table as an array, built once per table object (member order = table order). */
export function compileMembers(members: Members): CompiledMembers {
  let table = tables.get(members);
  if (table === undefined) {
    table = Object.keys(members).map((name) => ({ name, path: lowerFirst(name), shape: members[name]! }));
    tables.set(members, table);
  }
  return table;
}

/** AWS (Java) matches the whole value against the model's pattern. */
function matches(pattern: string, s: string): boolean {
  let re = regexes.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})$`);
    regexes.set(pattern, re);
  }
  return re.test(s);
}

const join = (prefix: string, segment: string): string => (prefix === '' ? segment : `${prefix}.${segment}`);

/** The value as AWS's Java side prints it inside `Value '…'`. */
function render(shape: Shape, v: unknown): string {
  if (v == null) return 'null';
  switch (shape.type) {
    case 'blob': {
      const n = base64DecodedLength(v as string);
      return `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`;
    }
    case 'list':
      return `[${(v as readonly unknown[]).map((e) => render(shape.member, e)).join(', ')}]`;
    case 'map': {
      const m = v as Record<string, unknown>;
      return `{${Object.keys(m).map((k) => `${k}=${render(shape.value, m[k])}`).join(', ')}}`;
    }
    case 'structure': {
      // Unsure: AWS prints the entry's Java toString (Firehose shows `Record(data=…)`), whose
      // class name a table does not carry; a capture of PutRecords with 501 records would settle it.
      const o = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const m of compileMembers(shape.members)) if (Object.hasOwn(o, m.name) && o[m.name] != null) parts.push(`${m.path}=${render(m.shape, o[m.name])}`);
      return `{${parts.join(', ')}}`;
    }
    default:
      return String(v);
  }
}

function report(errors: string[], shape: Shape, v: unknown, path: string, constraint: string): void {
  if (errors.length >= MAX_ERRORS) return;
  const shown = v == null ? 'null' : `'${render(shape, v)}'`;
  errors.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
}

const isContainer = (s: Shape): boolean => s.type === 'list' || s.type === 'map' || s.type === 'structure';

/** Whether a plain value breaks any constraint of its shape (no text built: the fast path). */
function fails(shape: Shape, v: unknown): boolean {
  if (v == null) return true; // Unsure: AWS's text for a null list element / map value is unknown.
  switch (shape.type) {
    case 'string': {
      const s = v as string;
      return (shape.min !== undefined && s.length < shape.min) || (shape.max !== undefined && s.length > shape.max) ||
        (shape.pattern !== undefined && !matches(shape.pattern, s)) || (shape.enum !== undefined && !shape.enum.includes(s));
    }
    case 'integer':
    case 'long':
    case 'double':
      return (shape.min !== undefined && (v as number) < shape.min) || (shape.max !== undefined && (v as number) > shape.max);
    case 'blob': {
      const n = base64DecodedLength(v as string);
      return (shape.min !== undefined && n < shape.min) || (shape.max !== undefined && n > shape.max);
    }
    default:
      return false;
  }
}

/** Every constraint of a member shape, in the order AWS lists them inside `[…]`. */
function bracket(shape: Shape): string {
  let text = brackets.get(shape);
  if (text !== undefined) return text;
  const parts: string[] = [];
  if (shape.type === 'string' || shape.type === 'blob') {
    if (shape.max !== undefined) parts.push(`Member must have length less than or equal to ${shape.max}`);
    if (shape.min !== undefined) parts.push(`Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.type === 'string' && shape.pattern !== undefined) parts.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.type === 'string' && shape.enum !== undefined) parts.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  if (shape.type === 'integer' || shape.type === 'long' || shape.type === 'double') {
    if (shape.max !== undefined) parts.push(`Member must have value less than or equal to ${shape.max}`);
    if (shape.min !== undefined) parts.push(`Member must have value greater than or equal to ${shape.min}`);
  }
  if (parts.length === 0) parts.push('Member must not be null'); // only reachable for null elements
  text = parts.join(', ');
  brackets.set(shape, text);
  return text;
}

/** Phase 2 over a structure's members; appends AWS's sentences to `errors` (at most 10). */
export function checkMembers(table: CompiledMembers, obj: Record<string, unknown>, prefix: string, errors: string[]): void {
  for (let i = 0; i < table.length && errors.length < MAX_ERRORS; i++) {
    const m = table[i]!;
    checkValue(m.shape, Object.hasOwn(obj, m.name) ? obj[m.name] : undefined, prefix, m.path, errors);
  }
}

function checkValue(shape: Shape, v: unknown, prefix: string, segment: string, errors: string[]): void {
  if (v == null) {
    if (shape.required) report(errors, shape, null, join(prefix, segment), 'Member must not be null');
    return;
  }
  switch (shape.type) {
    case 'string': {
      const s = v as string;
      // Order as AWS lists them: pattern, then min length, then max length.
      if (shape.pattern !== undefined && !matches(shape.pattern, s)) report(errors, shape, s, join(prefix, segment), `Member must satisfy regular expression pattern: ${shape.pattern}`);
      if (shape.min !== undefined && s.length < shape.min) report(errors, shape, s, join(prefix, segment), `Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && s.length > shape.max) report(errors, shape, s, join(prefix, segment), `Member must have length less than or equal to ${shape.max}`);
      if (shape.enum !== undefined && !shape.enum.includes(s)) report(errors, shape, s, join(prefix, segment), `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
      if (shape.min !== undefined && (v as number) < shape.min) report(errors, shape, v, join(prefix, segment), `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && (v as number) > shape.max) report(errors, shape, v, join(prefix, segment), `Member must have value less than or equal to ${shape.max}`);
      return;
    case 'blob':
      checkLength(shape, v, base64DecodedLength(v as string), join(prefix, segment), errors);
      return;
    case 'list':
      checkList(shape, v as readonly unknown[], join(prefix, segment), errors);
      return;
    case 'map':
      checkMap(shape, v as Record<string, unknown>, join(prefix, segment), errors);
      return;
    case 'structure':
      checkMembers(compileMembers(shape.members), v as Record<string, unknown>, join(prefix, segment), errors);
      return;
    default: // boolean, timestamp: no constraints besides `required`
      return;
  }
}

function checkLength(shape: Shape & { min?: number; max?: number }, v: unknown, n: number, path: string, errors: string[]): void {
  if (shape.min !== undefined && n < shape.min) report(errors, shape, v, path, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) report(errors, shape, v, path, `Member must have length less than or equal to ${shape.max}`);
}

function checkList(shape: Extract<Shape, { type: 'list' }>, list: readonly unknown[], path: string, errors: string[]): void {
  checkLength(shape, list, list.length, path, errors);
  const member = shape.member;
  if (!isContainer(member)) {
    for (let i = 0; i < list.length; i++) {
      if (fails(member, list[i])) return report(errors, shape, list, path, `Member must satisfy constraint: [${bracket(member)}]`);
    }
    return;
  }
  for (let i = 0; i < list.length && errors.length < MAX_ERRORS; i++) {
    const e = list[i];
    // Unsure: AWS's text for a null element in a list of structures; "not null" is assumed.
    if (e == null) report(errors, member, null, `${path}.${i + 1}.member`, 'Member must not be null');
    else checkValue(member, e, `${path}.${i + 1}`, 'member', errors);
  }
}

function checkMap(shape: Extract<Shape, { type: 'map' }>, map: Record<string, unknown>, path: string, errors: string[]): void {
  const keys = Object.keys(map);
  checkLength(shape, map, keys.length, path, errors);
  // Unsure: whether AWS reports the map's own length before its keys and values (assumed so).
  for (let i = 0; i < keys.length; i++) {
    if (fails(shape.key, keys[i])) {
      report(errors, shape, map, path, `Map keys must satisfy constraint: [${bracket(shape.key)}]`);
      break;
    }
  }
  if (!isContainer(shape.value)) {
    for (let i = 0; i < keys.length; i++) {
      if (fails(shape.value, map[keys[i]!])) return report(errors, shape, map, path, `Map value must satisfy constraint: [${bracket(shape.value)}]`);
    }
    return;
  }
  for (let i = 0; i < keys.length && errors.length < MAX_ERRORS; i++) {
    const key = keys[i]!;
    if (map[key] == null) report(errors, shape.value, null, `${path}.${key}`, 'Member must not be null');
    else checkValue(shape.value, map[key], path, key, errors);
  }
}
