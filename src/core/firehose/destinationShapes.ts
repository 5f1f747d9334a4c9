/**
 * Validation shapes shared by the Firehose destinations: ARNs, buffering, compression,
 * encryption, logging, processing, and the S3 / extended S3 destination members (the S3 ones are
 * also every other destination's backup configuration). Constraints are botocore's (`firehose`
 * 2015-08-04); the operation tables are in shapes.ts.
 */
import type { Members, Shape } from '../kinesis/validation/shape.js';

/** An IAM role ARN, required (spread with `required: false` where optional). */
export const roleArn: Shape = { type: 'string', required: true, min: 1, max: 512, pattern: 'arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+' };
const bucketArn: Shape = { type: 'string', required: true, min: 1, max: 2048, pattern: 'arn:.*:s3:::[\\w\\.\\-]{1,255}' };
const prefix: Shape = { type: 'string', min: 0, max: 1024, pattern: '.*' };
/** A boolean member. */
export const bool: Shape = { type: 'boolean' };

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
/** CloudWatchLoggingOptions of every destination. */
export const cloudWatchLoggingOptions: Shape = {
  type: 'structure',
  members: { Enabled: bool, LogGroupName: { type: 'string', min: 0, max: 512 }, LogStreamName: { type: 'string', min: 0, max: 512 } },
};
/** ProcessingConfiguration (Lambda and the built-in processors) of every destination. */
export const processingConfiguration: Shape = {
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
/** S3DestinationConfiguration (also a destination's S3Configuration / backup). */
export const s3Destination: Shape = { type: 'structure', members: s3Members(true) };
/** S3DestinationUpdate (also a destination's S3Update). */
export const s3Update: Shape = { type: 'structure', members: s3Members(false) };

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

/** ExtendedS3DestinationConfiguration (`required`) / …Update members. */
export const extendedS3Members = (required: boolean): Members => ({
  ...s3Members(required),
  ProcessingConfiguration: processingConfiguration,
  S3BackupMode: { type: 'string', enum: ['Disabled', 'Enabled'] },
  S3BackupConfiguration: required ? s3Destination : s3Update,
  DynamicPartitioningConfiguration: dynamicPartitioning,
  FileExtension: { type: 'string', min: 0, max: 128, pattern: '^$|\\.[0-9a-z!\\-_.*\'()]+' },
  CustomTimeZone: { type: 'string', min: 0, max: 50 },
  DataFormatConversionConfiguration: dataFormatConversion,
});
