/**
 * The Kinesis Data Streams operations Shardlab simulates (AWS's names; the wire target is
 * `Kinesis_20131202.<name>`). The action registry and the validation tables are typed over
 * this list, so an operation without an action or a table is a compile error.
 */
export const KinesisOperations = [
  'AddTagsToStream',
  'CreateStream',
  'DecreaseStreamRetentionPeriod',
  'DeleteStream',
  'DeregisterStreamConsumer',
  'DescribeLimits',
  'DescribeStream',
  'DescribeStreamConsumer',
  'DescribeStreamSummary',
  'GetRecords',
  'GetShardIterator',
  'IncreaseStreamRetentionPeriod',
  'ListShards',
  'ListStreamConsumers',
  'ListStreams',
  'ListTagsForStream',
  'MergeShards',
  'PutRecord',
  'PutRecords',
  'RegisterStreamConsumer',
  'RemoveTagsFromStream',
  'SplitShard',
  'SubscribeToShard',
  'UpdateShardCount',
  'UpdateStreamMode',
] as const;
export type KinesisOperation = (typeof KinesisOperations)[number];

export const KINESIS_TARGET_PREFIX = 'Kinesis_20131202';

export const isKinesisOperation = (op: string): op is KinesisOperation =>
  (KinesisOperations as readonly string[]).includes(op);
