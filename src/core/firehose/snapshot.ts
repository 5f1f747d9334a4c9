/**
 * A read-only picture of the delivery streams for observers (the Firehose panel,
 * `window.shardlab.deliveryStreams()`): plain data, replaced — never mutated — on every look.
 * The buffer figures come from the pipeline (in the page, the last stats its worker reported).
 */
import { parseStreamArn } from '../kinesis/model/arn.js';
import type { BufferedStats } from './pipelineTypes.js';
import type { FirehoseEngine } from './engine.js';
import { bucketOf, type DeliveryStreamState, type DeliveryStreamStatus, type DeliveryStreamType, type DestinationKind, type EndpointDestination, type S3Config } from './model.js';
import { endpointUrl } from './endpointConfig.js';
import { openSearchDomainName } from './openSearchConfig.js';
import { VENDORS, vendorOf, type Vendor } from './receivers.js';
import { parseProcessingConfiguration, type ProcessingConfigurationInput } from './processingConfig.js';
import { conversionEnabled } from './formatConversionConfig.js';

export interface DeliveryStreamSnapshot {
  readonly name: string;
  readonly arn: string;
  readonly status: DeliveryStreamStatus;
  readonly type: DeliveryStreamType;
  readonly createdAt: number;
  /** The Kinesis stream read (KinesisStreamAsSource), by name. */
  readonly sourceStream?: string;
  readonly bucket: string;
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly compression: S3Config['CompressionFormat'];
  /** BufferingHints as configured. */
  readonly sizeInMBs: number;
  readonly intervalInSeconds: number;
  readonly versionId: number;
  /** The transform Lambda, when processing with one is enabled. */
  readonly lambdaArn?: string;
  /** What the buffers hold now (records, bytes, oldest arrival) against the resolved hints. */
  readonly buffered: BufferedStats;
  /** Records of batches waiting for a retry (a missing bucket, an endpoint that failed). */
  readonly retrying: number;
  /** Kinesis source: the `reader` ids its GetRecords carry in read events (the Kinesis picture names it by them). */
  readonly sourceReaders?: readonly string[];
  /** Where batches go. With an endpoint, `bucket`, `prefix`, `compression` are its S3 backup bucket's. */
  readonly destination: DestinationKind;
  /** HTTP endpoint (partners included) and Splunk destinations. */
  readonly endpoint?: EndpointSnapshot;
  /** S3: records are converted to Apache Parquet (record format conversion). */
  readonly parquet?: boolean;
  /** Amazon Redshift: where COPY loads (the bucket above is the intermediate one). */
  readonly redshift?: { readonly jdbcUrl: string; readonly table: string; readonly copyOptions: string; readonly retryDurationSeconds: number };
}

export interface EndpointSnapshot {
  /** The URL (Splunk: HECEndpoint). */
  readonly url: string;
  /** EndpointConfiguration.Name (HTTP endpoint). */
  readonly name?: string;
  /** The simulated receiver the URL reaches (Datadog, New Relic, MongoDB, Splunk, test endpoint); absent for a real endpoint. */
  readonly vendor?: Vendor;
  readonly vendorLabel?: string;
  readonly s3BackupMode: string;
  readonly retryDurationSeconds: number;
  /** HTTP endpoint: NONE | GZIP. */
  readonly contentEncoding?: string;
  /** Splunk: Raw | Event, and the acknowledgment timeout. */
  readonly hecEndpointType?: string;
  readonly hecAcknowledgmentTimeoutSeconds?: number;
  /** OpenSearch Service: the domain, the index name and its rotation, the document ids. */
  readonly openSearch?: { readonly domain: string; readonly indexName: string; readonly rotation: string; readonly documentIds: string };
}

/** Every delivery stream, by name. */
export function snapshotDeliveryStreams(engine: FirehoseEngine): DeliveryStreamSnapshot[] {
  return [...engine.streams.values()]
    .map(({ state }) => {
      const snap = snapshotDeliveryStream(state, engine.pipelineStats(state.name));
      const readers = engine.sourceReaders(state.name);
      return readers.length ? { ...snap, sourceReaders: readers } : snap;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function snapshotDeliveryStream(s: DeliveryStreamState, stats: (BufferedStats & { retrying: number }) | undefined): DeliveryStreamSnapshot {
  const d = s.destination;
  const ep = s.endpoint;
  const h = ep ? ep.config.BufferingHints : d.BufferingHints;
  const plan = parseProcessingConfiguration((ep ? ep.config.ProcessingConfiguration : d.ProcessingConfiguration) as ProcessingConfigurationInput | undefined);
  const lambdaArn = plan.ok && plan.value.enabled ? plan.value.lambda?.lambdaArn : undefined;
  const sourceStream = s.source ? parseStreamArn(s.source.KinesisStreamARN)?.name : undefined;
  const { retrying = 0, ...buffered } = stats ?? { records: 0, bytes: 0, sizeBytes: h.SizeInMBs * 1048576, intervalMs: h.IntervalInSeconds * 1000 };
  return {
    name: s.name,
    arn: s.arn,
    status: s.status,
    type: s.type,
    createdAt: s.createdAt,
    ...(sourceStream !== undefined ? { sourceStream } : {}),
    bucket: bucketOf(d.BucketARN),
    ...(d.Prefix !== undefined ? { prefix: d.Prefix } : {}),
    ...(d.ErrorOutputPrefix !== undefined ? { errorOutputPrefix: d.ErrorOutputPrefix } : {}),
    compression: d.CompressionFormat,
    sizeInMBs: h.SizeInMBs,
    intervalInSeconds: h.IntervalInSeconds,
    versionId: s.versionId,
    ...(lambdaArn !== undefined ? { lambdaArn } : {}),
    buffered,
    retrying,
    destination: s.redshift ? 'Redshift' : ep?.kind ?? 'S3',
    ...(!ep && !s.redshift && conversionEnabled(d.DataFormatConversionConfiguration) ? { parquet: true } : {}),
    ...(ep ? { endpoint: endpointSnapshot(ep) } : {}),
    ...(s.redshift ? {
      redshift: { jdbcUrl: s.redshift.ClusterJDBCURL, table: s.redshift.CopyCommand.DataTableName, copyOptions: s.redshift.CopyCommand.CopyOptions ?? '', retryDurationSeconds: s.redshift.RetryOptions.DurationInSeconds },
    } : {}),
  };
}

function endpointSnapshot(ep: EndpointDestination): EndpointSnapshot {
  const url = endpointUrl(ep);
  // Every Splunk HEC is simulated (receivers.ts says why); an HTTP endpoint is when its URL is a vendor's.
  const v = ep.kind === 'Splunk' ? VENDORS.splunk : ep.kind === 'HttpEndpoint' ? vendorOf(url) : undefined;
  const vendor = v ? { vendor: v.vendor, vendorLabel: v.label } : {};
  if (ep.kind === 'HttpEndpoint') {
    const c = ep.config;
    return {
      url, ...(c.EndpointConfiguration.Name !== undefined ? { name: c.EndpointConfiguration.Name } : {}), ...vendor,
      s3BackupMode: c.S3BackupMode, retryDurationSeconds: c.RetryOptions.DurationInSeconds, contentEncoding: c.RequestConfiguration.ContentEncoding,
    };
  }
  if (ep.kind === 'OpenSearch') {
    const c = ep.config;
    return {
      url, vendorLabel: 'Amazon OpenSearch Service', s3BackupMode: c.S3BackupMode, retryDurationSeconds: c.RetryOptions.DurationInSeconds,
      openSearch: { domain: openSearchDomainName(c), indexName: c.IndexName, rotation: c.IndexRotationPeriod, documentIds: c.DocumentIdOptions.DefaultDocumentIdFormat },
    };
  }
  const c = ep.config;
  return {
    url, ...vendor, s3BackupMode: c.S3BackupMode, retryDurationSeconds: c.RetryOptions.DurationInSeconds,
    hecEndpointType: c.HECEndpointType, hecAcknowledgmentTimeoutSeconds: c.HECAcknowledgmentTimeoutInSeconds,
  };
}
