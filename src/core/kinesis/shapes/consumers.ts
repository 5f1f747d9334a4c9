import type { Members } from '../validation/shape';
import { NAME_PATTERN, nextToken, sequenceNumber, shardId, streamARN, tagMap, timestamp } from './common';

const consumerName = { type: 'string', min: 1, max: 128, pattern: NAME_PATTERN } as const;
const consumerARN = { type: 'string', min: 1, max: 2048, pattern: '(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+' } as const;

/** `RegisterStreamConsumerInput`. Unsure: the order AWS reports members in (model order). */
export const registerStreamConsumerShape: Members = {
  StreamARN: { ...streamARN, required: true },
  ConsumerName: { ...consumerName, required: true },
  Tags: tagMap,
};

/** `DescribeStreamConsumerInput` / `DeregisterStreamConsumerInput`: ConsumerARN, or StreamARN + ConsumerName. */
export const consumerRefShape: Members = {
  StreamARN: streamARN,
  ConsumerName: consumerName,
  ConsumerARN: consumerARN,
};

/** `ListStreamConsumersInput`. */
export const listStreamConsumersShape: Members = {
  StreamARN: { ...streamARN, required: true },
  NextToken: nextToken,
  MaxResults: { type: 'integer', min: 1, max: 10000 },
  StreamCreationTimestamp: timestamp,
};

/** `SubscribeToShardInput`. Unsure: the order AWS reports its members in (model order). */
export const subscribeToShardShape: Members = {
  ConsumerARN: { ...consumerARN, required: true },
  ShardId: { ...shardId, required: true },
  StartingPosition: {
    type: 'structure',
    required: true,
    members: {
      Type: { type: 'string', required: true, enum: ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] },
      SequenceNumber: sequenceNumber,
      Timestamp: timestamp,
    },
  },
};
