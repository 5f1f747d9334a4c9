/**
 * Compiles an expression AST to a closure over a row array, checking types once up front so a
 * query runs without re-inspecting the tree per row. Semantics follow PostgreSQL (which Redshift
 * and, mostly, Kinesis Data Analytics share): three-valued logic, NULL propagation, integer
 * division truncating toward zero, implicit numeric promotion, 22012 on division by zero.
 * Operator semantics live in arithmetic.ts and predicates.ts, literal typing in literals.ts,
 * function calls in compileCall.ts, and the shared types (Compiled, Scope) in compiled.ts.
 */
import type { BinaryOp, Expr } from './ast.js';
import { arithmetic, floorTime } from './arithmetic.js';
import { compileCall } from './compileCall.js';
import { constant, type Compiled, type CompileOptions, type Scope } from './compiled.js';
import { SqlError, SqlRuntimeError, type Pos } from './errors.js';
import { commonType, extractField, noSuchFunction, type FunctionRegistry } from './functions.js';
import { numberLiteral, safeCast } from './literals.js';
import { COMPARE, and3, cmp, likeRegex, not3, or3 } from './predicates.js';
import { parseInterval } from './temporalText.js';
import {
  T, canCast, castValue, isIntegral, isNumeric, isTemporal, isText, typeDisplayName, typeFromName,
  valueToText, type SqlType, type SqlValue,
} from './types.js';

/** Compiles `expr`; throws SqlError for unknown columns/functions and type mismatches. */
export function compileExpr(expr: Expr, scope: Scope, functions: FunctionRegistry, opts: CompileOptions = {}): Compiled {
  return new Compiler(scope, functions, opts).compile(expr);
}

const opError = (op: string, l: SqlType, r: SqlType, at: Pos): SqlError =>
  new SqlError(`operator does not exist: ${typeDisplayName(l)} ${op} ${typeDisplayName(r)}`, at, { code: '42883' });

class Compiler {
  private readonly now: () => number;
  constructor(private readonly scope: Scope, private readonly fns: FunctionRegistry, private readonly opts: CompileOptions) {
    this.now = opts.now ?? (() => 0);
  }

  compile(e: Expr): Compiled {
    const hooked = this.opts.intercept?.(e);
    if (hooked) return hooked;
    switch (e.kind) {
      case 'number': return numberLiteral(e.text);
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
      case 'like': return this.like(e);
      case 'case': return this.caseExpr(e);
      case 'cast': {
        const x = this.compile(e.operand);
        const to = typeFromName(e.type);
        if (!canCast(x.type, to)) throw new SqlError(`cannot cast type ${typeDisplayName(x.type)} to ${typeDisplayName(to)}`, e.at, { code: '42846' });
        const from = x.type;
        return { type: to, eval: (r) => castValue(x.eval(r), from, to) };
      }
      case 'call': return this.call(e);
      case 'extract': return this.extract(e);
      case 'floorTo': return this.floorTo(e);
    }
  }

  private like(e: Extract<Expr, { kind: 'like' }>): Compiled {
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

  private extract(e: Extract<Expr, { kind: 'extract' }>): Compiled {
    const x = this.compile(e.operand);
    if (!isTemporal(x.type) && x.type.kind !== 'interval' && x.type.kind !== 'unknown') throw noSuchFunction('date_part', [T.varchar, x.type], e.at);
    const xt = x.type;
    if (extractField(e.field, 0, xt) === undefined) throw new SqlError(`unit "${e.field.toLowerCase()}" not recognized`, e.at, { code: '22023' });
    // Unsure: Redshift returns integers for date parts but a fraction for SECOND/EPOCH of a timestamp.
    const type = e.field === 'EPOCH' || e.field.startsWith('SECOND') ? T.double : T.integer;
    return { type, eval: (r) => { const v = x.eval(r); return v === null ? null : extractField(e.field, v as number, xt)!; } };
  }

  private floorTo(e: Extract<Expr, { kind: 'floorTo' }>): Compiled {
    const x = this.compile(e.operand);
    if (!isTemporal(x.type) && x.type.kind !== 'unknown') throw noSuchFunction(e.ceil ? 'ceil' : 'floor', [x.type], e.at);
    const unit = e.unit;
    return { type: x.type, eval: (r) => { const v = x.eval(r); return v === null ? null : floorTime(v as number, unit, e.ceil); } };
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
    return compileCall(e, fn, e.args.map((a) => this.compile(a)), this.now);
  }
}
