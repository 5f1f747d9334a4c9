/**
 * Conformance harness: a Shardlab simulation on a manual clock, driven through the real
 * `@aws-sdk/client-kinesis` and the wire handler — exactly what a user's code does.
 */
import { CreateStreamCommand, KinesisClient, KinesisServiceException } from '@aws-sdk/client-kinesis';
import { expect } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../src/index.js';

export function setup(options: SimulationOptions = {}) {
  const sim = createSimulation({ clock: 'manual', ...options });
  const client = new KinesisClient({
    region: sim.region,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: sim.requestHandler,
    maxAttempts: 1,
  });
  /** Creates a stream and moves the clock past CREATING. */
  async function createActive(StreamName: string, ShardCount = 1): Promise<void> {
    await client.send(new CreateStreamCommand({ StreamName, ShardCount }));
    sim.clock.advance(sim.kinesis.createStreamMs);
  }
  return { sim, client, createActive, arn: (name: string) => `arn:aws:kinesis:${sim.region}:${sim.accountId}:stream/${name}` };
}

/**
 * Awaits a rejected SDK call and checks AWS's error name (and message, when given). `service`: the
 * client's exception class (Kinesis by default; `FirehoseServiceException` for Firehose).
 */
export async function expectAwsError<E extends Error = KinesisServiceException>(
  p: Promise<unknown>, name: string, message?: string | RegExp,
  service: abstract new (...args: never[]) => E = KinesisServiceException as unknown as abstract new (...args: never[]) => E,
): Promise<E> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${name}`).toBeInstanceOf(service);
  const err = caught as E;
  expect(err.name).toBe(name);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else if (message) expect(err.message).toMatch(message);
  return err;
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
