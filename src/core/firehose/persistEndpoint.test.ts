import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index';
import { restoreDeliveryStreams, saveDeliveryStreams } from './persist';
import { snapshotDeliveryStreams } from './snapshot';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const S3 = { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup', Prefix: 'copy/' };
const DD = 'https://aws-kinesis-http-intake.logs.datadoghq.eu/v1/input';

describe('HTTP endpoint and Splunk delivery streams', () => {
  it('are saved and restored with their endpoint (key and token included), described the same after a reload', async () => {
    const a = createSimulation({ clock: 'manual' });
    await a.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'dd', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: DD, Name: 'Datadog', AccessKey: 'k' }, S3BackupMode: 'AllData', S3Configuration: S3 },
    });
    await a.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'sp', SplunkDestinationConfiguration: { HECEndpoint: 'https://hec:8088', HECEndpointType: 'Event', HECToken: 't', S3Configuration: S3 },
    });
    const before = await Promise.all(['dd', 'sp'].map((n) => a.firehose.dispatch('DescribeDeliveryStream', { DeliveryStreamName: n })));
    const saved = JSON.parse(JSON.stringify(saveDeliveryStreams(a.firehose))) as ReturnType<typeof saveDeliveryStreams>;
    const b = createSimulation({ clock: 'manual' });
    restoreDeliveryStreams(b.firehose, saved);
    const after = await Promise.all(['dd', 'sp'].map((n) => b.firehose.dispatch('DescribeDeliveryStream', { DeliveryStreamName: n })));
    const dests = (r: typeof before) => r.map((x) => (x.ok ? (x.value as { DeliveryStreamDescription: { Destinations: unknown } }).DeliveryStreamDescription.Destinations : undefined));
    expect(dests(after)).toEqual(dests(before));
    expect(b.firehose.streams.get('dd')!.state.endpoint).toMatchObject({ kind: 'HttpEndpoint', config: { EndpointConfiguration: { AccessKey: 'k' } } });
  });

  it('snapshot: the destination kind, the endpoint and its simulated vendor; the bucket is the backup bucket', async () => {
    const sim = createSimulation({ clock: 'manual' });
    await sim.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'dd', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: DD }, BufferingHints: { SizeInMBs: 2, IntervalInSeconds: 30 }, S3Configuration: S3 },
    });
    await sim.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'own', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://me.example.com/in', Name: 'mine' }, S3Configuration: S3 },
    });
    await sim.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'sp', SplunkDestinationConfiguration: { HECEndpoint: 'https://hec:8088', HECEndpointType: 'Raw', HECToken: 't', S3Configuration: S3 },
    });
    await sim.firehose.dispatch('CreateDeliveryStream', { DeliveryStreamName: 's3', ExtendedS3DestinationConfiguration: S3 });
    const snap = Object.fromEntries(snapshotDeliveryStreams(sim.firehose).map((s) => [s.name, s]));
    expect(snap.dd).toMatchObject({
      destination: 'HttpEndpoint', bucket: 'backup', sizeInMBs: 2, intervalInSeconds: 30, buffered: { sizeBytes: 2 * 1048576, intervalMs: 30_000 },
      endpoint: { url: DD, vendor: 'datadog', vendorLabel: 'Datadog', s3BackupMode: 'FailedDataOnly', retryDurationSeconds: 300, contentEncoding: 'NONE' },
    });
    expect(snap.own!.endpoint).toEqual({ url: 'https://me.example.com/in', name: 'mine', s3BackupMode: 'FailedDataOnly', retryDurationSeconds: 300, contentEncoding: 'NONE' });
    expect(snap.sp).toMatchObject({ destination: 'Splunk', intervalInSeconds: 60, endpoint: { vendor: 'splunk', hecEndpointType: 'Raw', hecAcknowledgmentTimeoutSeconds: 180 } });
    expect(snap.s3).toMatchObject({ destination: 'S3' });
    expect(snap.s3!.endpoint).toBeUndefined();
  });
});
