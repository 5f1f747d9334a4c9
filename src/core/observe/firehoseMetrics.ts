/**
 * CloudWatch metrics of Amazon Data Firehose (namespace AWS/Firehose, dimension
 * DeliveryStreamName; spec §9), computed from the Firehose events — the same way the Kinesis
 * store computes AWS/Kinesis from the Kinesis events. A sample is one operation: one put call (or
 * one read of the source), one object written, one Lambda invocation.
 */
import type { FirehoseEvent } from '../firehose/events.js';
import type { DestinationKind } from '../firehose/model.js';
import { SeriesStore, statOf, type Datapoint, type Retention, type SeriesPoint, type Statistic } from './series.js';

/** The metrics, in the console's order. Which apply depends on the source and the processing. */
export const FIREHOSE_METRICS = [
  'IncomingRecords', 'IncomingBytes', 'IncomingPutRequests',
  'DataReadFromKinesisStream.Records', 'DataReadFromKinesisStream.Bytes',
  'ExecuteProcessing.Success', 'ExecuteProcessing.Duration', 'SucceedProcessing.Records',
  'SucceedConversion.Records', 'SucceedConversion.Bytes', 'FailedConversion.Records', 'FailedConversion.Bytes',
  'DeliveryToS3.Records', 'DeliveryToS3.Bytes', 'DeliveryToS3.ObjectCount', 'DeliveryToS3.Success', 'DeliveryToS3.DataFreshness',
  'DeliveryToRedshift.Records', 'DeliveryToRedshift.Bytes', 'DeliveryToRedshift.Success',
  'DeliveryToHttpEndpoint.Records', 'DeliveryToHttpEndpoint.Bytes', 'DeliveryToHttpEndpoint.Success', 'DeliveryToHttpEndpoint.DataFreshness',
  'DeliveryToSplunk.Records', 'DeliveryToSplunk.Bytes', 'DeliveryToSplunk.Success', 'DeliveryToSplunk.DataFreshness',
  'DeliveryToAmazonOpenSearchService.Records', 'DeliveryToAmazonOpenSearchService.Bytes', 'DeliveryToAmazonOpenSearchService.Success', 'DeliveryToAmazonOpenSearchService.DataFreshness',
] as const;
export type FirehoseMetric = (typeof FIREHOSE_METRICS)[number];

/** The CloudWatch prefix of each destination's delivery metrics (spec §9). */
const DELIVERY_PREFIX = { S3: 'DeliveryToS3', Redshift: 'DeliveryToRedshift', HttpEndpoint: 'DeliveryToHttpEndpoint', Splunk: 'DeliveryToSplunk', OpenSearch: 'DeliveryToAmazonOpenSearchService' } as const;

/**
 * The metrics a delivery stream has, as the console lists them for it: ingestion, processing,
 * conversion (when it converts), and its destination's delivery metrics — Redshift's after
 * DeliveryToS3's (its intermediate bucket).
 */
export function firehoseMetricsFor(destination: DestinationKind, converting = false): FirehoseMetric[] {
  const prefixes: string[] = destination === 'Redshift' ? ['DeliveryToS3', 'DeliveryToRedshift'] : [DELIVERY_PREFIX[destination]];
  return FIREHOSE_METRICS.filter((m) => {
    const group = m.slice(0, m.indexOf('.'));
    if (group.startsWith('DeliveryTo')) return prefixes.includes(group);
    if (group.endsWith('Conversion')) return converting;
    return true;
  });
}

export function firehoseMetricUnit(m: FirehoseMetric): 'Bytes' | 'Milliseconds' | 'Seconds' | 'Count' {
  if (m.endsWith('Bytes')) return 'Bytes';
  if (m === 'ExecuteProcessing.Duration') return 'Milliseconds';
  if (m.endsWith('DataFreshness')) return 'Seconds';
  return 'Count';
}

/** What each metric means, in AWS's words (shown under the chart). */
export const FIREHOSE_METRIC_HELP: Readonly<Record<FirehoseMetric, string>> = {
  IncomingRecords: 'Records ingested by Direct PUT (PutRecord and PutRecordBatch).',
  IncomingBytes: 'Bytes ingested by Direct PUT.',
  IncomingPutRequests: 'PutRecord and PutRecordBatch requests that succeeded.',
  'DataReadFromKinesisStream.Records': 'Records read from the source Kinesis data stream.',
  'DataReadFromKinesisStream.Bytes': 'Bytes read from the source Kinesis data stream.',
  'ExecuteProcessing.Success': 'Successful Lambda invocations over all invocations (Average = success rate).',
  'ExecuteProcessing.Duration': 'Time each Lambda invocation took.',
  'SucceedProcessing.Records': 'Records the Lambda processed successfully (result Ok).',
  'DeliveryToS3.Records': 'Records delivered to Amazon S3.',
  'DeliveryToS3.Bytes': 'Bytes delivered to Amazon S3 (before compression).',
  'DeliveryToS3.ObjectCount': 'Objects delivered to Amazon S3.',
  'DeliveryToS3.Success': 'Successful S3 puts over all S3 puts (Average = success rate).',
  'DeliveryToS3.DataFreshness': 'Age, in seconds, of the oldest record in an object when it reached S3.',
  'SucceedConversion.Records': 'Records converted to the output format (Parquet).',
  'SucceedConversion.Bytes': 'Bytes of the records converted.',
  'FailedConversion.Records': 'Records that could not be converted (written to the format-conversion-failed error output).',
  'FailedConversion.Bytes': 'Bytes of the records that could not be converted.',
  'DeliveryToRedshift.Records': 'Records copied into Amazon Redshift (rows of successful COPY commands).',
  'DeliveryToRedshift.Bytes': 'Bytes copied into Amazon Redshift.',
  'DeliveryToRedshift.Success': 'Successful COPY commands over all COPY commands (Average = success rate).',
  'DeliveryToHttpEndpoint.Records': 'Records the HTTP endpoint accepted.',
  'DeliveryToHttpEndpoint.Bytes': 'Bytes the HTTP endpoint accepted.',
  'DeliveryToHttpEndpoint.Success': 'Successful HTTP requests over all requests (Average = success rate).',
  'DeliveryToHttpEndpoint.DataFreshness': 'Age, in seconds, of the oldest record of a request when the endpoint accepted it.',
  'DeliveryToSplunk.Records': 'Records Splunk indexed (acknowledged).',
  'DeliveryToSplunk.Bytes': 'Bytes Splunk indexed.',
  'DeliveryToSplunk.Success': 'Successful deliveries to Splunk over all attempts (Average = success rate).',
  'DeliveryToSplunk.DataFreshness': 'Age, in seconds, of the oldest record of a batch when Splunk acknowledged it.',
  'DeliveryToAmazonOpenSearchService.Records': 'Documents indexed in OpenSearch Service.',
  'DeliveryToAmazonOpenSearchService.Bytes': 'Bytes indexed in OpenSearch Service.',
  'DeliveryToAmazonOpenSearchService.Success': 'Successful _bulk requests over all requests (Average = success rate).',
  'DeliveryToAmazonOpenSearchService.DataFreshness': 'Age, in seconds, of the oldest document of a request when it was indexed.',
};

const key = (m: FirehoseMetric, stream: string): string => `${m}\u0000${stream}`;

export class FirehoseMetricStore {
  private readonly store: SeriesStore;
  private readonly streams = new Map<string, number>();

  /** `sourceOf(name)`: where a delivery stream's records come from (read when its records come in). */
  constructor(private readonly sourceOf: (deliveryStream: string) => 'DirectPut' | 'KinesisStreamAsSource' | undefined, retention?: readonly Retention[]) {
    this.store = new SeriesStore(retention);
  }

  get latestT(): number {
    return this.store.latestT;
  }

  /** Moves the store's time on without a sample (a tick of the clock). */
  see(t: number): void {
    this.store.see(t);
  }

  add(e: FirehoseEvent): void {
    this.store.see(e.t);
    this.streams.set(e.deliveryStream, e.t);
    const rec = (m: FirehoseMetric, v: number) => this.store.record(key(m, e.deliveryStream), e.t, v);
    switch (e.type) {
      case 'incoming':
        if (this.sourceOf(e.deliveryStream) === 'KinesisStreamAsSource') {
          rec('DataReadFromKinesisStream.Records', e.records);
          rec('DataReadFromKinesisStream.Bytes', e.bytes);
        } else {
          rec('IncomingRecords', e.records);
          rec('IncomingBytes', e.bytes);
          rec('IncomingPutRequests', 1);
        }
        break;
      case 'transformed':
        rec('ExecuteProcessing.Success', e.errorCode === undefined ? 1 : 0);
        rec('ExecuteProcessing.Duration', e.durationMs);
        rec('SucceedProcessing.Records', e.ok);
        break;
      case 'delivered':
        rec('DeliveryToS3.Records', e.records);
        rec('DeliveryToS3.Bytes', e.bytes);
        rec('DeliveryToS3.ObjectCount', 1);
        rec('DeliveryToS3.Success', 1);
        rec('DeliveryToS3.DataFreshness', Math.max(0, Math.round((e.t - e.oldestArrival) / 1000)));
        break;
      case 'deliveryFailed':
        if (e.destination) rec(`${DELIVERY_PREFIX[e.destination]}.Success` as FirehoseMetric, 0);
        else if (e.errorCode.startsWith('S3.')) rec('DeliveryToS3.Success', 0);
        break;
      case 'endpointDelivered': {
        const p = DELIVERY_PREFIX[e.destination];
        rec(`${p}.Records` as FirehoseMetric, e.records);
        rec(`${p}.Bytes` as FirehoseMetric, e.bytes);
        rec(`${p}.Success` as FirehoseMetric, 1);
        rec(`${p}.DataFreshness` as FirehoseMetric, Math.max(0, Math.round((e.t - e.oldestArrival) / 1000)));
        break;
      }
      case 'redshiftLoaded':
        rec('DeliveryToRedshift.Records', e.rowsLoaded);
        rec('DeliveryToRedshift.Bytes', e.bytes);
        rec('DeliveryToRedshift.Success', 1);
        break;
      case 'converted':
        if (e.records) {
          rec('SucceedConversion.Records', e.records);
          rec('SucceedConversion.Bytes', e.bytes);
        }
        if (e.failedRecords) {
          rec('FailedConversion.Records', e.failedRecords);
          rec('FailedConversion.Bytes', e.failedBytes);
        }
        break;
      case 'errorOutput':
        break;
    }
  }

  /** Delivery streams with samples, by name. */
  deliveryStreams(): string[] {
    return [...this.streams.keys()].sort();
  }

  oldestT(periodMs: number): number {
    return this.store.oldestT(periodMs);
  }

  datapoints(metric: FirehoseMetric, deliveryStream: string, periodMs: number, fromT: number, toT: number): Datapoint[] {
    return this.store.datapoints(key(metric, deliveryStream), periodMs, fromT, toT);
  }

  series(metric: FirehoseMetric, deliveryStream: string, periodMs: number, stat: Statistic, fromT: number, toT: number): SeriesPoint[] {
    return this.datapoints(metric, deliveryStream, periodMs, fromT, toT).map((d) => ({ t: d.t, value: statOf(d, stat) }));
  }
}
