/**
 * The S3 REST object operations: PutObject (body length and Content-MD5 checks, metadata
 * headers), GetObject / HeadObject (ranges, response-* overrides) and DeleteObjects.
 */
import { header } from './awsJson.js';
import { base64Problem, encodeBase64 } from '../core/util/base64.js';
import { md5 } from '../core/util/md5.js';
import { failure, malformedXml, notImplemented, reply, result, xml, type Reply } from './s3Reply.js';
import { bodyText, opt, parseRange, type Call, type S3Context } from './s3Request.js';
import { el, parseDelete } from './s3Xml.js';

const encoder = new TextEncoder();
/** Size of the pieces a GetObject body is streamed in. */
const CHUNK = 64 * 1024;

/** PutObject: the body stored with its Content-* headers and `x-amz-meta-*` metadata. */
export function putObject({ store }: S3Context, { bucket, key, req }: Call): Reply {
  if (header(req.headers, 'x-amz-copy-source') !== undefined) return notImplemented("CopyObject is not simulated by Shardlab's S3.");
  const data = typeof req.body === 'string' ? encoder.encode(req.body) : req.body ?? new Uint8Array(0);
  const decodedLength = header(req.headers, 'x-amz-decoded-content-length');
  // AWS refuses a body of unknown length (HTTP chunked, or aws-chunked without its decoded
  // length) with this 501; the SDK sends one for a stream whose length it cannot tell.
  // Unsure: the exact answer to aws-chunked without x-amz-decoded-content-length (GitHub
  // aws-sdk-js-v3#3403 reports this NotImplemented for such uploads).
  if (/chunked/i.test(header(req.headers, 'transfer-encoding') ?? '') && decodedLength === undefined) {
    return failure({ __type: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented', status: 501, fields: { Header: 'Transfer-Encoding' } });
  }
  if (decodedLength !== undefined && Number(decodedLength) !== data.byteLength) {
    return failure({ __type: 'IncompleteBody', message: 'You did not provide the number of bytes specified by the Content-Length HTTP header', status: 400 });
  }
  const contentMd5 = header(req.headers, 'content-md5');
  if (contentMd5 !== undefined) {
    if (contentMd5.length !== 24 || base64Problem(contentMd5)) return failure({ __type: 'InvalidDigest', message: 'The Content-MD5 you specified was invalid.', status: 400, fields: { 'Content-MD5': contentMd5 } });
    const calculated = encodeBase64(md5(data));
    // Unsure: how AWS spells the two digests in this error (base64 here, like the header).
    if (contentMd5 !== calculated) {
      return failure({ __type: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.', status: 400, fields: { ExpectedDigest: contentMd5, CalculatedDigest: calculated } });
    }
  }
  const metadata: Record<string, string> = {};
  for (const name in req.headers) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-meta-')) metadata[lower.slice('x-amz-meta-'.length)] = req.headers[name]!;
  }
  const put = store.putObject(bucket, key, data, {
    metadata,
    ...opt('contentType', header(req.headers, 'content-type')),
    ...opt('contentEncoding', header(req.headers, 'content-encoding') || undefined),
    ...opt('contentDisposition', header(req.headers, 'content-disposition')),
    ...opt('contentLanguage', header(req.headers, 'content-language')),
    ...opt('cacheControl', header(req.headers, 'cache-control')),
  });
  // Every new object is encrypted with SSE-S3 by default since January 2023, and S3 says so.
  return result(put, (o) => reply(200, { ETag: o.etag, 'x-amz-server-side-encryption': 'AES256' }));
}

/**
 * GetObject / HeadObject. `Range: bytes=first-last | first- | -suffix` answers 206 with
 * Content-Range; a range past the end is 416 InvalidRange. A Range S3 cannot read (several
 * ranges, bad syntax) is ignored and the whole object is sent, as RFC 9110 allows.
 * Unsure: that AWS ignores multi-range requests rather than refusing them.
 */
export function getObject({ store }: S3Context, { bucket, key, query, req }: Call, head: boolean): Reply {
  const rawRange = header(req.headers, 'range');
  const range = rawRange === undefined ? undefined : parseRange(rawRange);
  const got = store.getObject(bucket, key, range ? { range } : {});
  if (!got.ok) {
    const e = got.error;
    return failure(e.__type === 'InvalidRange' ? { ...e, fields: { ...e.fields, RangeRequested: rawRange ?? '' } } : e);
  }
  const o = got.value;
  const headers: Record<string, string> = {
    'Last-Modified': new Date(o.lastModified).toUTCString(),
    ETag: o.etag,
    'Content-Type': o.contentType,
    'Content-Length': String(o.body.byteLength),
    'Accept-Ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
  if (o.contentEncoding !== undefined) headers['Content-Encoding'] = o.contentEncoding;
  if (o.contentDisposition !== undefined) headers['Content-Disposition'] = o.contentDisposition;
  if (o.contentLanguage !== undefined) headers['Content-Language'] = o.contentLanguage;
  if (o.cacheControl !== undefined) headers['Cache-Control'] = o.cacheControl;
  for (const [k, v] of Object.entries(o.metadata)) headers[`x-amz-meta-${k}`] = v;
  // GetObject's response-* query parameters override the stored headers in this answer.
  for (const [q, h] of RESPONSE_OVERRIDES) {
    const v = query.get(q);
    if (v !== undefined) headers[h] = v;
  }
  if (o.range) headers['Content-Range'] = `bytes ${o.range.first}-${o.range.last}/${o.size}`;
  const status = o.range ? 206 : 200;
  return head ? reply(status, headers) : { status, headers, body: chunks(o.body) };
}

/** DeleteObjects: up to 1,000 keys in one `<Delete>` document; deleting a missing key succeeds. */
export function deleteObjects({ store }: S3Context, { bucket, req }: Call): Reply {
  const parsed = parseDelete(bodyText(req));
  if (!parsed) return malformedXml();
  const exists = store.headBucket(bucket);
  if (!exists.ok) return failure(exists.error);
  let out = '';
  for (const key of parsed.keys) {
    const r = store.deleteObject(bucket, key);
    if (!r.ok) out += `<Error>${el('Key', key)}${el('Code', r.error.__type)}${el('Message', r.error.message)}</Error>`;
    else if (!parsed.quiet) out += `<Deleted>${el('Key', key)}</Deleted>`;
  }
  return xml('DeleteResult', out);
}

const RESPONSE_OVERRIDES = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
] as const;

/** The object's bytes in pieces, as a network body arrives (the SDK gets a stream either way). */
async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
}
