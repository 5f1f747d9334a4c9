/**
 * S3 REST answers: a `Reply` while an operation builds it, the common error answers, and the
 * wire form (request ids stamped on, an error turned into S3's `<Error>` document).
 */
import type { WireResponse } from './awsJson.js';
import type { S3Error, S3Result } from '../core/s3/errors.js';
import { encodeBase64 } from '../core/util/base64.js';
import { toHex } from '../core/util/md5.js';
import { el, S3_XMLNS, XML_DECL } from './s3Xml.js';

const encoder = new TextEncoder();

/** An answer before the request ids are stamped on it. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | AsyncIterable<Uint8Array>;
  readonly error?: S3Error;
}

/** An answer without a body. */
export const reply = (status: number, headers: Record<string, string> = {}): Reply => ({ status, headers });
/** An error answer (its `<Error>` document is written by `toWire`). */
export const failure = (error: S3Error): Reply => ({ status: error.status, headers: {}, error });
/** A 200 answer of one XML document in S3's namespace. */
export const xml = (root: string, inner: string): Reply => ({
  status: 200,
  headers: { 'Content-Type': 'application/xml' },
  body: encoder.encode(`${XML_DECL}<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`),
});

/** The store's answer: `onOk` of its value, or its error. */
export function result<T>(r: S3Result<T>, onOk: (value: T) => Reply): Reply {
  return r.ok ? onOk(r.value) : failure(r.error);
}

/** InvalidArgument (400) naming the argument and the value given. */
export const invalidArgument = (message: string, name: string, value: string): Reply =>
  failure({ __type: 'InvalidArgument', message, status: 400, fields: { ArgumentName: name, ArgumentValue: value } });
/** NotImplemented (501): S3 has it, Shardlab does not simulate it. */
export const notImplemented = (message: string): Reply => failure({ __type: 'NotImplemented', message, status: 501 });
/** MalformedXML (400): a request document that is not what the operation takes. */
export const malformedXml = (): Reply =>
  failure({ __type: 'MalformedXML', message: 'The XML you provided was not well-formed or did not validate against our published schema', status: 400 });
/** MethodNotAllowed (405) for a method the resource (SERVICE, BUCKET, OBJECT) does not take. */
export const methodNotAllowed = (method: string, resourceType: string): Reply =>
  failure({ __type: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.', status: 405, fields: { Method: method, ResourceType: resourceType } });

/** Stamps the request ids on; an error becomes S3's `<Error>` document (no body on a HEAD, as S3 sends none). */
export function toWire(r: Reply, requestId: string, head: boolean): WireResponse {
  // No Date header, unlike AWS: the SDK corrects its signing clock from a response's Date when it
  // differs by minutes, and virtual time (a manual clock at 2026-01-01) would drag it along.
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': newHostId(), ...r.headers };
  let body = r.body ?? new Uint8Array(0);
  if (r.error && !head) {
    const fields = Object.entries(r.error.fields ?? {}).map(([k, v]) => el(k, v)).join('');
    body = encoder.encode(`${XML_DECL}<Error>${el('Code', r.error.__type)}${el('Message', r.error.message)}${fields}${el('RequestId', requestId)}${el('HostId', headers['x-amz-id-2'])}</Error>`);
    headers['Content-Type'] = 'application/xml';
  }
  if (body instanceof Uint8Array && !head) headers['Content-Length'] = String(body.byteLength);
  return { statusCode: r.status, headers, body: head ? new Uint8Array(0) : body };
}

/** S3's request ids: 16 upper-case hex digits (`x-amz-request-id: 4442587FB7D0A2F9`). */
export function newRequestId(): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(8))).toUpperCase();
}
/** `x-amz-id-2` (HostId): an opaque base64 token. */
function newHostId(): string {
  return encodeBase64(globalThis.crypto.getRandomValues(new Uint8Array(48)));
}
