import { describe, expect, it } from 'vitest';
import { FirehoseMetricStore, firehoseMetricsFor, firehoseMetricUnit } from './firehoseMetrics';

const T = 1_767_225_600_000;

describe('Firehose metrics (AWS/Firehose)', () => {
  it('count Direct PUT ingestion, deliveries, freshness and S3 success rate per delivery stream', () => {
    const m = new FirehoseMetricStore(() => 'DirectPut');
    m.add({ type: 'incoming', t: T + 100, deliveryStream: 'd', records: 3, bytes: 30 });
    m.add({ type: 'incoming', t: T + 900, deliveryStream: 'd', records: 2, bytes: 20 });
    m.add({ type: 'deliveryFailed', t: T + 60_000, deliveryStream: 'd', errorCode: 'S3.NoSuchBucket', errorMessage: 'x', records: 5 });
    m.add({ type: 'delivered', t: T + 65_000, deliveryStream: 'd', destination: 'S3', bucket: 'b', key: 'k', records: 5, bytes: 50, objectBytes: 50, oldestArrival: T + 100 });
    const one = (metric: Parameters<typeof m.datapoints>[0], from: number) => m.datapoints(metric, 'd', 1000, from, from)[0]!;
    expect(one('IncomingRecords', T)).toMatchObject({ sum: 5, sampleCount: 2, minimum: 2, maximum: 3 });
    expect(one('IncomingPutRequests', T).sum).toBe(2);
    expect(one('DeliveryToS3.Records', T + 65_000).sum).toBe(5);
    expect(one('DeliveryToS3.DataFreshness', T + 65_000).maximum).toBe(65);
    // One failed and one successful S3 put in the same minute: Average 0.5.
    const minute = m.series('DeliveryToS3.Success', 'd', 60_000, 'Average', T + 60_000, T + 60_000);
    expect(minute[0]!.value).toBe(0.5);
    expect(m.deliveryStreams()).toEqual(['d']);
  });

  it('count a Kinesis source as DataReadFromKinesisStream, and Lambda invocations as ExecuteProcessing', () => {
    const m = new FirehoseMetricStore(() => 'KinesisStreamAsSource');
    m.add({ type: 'incoming', t: T, deliveryStream: 'k', records: 4, bytes: 40 });
    m.add({ type: 'transformed', t: T, deliveryStream: 'k', ok: 3, dropped: 0, failed: 1, durationMs: 12 });
    m.add({ type: 'transformed', t: T, deliveryStream: 'k', ok: 0, dropped: 0, failed: 4, durationMs: 3000, errorCode: 'Lambda.FunctionTimedOut' });
    expect(m.datapoints('DataReadFromKinesisStream.Records', 'k', 1000, T, T)[0]!.sum).toBe(4);
    expect(m.datapoints('IncomingRecords', 'k', 1000, T, T)[0]!.sum).toBe(0);
    expect(m.series('ExecuteProcessing.Success', 'k', 1000, 'Average', T, T)[0]!.value).toBe(0.5);
    expect(m.datapoints('ExecuteProcessing.Duration', 'k', 1000, T, T)[0]!.maximum).toBe(3000);
    expect(m.datapoints('SucceedProcessing.Records', 'k', 1000, T, T)[0]!.sum).toBe(3);
  });

  it('count each destination\'s deliveries under its own name: HTTP endpoint, Splunk, OpenSearch, Redshift — and the conversion', () => {
    const m = new FirehoseMetricStore(() => 'DirectPut');
    m.add({ type: 'deliveryFailed', t: T, deliveryStream: 'h', destination: 'HttpEndpoint', errorCode: 'HttpEndpoint.DestinationException', errorMessage: '500', records: 4 });
    m.add({ type: 'endpointDelivered', t: T + 500, deliveryStream: 'h', destination: 'HttpEndpoint', url: 'u', requestId: 'r', records: 4, bytes: 40, attempts: 2, oldestArrival: T - 10_000 });
    expect(m.series('DeliveryToHttpEndpoint.Success', 'h', 1000, 'Average', T, T)[0]!.value).toBe(0.5);
    expect(m.datapoints('DeliveryToHttpEndpoint.Records', 'h', 1000, T, T)[0]!.sum).toBe(4);
    expect(m.datapoints('DeliveryToHttpEndpoint.DataFreshness', 'h', 1000, T, T)[0]!.maximum).toBe(11);
    m.add({ type: 'endpointDelivered', t: T, deliveryStream: 's', destination: 'Splunk', url: 'u', requestId: 'r', records: 2, bytes: 20, attempts: 1, oldestArrival: T });
    m.add({ type: 'endpointDelivered', t: T, deliveryStream: 'o', destination: 'OpenSearch', url: 'u', requestId: 'r', records: 3, bytes: 30, attempts: 1, oldestArrival: T });
    expect(m.datapoints('DeliveryToSplunk.Records', 's', 1000, T, T)[0]!.sum).toBe(2);
    expect(m.datapoints('DeliveryToAmazonOpenSearchService.Bytes', 'o', 1000, T, T)[0]!.sum).toBe(30);
    m.add({ type: 'deliveryFailed', t: T, deliveryStream: 'r', destination: 'Redshift', errorCode: 'Redshift.TableNotFound', errorMessage: 'x', records: 5 });
    m.add({ type: 'redshiftLoaded', t: T + 1, deliveryStream: 'r', table: 't', bucket: 'b', manifestKey: 'm', objects: 1, records: 5, bytes: 50, rowsLoaded: 5, attempts: 2, oldestArrival: T });
    expect(m.series('DeliveryToRedshift.Success', 'r', 1000, 'Average', T, T)[0]!.value).toBe(0.5);
    expect(m.datapoints('DeliveryToRedshift.Records', 'r', 1000, T, T)[0]!.sum).toBe(5);
    m.add({ type: 'converted', t: T, deliveryStream: 'p', records: 9, bytes: 90, failedRecords: 0, failedBytes: 0 });
    m.add({ type: 'converted', t: T, deliveryStream: 'p', records: 0, bytes: 0, failedRecords: 1, failedBytes: 7 });
    expect(m.datapoints('SucceedConversion.Records', 'p', 1000, T, T)[0]!.sum).toBe(9);
    expect(m.datapoints('FailedConversion.Bytes', 'p', 1000, T, T)[0]!.sum).toBe(7);
  });

  it('lists, per delivery stream, the metrics its destination has (Redshift: its intermediate bucket\'s too)', () => {
    const groups = (ms: string[]) => [...new Set(ms.map((x) => x.slice(0, x.indexOf('.') < 0 ? x.length : x.indexOf('.'))))];
    expect(groups(firehoseMetricsFor('Redshift'))).toEqual(['IncomingRecords', 'IncomingBytes', 'IncomingPutRequests', 'DataReadFromKinesisStream', 'ExecuteProcessing', 'SucceedProcessing', 'DeliveryToS3', 'DeliveryToRedshift']);
    expect(firehoseMetricsFor('Splunk').filter((x) => x.startsWith('DeliveryTo'))).toEqual(['DeliveryToSplunk.Records', 'DeliveryToSplunk.Bytes', 'DeliveryToSplunk.Success', 'DeliveryToSplunk.DataFreshness']);
    expect(firehoseMetricsFor('S3', true)).toContain('FailedConversion.Records');
    expect(firehoseMetricsFor('S3')).not.toContain('FailedConversion.Records');
    expect(firehoseMetricUnit('DeliveryToSplunk.DataFreshness')).toBe('Seconds');
  });
});
