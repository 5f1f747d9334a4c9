/**
 * Record templates in KDG's moustache style: literal text with `{{ expression }}` placeholders
 * (see expr.ts and helpers.ts), plus `{{set name = expression}}`, which renders nothing and
 * names a value for later placeholders (`{{name}}`) and for a key template. Helpers are
 * resolved when the template is compiled, so an unknown one is reported before anything runs.
 */
import { ExprParser, ExprSyntaxError, type Expr } from './expr.js';
import { HelperArgumentError, resolveHelper, type RenderState } from './helpers.js';

/** Where in a template an error is, for the editor: 1-based line and column. */
export interface TemplatePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A template that cannot compile or render; names the placeholder and where it is. */
export class TemplateError extends Error implements TemplatePosition {
  constructor(
    readonly reason: string,
    /** The placeholder's text, e.g. `{{foo.bar}}` (shortened when long). */
    readonly placeholder: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} in ${placeholder} at line ${line}, column ${column}`);
    this.name = 'TemplateError';
  }
}

type Eval = (s: RenderState) => unknown;

interface Placeholder {
  readonly text: string;
  readonly at: number;
  readonly set?: string;
  readonly run: Eval;
}

/** A compiled template: render it once per record. */
export interface CompiledTemplate {
  readonly source: string;
  /** Names given by `{{set …}}`, in order. */
  readonly vars: readonly string[];
  /** Renders one record; `state.vars` is cleared first unless `keepVars`. */
  render(state: RenderState, keepVars?: boolean): string;
}

export function positionOf(src: string, offset: number): TemplatePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < src.length; i++) {
    if (src[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The value as record text: strings as they are, objects as JSON, null/undefined as nothing. */
export function stringify(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const shorten = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…}}` : s);

/**
 * Compiles `source`. `knownVars` are names set elsewhere (a key template sees the record's).
 * Throws TemplateError for syntax errors, unknown helpers and unknown variables.
 */
export function compileTemplate(source: string, knownVars: readonly string[] = []): CompiledTemplate {
  const parts: (string | Placeholder)[] = [];
  const vars = new Set(knownVars);
  const setNames: string[] = [];
  let pos = 0;
  for (;;) {
    const open = source.indexOf('{{', pos);
    if (open < 0) {
      if (pos < source.length) parts.push(source.slice(pos));
      break;
    }
    if (open > pos) parts.push(source.slice(pos, open));
    const fail = (reason: string, at: number, end = source.indexOf('}}', open)): never => {
      const text = source.slice(open, end < 0 ? source.length : end + 2);
      const p = positionOf(source, at);
      throw new TemplateError(reason, shorten(text), p.offset, p.line, p.column);
    };
    const parser = new ExprParser(source, open + 2);
    let set: string | undefined;
    let run: Eval;
    try {
      parser.skipSpace();
      const m = /^set\s+([A-Za-z_$][\w$]*)\s*=/.exec(source.slice(parser.pos, parser.pos + 80));
      if (m) {
        set = m[1]!;
        parser.pos += m[0].length;
      }
      const expr = parser.expr();
      parser.expect('}}');
      run = build(expr, open, vars, (reason, at) => fail(reason, at, parser.pos - 2));
    } catch (err) {
      if (err instanceof ExprSyntaxError) fail(`Syntax error: ${err.message}`, err.offset);
      throw err;
    }
    if (set !== undefined) {
      vars.add(set);
      setNames.push(set);
    }
    parts.push({ text: shorten(source.slice(open, parser.pos)), at: open, ...(set !== undefined ? { set } : {}), run });
    pos = parser.pos;
  }
  return {
    source,
    vars: setNames,
    render(state, keepVars = false) {
      if (!keepVars) state.vars.clear();
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        let value: unknown;
        try {
          value = part.run(state);
        } catch (err) {
          if (!(err instanceof HelperArgumentError)) throw err;
          const p = positionOf(source, part.at);
          throw new TemplateError(`Bad arguments: ${err.message}`, part.text, p.offset, p.line, p.column);
        }
        if (part.set !== undefined) state.vars.set(part.set, value);
        else out += stringify(value);
      }
      return out;
    },
  };
}

/** Turns an expression into a closure, resolving helpers and variables now. */
function build(e: Expr, site: number, vars: ReadonlySet<string>, fail: (reason: string, at: number) => never): Eval {
  switch (e.k) {
    case 'lit': {
      const v = e.value;
      return () => v;
    }
    case 'arr': {
      const items = e.items.map((i) => build(i, site, vars, fail));
      return (s) => items.map((f) => f(s));
    }
    case 'obj': {
      const entries = e.entries.map(([k, v]) => [k, build(v, site, vars, fail)] as const);
      return (s) => Object.fromEntries(entries.map(([k, f]) => [k, f(s)]));
    }
    case 'call': {
      if (!e.parens && !e.path.includes('.') && vars.has(e.path)) return (s) => s.vars.get(e.path);
      const helper = resolveHelper(e.path);
      if (!helper) {
        const isVar = !e.parens && !e.path.includes('.');
        return fail(isVar ? `Unknown variable or helper "${e.path}"` : `Unknown helper "${e.path}"`, e.at);
      }
      const args = e.args.map((a) => build(a, site, vars, fail));
      return (s) => helper(s, args.map((f) => f(s)), site);
    }
  }
}
