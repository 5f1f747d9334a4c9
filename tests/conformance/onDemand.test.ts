/**
 * On-demand capacity mode through the real SDK: CreateStream ON_DEMAND, the service adding shards
 * as demand grows (throttling above what the open shards take meanwhile), UpdateStreamMode.
 */
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand, PutRecordsCommand, UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { ON_DEMAND } from '../../src/core/kinesis/onDemand';
import { bytes, expectAwsError, setup } from './harness';

describe('on-demand capacity', () => {
  it('starts with 4 shards, throttles above them, then the service scales out towards double the peak', async () => {
    const { sim, client, arn } = setup();
    await client.send(new CreateStreamCommand({ StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    sim.clock.advance(sim.kinesis.createStreamMs);
    const summary = async () => (await client.send(new DescribeStreamSummaryCommand({ StreamARN: arn('od') }))).StreamDescriptionSummary!;
    expect(await summary()).toMatchObject({ OpenShardCount: 4, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    let n = 0;
    // 6,000 records/s offered, keys spread over the hash space, in 100 ms ticks.
    const second = async (): Promise<number> => {
      let throttled = 0;
      for (let t = 0; t < 10; t++) {
        for (let k = 0; k < 2; k++) {
          const Records = Array.from({ length: 300 }, () => ({ PartitionKey: `key-${n++}`, Data: bytes('x') }));
          throttled += (await client.send(new PutRecordsCommand({ StreamARN: arn('od'), Records }))).FailedRecordCount ?? 0;
        }
        sim.clock.advance(100);
      }
      return throttled;
    };
    await second();
    await second(); // the shards' burst allowance is spent after two seconds…
    expect(await second()).toBeGreaterThan(1500); // …then 4 shards take ~4,000 of 6,000 a second
    const counts: number[] = [];
    for (let s = 0; s < 40; s++) {
      await second();
      counts.push((await summary()).OpenShardCount!);
    }
    expect(counts[0]).toBe(4);
    expect(counts).toContain(8); // at most doubling at once…
    expect(counts.at(-1)).toBe(12); // …up to double the 6,000 records/s peak
    expect(await second()).toBe(0); // and then nothing is throttled
    expect(sim.kinesis.onDemand.peak(sim.kinesis.streams.get('od')!).records).toBeGreaterThanOrEqual(5900);
    // The service's own splits are visible as closed parents with children.
    const shards = (await client.send(new ListShardsCommand({ StreamARN: arn('od') }))).Shards ?? [];
    expect(shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber).length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('UpdateStreamMode switches modes (UPDATING first), at most twice a day; on-demand then grows to its baseline', async () => {
    const { sim, client, createActive, arn } = setup();
    await createActive('switch', 2);
    await client.send(new UpdateStreamModeCommand({ StreamARN: arn('switch'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    const summary = async () => (await client.send(new DescribeStreamSummaryCommand({ StreamName: 'switch' }))).StreamDescriptionSummary!;
    expect((await summary()).StreamStatus).toBe('UPDATING');
    sim.clock.advance(sim.kinesis.updateStreamMs);
    expect(await summary()).toMatchObject({ StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, OpenShardCount: 2 });
    sim.clock.advance(ON_DEMAND.checkMs);
    sim.clock.advance(ON_DEMAND.checkMs);
    sim.clock.advance(sim.kinesis.updateStreamMs);
    expect((await summary()).OpenShardCount).toBe(ON_DEMAND.initialShards);
    await client.send(new UpdateStreamModeCommand({ StreamARN: arn('switch'), StreamModeDetails: { StreamMode: 'PROVISIONED' } }));
    sim.clock.advance(sim.kinesis.updateStreamMs);
    expect(await summary()).toMatchObject({ StreamModeDetails: { StreamMode: 'PROVISIONED' }, OpenShardCount: 4 });
    await expectAwsError(client.send(new UpdateStreamModeCommand({ StreamARN: arn('switch'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } })), 'LimitExceededException');
    await expectAwsError(client.send(new UpdateStreamModeCommand({ StreamARN: arn('nope'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } })), 'ResourceNotFoundException');
    await expectAwsError(client.send(new UpdateStreamModeCommand({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } } as never)), 'ValidationException', /streamARN/);
  });
});
