import type { Members } from '../validation/shape';
import { dryRun, sequenceNumber, shardId, streamARN, streamId, streamName, timestamp } from './common';

/**
 * `GetShardIteratorInput`. Member order and the enum's order are AWS's as captured by
 * kinesalite ("Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST,
 * AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"), not the model's order.
 * Unsure: where AWS reports timestamp/streamARN/streamId/dryRun (no capture breaks them).
 */
export const getShardIteratorShape: Members = {
  ShardId: { ...shardId, required: true },
  ShardIteratorType: {
    type: 'string',
    required: true,
    enum: ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'TRIM_HORIZON'],
  },
  StartingSequenceNumber: sequenceNumber,
  StreamName: streamName,
  Timestamp: timestamp,
  StreamARN: streamARN,
  StreamId: streamId,
  DryRun: dryRun,
};
