/**
 * The create form's destination part, as plain data: the choices (Amazon S3, an HTTP endpoint,
 * Splunk, and the partners Datadog, New Relic and MongoDB — which are HTTP endpoints with their
 * intake URL), what choosing one prefills, AWS's ranges for each, and the destination
 * configuration CreateDeliveryStream gets. Pure, so it is tested without a browser.
 */
import type { AmazonopensearchserviceDestinationConfiguration, ExtendedS3DestinationConfiguration, HttpEndpointDestinationConfiguration, ProcessorParameter, RedshiftDestinationConfiguration, S3DestinationConfiguration, SplunkDestinationConfiguration } from '@aws-sdk/client-firehose';
import { DEMO_KEYS, PARTNER_URLS } from '../../core/firehose/receivers';

export type DestinationChoice = 'S3' | 'Redshift' | 'HttpEndpoint' | 'Splunk' | 'Datadog' | 'NewRelic' | 'MongoDB' | 'OpenSearch';

export interface DestinationInfo {
  readonly label: string;
  /** AWS's buffering ranges for it (spec §3). */
  readonly size: { readonly min: number; readonly max: number };
  readonly interval: { readonly min: number; readonly max: number };
  /** What the key field is called there. */
  readonly keyLabel?: string;
}

export const DESTINATIONS: Readonly<Record<DestinationChoice, DestinationInfo>> = {
  S3: { label: 'Amazon S3', size: { min: 1, max: 128 }, interval: { min: 0, max: 900 } },
  Redshift: { label: 'Amazon Redshift', size: { min: 1, max: 128 }, interval: { min: 0, max: 900 } },
  HttpEndpoint: { label: 'HTTP endpoint', size: { min: 1, max: 64 }, interval: { min: 0, max: 900 }, keyLabel: 'Access key (optional)' },
  Splunk: { label: 'Splunk', size: { min: 1, max: 5 }, interval: { min: 0, max: 60 }, keyLabel: 'HEC token' },
  Datadog: { label: 'Datadog', size: { min: 1, max: 64 }, interval: { min: 0, max: 900 }, keyLabel: 'Datadog API key' },
  NewRelic: { label: 'New Relic', size: { min: 1, max: 64 }, interval: { min: 0, max: 900 }, keyLabel: 'New Relic license key' },
  MongoDB: { label: 'MongoDB Atlas', size: { min: 1, max: 64 }, interval: { min: 0, max: 900 }, keyLabel: 'API key' },
  OpenSearch: { label: 'Amazon OpenSearch Service', size: { min: 1, max: 100 }, interval: { min: 0, max: 900 } },
};

export const ROTATIONS = [
  { id: 'NoRotation', label: 'no rotation (myindex)' },
  { id: 'OneHour', label: 'every hour (myindex-2016-02-25-13)' },
  { id: 'OneDay', label: 'every day (myindex-2016-02-25)' },
  { id: 'OneWeek', label: 'every week (myindex-2016-w08)' },
  { id: 'OneMonth', label: 'every month (myindex-2016-02)' },
] as const;
export type RotationChoice = (typeof ROTATIONS)[number]['id'];

/** Shardlab's own simulated test endpoint (`.test` never resolves: no network involved). */
export const TEST_ENDPOINT_URL = 'https://receiver.shardlab.test/firehose';
/** The simulated Splunk HEC the form suggests (every HEC is simulated). */
export const SPLUNK_URL = 'https://splunk.shardlab.test:8088';

export interface DestinationFields {
  destination: DestinationChoice;
  /** The endpoint URL (partners: their intake URL; Splunk: the HEC endpoint). */
  url: string;
  endpointName: string;
  /** Access key / API key / license key / HEC token. */
  accessKey: string;
  contentEncoding: 'NONE' | 'GZIP';
  /** `key=value` pairs, comma-separated (RequestConfiguration.CommonAttributes). */
  commonAttributes: string;
  retrySeconds: number;
  /** S3BackupMode AllData / AllEvents (else failed data only). */
  backupAll: boolean;
  hecEndpointType: 'Raw' | 'Event';
  ackTimeoutSeconds: number;
  /** OpenSearch: the domain (made on demand in the simulation), the index and its rotation, who makes document ids. */
  domainName: string;
  indexName: string;
  rotation: RotationChoice;
  documentIds: 'FIREHOSE_DEFAULT' | 'NO_DOCUMENT_ID';
  /** Redshift: the cluster (made when the stream is created, if missing), the login, the table and COPY's column list and options. */
  clusterId: string;
  dbUser: string;
  dbPassword: string;
  table: string;
  tableColumns: string;
  copyOptions: string;
}

export const DEFAULT_DESTINATION: DestinationFields = {
  destination: 'S3', url: '', endpointName: '', accessKey: '', contentEncoding: 'NONE', commonAttributes: '',
  retrySeconds: 300, backupAll: false, hecEndpointType: 'Raw', ackTimeoutSeconds: 180,
  domainName: 'classroom', indexName: 'quotes', rotation: 'OneDay', documentIds: 'FIREHOSE_DEFAULT',
  clusterId: 'warehouse', dbUser: 'awsuser', dbPassword: 'Classroom1', table: 'quotes', tableColumns: '', copyOptions: "JSON 'auto' TIMEFORMAT 'auto'",
};

/** The JDBC URL of a simulated cluster (the lab asks the host, which knows its endpoint). */
export type JdbcUrlOf = (clusterId: string) => string;

/** What choosing a destination prefills (the partners' URL and a key their simulated receiver accepts). */
export function chooseDestination<F extends DestinationFields & { intervalSeconds: number; sizeMiB: number }>(f: F, d: DestinationChoice): F {
  const base = { ...f, destination: d, contentEncoding: 'NONE' as const, commonAttributes: '' };
  const fit = { sizeMiB: clamp(f.sizeMiB, DESTINATIONS[d].size), intervalSeconds: clamp(f.intervalSeconds, DESTINATIONS[d].interval) };
  switch (d) {
    case 'S3': return { ...base, ...fit, url: '', accessKey: '', endpointName: '' };
    case 'HttpEndpoint': return { ...base, ...fit, url: TEST_ENDPOINT_URL, accessKey: '', endpointName: 'My endpoint' };
    case 'Splunk': return { ...base, ...fit, url: SPLUNK_URL, accessKey: DEMO_KEYS.splunk, endpointName: '' };
    case 'Datadog': return { ...base, ...fit, url: PARTNER_URLS.datadog[0].url, accessKey: DEMO_KEYS.datadog, endpointName: 'Datadog', contentEncoding: 'GZIP', commonAttributes: 'env=classroom' };
    case 'NewRelic': return { ...base, ...fit, url: PARTNER_URLS.newrelic[0].url, accessKey: DEMO_KEYS.newrelic, endpointName: 'New Relic', contentEncoding: 'GZIP', commonAttributes: 'logtype=firehose' };
    case 'MongoDB': return { ...base, ...fit, url: PARTNER_URLS.mongodb[0].url, accessKey: DEMO_KEYS.mongodb, endpointName: 'MongoDB Cloud' };
    case 'OpenSearch': return { ...base, ...fit, url: '', accessKey: '', endpointName: '' };
    // AWS's default retry duration for Redshift is an hour (spec §6).
    case 'Redshift': return { ...base, ...fit, url: '', accessKey: '', endpointName: '', retrySeconds: 3600 };
  }
}

const clamp = (v: number, r: { min: number; max: number }): number => Math.min(r.max, Math.max(r.min, v));

/** `env=prod, team = data` → CommonAttributes; `undefined` if a pair has no name. */
export function parseAttributes(text: string): { AttributeName: string; AttributeValue: string }[] | undefined {
  const out: { AttributeName: string; AttributeValue: string }[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    const name = (i < 0 ? part : part.slice(0, i)).trim();
    if (!name) return undefined;
    out.push({ AttributeName: name, AttributeValue: i < 0 ? '' : part.slice(i + 1).trim() });
  }
  return out;
}

/** What is wrong with the destination part, in a sentence (AWS's ranges), or `undefined`. */
export function destinationProblem(f: DestinationFields & { sizeMiB: number; intervalSeconds: number }): string | undefined {
  const info = DESTINATIONS[f.destination];
  if (!(Number.isInteger(f.sizeMiB) && f.sizeMiB >= info.size.min && f.sizeMiB <= info.size.max)) return `Buffer size for ${info.label}: ${info.size.min} to ${info.size.max} MiB.`;
  if (!(Number.isInteger(f.intervalSeconds) && f.intervalSeconds >= info.interval.min && f.intervalSeconds <= info.interval.max)) return `Buffer interval for ${info.label}: ${info.interval.min} to ${info.interval.max} seconds.`;
  if (f.destination === 'S3') return undefined;
  if (f.destination === 'Redshift') {
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(f.clusterId) || f.clusterId.includes('--') || f.clusterId.endsWith('-')) return 'Cluster: lowercase letters, digits and hyphens, starting with a letter.';
    if (!/^[a-z_][a-z0-9_$]*$/i.test(f.dbUser)) return 'User name: letters, digits, _ or $, starting with a letter.';
    if (!/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[^'"\\/@ ]{8,64}$/.test(f.dbPassword)) return 'Password: 8–64 characters with an upper-case letter, a lower-case letter and a digit.';
    if (!f.table.trim()) return 'Table: the table COPY loads into.';
    if (!(Number.isInteger(f.retrySeconds) && f.retrySeconds >= 0 && f.retrySeconds <= 7200)) return 'Retry duration: 0 to 7200 seconds.';
    return undefined;
  }
  if (f.destination === 'OpenSearch') {
    if (!/^[a-z][a-z0-9-]{2,27}$/.test(f.domainName)) return 'Domain name: 3–28 lowercase letters, digits and hyphens, starting with a letter.';
    // OpenSearch's index name rules (the domain refuses others at delivery time).
    if (!/^[a-z0-9][^A-Z\\/*?"<>| ,#:]{0,79}$/.test(f.indexName)) return 'Index name: up to 80 characters, lowercase, no spaces or \\ / * ? " < > | , # :';
    if (!(Number.isInteger(f.retrySeconds) && f.retrySeconds >= 0 && f.retrySeconds <= 7200)) return 'Retry duration: 0 to 7200 seconds.';
    return undefined;
  }
  if (f.destination !== 'Splunk' && !/^(https:\/\/.+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?([/?#].*)?)$/i.test(f.url)) {
    return 'URL: https://… (or http://localhost / 127.0.0.1 for a receiver on this machine).';
  }
  if (f.destination === 'Splunk' && !/^https?:\/\/.+/i.test(f.url)) return 'HEC endpoint: a URL like https://splunk.example.com:8088.';
  if (f.destination === 'Splunk' && !f.accessKey) return 'HEC token: required.';
  if (!(Number.isInteger(f.retrySeconds) && f.retrySeconds >= 0 && f.retrySeconds <= 7200)) return 'Retry duration: 0 to 7200 seconds.';
  if (f.destination === 'Splunk' && !(Number.isInteger(f.ackTimeoutSeconds) && f.ackTimeoutSeconds >= 180 && f.ackTimeoutSeconds <= 600)) return 'Acknowledgment timeout: 180 to 600 seconds.';
  if (!parseAttributes(f.commonAttributes)) return 'Common attributes: name=value, separated by commas.';
  return undefined;
}

export interface S3Part {
  readonly bucketArn: string;
  readonly roleArn: string;
  readonly prefix: string;
  readonly errorPrefix: string;
  readonly compression: S3DestinationConfiguration['CompressionFormat'];
  readonly processors: NonNullable<ExtendedS3DestinationConfiguration['ProcessingConfiguration']>['Processors'];
  /** For the OpenSearch domain's ARN (default us-east-1 / 123456789012). */
  readonly region?: string;
  readonly accountId?: string;
  /** Redshift: the cluster's JDBC URL. */
  readonly jdbcUrl?: string;
  /** S3: convert records to Apache Parquet with this Glue table's schema. */
  readonly parquet?: { readonly database: string; readonly table: string };
}

export type DestinationRequest =
  | { readonly ExtendedS3DestinationConfiguration: ExtendedS3DestinationConfiguration }
  | { readonly HttpEndpointDestinationConfiguration: HttpEndpointDestinationConfiguration }
  | { readonly SplunkDestinationConfiguration: SplunkDestinationConfiguration }
  | { readonly AmazonopensearchserviceDestinationConfiguration: AmazonopensearchserviceDestinationConfiguration }
  | { readonly RedshiftDestinationConfiguration: RedshiftDestinationConfiguration };

/** The destination member of CreateDeliveryStream for the form. */
export function destinationRequest(f: DestinationFields & { sizeMiB: number; intervalSeconds: number }, s3: S3Part): DestinationRequest {
  const hints = { SizeInMBs: f.sizeMiB, IntervalInSeconds: f.intervalSeconds };
  const processing = s3.processors && s3.processors.length ? { ProcessingConfiguration: { Enabled: true, Processors: s3.processors } } : {};
  const prefixes = { ...(s3.prefix ? { Prefix: s3.prefix } : {}), ...(s3.errorPrefix ? { ErrorOutputPrefix: s3.errorPrefix } : {}) };
  if (f.destination === 'S3') {
    const conversion = s3.parquet ? {
      DataFormatConversionConfiguration: {
        Enabled: true,
        SchemaConfiguration: { RoleARN: s3.roleArn, DatabaseName: s3.parquet.database, TableName: s3.parquet.table },
        InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
        OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' as const } } },
      },
    } : {};
    return { ExtendedS3DestinationConfiguration: { RoleARN: s3.roleArn, BucketARN: s3.bucketArn, ...prefixes, BufferingHints: hints, CompressionFormat: s3.parquet ? 'UNCOMPRESSED' : s3.compression, ...processing, ...conversion } };
  }
  // The backup bucket buffers with S3's defaults; failed data lands under the error prefix.
  const backup: S3DestinationConfiguration = { RoleARN: s3.roleArn, BucketARN: s3.bucketArn, ...prefixes };
  if (f.destination === 'Redshift') {
    // The intermediate bucket: data objects under the prefix, then COPY. No error prefix (Redshift refuses one).
    return {
      RedshiftDestinationConfiguration: {
        RoleARN: s3.roleArn, ClusterJDBCURL: s3.jdbcUrl ?? '', Username: f.dbUser, Password: f.dbPassword,
        CopyCommand: { DataTableName: f.table.trim(), ...(f.tableColumns.trim() ? { DataTableColumns: f.tableColumns.trim() } : {}), ...(f.copyOptions.trim() ? { CopyOptions: f.copyOptions.trim() } : {}) },
        RetryOptions: { DurationInSeconds: f.retrySeconds },
        S3Configuration: { RoleARN: s3.roleArn, BucketARN: s3.bucketArn, ...(s3.prefix ? { Prefix: s3.prefix } : {}), BufferingHints: hints, CompressionFormat: s3.compression === 'GZIP' ? 'GZIP' : 'UNCOMPRESSED' },
        ...processing,
      },
    };
  }
  if (f.destination === 'OpenSearch') {
    return {
      AmazonopensearchserviceDestinationConfiguration: {
        RoleARN: s3.roleArn, DomainARN: `arn:aws:es:${s3.region ?? 'us-east-1'}:${s3.accountId ?? '123456789012'}:domain/${f.domainName}`,
        IndexName: f.indexName, IndexRotationPeriod: f.rotation, BufferingHints: hints, RetryOptions: { DurationInSeconds: f.retrySeconds },
        S3BackupMode: f.backupAll ? 'AllDocuments' : 'FailedDocumentsOnly', DocumentIdOptions: { DefaultDocumentIdFormat: f.documentIds }, S3Configuration: backup, ...processing,
      },
    };
  }
  if (f.destination === 'Splunk') {
    return {
      SplunkDestinationConfiguration: {
        HECEndpoint: f.url, HECEndpointType: f.hecEndpointType, HECToken: f.accessKey, HECAcknowledgmentTimeoutInSeconds: f.ackTimeoutSeconds,
        RetryOptions: { DurationInSeconds: f.retrySeconds }, S3BackupMode: f.backupAll ? 'AllEvents' : 'FailedEventsOnly', BufferingHints: hints, S3Configuration: backup, ...processing,
      },
    };
  }
  const attrs = parseAttributes(f.commonAttributes) ?? [];
  return {
    HttpEndpointDestinationConfiguration: {
      EndpointConfiguration: { Url: f.url, ...(f.endpointName ? { Name: f.endpointName } : {}), ...(f.accessKey ? { AccessKey: f.accessKey } : {}) },
      RequestConfiguration: { ContentEncoding: f.contentEncoding, ...(attrs.length ? { CommonAttributes: attrs } : {}) },
      BufferingHints: hints, RetryOptions: { DurationInSeconds: f.retrySeconds }, S3BackupMode: f.backupAll ? 'AllData' : 'FailedDataOnly', S3Configuration: backup, RoleARN: s3.roleArn, ...processing,
    },
  };
}

/** A Lambda processor parameter (typed for the SDK). */
export const parameter = (name: ProcessorParameter['ParameterName'], value: string): ProcessorParameter => ({ ParameterName: name, ParameterValue: value });
