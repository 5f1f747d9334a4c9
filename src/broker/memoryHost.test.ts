import { CreateDeliveryStreamCommand, PutRecordCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { FirehoseEvent } from '../core/firehose/events';
import type { S3Event } from '../core/s3/model';
import { createMemoryHost } from './memoryHost';

describe('createMemoryHost: Firehose and S3', () => {
  it('binds FirehoseClient and S3Client to the simulation, with events and delivery stream snapshots', async () => {
    const host = createMemoryHost({ createDeliveryStreamMs: 0 });
    const s3Events: S3Event[] = [];
    const fhEvents: FirehoseEvent[] = [];
    host.observeS3((e) => s3Events.push(e));
    host.observeFirehose((e) => fhEvents.push(e));
    await host.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await host.firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'd',
      ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/r', BucketARN: 'arn:aws:s3:::lake', Prefix: 'p/', BufferingHints: { SizeInMBs: 2, IntervalInSeconds: 90 } },
    }));
    await new Promise((r) => setTimeout(r, 150)); // the host's timer makes it ACTIVE
    await host.firehose.send(new PutRecordCommand({ DeliveryStreamName: 'd', Record: { Data: new TextEncoder().encode('hi') } }));
    expect(s3Events.map((e) => e.type)).toEqual(['bucketCreated']);
    expect(fhEvents.map((e) => e.type)).toEqual(['incoming']);
    expect(host.deliveryStreams()).toEqual([expect.objectContaining({
      name: 'd', status: 'ACTIVE', type: 'DirectPut', bucket: 'lake', prefix: 'p/', compression: 'UNCOMPRESSED', sizeInMBs: 2, intervalInSeconds: 90, versionId: 1,
      buffered: expect.objectContaining({ records: 1, bytes: 2, sizeBytes: 2 * 1048576, intervalMs: 90_000 }), retrying: 0,
    })]);
    await host.close();
  });
});
