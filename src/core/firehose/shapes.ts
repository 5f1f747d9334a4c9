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

const NAME = '[a-zA-Z0-9._-]+';
export const deliveryStreamName: Shape = { type: 'string', required: true, min: 1, max: 64, pattern: NAME };
const optionalName: Shape = { type: 'string', min: 1, max: 64, pattern: NAME };
const roleArn: Shape = { type: 'string', required: true, min: 1, max: 512, pattern: 'arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+' };
const bucketArn: Shape = { type: 'string', required: true, min: 1, max: 2048, pattern: 'arn:.*:s3:::[\\w\\.\\-]{1,255}' };
const prefix: Shape = { type: 'string', min: 0, max: 1024, pattern: '.*' };
const bool: Shape = { type: 'boolean' };

const bufferingHints: Shape = {
  type: 'structure',
  members: { SizeInMBs: { type: 'integer', min: 1, max: 128 }, IntervalInSeconds: { type: 'integer', min: 0, max: 900 } },
};
const compressionFormat: Shape = { type: 'string', enum: ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] };
const encryptionConfiguration: Shape = {
  type: 'structure',
  members: {
    NoEncryptionConfig: { type: 'string', enum: ['NoEncryption'] },
    KMSEncryptionConfig: { type: 'structure', members: { AWSKMSKeyARN: { type: 'string', required: true, min: 1, max: 512, pattern: 'arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+' } } },
  },
};
const cloudWatchLoggingOptions: Shape = {
  type: 'structure',
  members: { Enabled: bool, LogGroupName: { type: 'string', min: 0, max: 512 }, LogStreamName: { type: 'string', min: 0, max: 512 } },
};
const processingConfiguration: Shape = {
  type: 'structure',
  members: {
    Enabled: bool,
    Processors: {
      type: 'list',
      member: {
        type: 'structure',
        members: {
          Type: { type: 'string', required: true, enum: ['RecordDeAggregation', 'Decompression', 'CloudWatchLogProcessing', 'Lambda', 'MetadataExtraction', 'AppendDelimiterToRecord'] },
          Parameters: {
            type: 'list',
            member: {
              type: 'structure',
              members: {
                ParameterName: { type: 'string', required: true, enum: ['LambdaArn', 'NumberOfRetries', 'MetadataExtractionQuery', 'JsonParsingEngine', 'RoleArn', 'BufferSizeInMBs', 'BufferIntervalInSeconds', 'SubRecordType', 'Delimiter', 'CompressionFormat', 'DataMessageExtraction'] },
                ParameterValue: { type: 'string', required: true, min: 1, max: 5120, pattern: '^(?!\\s*$).+' },
              },
            },
          },
        },
      },
    },
  },
};
const dynamicPartitioning: Shape = {
  type: 'structure',
  members: { Enabled: bool, RetryOptions: { type: 'structure', members: { DurationInSeconds: { type: 'integer', min: 0, max: 7200 } } } },
};

/** The plain (deprecated) S3 destination, also the backup configuration of the others. */
const s3Members = (required: boolean): Members => ({
  RoleARN: required ? roleArn : { ...roleArn, required: false },
  BucketARN: required ? bucketArn : { ...bucketArn, required: false },
  Prefix: prefix,
  ErrorOutputPrefix: prefix,
  BufferingHints: bufferingHints,
  CompressionFormat: compressionFormat,
  EncryptionConfiguration: encryptionConfiguration,
  CloudWatchLoggingOptions: cloudWatchLoggingOptions,
});
const s3Destination: Shape = { type: 'structure', members: s3Members(true) };
const s3Update: Shape = { type: 'structure', members: s3Members(false) };

const catalogString: Shape = { type: 'string', min: 1, max: 1024, pattern: '^\\S+$' };
/** Record format conversion (JSON → Parquet/ORC; botocore's constraints). */
const dataFormatConversion: Shape = {
  type: 'structure',
  members: {
    Enabled: bool,
    SchemaConfiguration: {
      type: 'structure',
      members: { RoleARN: { ...roleArn, required: false }, CatalogId: catalogString, DatabaseName: catalogString, TableName: catalogString, Region: catalogString, VersionId: catalogString },
    },
    InputFormatConfiguration: {
      type: 'structure',
      members: {
        Deserializer: {
          type: 'structure',
          members: {
            OpenXJsonSerDe: {
              type: 'structure',
              members: { ConvertDotsInJsonKeysToUnderscores: bool, CaseInsensitive: bool, ColumnToJsonKeyMappings: { type: 'map', key: { type: 'string', min: 1, max: 1024, pattern: '^\\S+$' }, value: { type: 'string', pattern: '.*' } } },
            },
            HiveJsonSerDe: { type: 'structure', members: { TimestampFormats: { type: 'list', member: { type: 'string', pattern: '^(?!\\s*$).+' } } } },
          },
        },
      },
    },
    OutputFormatConfiguration: {
      type: 'structure',
      members: {
        Serializer: {
          type: 'structure',
          members: {
            ParquetSerDe: {
              type: 'structure',
              members: {
                BlockSizeBytes: { type: 'integer', min: 67108864 }, PageSizeBytes: { type: 'integer', min: 65536 }, Compression: { type: 'string', enum: ['UNCOMPRESSED', 'GZIP', 'SNAPPY'] },
                EnableDictionaryCompression: bool, MaxPaddingBytes: { type: 'integer', min: 0 }, WriterVersion: { type: 'string', enum: ['V1', 'V2'] },
              },
            },
            OrcSerDe: {
              type: 'structure',
              members: {
                StripeSizeBytes: { type: 'integer', min: 8388608 }, BlockSizeBytes: { type: 'integer', min: 67108864 }, RowIndexStride: { type: 'integer', min: 1000 },
                EnablePadding: bool, PaddingTolerance: { type: 'double' }, Compression: { type: 'string', enum: ['NONE', 'ZLIB', 'SNAPPY'] },
                BloomFilterColumns: { type: 'list', member: { type: 'string', pattern: '^\\S+$' } }, BloomFilterFalsePositiveProbability: { type: 'double' },
                DictionaryKeyThreshold: { type: 'double' }, FormatVersion: { type: 'string', enum: ['V0_11', 'V0_12'] },
              },
            },
          },
        },
      },
    },
  },
};

const extendedS3Members = (required: boolean): Members => ({
  ...s3Members(required),
  ProcessingConfiguration: processingConfiguration,
  S3BackupMode: { type: 'string', enum: ['Disabled', 'Enabled'] },
  S3BackupConfiguration: required ? s3Destination : s3Update,
  DynamicPartitioningConfiguration: dynamicPartitioning,
  FileExtension: { type: 'string', min: 0, max: 128, pattern: '^$|\\.[0-9a-z!\\-_.*\'()]+' },
  CustomTimeZone: { type: 'string', min: 0, max: 50 },
  DataFormatConversionConfiguration: dataFormatConversion,
});

const retryOptions: Shape = { type: 'structure', members: { DurationInSeconds: { type: 'integer', min: 0, max: 7200 } } };
const secretsManagerConfiguration: Shape = {
  type: 'structure',
  members: {
    SecretARN: { type: 'string', min: 1, max: 2048, pattern: 'arn:.*:secretsmanager:[a-zA-Z0-9\\-]+:\\d{12}:secret:[a-zA-Z0-9\\-/_+=.@]+' },
    RoleARN: { ...roleArn, required: false },
    Enabled: { type: 'boolean', required: true },
  },
};
const notBlank = '^(?!\\s*$).+';

/**
 * HttpEndpointDestinationConfiguration / …Update. `Url` has no pattern here: AWS's is
 * `https://.*`, checked (with Shardlab's loopback exception) in endpointConfig.ts.
 */
const httpEndpointMembers = (create: boolean): Members => ({
  EndpointConfiguration: {
    type: 'structure',
    required: create,
    members: {
      Url: { type: 'string', required: true, min: 1, max: 1000 },
      Name: { type: 'string', min: 1, max: 256, pattern: notBlank },
      AccessKey: { type: 'string', min: 0, max: 4096, pattern: '.*' },
    },
  },
  BufferingHints: { type: 'structure', members: { SizeInMBs: { type: 'integer', min: 1, max: 64 }, IntervalInSeconds: { type: 'integer', min: 0, max: 900 } } },
  CloudWatchLoggingOptions: cloudWatchLoggingOptions,
  RequestConfiguration: {
    type: 'structure',
    members: {
      ContentEncoding: { type: 'string', enum: ['NONE', 'GZIP'] },
      CommonAttributes: {
        type: 'list', min: 0, max: 50,
        member: {
          type: 'structure',
          members: {
            AttributeName: { type: 'string', required: true, min: 1, max: 256, pattern: notBlank },
            AttributeValue: { type: 'string', required: true, min: 0, max: 1024, pattern: '.*' },
          },
        },
      },
    },
  },
  ProcessingConfiguration: processingConfiguration,
  RoleARN: { ...roleArn, required: false },
  RetryOptions: retryOptions,
  S3BackupMode: { type: 'string', enum: ['FailedDataOnly', 'AllData'] },
  ...(create ? { S3Configuration: { ...s3Destination, required: true } } : { S3Update: s3Update }),
  SecretsManagerConfiguration: secretsManagerConfiguration,
});

/** SplunkDestinationConfiguration / …Update. */
const splunkMembers = (create: boolean): Members => ({
  HECEndpoint: { type: 'string', required: create, min: 0, max: 2048, pattern: '.*' },
  HECEndpointType: { type: 'string', required: create, enum: ['Raw', 'Event'] },
  HECToken: { type: 'string', min: 0, max: 2048, pattern: '.*' },
  HECAcknowledgmentTimeoutInSeconds: { type: 'integer', min: 180, max: 600 },
  RetryOptions: retryOptions,
  S3BackupMode: { type: 'string', enum: ['FailedEventsOnly', 'AllEvents'] },
  ...(create ? { S3Configuration: { ...s3Destination, required: true } } : { S3Update: s3Update }),
  ProcessingConfiguration: processingConfiguration,
  CloudWatchLoggingOptions: cloudWatchLoggingOptions,
  BufferingHints: { type: 'structure', members: { IntervalInSeconds: { type: 'integer', min: 0, max: 60 }, SizeInMBs: { type: 'integer', min: 1, max: 5 } } },
  SecretsManagerConfiguration: secretsManagerConfiguration,
});

/** AmazonopensearchserviceDestinationConfiguration / …Update (botocore's constraints). */
const openSearchMembers = (create: boolean): Members => ({
  RoleARN: { ...roleArn, required: create },
  DomainARN: { type: 'string', min: 1, max: 512, pattern: 'arn:.*:es:[a-zA-Z0-9\\-]+:\\d{12}:domain/[a-z][-0-9a-z]{2,27}' },
  ClusterEndpoint: { type: 'string', min: 1, max: 512, pattern: 'https:.*' },
  IndexName: { type: 'string', required: create, min: 1, max: 80, pattern: '.*' },
  TypeName: { type: 'string', min: 0, max: 100, pattern: '.*' },
  IndexRotationPeriod: { type: 'string', enum: ['NoRotation', 'OneHour', 'OneDay', 'OneWeek', 'OneMonth'] },
  BufferingHints: { type: 'structure', members: { IntervalInSeconds: { type: 'integer', min: 0, max: 900 }, SizeInMBs: { type: 'integer', min: 1, max: 100 } } },
  RetryOptions: retryOptions,
  ...(create ? { S3BackupMode: { type: 'string', enum: ['FailedDocumentsOnly', 'AllDocuments'] }, S3Configuration: { ...s3Destination, required: true } } : { S3Update: s3Update }),
  ProcessingConfiguration: processingConfiguration,
  CloudWatchLoggingOptions: cloudWatchLoggingOptions,
  VpcConfiguration: { type: 'structure', members: {} },
  DocumentIdOptions: { type: 'structure', members: { DefaultDocumentIdFormat: { type: 'string', required: true, enum: ['FIREHOSE_DEFAULT', 'NO_DOCUMENT_ID'] } } },
});

/** RedshiftDestinationConfiguration / …Update (botocore's constraints). */
const redshiftMembers = (create: boolean): Members => ({
  RoleARN: { ...roleArn, required: create },
  ClusterJDBCURL: {
    type: 'string', required: create, min: 1, max: 512,
    pattern: 'jdbc:(redshift|postgresql)://((?!-)[A-Za-z0-9-]{1,63}(?<!-)\\.)+redshift(-serverless)?\\.([a-zA-Z0-9\\.]+):\\d{1,5}/[a-zA-Z0-9_$]+',
  },
  CopyCommand: {
    type: 'structure', required: create,
    members: { DataTableName: { type: 'string', required: true, min: 1, pattern: '.*' }, DataTableColumns: { type: 'string', pattern: '.*' }, CopyOptions: { type: 'string', pattern: '.*' } },
  },
  Username: { type: 'string', min: 1, max: 512, pattern: '.*' },
  Password: { type: 'string', min: 6, max: 512, pattern: '.*' },
  RetryOptions: retryOptions,
  ...(create ? { S3Configuration: { ...s3Destination, required: true }, S3BackupConfiguration: s3Destination } : { S3Update: s3Update, S3BackupUpdate: s3Update }),
  ProcessingConfiguration: processingConfiguration,
  S3BackupMode: { type: 'string', enum: ['Disabled', 'Enabled'] },
  CloudWatchLoggingOptions: cloudWatchLoggingOptions,
  SecretsManagerConfiguration: secretsManagerConfiguration,
});

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
