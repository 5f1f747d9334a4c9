/**
 * The SDK request handler's event streams and abort signals: an abort closes the stream on the
 * service side (the wire answer's `close`), a waiting read rejects with AbortError, and a stream
 * that ends by itself lets go of the signal.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WireResponse } from './awsJson';
import { createRequestHandler } from './requestHandler';

const EVENT_STREAM = 'application/vnd.amazon.eventstream';

/** A handler whose only answer is an event stream of `frames` (then, if `endless`, silence). */
function handlerWith(frames: number, endless: boolean) {
  const seen = { closed: 0 };
  const handler = createRequestHandler(async (): Promise<WireResponse> => ({
    statusCode: 200,
    headers: { 'Content-Type': EVENT_STREAM },
    body: (async function* () {
      for (let i = 0; i < frames; i++) yield new Uint8Array([i]);
      if (endless) await new Promise(() => {});
    })(),
    close: () => { seen.closed++; },
  }));
  const request = { method: 'POST', protocol: 'https:', hostname: 'kinesis.us-east-1.amazonaws.com', path: '/', query: {}, headers: {}, body: '{}' } as unknown as Parameters<typeof handler.handle>[0];
  return { handler, request, seen };
}

describe('requestHandler: event streams and abortSignal', () => {
  it('an abort closes the stream on the service side and rejects the waiting read with AbortError', async () => {
    const { handler, request, seen } = handlerWith(1, true);
    const abort = new AbortController();
    const { response } = await handler.handle(request, { abortSignal: abort.signal });
    const it = (response.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual(new Uint8Array([0]));
    const waiting = it.next();
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.closed).toBeGreaterThanOrEqual(1);
    await expect(it.next()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a stream that ends by itself, or is returned, keeps no listener on the signal', async () => {
    const abort = new AbortController();
    for (const endBy of ['end', 'return'] as const) {
      const { handler, request, seen } = handlerWith(2, false);
      const { response } = await handler.handle(request, { abortSignal: abort.signal });
      const it = (response.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      await it.next();
      if (endBy === 'end') {
        await it.next();
        expect((await it.next()).done).toBe(true);
      } else await it.return!();
      expect(seen.closed).toBe(0);
    }
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});
