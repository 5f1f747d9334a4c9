/**
 * The validation table of every operation, keyed by AWS's operation name. Typed over all
 * names, so an operation without a table is a compile error (STYLE §3).
 */
import type { KinesisOperation } from '../operations';
import type { Members } from '../validation/shape';
import { addTagsToStreamShape } from './addTagsToStream';
import { createStreamShape } from './createStream';
import { decreaseStreamRetentionPeriodShape } from './decreaseStreamRetentionPeriod';
import { deleteStreamShape } from './deleteStream';
import { describeLimitsShape } from './describeLimits';
import { describeStreamShape } from './describeStream';
import { describeStreamSummaryShape } from './describeStreamSummary';
import { getRecordsShape } from './getRecords';
import { getShardIteratorShape } from './getShardIterator';
import { increaseStreamRetentionPeriodShape } from './increaseStreamRetentionPeriod';
import { listShardsShape } from './listShards';
import { listStreamsShape } from './listStreams';
import { listTagsForStreamShape } from './listTagsForStream';
import { mergeShardsShape } from './mergeShards';
import { putRecordShape } from './putRecord';
import { putRecordsShape } from './putRecords';
import { removeTagsFromStreamShape } from './removeTagsFromStream';
import { splitShardShape } from './splitShard';
import { updateShardCountShape } from './updateShardCount';
import { updateStreamModeShape } from './updateStreamMode';
import { consumerRefShape, listStreamConsumersShape, registerStreamConsumerShape, subscribeToShardShape } from './consumers';

/** Operation name → its input table, for `validate(shapes[op], body)`. */
export const shapes: { readonly [K in KinesisOperation]: Members } = {
  AddTagsToStream: addTagsToStreamShape,
  CreateStream: createStreamShape,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriodShape,
  DeleteStream: deleteStreamShape,
  DeregisterStreamConsumer: consumerRefShape,
  DescribeLimits: describeLimitsShape,
  DescribeStream: describeStreamShape,
  DescribeStreamConsumer: consumerRefShape,
  DescribeStreamSummary: describeStreamSummaryShape,
  GetRecords: getRecordsShape,
  GetShardIterator: getShardIteratorShape,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriodShape,
  ListShards: listShardsShape,
  ListStreamConsumers: listStreamConsumersShape,
  ListStreams: listStreamsShape,
  ListTagsForStream: listTagsForStreamShape,
  MergeShards: mergeShardsShape,
  PutRecord: putRecordShape,
  PutRecords: putRecordsShape,
  RegisterStreamConsumer: registerStreamConsumerShape,
  RemoveTagsFromStream: removeTagsFromStreamShape,
  SplitShard: splitShardShape,
  SubscribeToShard: subscribeToShardShape,
  UpdateShardCount: updateShardCountShape,
  UpdateStreamMode: updateStreamModeShape,
};
