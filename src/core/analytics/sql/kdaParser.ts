/**
 * The KDA statement parser: `;`-separated CREATE [OR REPLACE] STREAM / PUMP statements on the
 * shared lexer, TokenCursor and expression parser. Two SQLstream forms the shared expression
 * parser does not know are handled here: `STEP(x BY INTERVAL …)` is rewritten at the token
 * level to `STEP(x, INTERVAL …)`, and window specifications after `WINDOW w AS` / `JOIN s OVER`
 * are parsed by `parseWindow` below.
 */
import type { Expr, WindowSpec } from '../../sql/ast.js';
import { SqlError } from '../../sql/errors.js';
import { lex, type Token } from '../../sql/lexer.js';
import { parseExpression } from '../../sql/parser.js';
import { parseWindowSpec } from '../../sql/parseWindowSpec.js';
import { TokenCursor } from '../../sql/tokenCursor.js';
import { parseKdaType } from './kdaTypes.js';
import type { CreatePump, CreateStream, FromItem, JoinClause, Name, SelectItem, SelectStream, Stagger, Statement } from './statements.js';

/** Words that end a select item / FROM item alias rather than naming one. */
const CLAUSE_WORDS = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'WINDOWED', 'JOIN', 'LEFT', 'INNER', 'ON', 'OVER', 'ORDER', 'UNION', 'CROSS', 'RIGHT', 'FULL']);

/** Parses a whole application's code. Throws SqlError with the position of the first problem. */
export function parseKda(text: string): Statement[] {
  const cur = new TokenCursor(rewriteFields(rewriteStep(lex(text))));
  const out: Statement[] = [];
  while (!cur.atEnd()) {
    if (cur.accept(';')) continue;
    try {
      out.push(statement(cur));
    } catch (e) {
      throw clarify(e, cur);
    }
    if (!cur.atEnd() && !cur.is(';')) throw cur.error([';']);
  }
  return out;
}

const UNIT_WORDS = new Set(['SECOND', 'MINUTE', 'HOUR', 'DAY']);

/**
 * SQLstream's interval-qualified difference, `(ROWTIME - TIMESTAMP '…') SECOND / 10`, is not in the
 * shared expression grammar; say what to write instead of a bare syntax error.
 */
function clarify(e: unknown, cur: TokenCursor): unknown {
  const t = cur.peek();
  const prev = cur.tokens[cur.pos - 1];
  if (e instanceof SqlError && t.kind === 'ident' && UNIT_WORDS.has(t.text.toUpperCase()) && prev?.text === ')' && e.line === t.line && e.column === t.column)
    return new SqlError(`an interval qualifier after an expression ("(…) ${t.text.toUpperCase()}") is not supported by this simulator; for tumbling windows write STEP(ROWTIME BY INTERVAL '10' SECOND)`, t, { code: '0A000' });
  return e;
}

/** The internal function the field-access rewrite calls: __FIELD(row, 'NAME'). */
export const FIELD_FN = '__FIELD';

const isName = (t: Token | undefined): t is Token => !!t && (t.kind === 'ident' || t.kind === 'quoted');
const isP = (t: Token | undefined, text: string): boolean => !!t && t.kind === 'punct' && t.text === text;

/**
 * Field access on a ROW value (what the log-parse functions return), which the shared grammar
 * lacks: `t.rec.COLUMN1` → `__FIELD(t.rec, 'COLUMN1')` and `REGEX_LOG_PARSE(…).COLUMN1` →
 * `__FIELD(REGEX_LOG_PARSE(…), 'COLUMN1')`. An unquoted field name folds to upper case.
 */
function rewriteFields(tokens: Token[]): Token[] {
  let out = tokens;
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    let start = -1;
    if (isName(t) && isP(out[i + 1], '.') && isName(out[i + 2]) && isP(out[i + 3], '.') && isName(out[i + 4]) && !isP(out[i - 1], '.')) {
      start = i;
      i += 2;
    } else if (isP(t, ')') && isP(out[i + 1], '.') && isName(out[i + 2])) {
      let depth = 0;
      for (let j = i; j >= 0; j--) {
        if (isP(out[j], ')')) depth++;
        else if (isP(out[j], '(') && --depth === 0) { start = j > 0 && out[j - 1]!.kind === 'ident' ? j - 1 : j; break; }
      }
    }
    if (start < 0) continue;
    const s = out[start]!;
    const dot = out[i + 1]!;
    const f = out[i + 2]!;
    const field: Token = { ...f, kind: 'string', text: f.kind === 'quoted' ? f.text : f.text.toUpperCase() };
    const mk = (kind: Token['kind'], text: string, at: Token): Token => ({ ...at, kind, text, length: text.length });
    out = [...out.slice(0, start), mk('ident', FIELD_FN, s), mk('punct', '(', s), ...out.slice(start, i + 1), mk('punct', ',', dot), field, mk('punct', ')', f), ...out.slice(i + 3)];
    i = start + 1;
  }
  return out;
}

/** `STEP(a BY b)` → `STEP(a , b)` so the shared expression parser reads it as a call. */
function rewriteStep(tokens: Token[]): Token[] {
  const out = tokens.slice();
  for (let i = 0; i + 1 < out.length; i++) {
    const t = out[i]!;
    if (t.kind !== 'ident' || t.text.toUpperCase() !== 'STEP' || out[i + 1]!.text !== '(' || out[i + 1]!.kind !== 'punct') continue;
    let depth = 0;
    for (let j = i + 1; j < out.length; j++) {
      const u = out[j]!;
      if (u.kind === 'punct' && u.text === '(') depth++;
      else if (u.kind === 'punct' && u.text === ')') { if (--depth === 0) break; }
      else if (depth === 1 && u.kind === 'ident' && u.text.toUpperCase() === 'BY') { out[j] = { ...u, kind: 'punct', text: ',' }; break; }
    }
  }
  return out;
}

/** A stream, pump or column name: unquoted folds to UPPER case, quoted keeps its case. */
export function name(cur: TokenCursor): Name {
  const id = cur.identifier();
  return { name: id.quoted ? id.name : id.name.toUpperCase(), at: id.token };
}

function statement(cur: TokenCursor): Statement {
  const at = cur.expect('CREATE');
  if (cur.accept('OR')) cur.expect('REPLACE');
  if (cur.accept('STREAM')) return createStream(cur, at);
  if (cur.accept('PUMP')) return createPump(cur, at);
  throw cur.error(['STREAM', 'PUMP']);
}

function createStream(cur: TokenCursor, at: Token): CreateStream {
  const n = name(cur);
  cur.expect('(');
  const columns: CreateStream['columns'][number][] = [];
  do columns.push({ name: name(cur), type: parseKdaType(cur) });
  while (cur.accept(','));
  if (!cur.is(')')) throw cur.error([',', ')']);
  cur.next();
  if (cur.accept('DESCRIPTION')) {
    if (cur.peek().kind !== 'string') throw cur.error(['string']);
    cur.next();
  }
  return { kind: 'createStream', at, name: n, columns };
}

function createPump(cur: TokenCursor, at: Token): CreatePump {
  const n = name(cur);
  const stopped = !!cur.accept('STOPPED');
  cur.expect('AS');
  cur.expect('INSERT');
  cur.expect('INTO');
  const into = name(cur);
  let columns: Name[] | undefined;
  if (cur.is('(')) {
    cur.next();
    columns = [];
    do columns.push(name(cur));
    while (cur.accept(','));
    cur.expect(')');
  }
  const select = selectStream(cur);
  return { kind: 'createPump', at, name: n, stopped, into, ...(columns ? { columns } : {}), select };
}

/** SELECT STREAM items FROM … [WHERE] [GROUP BY | WINDOWED BY STAGGER(…)] [HAVING] [WINDOW …]. */
export function selectStream(cur: TokenCursor): SelectStream {
  const at = cur.expect('SELECT');
  cur.expect('STREAM');
  const items: SelectItem[] = [];
  do items.push(selectItem(cur));
  while (cur.accept(','));
  if (!cur.is('FROM')) throw cur.error([',', 'FROM']);
  cur.next();
  const from = fromItem(cur);
  const joins: JoinClause[] = [];
  for (;;) {
    const jt = cur.peek();
    let type: 'inner' | 'left' | undefined;
    if (cur.accept('JOIN')) type = 'inner';
    else if (cur.accept('INNER')) { cur.expect('JOIN'); type = 'inner'; }
    else if (cur.accept('LEFT')) { cur.accept('OUTER'); cur.expect('JOIN'); type = 'left'; }
    else if (cur.is('RIGHT') || cur.is('FULL') || cur.is('CROSS')) throw new SqlError(`${jt.text.toUpperCase()} JOIN is not supported by this simulator`, jt, { code: '0A000' });
    if (!type) break;
    const item = fromItem(cur);
    const on = cur.accept('ON') ? parseExpression(cur) : undefined;
    joins.push({ type, item, ...(on ? { on } : {}), at: jt });
  }
  let where: Expr | undefined;
  let groupBy: Expr[] | undefined;
  let stagger: Stagger | undefined;
  let having: Expr | undefined;
  const windows = new Map<string, WindowSpec>();
  for (;;) {
    if (!where && cur.accept('WHERE')) where = parseExpression(cur);
    else if (!groupBy && cur.is('GROUP')) {
      cur.next(); cur.expect('BY');
      groupBy = [];
      do groupBy.push(parseExpression(cur));
      while (cur.accept(','));
    } else if (!stagger && cur.is('WINDOWED')) stagger = parseStagger(cur);
    else if (!having && cur.accept('HAVING')) having = parseExpression(cur);
    else if (cur.accept('WINDOW')) {
      do {
        const w = name(cur);
        cur.expect('AS');
        windows.set(w.name.toUpperCase(), parseWindow(cur));
      } while (cur.accept(','));
    } else break;
  }
  return { at, items, from, joins, windows, ...(where ? { where } : {}), ...(groupBy ? { groupBy } : {}), ...(stagger ? { stagger } : {}), ...(having ? { having } : {}) };
}

function selectItem(cur: TokenCursor): SelectItem {
  const at = cur.peek();
  if (cur.accept('*')) return { star: true, at };
  const expr = parseExpression(cur);
  let alias: Name | undefined;
  if (cur.accept('AS')) alias = name(cur);
  else if (cur.peek().kind === 'quoted' || (cur.peek().kind === 'ident' && !CLAUSE_WORDS.has(cur.peek().text.toUpperCase()))) alias = name(cur);
  return { expr, at, ...(alias ? { alias } : {}) };
}

function fromItem(cur: TokenCursor): FromItem {
  const at = cur.peek();
  if (cur.isKeyword('TABLE') && cur.is('(', 1)) return tableFunction(cur, at);
  if (cur.is('(') && cur.isKeyword('SELECT', 1)) {
    cur.next();
    const select = selectStream(cur);
    cur.expect(')');
    const alias = parseAlias(cur);
    if (!alias) throw cur.error(['AS']);
    return { kind: 'subquery', select, alias, at };
  }
  const n = name(cur);
  const over = cur.accept('OVER') ? parseWindow(cur) : undefined;
  const alias = parseAlias(cur) ?? n.name;
  return { kind: 'stream', name: n, alias, at, ...(over ? { over } : {}) };
}

function parseAlias(cur: TokenCursor): string | undefined {
  if (cur.accept('AS')) return name(cur).name;
  const t = cur.peek();
  if (t.kind === 'quoted' || (t.kind === 'ident' && !CLAUSE_WORDS.has(t.text.toUpperCase()))) return name(cur).name;
  return undefined;
}

/** TABLE(FN(CURSOR(SELECT STREAM …), arg, …)) [AS alias]. */
function tableFunction(cur: TokenCursor, at: Token): FromItem {
  cur.next();
  cur.expect('(');
  const fnTok = cur.peek();
  if (fnTok.kind !== 'ident') throw cur.error(['function name']);
  cur.next();
  cur.expect('(');
  cur.expect('CURSOR');
  cur.expect('(');
  const cursor = selectStream(cur);
  cur.expect(')');
  const args: Expr[] = [];
  while (cur.accept(',')) args.push(parseExpression(cur));
  cur.expect(')');
  cur.expect(')');
  const fname = { name: fnTok.text.toUpperCase(), at: fnTok };
  return { kind: 'tableFunction', name: fname, cursor, args, alias: parseAlias(cur) ?? fname.name, at };
}

/**
 * `( [PARTITION BY …] [ORDER BY …] [RANGE INTERVAL … PRECEDING | ROWS n PRECEDING] )` or a window
 * name: the shared window syntax, with KDA's rules — RANGE takes any expression, and window names
 * are compared upper-cased (as the WINDOW clause stores them).
 */
export function parseWindow(cur: TokenCursor): WindowSpec {
  const expression = (): Expr => parseExpression(cur);
  const spec = parseWindowSpec(cur, { or: expression, primary: expression });
  return spec.name !== undefined ? { ...spec, name: spec.name.toUpperCase() } : spec;
}

function parseStagger(cur: TokenCursor): Stagger {
  const at = cur.next();
  cur.expect('BY');
  cur.expect('STAGGER');
  cur.expect('(');
  cur.expect('PARTITION');
  cur.expect('BY');
  const partitionBy: Expr[] = [];
  do partitionBy.push(parseExpression(cur));
  while (cur.accept(','));
  cur.expect('RANGE');
  const range = parseExpression(cur);
  cur.expect(')');
  return { partitionBy, range, at };
}
