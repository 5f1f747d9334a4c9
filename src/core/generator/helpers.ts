/**
 * Template helpers. KDG extends faker.js with `date.now`, `date.utc`, `date.simTime` and
 * `random.weightedArrayElement`, and its examples use faker.js 4 names (`name.firstName`,
 * `internet.ip`, `random.number(70)`, `random.arrayElement([…])`) — source:
 * https://github.com/awslabs/amazon-kinesis-data-generator web/help.html. Those names are kept
 * working here on top of faker 10; any faker 10 method is reachable as `faker.<module>.<method>`
 * (or `<module>.<method>`). Shardlab adds `price`/`walk` (random walks per key), `change`,
 * `counter`, `lookup`, `random.int`, `random.float`, `date.epoch`.
 */
import { base, en, Faker } from '@faker-js/faker';
import { formatDate } from './dateFormat.js';

/** Mutable state of one generator's renders: its seeded faker, the record's time, walks. */
export interface RenderState {
  readonly faker: Faker;
  /** Virtual time of the record being rendered (epoch ms). */
  now: number;
  /** Variables set with `{{set name = …}}`, per record. */
  readonly vars: Map<string, unknown>;
  /** Random walks by key: the last value and the last step. */
  readonly walks: Map<string, { value: number; change: number }>;
  readonly counters: Map<string, number>;
}

/** A helper gets its evaluated arguments and the offset of its placeholder (a default key). */
export type Helper = (s: RenderState, args: readonly unknown[], site: number) => unknown;

/** Thrown by a helper given bad arguments; the template adds the placeholder and position. */
export class HelperArgumentError extends Error {}

/** A new faker with only the English locale (plus faker's locale-independent base), seeded. */
export function createFaker(seed: number): Faker {
  const f = new Faker({ locale: [en, base] });
  f.seed(seed);
  return f;
}

export function newRenderState(seed: number): RenderState {
  return { faker: createFaker(seed), now: 0, vars: new Map(), walks: new Map(), counters: new Map() };
}

const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new HelperArgumentError(`${what} must be a number, got ${JSON.stringify(v)}`);
  return v;
};

/** faker.js 4's `random.number`: (max) | (min, max) | ({min, max, precision}); bounds inclusive. */
function randomNumber(s: RenderState, args: readonly unknown[]): number {
  let min = 0;
  let max = 99999;
  let precision = 1;
  const [a, b] = args;
  if (typeof a === 'object' && a !== null) {
    const o = a as { min?: unknown; max?: unknown; precision?: unknown };
    if (o.min !== undefined) min = num(o.min, 'min');
    if (o.max !== undefined) max = num(o.max, 'max');
    if (o.precision !== undefined) precision = num(o.precision, 'precision');
  } else if (b !== undefined) {
    min = num(a, 'min');
    max = num(b, 'max');
  } else if (a !== undefined) max = num(a, 'max');
  if (max < min) throw new HelperArgumentError(`max (${max}) is less than min (${min})`);
  if (precision >= 1 && Number.isInteger(min) && Number.isInteger(max)) return s.faker.number.int({ min, max });
  return s.faker.number.float({ min, max, multipleOf: precision });
}

function arrayElement(s: RenderState, args: readonly unknown[]): unknown {
  const arr = args[0];
  if (!Array.isArray(arr) || arr.length === 0) throw new HelperArgumentError('expects a non-empty array');
  return arr[s.faker.number.int({ min: 0, max: arr.length - 1 })];
}

/** KDG's `random.weightedArrayElement({"weights":[…],"data":[…]})`: weights need not sum to 1. */
function weightedArrayElement(s: RenderState, args: readonly unknown[]): unknown {
  const o = args[0] as { weights?: unknown; data?: unknown } | undefined;
  const weights = o?.weights;
  const data = o?.data;
  if (!Array.isArray(weights) || !Array.isArray(data) || weights.length !== data.length || data.length === 0) {
    throw new HelperArgumentError('expects {"weights":[…],"data":[…]} with arrays of the same, non-zero length');
  }
  const total = weights.reduce((sum: number, w) => sum + num(w, 'a weight'), 0);
  if (!(total > 0)) throw new HelperArgumentError('weights must add up to more than 0');
  let r = s.faker.number.float({ min: 0, max: 1 }) * total;
  for (let i = 0; i < data.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return data[i];
  }
  return data[data.length - 1];
}

const dateNow: Helper = (s, args) => (args[0] === undefined ? new Date(s.now).toISOString() : formatDate(s.now, String(args[0])));

/**
 * A multiplicative random walk: each call moves the key's value by a uniform step in
 * ±volatility (a fraction), rounded to cents, never below 0.01. Without a key each placeholder
 * walks on its own.
 */
const walk: Helper = (s, args, site) => {
  const start = num(args[0] ?? 100, 'start');
  const vol = num(args[1] ?? 0.01, 'volatility');
  const key = args[2] === undefined ? `@${site}` : String(args[2]);
  const w = s.walks.get(key);
  if (!w) {
    s.walks.set(key, { value: start, change: 0 });
    return start;
  }
  const step = s.faker.number.float({ min: -vol, max: vol });
  const next = Math.max(0.01, Math.round(w.value * (1 + step) * 100) / 100);
  w.change = Math.round((next - w.value) * 100) / 100;
  w.value = next;
  return next;
};

const BUILTINS: Record<string, Helper> = {
  'random.number': randomNumber,
  'random.int': randomNumber,
  'random.float': (s, a) => s.faker.number.float({ min: num(a[0] ?? 0, 'min'), max: num(a[1] ?? 1, 'max'), fractionDigits: num(a[2] ?? 2, 'decimals') }),
  'random.arrayElement': arrayElement,
  'random.weightedArrayElement': weightedArrayElement,
  'random.uuid': (s) => s.faker.string.uuid(),
  'random.boolean': (s) => s.faker.datatype.boolean(),
  'random.alphaNumeric': (s, a) => s.faker.string.alphanumeric(num(a[0] ?? 1, 'length')),
  'date.now': dateNow,
  'date.utc': dateNow,
  'date.simTime': dateNow,
  'date.epoch': (s) => s.now,
  price: walk,
  walk,
  change: (s, a) => s.walks.get(String(a[0]))?.change ?? 0,
  counter: (s, a, site) => {
    const key = a[0] === undefined ? `@${site}` : String(a[0]);
    const n = (s.counters.get(key) ?? 0) + 1;
    s.counters.set(key, n);
    return n;
  },
  lookup: (_s, a) => {
    const table = a[1];
    if (typeof table !== 'object' || table === null) throw new HelperArgumentError('expects (key, {table})');
    return (table as Record<string, unknown>)[String(a[0])] ?? a[2] ?? null;
  },
};

/** faker.js 4 (KDG) names whose faker 10 method moved. */
const ALIASES: Record<string, string> = {
  'name.firstName': 'person.firstName',
  'name.lastName': 'person.lastName',
  'name.findName': 'person.fullName',
  'name.jobTitle': 'person.jobTitle',
  'name.prefix': 'person.prefix',
  'internet.ip': 'internet.ipv4',
  'internet.userName': 'internet.username',
  'address.city': 'location.city',
  'address.country': 'location.country',
  'address.state': 'location.state',
  'address.zipCode': 'location.zipCode',
  'address.streetAddress': 'location.streetAddress',
  'address.latitude': 'location.latitude',
  'address.longitude': 'location.longitude',
  'phone.phoneNumber': 'phone.number',
  'company.companyName': 'company.name',
  'random.word': 'lorem.word',
  'random.words': 'lorem.words',
  'datatype.uuid': 'string.uuid',
};

let reference: Faker | undefined;

/** The helper a path names, or undefined when there is none. */
export function resolveHelper(path: string): Helper | undefined {
  const builtin = BUILTINS[path];
  if (builtin) return builtin;
  let p = path.startsWith('faker.') ? path.slice(6) : path;
  p = ALIASES[p] ?? p;
  const [module, method, ...rest] = p.split('.');
  if (!module || !method || rest.length > 0) return undefined;
  reference ??= createFaker(0);
  const mod = (reference as unknown as Record<string, unknown>)[module];
  if (typeof mod !== 'object' || mod === null || typeof (mod as Record<string, unknown>)[method] !== 'function') return undefined;
  return (s, args) => {
    const m = (s.faker as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[module]!;
    try {
      return m[method]!.apply(m, [...args]);
    } catch (err) {
      throw new HelperArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

/** Names of Shardlab's and KDG's own helpers (faker's are open-ended). */
export const builtinHelperNames: readonly string[] = Object.keys(BUILTINS);
