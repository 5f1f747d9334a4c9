import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { parseSequenceNumber } from '../model/sequenceNumber.js';
import type { PutRecordInput } from '../types.js';
import { base64DecodedLength } from '../../util/base64.js';
import { emitPut, observed } from './putRecords.js';
import { dryRun, missingPartitionKey, rateExceeded, recordTooLarge, route } from './putShared.js';
import { utf8Length } from '../../util/utf8.js';

/** PutRecord: one record to the open shard its hash key falls in. */
export async function putRecord(e: KinesisEngine, input: PutRecordInput): Promise<Result<unknown>> {
  const r = e.stream(input, 'data');
  if (!r.ok) return r;
  const s = r.value;
  const key = input.PartitionKey;
  if (key === undefined) return missingPartitionKey('partitionKey');
  const max = s.maxRecordSizeKiB * 1024;
  const dataBytes = base64DecodedLength(input.Data);
  const bytes = dataBytes + utf8Length(key);
  if (dataBytes > max) return recordTooLarge('data', dataBytes, max);
  if (bytes > max) {
    // Unsure: AWS's text when data alone fits but data + key does not.
    return fail('InvalidArgumentException', `Record size (data + partition key = ${bytes} bytes) exceeds the maximum record size of ${max} bytes for stream ${s.name}.`);
  }
  const now = e.now();
  if (input.SequenceNumberForOrdering !== undefined) {
    const p = parseSequenceNumber(input.SequenceNumberForOrdering);
    if (!p || p.recordSecs * 1000 > now) {
      return fail('InvalidArgumentException',
        `ExclusiveMinimumSequenceNumber ${input.SequenceNumberForOrdering} used in PutRecord on stream ${s.name} under account ${e.account.accountId} is invalid.`);
    }
    // Counters only grow within a shard, so every new record already sorts after it.
  }
  const shard = route(s, key, input.ExplicitHashKey);
  if ('ok' in shard) return shard;
  if (input.DryRun) return dryRun();
  const explicit = input.ExplicitHashKey !== undefined ? { explicitHashKey: input.ExplicitHashKey } : {};
  const entry = { partitionKey: key, data: input.Data, bytes, ...explicit };
  const seen = e.events.active ? observed(entry) : undefined;
  const [outcome] = await shard.put([entry], now);
  if (outcome && seen && e.events.active) emitPut(e, s.name, shard.id, now, 'PutRecord', [seen], [outcome]);
  if (!outcome || 'throttled' in outcome) {
    return fail('ProvisionedThroughputExceededException', rateExceeded(e.account, s, shard.id));
  }
  return ok({ ShardId: shard.id, SequenceNumber: outcome.sequenceNumber, EncryptionType: 'NONE' });
}
