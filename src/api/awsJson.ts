/**
 * The AWS JSON 1.1 wire protocol (what Kinesis and Firehose speak): one `POST /` per call, the
 * operation named by `X-Amz-Target: <prefix>.<Operation>`, a JSON body in and a JSON body out,
 * errors as `{"__type", "message"}` with an HTTP status. Transport-free: `requestHandler.ts` plugs
 * it into the AWS SDK v3, and anything else that can make a `WireRequest` can use it too.
 *
 * Order of checks and protocol-level answers follow kinesalite (mhart/kinesalite index.js), whose
 * behaviour was taken from the real service: the body is parsed before the target is looked at,
 * and the path is ignored ("AWS doesn't seem to care about the HTTP path").
 */
import type { AwsError, Result } from '../core/kinesis/errors.js';
import { encodeBase64 } from '../core/util/base64.js';
import { EVENT_STREAM, EVENT_STREAM_CLOSE, isEventStream, type EventStreamResult } from '../core/kinesis/eventStream.js';
import { EventStreamCodec } from '@smithy/core/event-streams';

/** A service reachable over AWS JSON 1.1 (the Kinesis engine; later Firehose). */
export interface JsonService {
  /** e.g. 'Kinesis_20131202' (later 'Firehose_20150804') */
  readonly targetPrefix: string;
  /**
   * Runs one operation on the JSON-parsed body; outputs may contain Uint8Array (→ base64 on the
   * wire). Timestamps must already be wire-shaped: epoch seconds as a number (`1700000000.123`).
   * An operation the service does not know is its own to answer (UnknownOperationException).
   */
  dispatch(operation: string, input: unknown): Promise<Result<unknown>>;
  /**
   * Optionally writes an operation's output as JSON bytes itself — for big outputs (GetRecords)
   * where that beats JSON.stringify; `undefined` falls back to JSON.stringify.
   */
  encode?(operation: string, output: unknown): Uint8Array | undefined;
}

/** One HTTP request as the transport saw it; header names in any case. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
  /**
   * The query string, parsed (as the SDK's HttpRequest has it): `""` or `null` for a bare name (`?delete`),
   * an array for a repeated name. AWS JSON 1.1 ignores it; S3's REST calls are routed by it.
   */
  query?: Record<string, string | string[] | null>;
}

/** One HTTP response; header names in AWS's own casing (`x-amzn-RequestId`). */
export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** Bytes, or — for an event stream (SubscribeToShard) — frames as they are produced. */
  body: Uint8Array | AsyncIterable<Uint8Array>;
  /** An event stream's: the client closed the connection (ends the subscription on the service side). */
  close?: () => void;
}

/** Options of `createJsonRouter`. */
export interface JsonRouterOptions {
  /**
   * Told about an exception a service threw (a Shardlab bug; the caller gets a 500
   * InternalFailure). Default: `console.error`, so bugs are not silently retried away by the SDK.
   */
  readonly onInternalError?: (error: unknown, target: string) => void;
}

export const JSON_1_1_CONTENT_TYPE = 'application/x-amz-json-1.1';

// One decoder/encoder for every call. Non-fatal decoding: malformed UTF-8 becomes U+FFFD rather
// than an error (cheaper; Unsure: what AWS answers to invalid UTF-8 — a capture would settle it).
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Makes the function that answers AWS JSON 1.1 requests for the given services (keyed by target
 * prefix). It never rejects: a service's exception becomes a 500 InternalFailure.
 */
export function createJsonRouter(
  services: readonly JsonService[],
  options: JsonRouterOptions = {},
): (req: WireRequest) => Promise<WireResponse> {
  const byPrefix = new Map<string, JsonService>();
  for (const s of services) byPrefix.set(s.targetPrefix, s);
  const onInternalError = options.onInternalError ?? ((e: unknown, target: string) => console.error(`Shardlab: ${target} threw`, e));

  return async (req) => {
    const requestId = newRequestId();
    let target = '';
    try {
      target = header(req.headers, 'x-amz-target') ?? '';
      // Anything but POST cannot name an operation. kinesalite: AWS answers 403
      // AccessDeniedException here (as XML; JSON is what the SDK parses best, and it is ours).
      if (req.method.toUpperCase() !== 'POST') {
        return errorResponse(requestId, { __type: 'AccessDeniedException', message: 'Unable to determine service/operation name to be authorized', status: 403 });
      }
      let input: Result<object> | undefined = parseBody(req.body);
      if (!input.ok) return errorResponse(requestId, input.error);

      const dot = target.indexOf('.');
      const service = dot > 0 ? byPrefix.get(target.slice(0, dot)) : undefined;
      const operation = target.slice(dot + 1);
      // AWS sends no message with this one: the body is exactly {"__type":"UnknownOperationException"}.
      if (!service || !operation) return errorResponse(requestId, { __type: 'UnknownOperationException', message: '', status: 400 });

      const pending = service.dispatch(operation, input.value);
      input = undefined; // see KinesisEngine.dispatch: let big request bodies die young
      const result = await pending;
      if (!result.ok) return errorResponse(requestId, result.error);
      if (isEventStream(result.value)) return eventStreamResponse(requestId, result.value);
      const encoded = result.value == null ? undefined : service.encode?.(operation, result.value);
      return encoded ? respondBytes(200, requestId, encoded, undefined) : successResponse(requestId, result.value);
    } catch (e) {
      // A throw is a bug (core convention: client mistakes are returned, not thrown). Answer like
      // AWS's own unexpected failures do, and keep the transport alive.
      try {
        onInternalError(e, target);
      } catch {
        // The hook must not turn a 500 into a rejected transport promise.
      }
      const detail = e instanceof Error ? e.message : String(e);
      return errorResponse(requestId, { __type: 'InternalFailure', message: `Internal service failure. (Shardlab: ${detail})`, status: 500 });
    }
  };
}

/** Case-insensitive header lookup (HTTP header names are; the SDK sends lower case). */
export function header(headers: Record<string, string>, lowerName: string): string | undefined {
  const direct = headers[lowerName];
  if (direct !== undefined) return direct;
  for (const k in headers) if (k.toLowerCase() === lowerName) return headers[k];
  return undefined;
}

function parseBody(body: Uint8Array | string | undefined): Result<object> {
  const text = typeof body === 'string' ? body : body ? decoder.decode(body) : '';
  // Unsure: kinesalite found AWS answers an *empty* body with SerializationException; we accept it
  // as `{}` (what the SDK sends for an input-less call anyway) so hand-made requests stay easy.
  if (text.length === 0) return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (text.trim().length === 0) return { ok: true, value: {} };
    // A fixed text (not the JS engine's parse message) so every browser gives the same answer.
    return serialization('The request body is not valid JSON.');
  }
  // kinesalite: a body that parses to a non-object is a bare SerializationException.
  // Unsure: AWS's text for a top-level array; Coral's wording for lists is used.
  if (Array.isArray(parsed)) return serialization('Start of list found where not expected');
  if (typeof parsed !== 'object' || parsed === null) return serialization('The request body must be a JSON object.');
  return { ok: true, value: parsed };
}

const serialization = (message: string): Result<never> => ({ ok: false, error: { __type: 'SerializationException', message, status: 400 } });

/** JSON.stringify replacer: blobs go on the wire as base64 (AWS JSON 1.1 `blob`). */
function blobReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? encodeBase64(value) : value;
}

function successResponse(requestId: string, value: unknown): WireResponse {
  // An operation without output (CreateStream…) answers 200 with an empty body, as kinesalite
  // does; the SDK reads an empty body as `{}`. `undefined` members vanish in JSON.stringify.
  const json = value === undefined || value === null ? '' : JSON.stringify(value, blobReplacer);
  return respond(200, requestId, json, undefined);
}

function errorResponse(requestId: string, error: AwsError): WireResponse {
  const body: Record<string, unknown> = { __type: error.__type };
  if (error.message) body.message = error.message;
  if (error.fields) Object.assign(body, error.fields);
  // A failure must never look like a success to the SDK (it treats status < 300 as one).
  const status = error.status >= 400 && error.status <= 599 ? error.status : 400;
  return respond(status, requestId, JSON.stringify(body), error.__type);
}

/**
 * An event stream answer: AWS's binary event stream framing (prelude, headers, JSON payload,
 * CRCs — the codec the SDK decodes with), an `initial-response` first, then one frame per event;
 * an exception event ends the stream as AWS does.
 */
function eventStreamResponse(requestId: string, stream: EventStreamResult): WireResponse {
  const codec = new EventStreamCodec((b: Uint8Array) => decoder.decode(b), (s: string) => encoder.encode(s));
  const str = (value: string) => ({ type: 'string' as const, value });
  async function* frames(): AsyncGenerator<Uint8Array> {
    yield codec.encode({ headers: { ':message-type': str('event'), ':event-type': str('initial-response'), ':content-type': str(JSON_1_1_CONTENT_TYPE) }, body: encoder.encode('{}') });
    for await (const ev of stream[EVENT_STREAM]) {
      if (ev.kind === 'event') {
        yield codec.encode({
          headers: { ':message-type': str('event'), ':event-type': str(ev.eventType), ':content-type': str('application/json') },
          body: encoder.encode(JSON.stringify(ev.payload, blobReplacer)),
        });
      } else {
        yield codec.encode({
          headers: { ':message-type': str('exception'), ':exception-type': str(ev.exceptionType), ':content-type': str('application/json') },
          body: encoder.encode(JSON.stringify({ message: ev.message })),
        });
        return;
      }
    }
  }
  return {
    statusCode: 200,
    headers: { 'x-amzn-RequestId': requestId, 'Content-Type': 'application/vnd.amazon.eventstream' },
    body: frames(),
    ...(stream[EVENT_STREAM_CLOSE] ? { close: stream[EVENT_STREAM_CLOSE] } : {}),
  };
}

function respond(statusCode: number, requestId: string, json: string, errorType: string | undefined): WireResponse {
  return respondBytes(statusCode, requestId, encoder.encode(json), errorType);
}

function respondBytes(statusCode: number, requestId: string, body: Uint8Array, errorType: string | undefined): WireResponse {
  // AWS's own header casing; transports (Node's http, fetch) lower-case them on the way in.
  const headers: Record<string, string> = {
    'x-amzn-RequestId': requestId,
    'Content-Type': JSON_1_1_CONTENT_TYPE,
    'Content-Length': String(body.byteLength),
  };
  if (errorType !== undefined) headers['x-amzn-ErrorType'] = errorType;
  return { statusCode, headers, body };
}

/**
 * A random v4 UUID for `x-amzn-RequestId`. `crypto.randomUUID` exists only in secure contexts
 * (https, localhost) in browsers; `getRandomValues` works everywhere, so it is the fallback.
 */
function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
