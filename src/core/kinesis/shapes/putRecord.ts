import type { Members } from '../validation/shape';
import { data, dryRun, hashKey, partitionKey, sequenceNumber, streamARN, streamId, streamName } from './common';

/**
 * `PutRecordInput`. Member order is AWS's report order as captured by kinesalite
 * (sequenceNumberForOrdering, partitionKey, explicitHashKey, data, streamName); the newer
 * members follow. PartitionKey is optional in the current model (AUTO distribution): the
 * action requires it for USER_PARTITION_KEY streams.
 * Unsure: where AWS reports streamARN/streamId/dryRun.
 */
export const putRecordShape: Members = {
  SequenceNumberForOrdering: sequenceNumber,
  PartitionKey: partitionKey,
  ExplicitHashKey: hashKey,
  Data: data,
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
  DryRun: dryRun,
};
