/**
 * The SDK workload of the KDS bench, identical for every target: create a stream, PutRecords
 * batches for a fixed time with a fixed number of calls in flight, then read every shard back
 * from TRIM_HORIZON and check that each accepted record came back.
 */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { randomBytes } from 'node:crypto';

export interface WorkloadOptions {
  streamName: string;
  shards: number;
  seconds: number;
  /** PutRecords calls in flight at once (and shards read at once). */
  concurrency: number;
  batchSize: number;
  recordBytes: number;
}

export interface WorkloadResult {
  written: number;
  failed: number;
  putCalls: number;
  writeSeconds: number;
  read: number;
  readBytes: number;
  getCalls: number;
  readSeconds: number;
  /** Empty when every accepted record was read back once, with its size intact. */
  problems: string[];
}

/** Distinct random payloads, made once so that making data is not part of what is timed. */
export function makePayloads(count: number, bytes: number): Uint8Array[] {
  return Array.from({ length: count }, () => new Uint8Array(randomBytes(bytes)));
}

const now = (): number => performance.now();
const randomKey = (): string => Math.random().toString(36).slice(2, 14);

export async function runWorkload(client: KinesisClient, o: WorkloadOptions, payloads: Uint8Array[]): Promise<WorkloadResult> {
  await client.send(new CreateStreamCommand({ StreamName: o.streamName, ShardCount: o.shards }));
  await waitActive(client, o.streamName);
  const w = await writePhase(client, o, payloads);
  const r = await readPhase(client, o);
  const problems: string[] = [];
  if (w.failed > 0) problems.push(`${w.failed} records were rejected by PutRecords (FailedRecordCount)`);
  if (r.read !== w.written) problems.push(`read ${r.read} records but ${w.written} were accepted`);
  if (r.readBytes !== r.read * o.recordBytes) {
    problems.push(`read ${r.readBytes} bytes of data, expected ${r.read} × ${o.recordBytes}`);
  }
  return { ...w, ...r, problems };
}

async function waitActive(client: KinesisClient, streamName: string, timeoutMs = 30_000): Promise<void> {
  const until = now() + timeoutMs;
  for (;;) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    if (now() > until) throw new Error(`stream ${streamName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function writePhase(client: KinesisClient, o: WorkloadOptions, payloads: Uint8Array[]) {
  let written = 0;
  let failed = 0;
  let putCalls = 0;
  const start = now();
  const deadline = start + o.seconds * 1000;
  const worker = async (): Promise<void> => {
    while (now() < deadline) {
      const Records: PutRecordsRequestEntry[] = new Array(o.batchSize);
      for (let i = 0; i < o.batchSize; i++) {
        Records[i] = { Data: payloads[i % payloads.length], PartitionKey: randomKey() };
      }
      const res = await client.send(new PutRecordsCommand({ StreamName: o.streamName, Records }));
      const bad = res.FailedRecordCount ?? 0;
      written += Records.length - bad;
      failed += bad;
      putCalls++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { written, failed, putCalls, writeSeconds: (now() - start) / 1000 };
}

async function readPhase(client: KinesisClient, o: WorkloadOptions) {
  const listed = await client.send(new ListShardsCommand({ StreamName: o.streamName }));
  const shardIds = (listed.Shards ?? []).map((s) => s.ShardId ?? '');
  let read = 0;
  let readBytes = 0;
  let getCalls = 0;
  const start = now();
  const readShard = async (ShardId: string): Promise<void> => {
    const it = await client.send(new GetShardIteratorCommand({ StreamName: o.streamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    let iterator = it.ShardIterator;
    // An empty page that is still behind the tip can happen; bound those so a bug cannot spin forever.
    for (let emptyBehind = 0; iterator !== undefined && emptyBehind < 1000; ) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      getCalls++;
      const records = page.Records ?? [];
      read += records.length;
      for (const rec of records) readBytes += rec.Data?.byteLength ?? 0;
      if (records.length === 0) {
        if ((page.MillisBehindLatest ?? 0) === 0) break;
        emptyBehind++;
      }
      iterator = page.NextShardIterator;
    }
  };
  const queue = [...shardIds];
  const reader = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) await readShard(id);
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, shardIds.length) }, reader));
  return { read, readBytes, getCalls, readSeconds: (now() - start) / 1000 };
}
