/** Enhanced fan-out consumers, control plane, through the real SDK. */
import {
  DeleteStreamCommand, DeregisterStreamConsumerCommand, DescribeStreamConsumerCommand, ListStreamConsumersCommand,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { expectAwsError, setup } from './harness';

describe('stream consumers', () => {
  it('register (CREATING → ACTIVE), describe by ARN or by stream and name, list with paging, deregister (DELETING → gone)', async () => {
    const { sim, client, createActive, arn } = setup();
    await createActive('efo', 2);
    const reg = await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('efo'), ConsumerName: 'app-1' }));
    const t = Math.floor(sim.clock.now() / 1000);
    expect(reg.Consumer).toMatchObject({ ConsumerName: 'app-1', ConsumerStatus: 'CREATING', ConsumerARN: `${arn('efo')}/consumer/app-1:${t}` });
    expect(reg.Consumer?.ConsumerCreationTimestamp).toBeInstanceOf(Date);
    sim.clock.advance(sim.kinesis.createStreamMs);
    const byArn = await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }));
    expect(byArn.ConsumerDescription).toMatchObject({ ConsumerName: 'app-1', ConsumerStatus: 'ACTIVE', StreamARN: arn('efo') });
    const byName = await client.send(new DescribeStreamConsumerCommand({ StreamARN: arn('efo'), ConsumerName: 'app-1' }));
    expect(byName.ConsumerDescription?.ConsumerARN).toBe(reg.Consumer!.ConsumerARN);

    await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('efo'), ConsumerName: 'app-2' }));
    await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('efo'), ConsumerName: 'app-3' }));
    const p1 = await client.send(new ListStreamConsumersCommand({ StreamARN: arn('efo'), MaxResults: 2 }));
    expect(p1.Consumers?.map((c) => c.ConsumerName)).toEqual(['app-1', 'app-2']);
    const p2 = await client.send(new ListStreamConsumersCommand({ StreamARN: arn('efo'), NextToken: p1.NextToken }));
    expect(p2.Consumers?.map((c) => c.ConsumerName)).toEqual(['app-3']);
    expect(p2.NextToken).toBeUndefined();

    await client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }));
    expect((await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }))).ConsumerDescription?.ConsumerStatus).toBe('DELETING');
    sim.clock.advance(sim.kinesis.deleteStreamMs);
    await expectAwsError(client.send(new DescribeStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN })), 'ResourceNotFoundException');
  });

  it('answers AWS\'s errors: a taken name, more than 5 CREATING, more than 20, unknown stream, DeleteStream with consumers', async () => {
    const { sim, client, createActive, arn } = setup();
    await createActive('lim', 1);
    await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: 'c0' }));
    await expectAwsError(client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: 'c0' })), 'ResourceInUseException');
    for (let i = 1; i < 5; i++) await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: `c${i}` }));
    await expectAwsError(client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: 'c5' })), 'LimitExceededException', /CREATING/);
    sim.clock.advance(sim.kinesis.createStreamMs);
    for (let i = 5; i < 20; i++) {
      await client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: `c${i}` }));
      if (i % 5 === 4) sim.clock.advance(sim.kinesis.createStreamMs);
    }
    await expectAwsError(client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: 'c20' })), 'LimitExceededException', /limit is 20/);
    await expectAwsError(client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('nope'), ConsumerName: 'x' })), 'ResourceNotFoundException');
    await expectAwsError(client.send(new RegisterStreamConsumerCommand({ StreamARN: arn('lim'), ConsumerName: 'bad name' })), 'ValidationException', /consumerName/);
    await expectAwsError(client.send(new DeleteStreamCommand({ StreamName: 'lim' })), 'ResourceInUseException', /consumers/);
    await client.send(new DeleteStreamCommand({ StreamName: 'lim', EnforceConsumerDeletion: true }));
  });
});
