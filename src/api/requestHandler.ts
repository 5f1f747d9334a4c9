/**
 * The AWS SDK v3 `requestHandler` that sends every request to an in-process router instead of
 * the network: `new KinesisClient({ requestHandler: createRequestHandler(router) })`. The SDK
 * still builds, signs, retries and parses everything itself, exactly as against AWS.
 *
 * No runtime import from smithy: the SDK recognises responses structurally
 * (`HttpResponse.isInstance` checks `statusCode` and `headers`), and reads a `Uint8Array` body
 * directly (`collectBody` in @smithy/core/protocols tests `instanceof Uint8Array` before it
 * reaches the Node/browser stream collectors), so the same object works in Node and in a page.
 * The types come from @smithy/types (type-only, erased from the bundle).
 *
 * S3 needs two things more. Its uploads may be streams (Node `Readable`, web `ReadableStream`,
 * `Blob`), sent `aws-chunked` when the SDK adds a trailing checksum: they are collected and decoded
 * here, so routers always see plain bytes. And GetObject's body must be a stream the SDK's
 * `sdkStreamMixin` accepts: a router answers it as an `AsyncIterable<Uint8Array>` and this
 * handler hands the SDK a Node `Readable` in Node (what its own http handler gives, so `.pipe()`
 * works) or a web `ReadableStream` elsewhere — found at run time, so no Node import is bundled.
 */
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import type { WireRequest, WireResponse } from './awsJson.js';

/** A smithy `HttpHandler` (what the SDK's `requestHandler` option takes). */
export interface SimRequestHandler extends RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata: { handlerProtocol: string };
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  /** The SDK calls this for settings such as `requestTimeout`; kept, though nothing here waits on a socket. */
  updateHttpClientConfig(key: string, value: unknown): void;
  httpHandlerConfigs(): Record<string, unknown>;
  destroy(): void;
}

type AbortSignalLike = NonNullable<HttpHandlerOptions['abortSignal']>;

/**
 * Wraps a router (`createJsonRouter(...)`) as an AWS SDK v3 request handler usable in Node and
 * in the browser. Honours `abortSignal` like the SDK's fetch handler: already aborted → rejects
 * with an `AbortError` without running the operation; aborted while pending → rejects at once
 * (the operation, like a request already on the wire, still completes on the service side).
 */
export function createRequestHandler(router: (req: WireRequest) => Promise<WireResponse>, options: RequestHandlerOptions = {}): SimRequestHandler {
  const config: Record<string, unknown> = {};
  const streamBody = options.streamBody ?? defaultStreamBody();
  return {
    metadata: { handlerProtocol: 'h1' },
    async handle(request, handleOptions = {}) {
      const signal = handleOptions.abortSignal;
      if (signal?.aborted) throw abortError(signal);
      let body = requestBody(request.body);
      if (body instanceof Promise) body = await body;
      let headers = request.headers;
      if (isAwsChunked(headers)) ({ body, headers } = decodeAwsChunked(toBytes(body), headers));
      const pending = router({
        method: request.method,
        path: request.path,
        headers,
        body,
        query: request.query,
      });
      const wire = signal ? await raceAbort(pending, signal) : await pending;
      if (signal && wire.close) closeOnAbort(wire, signal);
      return { response: toSdkResponse(wire, streamBody) };
    },
    updateHttpClientConfig(key, value) {
      config[key] = value;
    },
    httpHandlerConfigs() {
      return config;
    },
    destroy() {
      // Nothing to close: no sockets, no agents.
    },
  };
}

/** Options of `createRequestHandler`. */
export interface RequestHandlerOptions {
  /**
   * Turns a streamed response body (S3 GetObject's) into what the SDK's `sdkStreamMixin` takes.
   * Default: a Node `stream.Readable` where `process.getBuiltinModule` exists (Node ≥ 20.16),
   * otherwise a web `ReadableStream` (browsers, workers; Node's mixin accepts that too).
   */
  readonly streamBody?: (chunks: AsyncIterable<Uint8Array>) => unknown;
}

/**
 * The request body as bytes or text. The SDK's JSON and XML serializers hand over a string or a
 * Uint8Array (a Buffer-backed subclass in Node): those stay synchronous, as Kinesis always was.
 * S3 uploads may be streams, collected here (a promise then).
 */
function requestBody(body: unknown): Uint8Array | string | undefined | Promise<Uint8Array> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof Blob === 'function' && body instanceof Blob) return body.arrayBuffer().then((b) => new Uint8Array(b));
  if (typeof (body as ReadableStream).getReader === 'function') return collect(readerChunks((body as ReadableStream<unknown>).getReader()));
  // A Node Readable (and any other async iterable) yields Buffers, or strings in string mode.
  if (Symbol.asyncIterator in (body as object)) return collect(body as AsyncIterable<unknown>);
  throw new TypeError(`Shardlab requestHandler: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

/** A web stream's chunks (Safari's ReadableStream is not async-iterable, hence the reader). */
async function* readerChunks(reader: ReadableStreamDefaultReader<unknown>): AsyncGenerator<unknown> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function collect(chunks: AsyncIterable<unknown>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of chunks) {
    const part = typeof c === 'string' ? encoder.encode(c) : c instanceof Uint8Array ? c : ArrayBuffer.isView(c) ? new Uint8Array(c.buffer, c.byteOffset, c.byteLength) : undefined;
    if (!part) throw new TypeError(`Shardlab requestHandler: unsupported stream chunk ${Object.prototype.toString.call(c)}`);
    parts.push(part);
    size += part.byteLength;
  }
  return concat(parts, size);
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const encoder = new TextEncoder();
const toBytes = (body: Uint8Array | string | undefined): Uint8Array => (typeof body === 'string' ? encoder.encode(body) : body ?? new Uint8Array(0));

/**
 * An `aws-chunked` body (AWS's framing for streamed SigV4 uploads: `Content-Encoding:
 * aws-chunked`, `x-amz-content-sha256: STREAMING-…`). The SDK sends it for S3 stream bodies,
 * with the checksum as a trailer.
 */
function isAwsChunked(headers: Record<string, string>): boolean {
  // One pass over the names, whatever their case (the SDK's are lower case).
  for (const k in headers) {
    const name = k.toLowerCase();
    if (name === 'content-encoding' && /(^|,)\s*aws-chunked\s*(,|$)/i.test(headers[k]!)) return true;
    if (name === 'x-amz-content-sha256' && headers[k]!.startsWith('STREAMING-')) return true;
  }
  return false;
}

/**
 * Unframes `hex-size[;chunk-signature=…]\r\n bytes \r\n … 0[;…]\r\n trailer: value\r\n … \r\n`.
 * The trailers (e.g. `x-amz-checksum-crc32`) join the headers, as AWS reads them; `aws-chunked`
 * leaves Content-Encoding. Signatures are not checked (nothing here checks signatures).
 */
function decodeAwsChunked(raw: Uint8Array, headers: Record<string, string>): { body: Uint8Array; headers: Record<string, string> } {
  const parts: Uint8Array[] = [];
  let size = 0;
  let pos = 0;
  const line = (): string => {
    let end = pos;
    while (end + 1 < raw.length && !(raw[end] === 13 && raw[end + 1] === 10)) end++;
    if (end + 1 >= raw.length) throw new TypeError('Shardlab requestHandler: truncated aws-chunked body');
    const text = String.fromCharCode(...raw.subarray(pos, end));
    pos = end + 2;
    return text;
  };
  for (;;) {
    const n = parseInt(line().split(';')[0]!, 16);
    if (!Number.isInteger(n) || n < 0 || pos + n > raw.length) throw new TypeError('Shardlab requestHandler: malformed aws-chunked body');
    if (n === 0) break;
    parts.push(raw.subarray(pos, pos + n));
    size += n;
    pos += n + 2; // the chunk's closing CRLF
  }
  const out: Record<string, string> = {};
  for (const k in headers) {
    const lower = k.toLowerCase();
    if (lower === 'content-encoding') {
      const rest = headers[k]!.split(',').map((s) => s.trim()).filter((s) => s && s.toLowerCase() !== 'aws-chunked');
      if (rest.length) out[k] = rest.join(',');
    } else out[k] = headers[k]!;
  }
  while (pos < raw.length) {
    const trailer = line();
    if (trailer === '') break;
    const colon = trailer.indexOf(':');
    const name = trailer.slice(0, colon).trim().toLowerCase();
    if (colon > 0 && name !== 'x-amz-trailer-signature') out[name] = trailer.slice(colon + 1).trim();
  }
  return { body: concat(parts, size), headers: out };
}

function toSdkResponse(wire: WireResponse, streamBody: (chunks: AsyncIterable<Uint8Array>) => unknown): HttpResponse {
  // Node's http module and fetch both present header names in lower case, and parts of the SDK
  // read them that way (e.g. `$metadata.requestId` from `x-amzn-requestid` on the error path).
  const headers: Record<string, string> = {};
  for (const k in wire.headers) headers[k.toLowerCase()] = wire.headers[k]!;
  // A fresh Uint8Array per response: the SDK re-prototypes the body it collects
  // (Uint8ArrayBlobAdapter.mutate), so it must not be shared.
  // An event stream (SubscribeToShard) goes to the SDK's decoder as the async iterable it is;
  // any other streamed body is a payload (S3 GetObject) and becomes a real stream.
  const body = wire.body instanceof Uint8Array || headers['content-type'] === EVENT_STREAM_TYPE ? wire.body : streamBody(wire.body);
  return { statusCode: wire.statusCode, headers, body };
}

const EVENT_STREAM_TYPE = 'application/vnd.amazon.eventstream';

type NodeStreamModule = { Readable: { from(chunks: AsyncIterable<Uint8Array>, options: { objectMode: boolean }): unknown } };

function defaultStreamBody(): (chunks: AsyncIterable<Uint8Array>) => unknown {
  // process.getBuiltinModule (Node ≥ 20.16, Deno, Bun) gives node:stream without an import
  // statement a bundler would follow; in a page there is no `process` and web streams are used.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const nodeStream = typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule('node:stream') as NodeStreamModule | undefined) : undefined;
  if (nodeStream) return (chunks) => nodeStream.Readable.from(chunks, { objectMode: false });
  return (chunks) => {
    const it = chunks[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await it.return?.();
      },
    });
  };
}

/**
 * An event stream whose request is aborted later (the SDK's `abortSignal`: how a program stops
 * a SubscribeToShard) ends as a reset HTTP/2 stream does: the service ends the subscription, and
 * a read waiting for the next event rejects with the AbortError. Every way the service's stream
 * could go on runs through `next`, so closing there is enough — no listener stays on the signal.
 */
function closeOnAbort(wire: WireResponse, signal: AbortSignalLike): void {
  const close = wire.close!;
  const aborted = (): Promise<never> => {
    close();
    return Promise.reject(abortError(signal));
  };
  const frames = wire.body as AsyncIterable<Uint8Array>;
  wire.body = {
    [Symbol.asyncIterator]() {
      const it = frames[Symbol.asyncIterator]();
      return {
        next: async () => {
          if (signal.aborted) return aborted();
          try {
            return await raceAbort(it.next(), signal);
          } catch (e) {
            if (signal.aborted) return aborted();
            throw e;
          }
        },
        return: async (value?: unknown) => {
          void it.return?.(value);
          return { done: true as const, value: undefined };
        },
      };
    },
  };
}

function raceAbort<T>(pending: Promise<T>, signal: AbortSignalLike): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    let detach = (): void => {};
    if ('addEventListener' in signal && typeof signal.addEventListener === 'function') {
      const s = signal as AbortSignal;
      s.addEventListener('abort', onAbort, { once: true });
      detach = () => s.removeEventListener('abort', onAbort);
    } else {
      // The SDK's older AbortSignal shape has only `onabort` (its fetch handler does the same).
      signal.onabort = onAbort;
      detach = () => {
        if (signal.onabort === onAbort) signal.onabort = null;
      };
    }
    pending.then(resolve, reject).finally(detach);
  });
}

/** The error the SDK's fetch handler rejects with (`buildAbortError`): name `AbortError`, reason as cause. */
function abortError(signal: AbortSignalLike): Error {
  const reason: unknown = 'reason' in signal ? (signal as AbortSignal).reason : undefined;
  const err = new Error(reason && !(reason instanceof Error) ? String(reason) : 'Request aborted');
  err.name = 'AbortError';
  if (reason instanceof Error) (err as Error & { cause?: unknown }).cause = reason;
  return err;
}
