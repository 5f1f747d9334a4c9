/**
 * The HTTP transports hosts give the Firehose core (which does no I/O itself): `fetch` with
 * Firehose's response timeout for real endpoints, and the simulated receivers in front of it for
 * the vendors' intake URLs. Used in Node (`createSimulation`), on the page's main thread (the
 * memory host) and in each delivery stream's worker.
 *
 * In a browser the endpoint must answer CORS (a preflight for the `X-Amz-Firehose-*` headers),
 * which AWS does not need; and `fetch` undoes a gzip response's encoding, so the rule "the
 * response must not be compressed" cannot be checked there.
 */
import { RESPONSE_TIMEOUT_MS, type HttpExchange, type HttpRequest, type HttpTransport } from '../../core/firehose/httpEndpoint.js';
import type { Receivers } from '../../core/firehose/receiverRegistry.js';
import type { OpenSearchDomains } from '../../core/opensearch/domains.js';

export interface FetchTransportOptions {
  /** Default: the platform's `fetch`. */
  readonly fetch?: typeof fetch;
  /** Real ms to wait for a response (default 3 minutes, AWS's). */
  readonly timeoutMs?: number;
}

/** POSTs with `fetch`; redirects are not followed (AWS: "3xx not followed"); never rejects. */
export function fetchTransport(o: FetchTransportOptions = {}): HttpTransport {
  const timeoutMs = o.timeoutMs ?? RESPONSE_TIMEOUT_MS;
  return async (req: HttpRequest): Promise<HttpExchange> => {
    const f = o.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') return { failure: 'connection', message: 'fetch is not available here.' };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await f(req.url, { method: req.method, headers: { ...req.headers }, body: req.body as BodyInit, redirect: 'manual', signal: abort.signal });
      const body = new Uint8Array(await res.arrayBuffer());
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: res.status, headers, body };
    } catch (e) {
      if (abort.signal.aborted) return { failure: 'timeout', message: `No response within ${timeoutMs / 1000} s.` };
      const cause = (e as { cause?: { message?: string; code?: string } }).cause;
      return { failure: 'connection', message: [e instanceof Error ? e.message : String(e), cause?.code ?? cause?.message].filter(Boolean).join(': ') };
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The simulated receivers answer their vendors' URLs (and the simulated OpenSearch domains theirs,
 * when given); everything else goes to `fallback`.
 */
export function withReceivers(receivers: Receivers, fallback: HttpTransport, domains?: OpenSearchDomains): HttpTransport {
  return async (req) => (receivers.handles(req.url) ? receivers.handle(req) : domains?.handles(req.url) ? domains.handle(req) : fallback(req));
}
