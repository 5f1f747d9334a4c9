/**
 * CloudWatch metrics of Amazon Data Firehose (namespace AWS/Firehose, dimension
 * DeliveryStreamName; spec §9), computed from the Firehose events — the same way the Kinesis
 * store computes AWS/Kinesis from the Kinesis events. A sample is one operation: one put call (or
 * one read of the source), one object written, one Lambda invocation.
 */
import type { FirehoseEvent } from '../firehose/events.js';
import { SeriesStore, statOf, type Datapoint, type Retention, type SeriesPoint, type Statistic } from './series.js';

/** The metrics, in the console's order. Which apply depends on the source and the processing. */
export const FIREHOSE_METRICS = [
  'IncomingRecords', 'IncomingBytes', 'IncomingPutRequests',
  'DataReadFromKinesisStream.Records', 'DataReadFromKinesisStream.Bytes',
  'ExecuteProcessing.Success', 'ExecuteProcessing.Duration', 'SucceedProcessing.Records',
  'DeliveryToS3.Records', 'DeliveryToS3.Bytes', 'DeliveryToS3.ObjectCount', 'DeliveryToS3.Success', 'DeliveryToS3.DataFreshness',
] as const;
export type FirehoseMetric = (typeof FIREHOSE_METRICS)[number];

export function firehoseMetricUnit(m: FirehoseMetric): 'Bytes' | 'Milliseconds' | 'Seconds' | 'Count' {
  if (m.endsWith('Bytes')) return 'Bytes';
  if (m === 'ExecuteProcessing.Duration') return 'Milliseconds';
  if (m === 'DeliveryToS3.DataFreshness') return 'Seconds';
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
        if (e.errorCode.startsWith('S3.')) rec('DeliveryToS3.Success', 0);
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
