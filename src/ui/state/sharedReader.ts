/**
 * A shared (KCL polling mode) consumer reading one shard: GetShardIterator, then GetRecords every
 * `pollMs` following NextShardIterator. Every shared consumer of a shard splits its 2 MiB/s and
 * 5 GetRecords calls/s with the others, so several of them get throttled.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type GetShardIteratorCommandInput } from '@aws-sdk/client-kinesis';
import { readerOfIterator } from '../../core/kinesis/model/iterator';
import { GET_RECORDS_LIMIT, type App, type AppContext, type ShardRun } from './consumerApp';
import { errorName } from './errors';

/**
 * Polls `sh` until the app halts or the shard is read to its end (then `ctx.finish`). Calls
 * `positioned` once it holds its first iterator; throws what fails the app.
 */
export async function pollShard(ctx: AppContext, sh: ShardRun, positioned: () => void): Promise<void> {
  const { app, kinesis: k } = ctx;
  while (!app.halted) {
    try {
      if (sh.iterator === undefined) {
        sh.iterator = (await k.send(new GetShardIteratorCommand(iteratorInput(app, sh)))).ShardIterator;
        if (app.halted) return;
        const reader = sh.iterator === undefined ? undefined : readerOfIterator(sh.iterator);
        if (reader !== undefined) app.readers.add(reader);
        positioned();
      }
      const out = await k.send(new GetRecordsCommand({ ShardIterator: sh.iterator, Limit: GET_RECORDS_LIMIT }));
      if (app.halted) return;
      ctx.deliver(sh, out.Records);
      if (out.MillisBehindLatest !== undefined) sh.ageMs = out.MillisBehindLatest;
      if (out.NextShardIterator === undefined) {
        ctx.finish(sh); // a closed shard read to its end (the answer carries ChildShards)
        return;
      }
      sh.iterator = out.NextShardIterator;
    } catch (e) {
      if (app.halted) return;
      const name = errorName(e);
      if (name === 'ProvisionedThroughputExceededException') app.throttled++; // the shard's 5 reads/s or 2 MiB/s are used up: next poll
      else if (name === 'ExpiredIteratorException') {
        sh.iterator = undefined; // older than 5 minutes: a new one after the last record seen, at once
        continue;
      } else throw e;
    }
    await ctx.sleep(ctx.pollMs);
  }
}

/**
 * Where a shared reader (re)starts: after the last record it delivered, else its start
 * position — as KCL does after ExpiredIteratorException (with nothing checkpointed yet, a LATEST
 * app takes LATEST again).
 */
export function iteratorInput(app: App, sh: ShardRun): GetShardIteratorCommandInput {
  if (sh.lastSeq !== undefined) return { StreamName: app.stream, ShardId: sh.id, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: sh.lastSeq };
  return { StreamName: app.stream, ShardId: sh.id, ShardIteratorType: sh.start };
}
