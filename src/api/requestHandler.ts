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
export function createRequestHandler(router: (req: WireRequest) => Promise<WireResponse>): SimRequestHandler {
  const config: Record<string, unknown> = {};
  return {
    metadata: { handlerProtocol: 'h1' },
    async handle(request, options = {}) {
      const signal = options.abortSignal;
      if (signal?.aborted) throw abortError(signal);
      const pending = router({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: requestBody(request.body),
      });
      const wire = signal ? await raceAbort(pending, signal) : await pending;
      return { response: toSdkResponse(wire) };
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

/** The SDK's JSON serializer hands over a string or a Uint8Array (a Buffer-backed subclass in Node). */
function requestBody(body: unknown): Uint8Array | string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  // Streaming bodies do not occur in AWS JSON 1.1 requests; failing loudly beats guessing.
  throw new TypeError(`Shardlab requestHandler: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

function toSdkResponse(wire: WireResponse): HttpResponse {
  // Node's http module and fetch both present header names in lower case, and parts of the SDK
  // read them that way (e.g. `$metadata.requestId` from `x-amzn-requestid` on the error path).
  const headers: Record<string, string> = {};
  for (const k in wire.headers) headers[k.toLowerCase()] = wire.headers[k]!;
  // A fresh Uint8Array per response: the SDK re-prototypes the body it collects
  // (Uint8ArrayBlobAdapter.mutate), so it must not be shared.
  return { statusCode: wire.statusCode, headers, body: wire.body };
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
