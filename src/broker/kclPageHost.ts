/**
 * The page side of one KCL worker (kclApp.ts): Kinesis calls answered by the simulation, event
 * streams held on the page (a subscription id crosses the channel, not the stream), and reports.
 * Built from explicit arguments so the application keeps only its bookkeeping.
 */
import type { KinesisFunction } from '../core/kcl/types.js';
import { isEventStream, EVENT_STREAM, type StreamEvent } from '../core/kinesis/eventStream.js';
import { readerOfIterator } from '../core/kinesis/model/iterator.js';
import type { KclPageHost, KinesisAnswer } from './kclWorkerHost.js';

/** What one worker's page host works with. */
export interface PageHostParts {
  /** The page's Kinesis. */
  readonly kinesis: KinesisFunction;
  /** This worker's open event streams, by subscription id. */
  readonly subscriptions: Map<number, AsyncIterator<StreamEvent>>;
  /** A new subscription id (unique across the application's workers). */
  readonly nextSubscription: () => number;
  /** Whether the worker is still starting or running. */
  readonly live: () => boolean;
  /** A GetShardIterator or GetRecords answer went through (its iterator names the reader). */
  readonly onRead: (value: unknown) => void;
  /** The worker's report, passed on as it came. */
  readonly report: KclPageHost['report'];
}

/** The page host of one worker over `parts`. */
export function kclPageHost(parts: PageHostParts): KclPageHost {
  const { subscriptions: subs } = parts;
  return {
    kinesis: async (op, input): Promise<KinesisAnswer> => {
      const r = await parts.kinesis(op, input);
      if (r.ok && (op === 'GetShardIterator' || op === 'GetRecords')) parts.onRead(r.value);
      if (!r.ok || !isEventStream(r.value)) return r;
      const id = parts.nextSubscription();
      subs.set(id, r.value[EVENT_STREAM][Symbol.asyncIterator]());
      return { ok: true, value: { subscription: id } };
    },
    nextEvent: async (id) => {
      const it = subs.get(id);
      if (!it || !parts.live()) return undefined;
      const n = await it.next();
      return n.done ? undefined : n.value;
    },
    closeSubscription: async (id) => {
      const it = subs.get(id);
      subs.delete(id);
      await it?.return?.();
    },
    report: (snapshot, processed) => parts.report(snapshot, processed),
  };
}

/**
 * A forwarder to `target` that can be cut loose: when the worker ends it lets go of the
 * application at once (calls already on their way through the channel find nothing).
 */
export function detachableHost(target: KclPageHost): { host: KclPageHost; detach: () => void } {
  let to: KclPageHost | undefined = target;
  const ended = (): KclPageHost => {
    if (!to) throw new Error('The KCL worker has ended.');
    return to;
  };
  return {
    host: {
      kinesis: async (op, input) => ended().kinesis(op, input),
      nextEvent: async (id) => (to ? to.nextEvent(id) : undefined),
      closeSubscription: async (id) => to?.closeSubscription(id),
      report: (snapshot, processed) => to?.report(snapshot, processed),
    },
    detach: () => { to = undefined; },
  };
}

/** The iterator chain (`reader-N`) an iterator-bearing answer belongs to, if any. */
export function readerOfAnswer(value: unknown): string | undefined {
  const v = value as { ShardIterator?: string; NextShardIterator?: string };
  const token = v.ShardIterator ?? v.NextShardIterator;
  return token === undefined ? undefined : readerOfIterator(token);
}
