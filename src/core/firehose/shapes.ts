/**
 * Validation tables of the Firehose operations Shardlab simulates (constraints of AWS's service
 * model, `firehose` 2015-08-04; see ../../../shared/spec/firehose.md §2). The same engine as
 * Kinesis's turns them into AWS's `ValidationException` texts ("1 validation error detected:
 * Value … at 'deliveryStreamName' failed to satisfy constraint: …").
 *
 * Members not listed here are dropped by validation, so every configuration member Shardlab
 * keeps (and echoes in DescribeDeliveryStream) is listed. Destinations Shardlab does not simulate
 * yet are listed as bare structures so an action can refuse them by name instead of ignoring them.
 */
import type { Members, Shape } from '../kinesis/validation/shape.js';
import { bool, extendedS3Members, roleArn, s3Destination, s3Update } from './destinationShapes.js';
import { httpEndpointMembers, openSearchMembers, redshiftMembers, splunkMembers } from './endpointShapes.js';

const NAME = '[a-zA-Z0-9._-]+';
export const deliveryStreamName: Shape = { type: 'string', required: true, min: 1, max: 64, pattern: NAME };
const optionalName: Shape = { type: 'string', min: 1, max: 64, pattern: NAME };

/** Destinations AWS has that Shardlab does not simulate yet (refused by name). */
const later: Shape = { type: 'structure', members: {} };

// Unsure: the model's tag patterns use Unicode classes (\p{L}…); the validation engine compiles
// patterns without the `u` flag, so tag characters are checked by the tag actions instead.
const tags: Shape = {
  type: 'list', min: 1, max: 50,
  member: { type: 'structure', members: { Key: { type: 'string', required: true, min: 1, max: 128 }, Value: { type: 'string', min: 0, max: 256 } } },
};

export const createDeliveryStreamShape: Members = {
  DeliveryStreamName: deliveryStreamName,
  DeliveryStreamType: { type: 'string', enum: ['DirectPut', 'KinesisStreamAsSource', 'MSKAsSource', 'DatabaseAsSource'] },
  DirectPutSourceConfiguration: { type: 'structure', members: { ThroughputHintInMBs: { type: 'integer', required: true, min: 1, max: 100 } } },
  KinesisStreamSourceConfiguration: {
    type: 'structure',
    members: {
      KinesisStreamARN: { type: 'string', required: true, min: 1, max: 512, pattern: 'arn:.*:kinesis:[a-zA-Z0-9\\-]+:\\d{12}:stream/[a-zA-Z0-9_.-]+' },
      RoleARN: roleArn,
    },
  },
  MSKSourceConfiguration: later,
  DatabaseSourceConfiguration: later,
  DeliveryStreamEncryptionConfigurationInput: {
    type: 'structure',
    members: { KeyARN: { type: 'string', min: 1, max: 512 }, KeyType: { type: 'string', required: true, enum: ['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'] } },
  },
  S3DestinationConfiguration: s3Destination,
  ExtendedS3DestinationConfiguration: { type: 'structure', members: extendedS3Members(true) },
  RedshiftDestinationConfiguration: { type: 'structure', members: redshiftMembers(true) },
  ElasticsearchDestinationConfiguration: later,
  AmazonopensearchserviceDestinationConfiguration: { type: 'structure', members: openSearchMembers(true) },
  AmazonOpenSearchServerlessDestinationConfiguration: later,
  SplunkDestinationConfiguration: { type: 'structure', members: splunkMembers(true) },
  HttpEndpointDestinationConfiguration: { type: 'structure', members: httpEndpointMembers(true) },
  SnowflakeDestinationConfiguration: later,
  IcebergDestinationConfiguration: later,
  Tags: tags,
};

export const deleteDeliveryStreamShape: Members = { DeliveryStreamName: deliveryStreamName, AllowForceDelete: bool };

export const describeDeliveryStreamShape: Members = {
  DeliveryStreamName: deliveryStreamName,
  Limit: { type: 'integer', min: 1, max: 10000 },
  ExclusiveStartDestinationId: { type: 'string', min: 1, max: 100, pattern: '[a-zA-Z0-9-]+' },
};

export const listDeliveryStreamsShape: Members = {
  Limit: { type: 'integer', min: 1, max: 10000 },
  DeliveryStreamType: { type: 'string', enum: ['DirectPut', 'KinesisStreamAsSource', 'MSKAsSource', 'DatabaseAsSource'] },
  ExclusiveStartDeliveryStreamName: optionalName,
};

export const updateDestinationShape: Members = {
  DeliveryStreamName: deliveryStreamName,
  CurrentDeliveryStreamVersionId: { type: 'string', required: true, min: 1, max: 50, pattern: '[0-9]+' },
  DestinationId: { type: 'string', required: true, min: 1, max: 100, pattern: '[a-zA-Z0-9-]+' },
  S3DestinationUpdate: s3Update,
  ExtendedS3DestinationUpdate: { type: 'structure', members: extendedS3Members(false) },
  RedshiftDestinationUpdate: { type: 'structure', members: redshiftMembers(false) },
  ElasticsearchDestinationUpdate: later,
  AmazonopensearchserviceDestinationUpdate: { type: 'structure', members: openSearchMembers(false) },
  AmazonOpenSearchServerlessDestinationUpdate: later,
  SplunkDestinationUpdate: { type: 'structure', members: splunkMembers(false) },
  HttpEndpointDestinationUpdate: { type: 'structure', members: httpEndpointMembers(false) },
  SnowflakeDestinationUpdate: later,
  IcebergDestinationUpdate: later,
};

/** A record: up to 1,000 KiB (1,024,000 bytes) before base64. */
const record: Shape = { type: 'structure', required: true, members: { Data: { type: 'blob', required: true, min: 0, max: 1024000 } } };

export const putRecordShape: Members = { DeliveryStreamName: deliveryStreamName, Record: record };
export const putRecordBatchShape: Members = {
  DeliveryStreamName: deliveryStreamName,
  Records: { type: 'list', required: true, min: 1, max: 500, member: { ...record, required: false } },
};

export const tagDeliveryStreamShape: Members = { DeliveryStreamName: deliveryStreamName, Tags: { ...tags, required: true } };
export const untagDeliveryStreamShape: Members = {
  DeliveryStreamName: deliveryStreamName,
  TagKeys: { type: 'list', required: true, min: 1, max: 50, member: { type: 'string', min: 1, max: 128 } },
};
export const listTagsForDeliveryStreamShape: Members = {
  DeliveryStreamName: deliveryStreamName,
  ExclusiveStartTagKey: { type: 'string', min: 1, max: 128 },
  Limit: { type: 'integer', min: 1, max: 50 },
};

export const firehoseShapes = {
  CreateDeliveryStream: createDeliveryStreamShape,
  DeleteDeliveryStream: deleteDeliveryStreamShape,
  DescribeDeliveryStream: describeDeliveryStreamShape,
  ListDeliveryStreams: listDeliveryStreamsShape,
  UpdateDestination: updateDestinationShape,
  PutRecord: putRecordShape,
  PutRecordBatch: putRecordBatchShape,
  TagDeliveryStream: tagDeliveryStreamShape,
  UntagDeliveryStream: untagDeliveryStreamShape,
  ListTagsForDeliveryStream: listTagsForDeliveryStreamShape,
} as const satisfies Record<string, Members>;

export type FirehoseOperation = keyof typeof firehoseShapes;
export const FIREHOSE_TARGET_PREFIX = 'Firehose_20150804';
export const isFirehoseOperation = (op: string): op is FirehoseOperation => Object.prototype.hasOwnProperty.call(firehoseShapes, op);
