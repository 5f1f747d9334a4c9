import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index';
import { restoreDeliveryStreams, saveDeliveryStreams } from './persist';

const ROLE = 'arn:aws:iam::123456789012:role/r';

describe('OpenSearch destination persistence', () => {
  it('saves and restores the whole configuration', async () => {
    const a = createSimulation({ clock: 'manual' });
    const created = await a.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'os',
      AmazonopensearchserviceDestinationConfiguration: {
        RoleARN: ROLE, DomainARN: 'arn:aws:es:us-east-1:123456789012:domain/shop', IndexName: 'orders', IndexRotationPeriod: 'OneWeek',
        DocumentIdOptions: { DefaultDocumentIdFormat: 'NO_DOCUMENT_ID' }, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::b' },
      },
    });
    expect(created.ok).toBe(true);
    const saved = JSON.parse(JSON.stringify(saveDeliveryStreams(a.firehose))) as ReturnType<typeof saveDeliveryStreams>;
    const b = createSimulation({ clock: 'manual' });
    restoreDeliveryStreams(b.firehose, saved);
    const d = await b.firehose.dispatch('DescribeDeliveryStream', { DeliveryStreamName: 'os' });
    expect(d.ok && d.value).toMatchObject({
      DeliveryStreamDescription: { Destinations: [{ AmazonopensearchserviceDestinationDescription: { IndexName: 'orders', IndexRotationPeriod: 'OneWeek', DocumentIdOptions: { DefaultDocumentIdFormat: 'NO_DOCUMENT_ID' } } }] },
    });
  });
});
