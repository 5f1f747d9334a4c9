/**
 * Where a COPY's data comes from: the simulated S3 objects it reads (a key prefix, or the entries
 * of a manifest), and the format it reads them in (a JSONPaths file is read from S3 too). Failures
 * are Redshift's command-level errors (RedshiftError, with its S3ServiceException texts).
 */
import type { CopyFormat } from './copyFormat.js';
import { parseJsonPaths } from './jsonPaths.js';
import { RedshiftError } from './redshiftError.js';
import type { CopyOptions } from './statementAst.js';

/**
 * Reads S3 objects for COPY. Called as a function to get one object; the optional `list`
 * returns the keys under a prefix (sorted). Without `list`, a COPY FROM names exactly one key.
 */
export interface ObjectReader {
  (bucket: string, key: string): { ok: true; body: Uint8Array } | { ok: false; code: string /* 'NoSuchBucket' | 'NoSuchKey' */; message: string };
  list?(bucket: string, prefix: string): string[];
}

const s3Error = (code: string): string =>
  code === 'NoSuchBucket'
    ? 'S3ServiceException:The specified bucket does not exist,Status 404,Error NoSuchBucket'
    : 'S3ServiceException:The specified key does not exist.,Status 404,Error NoSuchKey';

function parseUrl(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  if (!m) throw new RedshiftError('XX000', `Invalid S3 URL: ${url}. The URL must start with s3://`); // Unsure: exact text
  return { bucket: m[1]!, key: m[2]! };
}

/** One object by its s3:// URL: its bytes, or the S3 error code. */
export function readUrl(reader: ObjectReader, url: string): Uint8Array | { code: string } {
  const { bucket, key } = parseUrl(url);
  const r = reader(bucket, key);
  return r.ok ? r.body : { code: r.code };
}

/** The files a COPY reads, in order, with `mandatory` flags resolved. */
export function listFiles(from: string, o: CopyOptions, reader: ObjectReader): string[] {
  if (o.manifest) {
    const body = readUrl(reader, from);
    if (!(body instanceof Uint8Array)) throw new RedshiftError('XX000', `Problem reading manifest file - ${s3Error(body.code)}`);
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new RedshiftError('XX000', 'Manifest file is not in correct format');
    }
    const entries = (doc as { entries?: unknown }).entries;
    if (!Array.isArray(entries)) throw new RedshiftError('XX000', 'Manifest file is not in correct format');
    const files: string[] = [];
    for (const e of entries as { url?: unknown; mandatory?: unknown }[]) {
      if (typeof e?.url !== 'string') throw new RedshiftError('XX000', 'Manifest file is not in correct format');
      const got = readUrl(reader, e.url);
      if (got instanceof Uint8Array) files.push(e.url);
      // Unsure: Redshift's wording for a missing mandatory manifest entry; it names the file.
      else if (e.mandatory === true) throw new RedshiftError('XX000', `${s3Error(got.code)},Manifest entry '${e.url}' is mandatory`);
    }
    return files;
  }
  const { bucket, key } = parseUrl(from);
  const keys = reader.list ? reader.list(bucket, key) : [key];
  const present = keys.filter((k) => reader(bucket, k).ok);
  if (present.length === 0) {
    const r = reader(bucket, key);
    if (!r.ok && r.code === 'NoSuchBucket') throw new RedshiftError('XX000', s3Error('NoSuchBucket'));
    throw new RedshiftError('XX000', `The specified S3 prefix '${key}' does not exist`);
  }
  return present.map((k) => `s3://${bucket}/${k}`);
}

/** The COPY's data format; a JSONPaths file must name one path per target column (`ncols`). */
export function resolveFormat(o: CopyOptions, reader: ObjectReader, ncols: number): CopyFormat {
  if (o.format === 'json') {
    const j = o.json ?? 'auto';
    if (j.toLowerCase() === 'auto') return { kind: 'json', mode: 'auto' };
    if (j.toLowerCase() === 'auto ignorecase') return { kind: 'json', mode: 'auto ignorecase' };
    if (!j.startsWith('s3://')) throw new RedshiftError('XX000', `Invalid JSONPath format: ${j}`); // Unsure: exact text
    const body = readUrl(reader, j);
    if (!(body instanceof Uint8Array)) throw new RedshiftError('XX000', `Problem reading JSONPaths file - ${s3Error(body.code)}`);
    const parsed = parseJsonPaths(new TextDecoder().decode(body));
    if (!parsed.ok) throw new RedshiftError('XX000', parsed.message);
    if (parsed.paths.length !== ncols) {
      throw new RedshiftError('XX000', `Number of jsonpaths and the number of columns should match. JSONPath size: ${parsed.paths.length}, Number of columns in table or column list: ${ncols}`);
    }
    return { kind: 'json', mode: { jsonpaths: parsed.paths } };
  }
  const csv = o.format === 'csv';
  return {
    kind: 'delimited', delimiter: o.delimiter ?? (csv ? ',' : '|'), csv, quote: o.quote ?? '"',
    escape: o.escape, removeQuotes: o.removeQuotes, fillRecord: o.fillRecord,
  };
}
