import { trimHorizonOf, type KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { encodeIterator } from '../model/iterator.js';
import { parseSequenceNumber, shardIdOf, shardIndexOf } from '../model/sequenceNumber.js';
import type { StartPosition } from '../shard/shardCore.js';
import type { GetShardIteratorInput } from '../types.js';
import { dryRun, rateExceeded } from './putShared.js';

const TYPES_MESSAGE = 'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
  '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified';

/** GetShardIterator: an opaque position in one shard, valid for 5 minutes. */
export async function getShardIterator(e: KinesisEngine, input: GetShardIteratorInput, options: { readonly unmetered?: boolean } = {}): Promise<Result<{ ShardIterator: string }>> {
  const r = e.stream(input, 'data');
  if (!r.ok) return r;
  const s = r.value;
  const acct = e.account.accountId;
  const index = shardIndexOf(input.ShardId);
  const found = index === undefined ? undefined : s.shards[index];
  const shard = found && !found.expired ? found : undefined;
  const shardId = index === undefined ? input.ShardId : shardIdOf(index);
  if (!shard) return fail('ResourceNotFoundException', `Shard ${shardId} in stream ${s.name} under account ${acct} does not exist`);
  const type = input.ShardIteratorType;
  const seqText = input.StartingSequenceNumber;
  const now = e.now();
  let start: StartPosition;
  if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (seqText === undefined) return fail('InvalidArgumentException', `${TYPES_MESSAGE} ${type} and no StartingSequenceNumber.`);
    const p = parseSequenceNumber(seqText);
    if (!p) {
      return fail('InvalidArgumentException',
        `StartingSequenceNumber ${seqText} used in GetShardIterator on shard ${shard.id} in stream ${s.name} under account ${acct} is invalid.`);
    }
    if (p.shardIndex !== shard.meta.index) {
      return fail('InvalidArgumentException', `Invalid StartingSequenceNumber. It encodes ${shardIdOf(p.shardIndex)}, while it was used in a call to a shard with ${shard.id}`);
    }
    if (p.shardCreateSecs !== Math.floor(shard.meta.createdAt / 1000)) {
      return fail('InvalidArgumentException',
        `StartingSequenceNumber ${seqText} used in GetShardIterator on shard ${shard.id} in stream ${s.name} under account ${acct} is invalid because it did not come from this stream.`);
    }
    start = { type: 'AT_COUNTER', counter: type === 'AT_SEQUENCE_NUMBER' ? p.counter : p.counter + 1 };
  } else if (type === 'AT_TIMESTAMP') {
    if (input.Timestamp === undefined) {
      return fail('InvalidArgumentException', 'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
    }
    if (input.Timestamp > now) {
      return fail('InvalidArgumentException',
        `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${input.Timestamp}, currentTimestampInMillis: ${Math.floor(now)}`);
    }
    start = { type: 'AT_TIMESTAMP', timestamp: input.Timestamp };
  } else {
    if (seqText !== undefined) return fail('InvalidArgumentException', `${TYPES_MESSAGE} ${type} and also a StartingSequenceNumber.`);
    start = { type };
  }
  if (input.DryRun) return dryRun();
  const position = await shard.iteratorPosition(start, now, trimHorizonOf(s, now), options.unmetered ?? false);
  if (typeof position !== 'number') return fail('ProvisionedThroughputExceededException', rateExceeded(e.account, s, shard.id));
  return ok({
    ShardIterator: encodeIterator({ streamName: s.name, streamCreatedAt: s.createdAt, shardIndex: shard.meta.index, position, issuedAt: Math.floor(now), reader: e.newReader() }),
  });
}
