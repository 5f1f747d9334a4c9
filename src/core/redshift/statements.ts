/**
 * The Redshift statement parser: CREATE/DROP/TRUNCATE TABLE, INSERT, DELETE, UPDATE, SELECT and
 * COPY, on top of the shared expression parser. Unquoted identifiers fold to lower case.
 * Unsure: Redshift also folds quoted identifiers unless enable_case_sensitive_identifier is on;
 * we keep quoted names as written (PostgreSQL's rule), which only matters for mixed-case quotes.
 */
import type { Expr, OrderItem } from '../sql/ast.js';
import { syntaxErrorAt } from '../sql/errors.js';
import type { Token } from '../sql/lexer.js';
import { parseExpression, parseOrderBy, parseTypeName, TokenCursor } from '../sql/parser.js';
import type { TypeName } from '../sql/ast.js';

export interface QName {
  readonly schema?: string;
  readonly name: string;
  readonly at: Token;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: TypeName;
  readonly notNull: boolean;
  readonly default?: Expr;
}

export type SelectItem =
  | { readonly kind: 'star'; readonly qualifier?: string; readonly at: Token }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: string };

export interface FromItem {
  readonly table: QName;
  readonly alias?: string;
}

export interface Join extends FromItem {
  readonly type: 'inner' | 'left' | 'cross';
  readonly on?: Expr;
}

export interface Select {
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: FromItem;
  readonly joins: readonly Join[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
}

/** COPY options as written; database.ts/copy.ts resolve them into a CopyFormat. */
export interface CopyOptions {
  manifest: boolean;
  format: 'text' | 'csv' | 'json';
  json?: string;
  quote?: string;
  delimiter?: string;
  gzip: boolean;
  ignoreHeader: number;
  maxError: number;
  timeFormat?: string;
  dateFormat?: string;
  emptyAsNull: boolean;
  blanksAsNull: boolean;
  truncateColumns: boolean;
  acceptInvChars?: string;
  nullAs?: string;
  escape: boolean;
  removeQuotes: boolean;
  fillRecord: boolean;
  trimBlanks: boolean;
  roundDec: boolean;
  region?: string;
}

export type Statement =
  | { readonly kind: 'create'; readonly table: QName; readonly ifNotExists: boolean; readonly columns: readonly ColumnDef[] }
  | { readonly kind: 'drop'; readonly table: QName; readonly ifExists: boolean }
  | { readonly kind: 'truncate'; readonly table: QName }
  | { readonly kind: 'insert'; readonly table: QName; readonly columns?: readonly { name: string; at: Token }[]; readonly values?: readonly (readonly (Expr | 'default')[])[]; readonly select?: Select }
  | { readonly kind: 'delete'; readonly table: QName; readonly where?: Expr }
  | { readonly kind: 'update'; readonly table: QName; readonly sets: readonly { column: string; at: Token; expr: Expr }[]; readonly where?: Expr }
  | { readonly kind: 'select'; readonly select: Select }
  | { readonly kind: 'copy'; readonly table: QName; readonly columns?: readonly { name: string; at: Token }[]; readonly from: string; readonly fromAt: Token; readonly options: CopyOptions };

const NILADIC = { niladic: new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'SYSDATE']) };

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

const fold = (id: { name: string; quoted: boolean }): string => (id.quoted ? id.name : id.name.toLowerCase());

class StatementParser {
  constructor(private readonly c: TokenCursor) {}

  statement(): Statement {
    const c = this.c;
    const t = c.peek();
    if (c.accept('SELECT')) return { kind: 'select', select: this.selectBody() };
    if (c.accept('CREATE')) {
      c.accept('TEMP') ?? c.accept('TEMPORARY');
      c.expect('TABLE');
      return this.create();
    }
    if (c.accept('DROP')) {
      c.expect('TABLE');
      const ifExists = !!c.accept('IF') && !!c.expect('EXISTS');
      const table = this.qname();
      c.accept('CASCADE') ?? c.accept('RESTRICT');
      return { kind: 'drop', table, ifExists };
    }
    if (c.accept('TRUNCATE')) {
      c.accept('TABLE');
      return { kind: 'truncate', table: this.qname() };
    }
    if (c.accept('INSERT')) {
      c.expect('INTO');
      return this.insert();
    }
    if (c.accept('DELETE')) {
      c.accept('FROM');
      const table = this.qname();
      const where = c.accept('WHERE') ? this.expr() : undefined;
      return { kind: 'delete', table, ...(where ? { where } : {}) };
    }
    if (c.accept('UPDATE')) return this.update();
    if (c.accept('COPY')) return this.copy();
    throw syntaxErrorAt(t);
  }

  private expr(): Expr {
    return parseExpression(this.c, NILADIC);
  }

  private ident(): { name: string; at: Token } {
    const id = this.c.identifier();
    return { name: fold(id), at: id.token };
  }

  private qname(): QName {
    const first = this.c.identifier();
    if (this.c.accept('.')) {
      const second = this.c.identifier();
      return { schema: fold(first), name: fold(second), at: first.token };
    }
    return { name: fold(first), at: first.token };
  }

  private create(): Statement {
    const c = this.c;
    const ifNotExists = !!c.accept('IF') && !!c.expect('NOT') && !!c.expect('EXISTS');
    const table = this.qname();
    c.expect('(');
    const columns: ColumnDef[] = [];
    do {
      // Table constraints: PRIMARY KEY (…), UNIQUE (…), FOREIGN KEY … — informational in Redshift.
      if (c.isKeyword('PRIMARY') || c.isKeyword('UNIQUE') || c.isKeyword('FOREIGN') || c.isKeyword('CONSTRAINT')) {
        this.skipBalanced();
        continue;
      }
      const name = this.ident().name;
      const type = parseTypeName(c);
      let notNull = false;
      let def: Expr | undefined;
      for (;;) {
        if (c.accept('NOT')) { c.expect('NULL'); notNull = true; }
        else if (c.accept('NULL')) notNull = false;
        else if (c.accept('DEFAULT')) def = this.expr();
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

  private columnList(): { name: string; at: Token }[] | undefined {
    if (!this.c.accept('(')) return undefined;
    const cols = [this.ident()];
    while (this.c.accept(',')) cols.push(this.ident());
    this.c.expect(')');
    return cols;
  }

  private insert(): Statement {
    const c = this.c;
    const table = this.qname();
    const columns = c.is('(') && !c.isKeyword('SELECT', 1) ? this.columnList() : undefined;
    const base = { kind: 'insert' as const, table, ...(columns ? { columns } : {}) };
    if (c.accept('VALUES')) {
      const values: (Expr | 'default')[][] = [];
      do {
        c.expect('(');
        const row: (Expr | 'default')[] = [];
        do row.push(c.accept('DEFAULT') ? 'default' : this.expr()); while (c.accept(','));
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
    const select = this.selectBody();
    if (paren) c.expect(')');
    return { ...base, select };
  }

  private update(): Statement {
    const c = this.c;
    const table = this.qname();
    c.expect('SET');
    const sets: { column: string; at: Token; expr: Expr }[] = [];
    do {
      const col = this.ident();
      c.expect('=');
      sets.push({ column: col.name, at: col.at, expr: this.expr() });
    } while (c.accept(','));
    const where = c.accept('WHERE') ? this.expr() : undefined;
    return { kind: 'update', table, sets, ...(where ? { where } : {}) };
  }

  private number(): number {
    const t = this.c.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw syntaxErrorAt(t, ['integer']);
    return Number(t.text);
  }

  selectBody(): Select {
    const c = this.c;
    const distinct = !!c.accept('DISTINCT');
    if (!distinct) c.accept('ALL');
    const items: SelectItem[] = [];
    do items.push(this.selectItem()); while (c.accept(','));
    let from: FromItem | undefined;
    const joins: Join[] = [];
    if (c.accept('FROM')) {
      from = this.fromItem();
      for (;;) {
        if (c.accept(',')) { joins.push({ type: 'cross', ...this.fromItem() }); continue; }
        let type: Join['type'] | undefined;
        if (c.accept('JOIN')) type = 'inner';
        else if (c.accept('INNER')) { c.expect('JOIN'); type = 'inner'; }
        else if (c.accept('LEFT')) { c.accept('OUTER'); c.expect('JOIN'); type = 'left'; }
        else if (c.accept('CROSS')) { c.expect('JOIN'); type = 'cross'; }
        if (!type) break;
        const item = this.fromItem();
        if (type === 'cross') { joins.push({ type, ...item }); continue; }
        c.expect('ON');
        joins.push({ type, ...item, on: this.expr() });
      }
    }
    const where = c.accept('WHERE') ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    if (c.accept('GROUP')) {
      c.expect('BY');
      do groupBy.push(this.expr()); while (c.accept(','));
    }
    const having = c.accept('HAVING') ? this.expr() : undefined;
    const orderBy: OrderItem[] = [];
    if (c.accept('ORDER')) {
      c.expect('BY');
      do orderBy.push(parseOrderBy(c, NILADIC)); while (c.accept(','));
    }
    let limit: number | undefined;
    let offset: number | undefined;
    for (;;) {
      if (c.accept('LIMIT')) { if (!c.accept('ALL')) limit = this.number(); }
      else if (c.accept('OFFSET')) offset = this.number();
      else break;
    }
    return {
      distinct, items, joins, groupBy, orderBy,
      ...(from ? { from } : {}), ...(where ? { where } : {}), ...(having ? { having } : {}),
      ...(limit !== undefined ? { limit } : {}), ...(offset !== undefined ? { offset } : {}),
    };
  }

  private selectItem(): SelectItem {
    const c = this.c;
    const t = c.peek();
    if (c.accept('*')) return { kind: 'star', at: t };
    if ((t.kind === 'ident' || t.kind === 'quoted') && c.is('.', 1) && c.is('*', 2)) {
      const q = this.ident().name;
      c.next();
      c.next();
      return { kind: 'star', qualifier: q, at: t };
    }
    const expr = this.expr();
    let alias: string | undefined;
    if (c.accept('AS')) alias = this.ident().name;
    else if (c.peek().kind === 'quoted' || (c.peek().kind === 'ident' && !c.isKeyword('FROM') && !isClauseWord(c.peek()))) alias = this.ident().name;
    return alias !== undefined ? { kind: 'expr', expr, alias } : { kind: 'expr', expr };
  }

  private fromItem(): FromItem {
    const table = this.qname();
    let alias: string | undefined;
    if (this.c.accept('AS')) alias = this.ident().name;
    else if (this.c.peek().kind === 'quoted' || (this.c.peek().kind === 'ident' && !isClauseWord(this.c.peek()))) alias = this.ident().name;
    return alias ? { table, alias } : { table };
  }

  private copy(): Statement {
    const c = this.c;
    const table = this.qname();
    const columns = this.columnList();
    c.expect('FROM');
    const fromAt = c.peek();
    if (fromAt.kind !== 'string') throw c.error(["'s3://bucket/key'"]);
    c.next();
    const o: CopyOptions = {
      manifest: false, format: 'text', gzip: false, ignoreHeader: 0, maxError: 0, emptyAsNull: false, blanksAsNull: false,
      truncateColumns: false, escape: false, removeQuotes: false, fillRecord: false, trimBlanks: false, roundDec: false,
    };
    const str = (): string => {
      c.accept('AS');
      const t = c.next();
      if (t.kind !== 'string') throw syntaxErrorAt(t, ['string']);
      return t.text;
    };
    const int = (): number => {
      c.accept('AS');
      return this.number();
    };
    const onOff = (): void => {
      if (c.accept('ON') || c.accept('OFF') || c.accept('TRUE') || c.accept('FALSE') || c.accept('PRESET')) return;
    };
    const csv = (): void => {
      o.format = 'csv';
      if (c.accept('QUOTE')) o.quote = str();
    };
    while (!c.atEnd()) {
      const t = c.next();
      const w = t.kind === 'ident' ? t.text.toUpperCase() : '';
      switch (w) {
        case 'IAM_ROLE': if (!c.accept('DEFAULT')) str(); break;
        case 'CREDENTIALS': case 'ACCESS_KEY_ID': case 'SECRET_ACCESS_KEY': case 'SESSION_TOKEN': str(); break;
        case 'WITH': break;
        case 'MANIFEST': o.manifest = true; break;
        case 'FORMAT': {
          c.accept('AS');
          if (c.accept('JSON')) { o.format = 'json'; o.json = c.peek().kind === 'string' ? c.next().text : 'auto'; }
          else if (c.accept('CSV')) csv();
          else throw c.error(['JSON', 'CSV']);
          break;
        }
        case 'JSON': o.format = 'json'; o.json = str(); break;
        case 'CSV': csv(); break;
        case 'DELIMITER': o.delimiter = str(); break;
        case 'GZIP': o.gzip = true; break;
        case 'IGNOREHEADER': o.ignoreHeader = int(); break;
        case 'MAXERROR': o.maxError = int(); break;
        case 'TIMEFORMAT': o.timeFormat = str(); break;
        case 'DATEFORMAT': o.dateFormat = str(); break;
        case 'EMPTYASNULL': o.emptyAsNull = true; break;
        case 'BLANKSASNULL': o.blanksAsNull = true; break;
        case 'TRUNCATECOLUMNS': o.truncateColumns = true; break;
        case 'ACCEPTINVCHARS': o.acceptInvChars = c.isKeyword('AS') || c.peek().kind === 'string' ? str() : '?'; break;
        case 'REGION': o.region = str(); break;
        case 'NULL': o.nullAs = str(); break;
        case 'ESCAPE': o.escape = true; break;
        case 'REMOVEQUOTES': o.removeQuotes = true; break;
        case 'FILLRECORD': o.fillRecord = true; break;
        case 'TRIMBLANKS': o.trimBlanks = true; break;
        case 'ROUNDEC': o.roundDec = true; break;
        case 'ACCEPTANYDATE': case 'EXPLICIT_IDS': break;
        case 'STATUPDATE': case 'COMPUPDATE': onOff(); break;
        default: throw syntaxErrorAt(t);
      }
    }
    return { kind: 'copy', table, ...(columns ? { columns } : {}), from: fromAt.text, fromAt, options: o };
  }
}

const CLAUSE_WORDS = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'ON', 'UNION', 'FROM', 'OUTER', 'USING', 'NATURAL', 'EXCEPT', 'INTERSECT']);
const isClauseWord = (t: Token): boolean => t.kind === 'ident' && CLAUSE_WORDS.has(t.text.toUpperCase());
