import { describe, expect, it } from 'vitest';
import { FirehoseMetricStore } from './firehoseMetrics';

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
});
