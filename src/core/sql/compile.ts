/**
 * Compiles an expression AST to a closure over a row array, checking types once up front so a
 * query runs without re-inspecting the tree per row. Semantics follow PostgreSQL (which Redshift
 * and, mostly, Kinesis Data Analytics share): three-valued logic, NULL propagation, integer
 * division truncating toward zero, implicit numeric promotion, 22012 on division by zero.
 */
import type { BinaryOp, Expr } from './ast.js';
import { SqlError, SqlRuntimeError, type Pos } from './errors.js';
import { commonType, extractField, noSuchFunction, type FunctionRegistry } from './functions.js';
import {
  T, canCast, castValue, checkRange, decimal, isIntegral, isNumeric, isTemporal, isText, parseInterval,
  parseTimestamp, promote, typeDisplayName, typeFromName, unitMillis, valueToText,
  type SqlType, type SqlValue,
} from './types.js';

export type Row = readonly unknown[];

export interface Compiled {
  readonly type: SqlType;
  readonly eval: (row: Row) => SqlValue;
  /** Present when the value does not depend on the row (literals, folded casts of literals). */
  readonly constant?: { readonly value: SqlValue };
}

export interface ColumnRef {
  readonly name: string;
  readonly quoted: boolean;
  readonly qualifier?: string;
}

/** Resolves a column reference to a row index and type, or throws (see `columnNotFound`). */
export interface Scope {
  resolve(ref: ColumnRef, at: Pos): { index: number; type: SqlType };
}

export interface CompileOptions {
  /** The statement clock for CURRENT_TIMESTAMP etc. (epoch ms). Default: 0. */
  readonly now?: () => number;
  /**
   * Called for every node before the default compilation; return a Compiled to take it over
   * (aggregates and GROUP BY keys in a grouped query), or undefined to compile normally.
   */
  readonly intercept?: (e: Expr) => Compiled | undefined;
}

/** PostgreSQL's `column "x" does not exist` (42703) at the reference. */
export function columnNotFound(ref: ColumnRef, at: Pos): SqlError {
  const name = ref.qualifier ? `${ref.qualifier}.${ref.name}` : `"${ref.name}"`;
  return new SqlError(`column ${name} does not exist`, at, { code: '42703' });
}

/** Compiles `expr`; throws SqlError for unknown columns/functions and type mismatches. */
export function compileExpr(expr: Expr, scope: Scope, functions: FunctionRegistry, opts: CompileOptions = {}): Compiled {
  return new Compiler(scope, functions, opts).compile(expr);
}

const constant = (type: SqlType, value: SqlValue): Compiled => ({ type, eval: () => value, constant: { value } });

const cmp = (a: SqlValue, b: SqlValue): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

const opError = (op: string, l: SqlType, r: SqlType, at: Pos): SqlError =>
  new SqlError(`operator does not exist: ${typeDisplayName(l)} ${op} ${typeDisplayName(r)}`, at, { code: '42883' });

/** A LIKE pattern as a RegExp (`%`, `_`, backslash escape). */
export function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '');
}
const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class Compiler {
  private readonly now: () => number;
  constructor(private readonly scope: Scope, private readonly fns: FunctionRegistry, private readonly opts: CompileOptions) {
    this.now = opts.now ?? (() => 0);
  }

  compile(e: Expr): Compiled {
    const hooked = this.opts.intercept?.(e);
    if (hooked) return hooked;
    switch (e.kind) {
      case 'number': return this.number(e.text);
      case 'string': return constant({ kind: 'varchar', length: e.value.length }, e.value);
      case 'boolean': return constant(T.boolean, e.value);
      case 'null': return constant(T.unknown, null);
      case 'typed': {
        const type = typeFromName(e.type);
        const v = safeCast(e.text, type);
        if (v === undefined) throw new SqlError(`invalid input syntax for type ${typeDisplayName(type)}: "${e.text}"`, e.at, { code: '22007' });
        return constant(type, v);
      }
      case 'interval': {
        const ms = parseInterval(e.text, e.unit);
        if (ms === undefined) throw new SqlError(`invalid input syntax for type interval: "${e.text}"`, e.at, { code: '22007' });
        return constant(T.interval, ms);
      }
      case 'column': {
        const { index, type } = this.scope.resolve(e.qualifier ? { name: e.name, quoted: e.quoted, qualifier: e.qualifier } : { name: e.name, quoted: e.quoted }, e.at);
        return { type, eval: (row) => row[index] as SqlValue };
      }
      case 'unary': return this.unary(e.op, this.compile(e.operand), e.at);
      case 'binary': return this.binary(e.op, e.left, e.right, e.opAt);
      case 'isNull': {
        const x = this.compile(e.operand);
        return e.not ? { type: T.boolean, eval: (r) => x.eval(r) !== null } : { type: T.boolean, eval: (r) => x.eval(r) === null };
      }
      case 'between': {
        const ge = this.comparison('>=', e.operand, e.low, e.at);
        const le = this.comparison('<=', e.operand, e.high, e.at);
        const both = and3(ge.eval, le.eval);
        return { type: T.boolean, eval: e.not ? (r) => not3(both(r)) : both };
      }
      case 'in': return this.inList(e.operand, e.list, e.not, e.at);
      case 'like': {
        const x = this.compile(e.operand);
        const p = this.compile(e.pattern);
        for (const s of [x, p]) if (!isText(s.type) && s.type.kind !== 'unknown') throw opError(e.caseInsensitive ? '~~*' : '~~', x.type, p.type, e.at);
        const ci = e.caseInsensitive;
        const fixed = p.constant && p.constant.value !== null ? likeRegex(p.constant.value as string, ci) : undefined;
        const cache = new Map<string, RegExp>();
        return {
          type: T.boolean,
          eval: (r) => {
            const s = x.eval(r);
            const pat = fixed ? '' : p.eval(r);
            if (s === null || pat === null) return null;
            let re = fixed;
            if (!re) {
              re = cache.get(pat as string) ?? likeRegex(pat as string, ci);
              cache.set(pat as string, re);
            }
            return re.test(s as string) !== e.not;
          },
        };
      }
      case 'case': return this.caseExpr(e);
      case 'cast': {
        const x = this.compile(e.operand);
        const to = typeFromName(e.type);
        if (!canCast(x.type, to)) throw new SqlError(`cannot cast type ${typeDisplayName(x.type)} to ${typeDisplayName(to)}`, e.at, { code: '42846' });
        const from = x.type;
        return { type: to, eval: (r) => castValue(x.eval(r), from, to) };
      }
      case 'call': return this.call(e);
      case 'extract': {
        const x = this.compile(e.operand);
        if (!isTemporal(x.type) && x.type.kind !== 'interval' && x.type.kind !== 'unknown') throw noSuchFunction('date_part', [T.varchar, x.type], e.at);
        const xt = x.type;
        if (extractField(e.field, 0, xt) === undefined) throw new SqlError(`unit "${e.field.toLowerCase()}" not recognized`, e.at, { code: '22023' });
        // Unsure: Redshift returns integers for date parts but a fraction for SECOND/EPOCH of a timestamp.
        const type = e.field === 'EPOCH' || e.field.startsWith('SECOND') ? T.double : T.integer;
        return { type, eval: (r) => { const v = x.eval(r); return v === null ? null : extractField(e.field, v as number, xt)!; } };
      }
      case 'floorTo': {
        const x = this.compile(e.operand);
        if (!isTemporal(x.type) && x.type.kind !== 'unknown') throw noSuchFunction(e.ceil ? 'ceil' : 'floor', [x.type], e.at);
        const unit = e.unit;
        return { type: x.type, eval: (r) => { const v = x.eval(r); return v === null ? null : floorTime(v as number, unit, e.ceil); } };
      }
    }
  }

  private number(text: string): Compiled {
    if (/^-?\d+$/.test(text)) {
      const n = Number(text);
      if (n >= -2147483648 && n <= 2147483647) return constant(T.integer, n);
      if (Number.isSafeInteger(n)) return constant(T.bigint, n);
      return constant(decimal(38, 0), n);
    }
    if (/e/i.test(text)) return constant(T.double, Number(text));
    const frac = text.split('.')[1] ?? '';
    const digits = text.replace(/[^0-9]/g, '').length;
    return constant(decimal(Math.max(digits, 1), frac.length), Number(text));
  }

  private unary(op: '-' | '+' | 'NOT', x: Compiled, at: Pos): Compiled {
    if (op === 'NOT') {
      this.requireBool('NOT', x.type, at);
      return { type: T.boolean, eval: (r) => not3(x.eval(r)) };
    }
    if (!isNumeric(x.type) && x.type.kind !== 'interval' && x.type.kind !== 'unknown') throw new SqlError(`operator does not exist: ${op} ${typeDisplayName(x.type)}`, at, { code: '42883' });
    if (op === '+') return x;
    return { type: x.type, eval: (r) => { const v = x.eval(r); return v === null ? null : -(v as number) + 0; } };
  }

  private requireBool(what: string, t: SqlType, at: Pos): void {
    if (t.kind !== 'boolean' && t.kind !== 'unknown') throw new SqlError(`argument of ${what} must be type boolean, not type ${typeDisplayName(t)}`, at, { code: '42804' });
  }

  /** A string literal next to a non-text operand takes the operand's type (PostgreSQL's "unknown" literal). */
  private coerceLiteral(x: Compiled, other: SqlType, ast: Expr): Compiled {
    if (ast.kind !== 'string' || isText(other) || other.kind === 'unknown') return x;
    try {
      const target = isIntegral(other) && !/^\s*[+-]?\d+\s*$/.test(ast.value) ? T.double : other;
      return constant(target, castValue(ast.value, T.varchar, target));
    } catch (err) {
      if (err instanceof SqlRuntimeError) throw new SqlError(err.message, ast.at, { code: err.code });
      throw err;
    }
  }

  private operands(l: Expr, r: Expr): [Compiled, Compiled] {
    let a = this.compile(l);
    let b = this.compile(r);
    a = this.coerceLiteral(a, b.type, l);
    b = this.coerceLiteral(b, a.type, r);
    return [a, b];
  }

  private comparable(a: SqlType, b: SqlType): boolean {
    if (a.kind === 'unknown' || b.kind === 'unknown') return true;
    if (isNumeric(a) && isNumeric(b)) return true;
    if (isText(a) && isText(b)) return true;
    if (isTemporal(a) && isTemporal(b)) return true;
    return a.kind === b.kind;
  }

  private comparison(op: BinaryOp, l: Expr, r: Expr, at: Pos): Compiled {
    const [a, b] = this.operands(l, r);
    if (!this.comparable(a.type, b.type)) throw opError(op, a.type, b.type, at);
    const test = COMPARE[op]!;
    const ae = a.eval;
    const be = b.eval;
    return { type: T.boolean, eval: (row) => { const x = ae(row); if (x === null) return null; const y = be(row); return y === null ? null : test(cmp(x, y)); } };
  }

  private binary(op: BinaryOp, l: Expr, r: Expr, at: Pos): Compiled {
    if (op === 'AND' || op === 'OR') {
      const a = this.compile(l);
      const b = this.compile(r);
      this.requireBool(op, a.type, l.at);
      this.requireBool(op, b.type, r.at);
      return { type: T.boolean, eval: op === 'AND' ? and3(a.eval, b.eval) : or3(a.eval, b.eval) };
    }
    if (COMPARE[op]) return this.comparison(op, l, r, at);
    const [a, b] = op === '||' ? [this.compile(l), this.compile(r)] : this.operands(l, r);
    if (op === '||') {
      if (!isText(a.type) && !isText(b.type) && a.type.kind !== 'unknown' && b.type.kind !== 'unknown') throw opError('||', a.type, b.type, at);
      const at_ = a.type;
      const bt = b.type;
      return { type: T.varchar, eval: (row) => { const x = a.eval(row); if (x === null) return null; const y = b.eval(row); return y === null ? null : valueToText(x, at_)! + valueToText(y, bt)!; } };
    }
    const plan = arithmetic(op, a.type, b.type);
    if (!plan) throw opError(op, a.type, b.type, at);
    const f = plan.f;
    return { type: plan.type, eval: (row) => { const x = a.eval(row); if (x === null) return null; const y = b.eval(row); return y === null ? null : f(x as number, y as number); } };
  }

  private inList(operand: Expr, list: readonly Expr[], negate: boolean, at: Pos): Compiled {
    const tests = list.map((item) => this.comparison('=', operand, item, at).eval);
    return {
      type: T.boolean,
      eval: (r) => {
        let sawNull = false;
        for (const t of tests) {
          const v = t(r);
          if (v === true) return !negate;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : negate;
      },
    };
  }

  private caseExpr(e: Extract<Expr, { kind: 'case' }>): Compiled {
    const conds = e.whens.map((w) => {
      if (e.operand) return this.comparison('=', e.operand, w.when, w.when.at).eval;
      const c = this.compile(w.when);
      this.requireBool('CASE/WHEN', c.type, w.when.at);
      return c.eval;
    });
    const thens = e.whens.map((w) => this.compile(w.then));
    const els = e.else ? this.compile(e.else) : constant(T.unknown, null);
    const all = [...thens, els];
    const type = commonType(all.map((c) => c.type));
    if (!type) {
      const kinds = all.map((c) => c.type).filter((t) => t.kind !== 'unknown');
      throw new SqlError(`CASE types ${typeDisplayName(kinds[0]!)} and ${typeDisplayName(kinds.find((k) => commonType([kinds[0]!, k]) === undefined)!)} cannot be matched`, e.at, { code: '42804' });
    }
    const n = conds.length;
    return {
      type,
      eval: (r) => {
        for (let i = 0; i < n; i++) if (conds[i]!(r) === true) return thens[i]!.eval(r);
        return els.eval(r);
      },
    };
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Compiled {
    if (e.over) throw new SqlError('window functions are not supported here', e.at, { code: '0A000' });
    const fn = this.fns.get(e.name);
    let args = e.args.map((a) => this.compile(a));
    let types = args.map((a) => a.type);
    if (!fn || e.star || e.distinct) throw noSuchFunction(e.name, types, e.at);
    let type: SqlType;
    try {
      type = fn.returnType(types, e.at, args.map((a) => a.constant?.value));
    } catch (err) {
      // PostgreSQL resolves an untyped literal against the function's signature: retry with
      // string literals read as timestamps or numbers ('2026-01-01' for a timestamp argument).
      if (!(err instanceof SqlError) || !e.args.some((a) => a.kind === 'string')) throw err;
      const retried = e.args.map((a, i) => (a.kind === 'string' ? guessLiteral(a.value) ?? args[i]! : args[i]!));
      try {
        type = fn.returnType(retried.map((a) => a.type), e.at, retried.map((a) => a.constant?.value));
      } catch {
        throw err;
      }
      args = retried;
      types = retried.map((a) => a.type);
    }
    const env = { argTypes: types, type, now: this.now };
    const evals = args.map((a) => a.eval);
    const impl = fn.impl;
    if (fn.nullCall) return { type, eval: (r) => impl(evals.map((f) => f(r)), env) };
    return {
      type,
      eval: (r) => {
        const vals: SqlValue[] = [];
        for (const f of evals) {
          const v = f(r);
          if (v === null) return null;
          vals.push(v);
        }
        return impl(vals, env);
      },
    };
  }
}

/** A string literal read as a timestamp or a number, if it is one. */
function guessLiteral(text: string): Compiled | undefined {
  const ts = parseTimestamp(text);
  if (ts !== undefined) return constant(T.timestamp, ts);
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t) && Math.abs(Number(t)) <= 2147483647) return constant(T.integer, Number(t));
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return constant(T.double, Number(t));
  return undefined;
}

function safeCast(text: string, type: SqlType): number | undefined {
  try {
    return castValue(text, T.varchar, type) as number;
  } catch {
    return undefined;
  }
}

const COMPARE: Partial<Record<BinaryOp, (c: number) => boolean>> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

type Ev = (r: Row) => SqlValue;
const not3 = (v: SqlValue): SqlValue => (v === null ? null : !v);
const and3 = (a: Ev, b: Ev): Ev => (r) => {
  const x = a(r);
  if (x === false) return false;
  const y = b(r);
  if (y === false) return false;
  return x === null || y === null ? null : true;
};
const or3 = (a: Ev, b: Ev): Ev => (r) => {
  const x = a(r);
  if (x === true) return true;
  const y = b(r);
  if (y === true) return true;
  return x === null || y === null ? null : false;
};

const DAY = 86_400_000;

function divZero(): never {
  throw new SqlRuntimeError('22012', 'division by zero');
}

/** Decimal result scale of a division: Redshift's max(4, s1 + p2 − s2 + 1), capped at 37. */
function divScale(a: SqlType, b: SqlType): number {
  const p2 = b.kind === 'decimal' ? b.precision ?? 18 : b.kind === 'smallint' ? 5 : b.kind === 'integer' ? 10 : 19;
  return Math.min(37, Math.max(4, (a.scale ?? 0) + p2 - (b.scale ?? 0) + 1));
}

/** The result type and function of an arithmetic operator, or undefined if there is none. */
function arithmetic(op: BinaryOp, a: SqlType, b: SqlType): { type: SqlType; f: (x: number, y: number) => SqlValue } | undefined {
  if (a.kind === 'unknown' && b.kind === 'unknown') return { type: T.unknown, f: () => null };
  if ((isNumeric(a) || a.kind === 'unknown') && (isNumeric(b) || b.kind === 'unknown')) {
    let type = promote(a, b);
    const integral = isIntegral(type);
    if (type.kind === 'decimal') {
      const sa = a.scale ?? 0;
      const sb = b.scale ?? 0;
      if (op === '*') type = decimal(38, Math.min(37, sa + sb));
      else if (op === '/') type = decimal(38, divScale(a, b));
    }
    const t = type;
    switch (op) {
      case '+': return { type: t, f: integral ? (x, y) => checkRange(x + y, t) : (x, y) => x + y };
      case '-': return { type: t, f: integral ? (x, y) => checkRange(x - y, t) : (x, y) => x - y };
      case '*': return { type: t, f: integral ? (x, y) => checkRange(x * y, t) : (x, y) => x * y };
      case '/': return { type: t, f: integral ? (x, y) => (y === 0 ? divZero() : Math.trunc(x / y) + 0) : (x, y) => (y === 0 ? divZero() : x / y) };
      case '%': return { type: t, f: (x, y) => (y === 0 ? divZero() : (x % y) + 0) };
      default: return undefined;
    }
  }
  const ts = (t: SqlType): boolean => t.kind === 'timestamp' || t.kind === 'timestamptz';
  if (op === '+' || op === '-') {
    if ((ts(a) || a.kind === 'date') && b.kind === 'interval') return { type: a.kind === 'date' ? T.timestamp : a, f: op === '+' ? (x, y) => x + y : (x, y) => x - y };
    if (op === '+' && a.kind === 'interval' && (ts(b) || b.kind === 'date')) return { type: b.kind === 'date' ? T.timestamp : b, f: (x, y) => x + y };
    if (a.kind === 'date' && isIntegral(b)) return { type: T.date, f: op === '+' ? (x, y) => x + y * DAY : (x, y) => x - y * DAY };
    if (op === '+' && isIntegral(a) && b.kind === 'date') return { type: T.date, f: (x, y) => y + x * DAY };
    if (op === '-' && a.kind === 'date' && b.kind === 'date') return { type: T.integer, f: (x, y) => Math.round((x - y) / DAY) };
    if (op === '-' && isTemporal(a) && isTemporal(b)) return { type: T.interval, f: (x, y) => x - y };
    if (a.kind === 'interval' && b.kind === 'interval') return { type: T.interval, f: op === '+' ? (x, y) => x + y : (x, y) => x - y };
  }
  if (op === '*' && a.kind === 'interval' && isNumeric(b)) return { type: T.interval, f: (x, y) => x * y };
  if (op === '*' && isNumeric(a) && b.kind === 'interval') return { type: T.interval, f: (x, y) => x * y };
  if (op === '/' && a.kind === 'interval' && isNumeric(b)) return { type: T.interval, f: (x, y) => (y === 0 ? divZero() : x / y) };
  return undefined;
}

/** Rounds epoch ms down (or up) to a unit boundary, UTC. */
export function floorTime(ms: number, unit: string, ceil = false): number {
  const u = unit.toUpperCase();
  let floor: number;
  if (u === 'MONTH' || u === 'YEAR') {
    const d = new Date(ms);
    floor = Date.UTC(d.getUTCFullYear(), u === 'YEAR' ? 0 : d.getUTCMonth(), 1);
    if (ceil && floor !== ms) return Date.UTC(d.getUTCFullYear() + (u === 'YEAR' ? 1 : 0), u === 'YEAR' ? 0 : d.getUTCMonth() + 1, 1);
    return floor;
  }
  const step = unitMillis(u) ?? 1;
  floor = ms - (((ms % step) + step) % step);
  return ceil && floor !== ms ? floor + step : floor;
}
