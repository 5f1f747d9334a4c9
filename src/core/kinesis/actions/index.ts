/**
 * The action registry, keyed by AWS operation name and typed over every simulated operation:
 * an operation without its action is a compile error.
 */
import type { KinesisEngine } from '../engine.js';
import type { Result } from '../errors.js';
import type { KinesisOperation } from '../operations.js';
import { createStream } from './createStream.js';
import { deleteStream } from './deleteStream.js';
import { describeLimits } from './describeLimits.js';
import { describeStream } from './describeStream.js';
import { describeStreamSummary } from './describeStreamSummary.js';
import { getRecords } from './getRecords.js';
import { getShardIterator } from './getShardIterator.js';
import { listShards } from './listShards.js';
import { listStreams } from './listStreams.js';
import { putRecord } from './putRecord.js';
import { putRecords } from './putRecords.js';
import { decreaseStreamRetentionPeriod, increaseStreamRetentionPeriod } from './retention.js';
import { addTagsToStream, listTagsForStream, removeTagsFromStream } from './tags.js';
import { mergeShards, splitShard, updateShardCount, updateStreamMode } from './reshard.js';
import { subscribeToShard } from './subscribeToShard.js';
import { deregisterStreamConsumer, describeStreamConsumer, listStreamConsumers, registerStreamConsumer } from './consumers.js';

// Inputs arrive validated against the operation's table, so each action's input type holds.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Action = (e: KinesisEngine, input: any) => Result<unknown> | Promise<Result<unknown>>;

export const actions: { readonly [K in KinesisOperation]: Action } = {
  AddTagsToStream: addTagsToStream,
  CreateStream: createStream,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  DeleteStream: deleteStream,
  DeregisterStreamConsumer: deregisterStreamConsumer,
  DescribeLimits: describeLimits,
  DescribeStream: describeStream,
  DescribeStreamConsumer: describeStreamConsumer,
  DescribeStreamSummary: describeStreamSummary,
  GetRecords: getRecords,
  GetShardIterator: getShardIterator,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  ListShards: listShards,
  ListStreamConsumers: listStreamConsumers,
  ListStreams: listStreams,
  ListTagsForStream: listTagsForStream,
  MergeShards: mergeShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  RegisterStreamConsumer: registerStreamConsumer,
  RemoveTagsFromStream: removeTagsFromStream,
  SplitShard: splitShard,
  SubscribeToShard: subscribeToShard,
  UpdateShardCount: updateShardCount,
  UpdateStreamMode: updateStreamMode,
};
