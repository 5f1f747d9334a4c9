/**
 * Redshift's COPY syntax: the target, the S3 source and the data-format, conversion and
 * error-handling options, recorded as written (copy.ts resolves them into a format).
 */
import { syntaxErrorAt } from '../sql/errors.js';
import type { TokenCursor } from '../sql/tokenCursor.js';
import { parseColumnList, parseInteger, parseQName } from './parseCommon.js';
import type { CopyOptions, Statement } from './statementAst.js';

/** Parses COPY after the COPY keyword: `table [(columns)] FROM 's3://…' options…`. */
export function parseCopy(c: TokenCursor): Statement {
  const table = parseQName(c);
  const columns = parseColumnList(c);
  c.expect('FROM');
  const fromAt = c.peek();
  if (fromAt.kind !== 'string') throw c.error(["'s3://bucket/key'"]);
  c.next();
  const o = parseCopyOptions(c);
  return { kind: 'copy', table, ...(columns ? { columns } : {}), from: fromAt.text, fromAt, options: o };
}

/** COPY's options up to the end of the statement, in any order; credentials are accepted and ignored. */
function parseCopyOptions(c: TokenCursor): CopyOptions {
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
    return parseInteger(c);
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
  return o;
}
