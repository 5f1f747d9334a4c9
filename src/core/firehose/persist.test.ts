import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index';
import { restoreDeliveryStreams, saveDeliveryStreams } from './persist';

const ROLE = 'arn:aws:iam::123456789012:role/r';

describe('delivery stream persistence', () => {
  it('saves and restores configuration, version, tags and source checkpoints; CREATING comes back ACTIVE', async () => {
    const a = createSimulation({ clock: 'manual' });
    await a.firehose.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'd', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::b', Prefix: 'p/' }, Tags: [{ Key: 'k', Value: 'v' }],
    });
    a.firehose.streams.get('d')!.state.checkpoints = { 'shardId-000000000000': '49' };
    const saved = JSON.parse(JSON.stringify(saveDeliveryStreams(a.firehose))) as ReturnType<typeof saveDeliveryStreams>;
    const b = createSimulation({ clock: 'manual' });
    restoreDeliveryStreams(b.firehose, saved);
    const d = await b.firehose.dispatch('DescribeDeliveryStream', { DeliveryStreamName: 'd' });
    expect(d.ok && d.value).toMatchObject({ DeliveryStreamDescription: { DeliveryStreamStatus: 'ACTIVE', VersionId: '1' } });
    const st = b.firehose.streams.get('d')!.state;
    expect(st.destination.Prefix).toBe('p/');
    expect([...st.tags]).toEqual([['k', 'v']]);
    expect(st.checkpoints).toEqual({ 'shardId-000000000000': '49' });
  });
});
