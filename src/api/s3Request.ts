/**
 * Reading an S3 REST request: which bucket and key it names (path style or virtual-hosted), its
 * query, and the parameters several operations share (Range, max-keys, the body as text).
 */
import { header, type WireRequest } from './awsJson.js';
import type { S3Error } from '../core/s3/errors.js';
import { S3_LIMITS, type ByteRange } from '../core/s3/model.js';
import type { S3Store } from '../core/s3/store.js';

const decoder = new TextDecoder();

/** A request's query parameters (the first value of each name). */
export type Query = Map<string, string>;

/** One request, its target resolved. */
export interface Call {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: Query;
  readonly req: WireRequest;
}

/** What the operations answer from: the store and the endpoint it is served as. */
export interface S3Context {
  readonly store: S3Store;
  /** The endpoint's region. */
  readonly region: string;
  /** Owner ID of every bucket and object. */
  readonly ownerId: string;
}

// Query names that select another operation (S3's subresources). Shardlab implements none of
// them; answering NotImplemented beats silently running the plain GET/PUT they would become.
/** S3's subresource query names, none of them simulated. */
export const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'logging', 'metadataConfiguration', 'metadataTable', 'metrics', 'notification',
  'object-lock', 'ownershipControls', 'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'renameObject',
  'replication', 'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent', 'uploadId',
  'uploads', 'versionId', 'versioning', 'versions', 'website',
]);

/** Bucket and key from the Host (virtual-hosted style) or the path (path style), URL-decoded. */
export function parseTarget(req: WireRequest): { bucket: string; key: string; query: Query } | { error: S3Error } {
  let path = req.path || '/';
  const query: Query = new Map();
  const q = path.indexOf('?');
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(path.slice(q + 1))) if (!query.has(k)) query.set(k, v);
    path = path.slice(0, q);
  }
  for (const [k, v] of Object.entries(req.query ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    query.set(k, first ?? '');
  }
  const host = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?(?::\d+)?$/i.exec(header(req.headers, 'host') ?? '');
  const rest = path.replace(/^\//, '');
  const slash = rest.indexOf('/');
  const [rawBucket, rawKey] = host ? [host[1]!, rest] : slash < 0 ? [rest, ''] : [rest.slice(0, slash), rest.slice(slash + 1)];
  try {
    return { bucket: decodeURIComponent(rawBucket), key: decodeURIComponent(rawKey), query };
  } catch {
    return { error: { __type: 'InvalidURI', message: "Couldn't parse the specified URI.", status: 400, fields: { URI: req.path } } };
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined for anything else (then the header is ignored). */
export function parseRange(h: string): ByteRange | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { suffix: Number(m[2]) };
  const first = Number(m[1]);
  if (m[2] === '') return { first };
  const last = Number(m[2]);
  return last < first ? undefined : { first, last };
}

/** max-keys as S3 checks it: an integer (InvalidArgument otherwise), 0–2147483647. */
export function parseMaxKeys(query: Query): { ok: true; value: number } | { ok: false; error: S3Error } {
  const raw = query.get('max-keys');
  if (raw === undefined) return { ok: true, value: S3_LIMITS.maxKeysPerPage };
  const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > 2147483647) {
    return { ok: false, error: { __type: 'InvalidArgument', message: 'Provided max-keys not an integer or within integer range', status: 400, fields: { ArgumentName: 'max-keys', ArgumentValue: raw } } };
  }
  return { ok: true, value: n };
}

/** The request body as text (empty when there is none). */
export const bodyText = (req: WireRequest): string => (typeof req.body === 'string' ? req.body : req.body ? decoder.decode(req.body) : '');

/** `{ [name]: value }` when value is defined, else `{}` (for optional fields). */
export function opt<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
