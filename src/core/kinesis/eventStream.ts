/**
 * An operation answer that is an event stream (SubscribeToShard): the wire layer writes it as
 * AWS's `application/vnd.amazon.eventstream` frames — an `initial-response`, then one frame per
 * event — while the iterable yields, and ends the response when it ends.
 */
export const EVENT_STREAM = Symbol.for('shardlab.eventStream');

export type StreamEvent =
  | { readonly kind: 'event'; readonly eventType: string; readonly payload: unknown }
  | { readonly kind: 'exception'; readonly exceptionType: string; readonly message: string };

/**
 * Told when the client closes the connection (the SDK's `abortSignal` fired): the service ends
 * the stream at once, as AWS does when an HTTP/2 stream is reset — no more events, and the
 * subscription no longer holds the shard.
 */
export const EVENT_STREAM_CLOSE = Symbol.for('shardlab.eventStream.close');

export interface EventStreamResult {
  readonly [EVENT_STREAM]: AsyncIterable<StreamEvent>;
  readonly [EVENT_STREAM_CLOSE]?: () => void;
}

export const isEventStream = (v: unknown): v is EventStreamResult =>
  typeof v === 'object' && v !== null && EVENT_STREAM in v;
