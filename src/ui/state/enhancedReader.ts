/**
 * An enhanced fan-out consumer reading one shard: SubscribeToShard, events pushed at its own
 * 2 MiB/s. A subscription ends after 5 minutes (or when another one takes over) and is renewed
 * from its ContinuationSequenceNumber.
 */
import { SubscribeToShardCommand, type StartingPosition, type SubscribeToShardEventStream } from '@aws-sdk/client-kinesis';
import { RESUBSCRIBE_MS, RESUBSCRIBE_ON, type AppContext, type ShardRun } from './consumerApp';
import { errorName, errorText } from './errors';

/**
 * Subscribes to `sh` again and again until the app halts or the shard is read to its end (then
 * `ctx.finish`). Calls `positioned` once a subscription is open; throws what fails the app.
 */
export async function subscribeShard(ctx: AppContext, sh: ShardRun, positioned: () => void): Promise<void> {
  const { app } = ctx;
  while (!app.halted) {
    const StartingPosition: StartingPosition = sh.continuation !== undefined
      ? { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sh.continuation }
      : { Type: sh.start };
    let events: AsyncIterable<SubscribeToShardEventStream> | undefined;
    // Aborting the request is what closes a subscription (the SDK's iterator return() does not).
    const abort = new AbortController();
    try {
      events = (await ctx.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: app.consumerArn, ShardId: sh.id, StartingPosition }), { abortSignal: abort.signal })).EventStream;
    } catch (e) {
      // AWS refuses a new subscription within 5 s of the last one for this consumer and shard.
      if (app.halted || errorName(e) !== 'ResourceInUseException') throw e;
    }
    if (app.halted) {
      abort.abort(); // stopped while subscribing: close what was just opened
      return;
    }
    if (events !== undefined) {
      positioned();
      if ((await readEvents(ctx, sh, events, abort)) === 'finished') return;
    }
    await ctx.sleep(RESUBSCRIBE_MS);
  }
}

/** Reads one subscription until the shard's end ('finished') or the subscription's end. */
async function readEvents(ctx: AppContext, sh: ShardRun, events: AsyncIterable<SubscribeToShardEventStream>, abort: AbortController): Promise<'finished' | 'ended'> {
  const { app } = ctx;
  const it = events[Symbol.asyncIterator]();
  const halted = app.haltSignal.then(() => 'halted' as const);
  let drained = false;
  try {
    for (;;) {
      const next = it.next();
      next.catch(() => undefined); // abandoned when the app stops: its rejection is no one's business
      // An idle shard sends an event only every few seconds: stopping must not wait for it.
      const r = await Promise.race([next, halted]);
      if (r !== 'halted' && r.done) drained = true;
      if (r === 'halted' || r.done || app.halted) return 'ended';
      const ev = r.value.SubscribeToShardEvent;
      if (!ev) continue;
      ctx.deliver(sh, ev.Records);
      if (ev.ContinuationSequenceNumber !== undefined) sh.continuation = ev.ContinuationSequenceNumber;
      if (ev.MillisBehindLatest !== undefined) sh.ageMs = ev.MillisBehindLatest;
      // AWS sends ChildShards only in the last event of a closed shard read to its end.
      if (ev.ChildShards !== undefined) {
        ctx.finish(sh);
        return 'finished';
      }
    }
  } catch (e) {
    if (app.halted) return 'ended';
    // A takeover by another subscriber or a service hiccup ends a subscription: renew it.
    if (!RESUBSCRIBE_ON.has(errorName(e))) throw e;
    if (errorName(e) === 'ResourceInUseException') ctx.messages.push('warning', `Consumer application ${app.name} on ${app.stream}`, `${sh.id}: ${errorText(e)} Subscribing again.`);
    return 'ended';
  } finally {
    // Left early (stopped, or the shard's end seen): close the stream so the service side ends too.
    if (!drained) {
      abort.abort();
      try {
        void Promise.resolve(it.return?.()).catch(() => undefined);
      } catch {
        // an iterator that cannot be closed is simply dropped
      }
    }
  }
}
