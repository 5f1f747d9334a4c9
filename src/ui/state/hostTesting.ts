/**
 * What the labs' tests do with a simulation host the same way: make a stream and wait until it
 * is ACTIVE (stepping a paused clock), and read a stream back whole. For tests only.
 */
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type _Record,
} from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';

/** Waits until `StreamName` is ACTIVE; a paused (manual) clock is stepped meanwhile. */
export async function waitActive(host: SimulationHost, StreamName: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const s = await host.kinesis.send(new DescribeStreamSummaryCommand({ StreamName }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    if (host.clock.paused) host.clock.step(250);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${StreamName} never became ACTIVE`);
}

/** CreateStream, then `waitActive`. */
export async function activeStream(host: SimulationHost, StreamName: string, ShardCount = 1): Promise<void> {
  await host.kinesis.send(new CreateStreamCommand({ StreamName, ShardCount }));
  await waitActive(host, StreamName);
}

/** Every record of every shard from TRIM_HORIZON (up to 10,000 a shard), by shard. */
export async function readShards(host: SimulationHost, StreamName: string): Promise<Map<string, _Record[]>> {
  const { Shards = [] } = await host.kinesis.send(new ListShardsCommand({ StreamName }));
  const out = new Map<string, _Record[]>();
  for (const s of Shards) {
    const it = await host.kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    const got = await host.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator!, Limit: 10_000 }));
    out.set(s.ShardId!, got.Records ?? []);
  }
  return out;
}

/** Every record of the stream, shard after shard. */
export const readAll = async (host: SimulationHost, StreamName: string): Promise<_Record[]> => [...(await readShards(host, StreamName)).values()].flat();

/** Polls `cond` every 20 real ms until it holds; fails with `what` after `ms` real ms. */
export async function waitFor(cond: () => boolean, what: string, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
