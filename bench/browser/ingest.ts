/**
 * Durable ingest through the app: the page's own `window.shardlab.kinesis` (a real KinesisClient
 * whose requestHandler is the broker), shard workers, IndexedDB group commit — everything a
 * producer in the page goes through.
 *
 * CreateStream, wait ACTIVE, tag `shardlab:limits` = `off` (per-shard limits lifted), then
 * PutRecords of `batchSize` × `recordBytes` (random partition keys) with `concurrency` calls in
 * flight for `seconds`. Accepted = sent − FailedRecordCount. The stream is deleted afterwards.
 *
 * `runIngest` runs in the page (passed to `page.evaluate`: self-contained).
 */
import type {} from '../../src/broker/windowApi.js';

export interface IngestOptions {
  readonly streamName: string;
  readonly shards: number;
  readonly seconds: number;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly recordBytes: number;
  /**
   * How the producer calls: 'wire' sends ready-made AWS JSON 1.1 PutRecords requests (fresh
   * partition keys each call) straight to the requestHandler — what the service side costs, as
   * when an HTTP client on another machine calls AWS; 'sdk' goes through the page's KinesisClient,
   * whose serialising, base64 and SigV4 signing then share the main thread with the broker.
   */
  readonly client: 'wire' | 'sdk';
}

export interface IngestResult {
  readonly accepted: number;
  readonly failed: number;
  readonly putCalls: number;
  readonly seconds: number;
  /** Median and worst PutRecords round trip, ms. */
  readonly medianCallMs: number;
  readonly maxCallMs: number;
  /** The broker's backlog (calls waiting on shard workers), sampled every 100 ms: max. */
  readonly maxBacklog: number;
  /** Error messages of calls that threw (each counted once per message). */
  readonly errors: Readonly<Record<string, number>>;
}

export async function runIngest(o: IngestOptions): Promise<IngestResult> {
  const sl = window.shardlab;
  if (!sl) throw new Error('window.shardlab is missing');
  const { CreateStreamCommand, DescribeStreamSummaryCommand, AddTagsToStreamCommand, PutRecordsCommand, DeleteStreamCommand } = sl.sdk;
  const kinesis = sl.kinesis;
  const now = (): number => performance.now();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  await kinesis.send(new CreateStreamCommand({ StreamName: o.streamName, ShardCount: o.shards }));
  for (const until = now() + 30_000; ; await sleep(20)) {
    const d = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: o.streamName }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
    if (now() > until) throw new Error(`stream ${o.streamName} not ACTIVE after 30 s`);
  }
  await kinesis.send(new AddTagsToStreamCommand({ StreamName: o.streamName, Tags: { 'shardlab:limits': 'off' } }));

  // Distinct random payloads, made once: making data is not part of what is timed.
  const payloads = Array.from({ length: o.batchSize }, () => crypto.getRandomValues(new Uint8Array(o.recordBytes)));
  const randomKey = (): string => Math.random().toString(36).slice(2, 14);

  // The wire producer's request: the records' data as base64 once, partition keys fresh per call.
  type Handler = { handle(req: unknown): Promise<{ response: { statusCode: number; body: Uint8Array } }> };
  const handler = kinesis.config.requestHandler as unknown as Handler;
  const data64 = payloads.map((p) => { let s = ''; for (const b of p) s += String.fromCharCode(b); return btoa(s); });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  // The body is assembled as bytes from pre-encoded pieces (Chromium's TextEncoder on a big
  // concatenated string costs more than the broker's whole handling of the call).
  const head = encoder.encode(`{"StreamName":${JSON.stringify(o.streamName)},"Records":[`);
  const recordHeads = data64.map((d, i) => encoder.encode(`${i ? ',' : ''}{"Data":"${d}","PartitionKey":"`));
  const recordTail = encoder.encode('"}');
  const tail = encoder.encode(']}');
  const bodySize = head.length + tail.length + recordHeads.reduce((n, h) => n + h.length + recordTail.length + 16, 0);
  const wirePut = async (): Promise<number> => {
    const body = new Uint8Array(bodySize);
    body.set(head, 0);
    let at = head.length;
    for (let i = 0; i < o.batchSize; i++) {
      body.set(recordHeads[i]!, at);
      at += recordHeads[i]!.length;
      const key = randomKey(); // ASCII
      for (let k = 0; k < key.length; k++) body[at++] = key.charCodeAt(k);
      body.set(recordTail, at);
      at += recordTail.length;
    }
    body.set(tail, at);
    at += tail.length;
    const { response } = await handler.handle({
      method: 'POST', protocol: 'https:', hostname: 'kinesis.us-east-1.amazonaws.com', path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecords' },
      body: body.subarray(0, at),
    });
    const json = JSON.parse(decoder.decode(response.body)) as { FailedRecordCount?: number; __type?: string; message?: string };
    if (response.statusCode !== 200) throw new Error(`${json.__type ?? response.statusCode}: ${json.message ?? ''}`);
    return json.FailedRecordCount ?? 0;
  };
  const sdkPut = async (): Promise<number> => {
    const Records = new Array(o.batchSize);
    for (let i = 0; i < o.batchSize; i++) Records[i] = { Data: payloads[i], PartitionKey: randomKey() };
    const res = await kinesis.send(new PutRecordsCommand({ StreamName: o.streamName, Records }));
    return res.FailedRecordCount ?? 0;
  };
  const putOnce = o.client === 'wire' ? wirePut : sdkPut;

  let accepted = 0, failed = 0, putCalls = 0, maxBacklog = 0;
  const callMs: number[] = [];
  const errors: Record<string, number> = {};
  const sampler = setInterval(() => { maxBacklog = Math.max(maxBacklog, sl.status().backlog); }, 100);
  console.timeStamp('bench:write-start'); // marks for bench/browser/profile.ts's trace
  const start = now();
  const deadline = start + o.seconds * 1000;
  const producer = async (): Promise<void> => {
    while (now() < deadline) {
      const t0 = now();
      try {
        const bad = await putOnce();
        accepted += o.batchSize - bad;
        failed += bad;
      } catch (e) {
        const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        errors[m] = (errors[m] ?? 0) + 1;
        failed += o.batchSize;
        await sleep(10);
      }
      callMs.push(now() - t0);
      putCalls++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, producer));
  const seconds = (now() - start) / 1000;
  console.timeStamp('bench:write-end');
  clearInterval(sampler);

  // Delete the stream and wait until it is gone, so that its workers are not busy in what follows.
  try {
    await kinesis.send(new DeleteStreamCommand({ StreamName: o.streamName }));
    for (const until = now() + 10_000; now() < until; await sleep(50)) {
      const gone = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: o.streamName })).then(
        () => false,
        (e: unknown) => e instanceof Error && e.name === 'ResourceNotFoundException',
      );
      if (gone) break;
    }
  } catch (e) {
    const m = `DeleteStream: ${e instanceof Error ? e.message : String(e)}`;
    errors[m] = (errors[m] ?? 0) + 1;
  }
  callMs.sort((a, b) => a - b);
  return {
    accepted, failed, putCalls, seconds,
    medianCallMs: callMs[callMs.length >> 1] ?? NaN, maxCallMs: callMs[callMs.length - 1] ?? NaN,
    maxBacklog, errors,
  };
}

export interface SdkOnlyResult {
  readonly records: number;
  readonly putCalls: number;
  readonly seconds: number;
}

/**
 * The same producer loop with the same SDK, in the same page, but against a stub request handler
 * that answers every PutRecords at once with a canned success: what the SDK client alone costs
 * on the main thread (serialising, base64, SigV4 signing, parsing the answer) — the most any
 * broker could reach while the producer's SDK shares the main thread with it.
 */
export async function runSdkOnly(o: IngestOptions): Promise<SdkOnlyResult> {
  const sl = window.shardlab;
  if (!sl) throw new Error('window.shardlab is missing');
  const { KinesisClient, PutRecordsCommand } = sl.sdk;
  const now = (): number => performance.now();
  const answer = new TextEncoder().encode(JSON.stringify({
    FailedRecordCount: 0,
    EncryptionType: 'NONE',
    Records: Array.from({ length: o.batchSize }, (_, i) => ({
      SequenceNumber: `4963${String(i).padStart(52, '0')}`,
      ShardId: `shardId-${String(i % o.shards).padStart(12, '0')}`,
    })),
  }));
  const client = new KinesisClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'shardlab', secretAccessKey: 'shardlab' },
    maxAttempts: 1,
    requestHandler: {
      metadata: { handlerProtocol: 'h1' },
      handle: async () => ({
        response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' }, body: answer.slice() },
      }),
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    } as unknown as NonNullable<ConstructorParameters<typeof KinesisClient>[0]>['requestHandler'],
  });
  const payloads = Array.from({ length: o.batchSize }, () => crypto.getRandomValues(new Uint8Array(o.recordBytes)));
  const randomKey = (): string => Math.random().toString(36).slice(2, 14);
  let records = 0, putCalls = 0;
  const start = now();
  const deadline = start + o.seconds * 1000;
  const producer = async (): Promise<void> => {
    while (now() < deadline) {
      const Records = new Array(o.batchSize);
      for (let i = 0; i < o.batchSize; i++) Records[i] = { Data: payloads[i], PartitionKey: randomKey() };
      const res = await client.send(new PutRecordsCommand({ StreamName: o.streamName, Records }));
      records += o.batchSize - (res.FailedRecordCount ?? 0);
      putCalls++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, producer));
  const seconds = (now() - start) / 1000;
  client.destroy();
  return { records, putCalls, seconds };
}
