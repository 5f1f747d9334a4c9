/**
 * The calls a consumer application makes before it reads: wait for its stream to serve data,
 * and (enhanced fan-out) register its consumer and wait for it to become ACTIVE. Each returns
 * promptly once the app halts.
 */
import {
  DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { STATUS_POLL_MS, type AppContext } from './consumerApp';
import { errorName } from './errors';

/** The stream's ARN once it serves data (a CREATING stream has no shards to list yet). */
export async function waitForStream({ app, kinesis, sleep }: AppContext): Promise<string | undefined> {
  for (;;) {
    const out = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: app.stream }));
    if (app.halted) return undefined;
    const s = out.StreamDescriptionSummary;
    if (s?.StreamARN && (s.StreamStatus === 'ACTIVE' || s.StreamStatus === 'UPDATING')) return s.StreamARN;
    await sleep(STATUS_POLL_MS);
    if (app.halted) return undefined;
  }
}

/**
 * RegisterStreamConsumer, setting `app.consumerArn`. Decision: a consumer of this name already
 * registered on the stream is reused, as KCL does (its FanOutConsumerRegistration describes the
 * existing consumer on ResourceInUseException and carries on) — so an app added again after a
 * page reload resumes with its old consumer instead of failing. One still DELETING is waited
 * out, then registered anew.
 */
export async function registerConsumer({ app, kinesis, sleep }: AppContext, StreamARN: string): Promise<void> {
  while (!app.halted) {
    try {
      const out = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: app.name }));
      app.consumerArn = out.Consumer?.ConsumerARN;
      return;
    } catch (e) {
      if (errorName(e) !== 'ResourceInUseException') throw e;
    }
    try {
      const d = (await kinesis.send(new DescribeStreamConsumerCommand({ StreamARN, ConsumerName: app.name }))).ConsumerDescription;
      // Unsure: KCL's handling of a DELETING consumer of its name; waiting it out is the only way that can work.
      if (d?.ConsumerStatus !== 'DELETING') {
        app.consumerArn = d?.ConsumerARN;
        return;
      }
    } catch (e) {
      if (errorName(e) !== 'ResourceNotFoundException') throw e; // gone in between: register again
    }
    await sleep(STATUS_POLL_MS);
  }
}

/** A new consumer is CREATING for a few seconds; SubscribeToShard refuses it until ACTIVE. */
export async function waitForConsumer({ app, kinesis, sleep }: AppContext): Promise<void> {
  while (!app.halted) {
    const d = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: app.consumerArn }));
    if (d.ConsumerDescription?.ConsumerStatus === 'ACTIVE') return;
    await sleep(STATUS_POLL_MS);
  }
}
