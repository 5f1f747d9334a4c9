/**
 * The Redshift statement parser: CREATE/DROP/TRUNCATE TABLE, INSERT, DELETE, UPDATE, SELECT and
 * COPY, on top of the shared expression parser (SELECT in parseSelect.ts, COPY in parseCopy.ts, the
 * AST in statementAst.ts). Unquoted identifiers fold to lower case (parseCommon.ts).
 * Unsure: Redshift also folds quoted identifiers unless enable_case_sensitive_identifier is on;
 * we keep quoted names as written (PostgreSQL's rule), which only matters for mixed-case quotes.
 */
import type { Expr } from '../sql/ast.js';
import { syntaxErrorAt } from '../sql/errors.js';
import type { Token } from '../sql/lexer.js';
import { parseTypeName } from '../sql/parseTypeName.js';
import { TokenCursor } from '../sql/tokenCursor.js';
import { parseColumnList, parseExpr, parseIdent, parseQName } from './parseCommon.js';
import { parseCopy } from './parseCopy.js';
import { parseSelectBody } from './parseSelect.js';
import type { ColumnDef, Statement } from './statementAst.js';

/** Parses one statement from `tokens` (already split at ';', ending in eof). */
export function parseStatement(tokens: readonly Token[]): Statement {
  const c = new TokenCursor(tokens);
  const p = new StatementParser(c);
  const s = p.statement();
  if (!c.atEnd()) throw c.error();
  return s;
}

/** Splits a script at top-level ';' into token lists (each ending with an eof token); empty statements dropped. */
export function splitStatements(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'eof' || (t.kind === 'punct' && t.text === ';')) {
      if (cur.length > 0) out.push([...cur, { ...t, kind: 'eof', text: '', length: 0 }]);
      cur = [];
    } else cur.push(t);
  }
  return out;
}

class StatementParser {
  constructor(private readonly c: TokenCursor) {}

  statement(): Statement {
    const c = this.c;
    const t = c.peek();
    if (c.accept('SELECT')) return { kind: 'select', select: parseSelectBody(c) };
    if (c.accept('CREATE')) {
      c.accept('TEMP') ?? c.accept('TEMPORARY');
      c.expect('TABLE');
      return this.create();
    }
    if (c.accept('DROP')) {
      c.expect('TABLE');
      const ifExists = !!c.accept('IF') && !!c.expect('EXISTS');
      const table = parseQName(c);
      c.accept('CASCADE') ?? c.accept('RESTRICT');
      return { kind: 'drop', table, ifExists };
    }
    if (c.accept('TRUNCATE')) {
      c.accept('TABLE');
      return { kind: 'truncate', table: parseQName(c) };
    }
    if (c.accept('INSERT')) {
      c.expect('INTO');
      return this.insert();
    }
    if (c.accept('DELETE')) {
      c.accept('FROM');
      const table = parseQName(c);
      const where = c.accept('WHERE') ? parseExpr(c) : undefined;
      return { kind: 'delete', table, ...(where ? { where } : {}) };
    }
    if (c.accept('UPDATE')) return this.update();
    if (c.accept('COPY')) return parseCopy(c);
    throw syntaxErrorAt(t);
  }

  private create(): Statement {
    const c = this.c;
    const ifNotExists = !!c.accept('IF') && !!c.expect('NOT') && !!c.expect('EXISTS');
    const table = parseQName(c);
    c.expect('(');
    const columns: ColumnDef[] = [];
    do {
      // Table constraints: PRIMARY KEY (…), UNIQUE (…), FOREIGN KEY … — informational in Redshift.
      if (c.isKeyword('PRIMARY') || c.isKeyword('UNIQUE') || c.isKeyword('FOREIGN') || c.isKeyword('CONSTRAINT')) {
        this.skipBalanced();
        continue;
      }
      const name = parseIdent(c).name;
      const type = parseTypeName(c);
      let notNull = false;
      let def: Expr | undefined;
      for (;;) {
        if (c.accept('NOT')) { c.expect('NULL'); notNull = true; }
        else if (c.accept('NULL')) notNull = false;
        else if (c.accept('DEFAULT')) def = parseExpr(c);
        else if (c.accept('ENCODE')) c.next();
        else if (c.accept('DISTKEY') || c.accept('SORTKEY') || c.accept('UNIQUE')) { /* informational */ }
        else if (c.accept('PRIMARY')) c.expect('KEY');
        else if (c.accept('IDENTITY') || c.accept('COLLATE')) this.skipParens();
        else break;
      }
      columns.push({ name, type, notNull, ...(def ? { default: def } : {}) });
    } while (c.accept(','));
    c.expect(')');
    // Table attributes: DISTSTYLE x, DISTKEY (c), [COMPOUND|INTERLEAVED] SORTKEY (c, …), BACKUP YES|NO, ENCODE AUTO.
    while (!c.atEnd()) {
      if (c.accept('DISTSTYLE') || c.accept('BACKUP') || c.accept('ENCODE')) c.next();
      else if (c.accept('DISTKEY') || c.accept('SORTKEY')) this.skipParens();
      else if (c.accept('COMPOUND') || c.accept('INTERLEAVED')) { c.expect('SORTKEY'); this.skipParens(); }
      else throw c.error();
    }
    return { kind: 'create', table, ifNotExists, columns };
  }

  /** Skips a table constraint up to the next top-level ',' or ')'. */
  private skipBalanced(): void {
    let depth = 0;
    while (!this.c.atEnd()) {
      if (depth === 0 && (this.c.is(',') || this.c.is(')'))) return;
      const t = this.c.next();
      if (t.text === '(' && t.kind === 'punct') depth++;
      if (t.text === ')' && t.kind === 'punct') depth--;
    }
  }

  private skipParens(): void {
    if (!this.c.is('(')) return;
    let depth = 0;
    do {
      const t = this.c.next();
      if (t.kind === 'eof') throw this.c.error([')']);
      if (t.kind === 'punct' && t.text === '(') depth++;
      if (t.kind === 'punct' && t.text === ')') depth--;
    } while (depth > 0);
  }

  private insert(): Statement {
    const c = this.c;
    const table = parseQName(c);
    const columns = c.is('(') && !c.isKeyword('SELECT', 1) ? parseColumnList(c) : undefined;
    const base = { kind: 'insert' as const, table, ...(columns ? { columns } : {}) };
    if (c.accept('VALUES')) {
      const values: (Expr | 'default')[][] = [];
      do {
        c.expect('(');
        const row: (Expr | 'default')[] = [];
        do row.push(c.accept('DEFAULT') ? 'default' : parseExpr(c)); while (c.accept(','));
        c.expect(')');
        values.push(row);
      } while (c.accept(','));
      return { ...base, values };
    }
    if (c.accept('DEFAULT')) {
      c.expect('VALUES');
      return { ...base, values: [[]] };
    }
    const paren = !!c.accept('(');
    if (!c.accept('SELECT')) throw c.error(['VALUES', 'SELECT']);
    const select = parseSelectBody(c);
    if (paren) c.expect(')');
    return { ...base, select };
  }

  private update(): Statement {
    const c = this.c;
    const table = parseQName(c);
    c.expect('SET');
    const sets: { column: string; at: Token; expr: Expr }[] = [];
    do {
      const col = parseIdent(c);
      c.expect('=');
      sets.push({ column: col.name, at: col.at, expr: parseExpr(c) });
    } while (c.accept(','));
    const where = c.accept('WHERE') ? parseExpr(c) : undefined;
    return { kind: 'update', table, sets, ...(where ? { where } : {}) };
  }
}
