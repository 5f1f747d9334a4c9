/**
 * A delivery stream's state, and how DescribeDeliveryStream shows it. Configuration is kept as
 * the caller gave it (validated), with AWS's defaults filled in where AWS reports them, so
 * Describe echoes what AWS would; the delivery pipeline reads the resolved values next to it.
 */
import type { Account } from '../kinesis/model/arn.js';
import { describeEndpoint } from './endpointConfig.js';
import { describeRedshift } from './redshiftConfig.js';

export type DeliveryStreamType = 'DirectPut' | 'KinesisStreamAsSource';
export type DeliveryStreamStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

/** `ExtendedS3DestinationConfiguration` members, as validated (wire names). */
export type S3Config = Record<string, unknown> & {
  RoleARN: string;
  BucketARN: string;
  Prefix?: string;
  ErrorOutputPrefix?: string;
  BufferingHints: { SizeInMBs: number; IntervalInSeconds: number };
  CompressionFormat: 'UNCOMPRESSED' | 'GZIP' | 'ZIP' | 'Snappy' | 'HADOOP_SNAPPY';
  EncryptionConfiguration: Record<string, unknown>;
  CloudWatchLoggingOptions: { Enabled: boolean; LogGroupName?: string; LogStreamName?: string };
  ProcessingConfiguration?: { Enabled?: boolean; Processors?: { Type: string; Parameters?: { ParameterName: string; ParameterValue: string }[] }[] };
  S3BackupMode: 'Disabled' | 'Enabled';
  S3BackupConfiguration?: Record<string, unknown>;
  DynamicPartitioningConfiguration?: { Enabled?: boolean; RetryOptions?: { DurationInSeconds?: number } };
  FileExtension?: string;
  CustomTimeZone?: string;
};

/** `HttpEndpointDestinationConfiguration` as validated, AWS's defaults filled in (wire names). */
export interface HttpEndpointConfig {
  EndpointConfiguration: { Url: string; Name?: string; AccessKey?: string };
  BufferingHints: { SizeInMBs: number; IntervalInSeconds: number };
  CloudWatchLoggingOptions: { Enabled: boolean; LogGroupName?: string; LogStreamName?: string };
  RequestConfiguration: { ContentEncoding: 'NONE' | 'GZIP'; CommonAttributes?: { AttributeName: string; AttributeValue: string }[] };
  ProcessingConfiguration?: S3Config['ProcessingConfiguration'];
  RoleARN?: string;
  RetryOptions: { DurationInSeconds: number };
  S3BackupMode: 'FailedDataOnly' | 'AllData';
}

/** `SplunkDestinationConfiguration` as validated, AWS's defaults filled in (wire names). */
export interface SplunkConfig {
  HECEndpoint: string;
  HECEndpointType: 'Raw' | 'Event';
  HECToken: string;
  HECAcknowledgmentTimeoutInSeconds: number;
  RetryOptions: { DurationInSeconds: number };
  S3BackupMode: 'FailedEventsOnly' | 'AllEvents';
  BufferingHints: { SizeInMBs: number; IntervalInSeconds: number };
  ProcessingConfiguration?: S3Config['ProcessingConfiguration'];
  CloudWatchLoggingOptions: { Enabled: boolean; LogGroupName?: string; LogStreamName?: string };
}

/** `AmazonopensearchserviceDestinationConfiguration` as validated, AWS's defaults filled in (wire names). */
export interface OpenSearchConfig {
  RoleARN: string;
  DomainARN?: string;
  ClusterEndpoint?: string;
  IndexName: string;
  TypeName?: string;
  IndexRotationPeriod: 'NoRotation' | 'OneHour' | 'OneDay' | 'OneWeek' | 'OneMonth';
  BufferingHints: { SizeInMBs: number; IntervalInSeconds: number };
  RetryOptions: { DurationInSeconds: number };
  S3BackupMode: 'FailedDocumentsOnly' | 'AllDocuments';
  ProcessingConfiguration?: S3Config['ProcessingConfiguration'];
  CloudWatchLoggingOptions: { Enabled: boolean; LogGroupName?: string; LogStreamName?: string };
  DocumentIdOptions: { DefaultDocumentIdFormat: 'FIREHOSE_DEFAULT' | 'NO_DOCUMENT_ID' };
}

/** A destination that is not S3: where batches go over HTTP. Its S3 bucket (backup) is `DeliveryStreamState.destination`. */
export type EndpointDestination =
  | { readonly kind: 'HttpEndpoint'; config: HttpEndpointConfig }
  | { readonly kind: 'Splunk'; config: SplunkConfig }
  | { readonly kind: 'OpenSearch'; config: OpenSearchConfig };

/** `RedshiftDestinationConfiguration` as validated, AWS's defaults filled in (wire names). Its `S3Configuration` is the intermediate bucket. */
export interface RedshiftConfig {
  RoleARN: string;
  ClusterJDBCURL: string;
  CopyCommand: { DataTableName: string; DataTableColumns?: string; CopyOptions?: string };
  Username: string;
  /** Kept to log in to the (simulated) cluster; never described, as on AWS. */
  Password: string;
  RetryOptions: { DurationInSeconds: number };
  ProcessingConfiguration?: S3Config['ProcessingConfiguration'];
  S3BackupMode: 'Disabled' | 'Enabled';
  /** Source-record backup bucket, checked as a plain S3 destination. */
  S3BackupConfiguration?: S3Config;
  CloudWatchLoggingOptions: { Enabled: boolean; LogGroupName?: string; LogStreamName?: string };
}

export type DestinationKind = 'S3' | EndpointDestination['kind'] | 'Redshift';

export interface KinesisSource {
  readonly KinesisStreamARN: string;
  readonly RoleARN: string;
  /** When Firehose started reading (epoch ms): LATEST from here. */
  readonly DeliveryStartTimestamp: number;
}

export interface DeliveryStreamState {
  readonly name: string;
  readonly arn: string;
  readonly type: DeliveryStreamType;
  status: DeliveryStreamStatus;
  readonly createdAt: number;
  updatedAt?: number;
  /** +1 on every UpdateDestination (the S3 object names carry it). */
  versionId: number;
  readonly source?: KinesisSource;
  readonly directPutHint?: number;
  encryption?: { KeyType: string; KeyARN?: string; Status: 'ENABLED' | 'DISABLED' };
  /**
   * The S3 destination — or, with `endpoint` set, that destination's `S3Configuration` (the
   * bucket failed data, and with AllData every batch, is backed up to), as a plain S3 config.
   */
  destination: S3Config;
  /** HTTP endpoint (partners included), Splunk or OpenSearch Service; absent for an S3 destination. */
  endpoint?: EndpointDestination;
  /**
   * Amazon Redshift: records are delivered to `destination` (the intermediate bucket) as for S3,
   * then loaded with COPY. Absent for other destinations.
   */
  redshift?: RedshiftConfig;
  readonly tags: Map<string, string>;
  /**
   * A Kinesis source's progress: per shard, the last sequence number handed to the pipeline
   * (`'done'` once the shard was read to its end). Saved with the control plane, so a reload goes
   * on from there (at least once: records read since the last save are read again).
   */
  checkpoints?: Record<string, string>;
}

export const DESTINATION_ID = 'destinationId-000000000001';

export const deliveryStreamArn = (a: Account, name: string): string => `arn:aws:firehose:${a.region}:${a.accountId}:deliverystream/${name}`;

/** The bucket name in an S3 bucket ARN (`arn:aws:s3:::name`). */
export const bucketOf = (bucketArn: string): string => bucketArn.slice(bucketArn.lastIndexOf(':') + 1);

const seconds = (ms: number): number => ms / 1000;

/** The plain S3 description (beside the extended one; also an endpoint destination's backup bucket). */
export function plainS3(d: S3Config): Record<string, unknown> {
  return {
    RoleARN: d.RoleARN,
    BucketARN: d.BucketARN,
    ...(d.Prefix !== undefined ? { Prefix: d.Prefix } : {}),
    ...(d.ErrorOutputPrefix !== undefined ? { ErrorOutputPrefix: d.ErrorOutputPrefix } : {}),
    BufferingHints: d.BufferingHints,
    CompressionFormat: d.CompressionFormat,
    EncryptionConfiguration: d.EncryptionConfiguration,
    CloudWatchLoggingOptions: d.CloudWatchLoggingOptions,
  };
}

/** `DeliveryStreamDescription` (timestamps as wire epoch seconds). */
export function describe(s: DeliveryStreamState): Record<string, unknown> {
  const d = s.destination;
  return {
    DeliveryStreamName: s.name,
    DeliveryStreamARN: s.arn,
    DeliveryStreamStatus: s.status,
    DeliveryStreamEncryptionConfiguration: s.encryption ?? { Status: 'DISABLED' },
    DeliveryStreamType: s.type,
    VersionId: String(s.versionId),
    CreateTimestamp: seconds(s.createdAt),
    ...(s.updatedAt !== undefined ? { LastUpdateTimestamp: seconds(s.updatedAt) } : {}),
    ...(s.source
      ? { Source: { KinesisStreamSourceDescription: { KinesisStreamARN: s.source.KinesisStreamARN, RoleARN: s.source.RoleARN, DeliveryStartTimestamp: seconds(s.source.DeliveryStartTimestamp) } } }
      : s.directPutHint !== undefined ? { Source: { DirectPutSourceDescription: { ThroughputHintInMBs: s.directPutHint } } } : {}),
    Destinations: [s.redshift
      ? { DestinationId: DESTINATION_ID, ...describeRedshift(s.redshift, plainS3(d)) }
      : s.endpoint
      ? { DestinationId: DESTINATION_ID, ...describeEndpoint(s.endpoint, plainS3(d)) }
      : { DestinationId: DESTINATION_ID, S3DestinationDescription: plainS3(d), ExtendedS3DestinationDescription: { ...d } }],
    HasMoreDestinations: false,
  };
}
