/**
 * AWS wire types (PascalCase, as in the API reference) for the simulated operations, after
 * validation: blobs are Uint8Array, input timestamps are epoch **ms**; output timestamps are
 * epoch **seconds** (the JSON wire's form) so the wire handler passes them through unchanged.
 */
import type { StreamRef } from './stream.js';

export type StreamModeDetails = { StreamMode: 'PROVISIONED' | 'ON_DEMAND' };

export interface CreateStreamInput {
  StreamName: string;
  ShardCount?: number;
  StreamModeDetails?: StreamModeDetails;
  Tags?: Record<string, string>;
  MaxRecordSizeInKiB?: number;
  WarmThroughputMiBps?: number;
  RecordDistributionStrategy?: 'AUTO' | 'USER_PARTITION_KEY';
}
export interface DeleteStreamInput extends StreamRef { EnforceConsumerDeletion?: boolean }
export interface DescribeStreamInput extends StreamRef { Limit?: number; ExclusiveStartShardId?: string }
export interface ListStreamsInput { Limit?: number; ExclusiveStartStreamName?: string; NextToken?: string }
export type ShardFilterType = 'AFTER_SHARD_ID' | 'AT_TRIM_HORIZON' | 'FROM_TRIM_HORIZON' | 'AT_LATEST' | 'AT_TIMESTAMP' | 'FROM_TIMESTAMP';
export interface ListShardsInput extends StreamRef {
  NextToken?: string;
  ExclusiveStartShardId?: string;
  MaxResults?: number;
  StreamCreationTimestamp?: number;
  ShardFilter?: { Type: ShardFilterType; ShardId?: string; Timestamp?: number };
}
export interface PutRecordInput extends StreamRef {
  /** Base64 text, validated (records keep their wire form end to end). */
  Data: string;
  PartitionKey?: string;
  ExplicitHashKey?: string;
  SequenceNumberForOrdering?: string;
  DryRun?: boolean;
}
export interface PutRecordsEntry { /** Base64 text, validated. */ Data: string; PartitionKey?: string; ExplicitHashKey?: string }
export interface PutRecordsInput extends StreamRef { Records: PutRecordsEntry[]; DryRun?: boolean }
export type ShardIteratorType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
export interface GetShardIteratorInput extends StreamRef {
  ShardId: string;
  ShardIteratorType: ShardIteratorType;
  StartingSequenceNumber?: string;
  Timestamp?: number;
  DryRun?: boolean;
}
export interface GetRecordsInput { ShardIterator: string; Limit?: number; StreamARN?: string; DryRun?: boolean }
export interface RetentionInput extends StreamRef { RetentionPeriodHours: number }
export interface AddTagsInput extends StreamRef { Tags: Record<string, string> }
export interface RemoveTagsInput extends StreamRef { TagKeys: string[] }
export interface ListTagsInput extends StreamRef { ExclusiveStartTagKey?: string; Limit?: number }

/** `Shard` in DescribeStream / ListShards. */
export interface WireShard {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

/** `Record` in GetRecords. */
export interface WireRecord {
  SequenceNumber: string;
  /** Epoch seconds with ms fraction. */
  ApproximateArrivalTimestamp: number;
  /** Base64 text, as stored. */
  Data: string;
  PartitionKey: string;
}
