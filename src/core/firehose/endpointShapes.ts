/**
 * Validation members of the endpoint destinations — HTTP endpoint, Splunk, OpenSearch Service and
 * Redshift — for both CreateDeliveryStream (`create`) and UpdateDestination (botocore's
 * constraints). The shared pieces are in destinationShapes.ts.
 */
import type { Members, Shape } from '../kinesis/validation/shape.js';
import { cloudWatchLoggingOptions, processingConfiguration, roleArn, s3Destination, s3Update } from './destinationShapes.js';

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
export const httpEndpointMembers = (create: boolean): Members => ({
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
export const splunkMembers = (create: boolean): Members => ({
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
export const openSearchMembers = (create: boolean): Members => ({
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
export const redshiftMembers = (create: boolean): Members => ({
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
