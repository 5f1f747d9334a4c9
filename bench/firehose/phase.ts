/**
 * One phase of the Firehose bench, in the page, through `window.shardlab` only: a DirectPut
 * delivery stream (ExtendedS3 into bucket `bucket`, prefix `<name>/`), optionally with a Lambda
 * transform, fed by producers in the page for `seconds`, then drained and checked record by record.
 *
 * The phase is three `page.evaluate` calls, so that the bench can read the browser's CPU time
 * around the part it measures:
 *
 * 1. `startFirehosePhase` — creates the delivery stream, waits for ACTIVE, then `concurrency`
 *    producers each send PutRecordBatch of `batchSize` records (a FirehoseClient with
 *    `maxAttempts: 1`, so a failed call shows instead of being retried — a retried put that had
 *    been applied would deliver its records twice) until `seconds` have passed; resolves once
 *    every call answered. Every record is `recordBytes` of lower-case ASCII with its own number
 *    in front (`r0000000042abcdef…\n`), so the S3 objects can be checked one record at a time.
 * 2. `drainFirehosePhase` — waits until every acknowledged record was delivered (by the
 *    `delivered` events), the buffers are empty and nothing is retrying, then `quietMs` more
 *    (real ms: at 100× that is 100 virtual seconds of buffer intervals) for a late duplicate.
 * 3. `verifyFirehosePhase` — reads every object under the prefix back through the S3 client:
 *    each acknowledged record exactly once, nothing that was not acknowledged, each record's
 *    bytes as sent (upper-cased when the transform ran). Then deletes the objects and the
 *    delivery stream, so the next phase starts from an empty S3.
 *
 * The functions run in the page (passed to `page.evaluate`: self-contained); the state between
 * the three calls lives on `window.__firehoseBench`.
 */
import type {} from '../../src/broker/windowApi.js';

export interface PhaseOptions {
  /** Delivery stream name, and the S3 prefix `<name>/`. */
  readonly name: string;
  readonly bucket: string;
  /** Lambda function name (already defined with `shardlab.lambda.define`), or none: no transform. */
  readonly lambda?: string;
  /** Lambda buffer (ProcessingConfiguration BufferSizeInMBs / BufferIntervalInSeconds). */
  readonly lambdaBufferMBs: number;
  readonly lambdaBufferSeconds: number;
  readonly seconds: number;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly recordBytes: number;
  /** ExtendedS3 BufferingHints. */
  readonly sizeInMBs: number;
  readonly intervalInSeconds: number;
  /** Target speed of the virtual clock during the phase. */
  readonly speed: number;
  /** Real ms to wait for the last deliveries before giving up. */
  readonly drainTimeoutMs: number;
  /** Real ms to go on watching after everything was delivered (duplicates). */
  readonly quietMs: number;
}

export interface ProduceResult {
  /** Real seconds from the first send until the last call answered. */
  readonly seconds: number;
  readonly sent: number;
  readonly acked: number;
  readonly ackedBytes: number;
  /** Records answered ServiceUnavailableException "Slow down." (the Direct PUT quota). */
  readonly throttled: number;
  /** Records answered with another ErrorCode. */
  readonly failedRecords: number;
  /** Records of calls that threw (applied or not: unknown). */
  readonly unknownRecords: number;
  readonly calls: number;
  readonly medianCallMs: number;
  readonly maxCallMs: number;
  /** Records delivered to S3 (delivered events) while the producers ran. */
  readonly deliveredInWindow: number;
  /** Records acknowledged but not yet delivered when the last call answered. */
  readonly outstandingAtStop: number;
  /** Over 250 ms samples while producing: the clock's actual speed, the broker's backlog. */
  readonly minActualSpeed: number;
  readonly medianActualSpeed: number;
  readonly maxBacklog: number;
  /** Most records the delivery stream's buffers held (its worker's last report) at a sample. */
  readonly maxBuffered: number;
  readonly errors: Readonly<Record<string, number>>;
}

export interface DrainResult {
  readonly drained: boolean;
  /** Real ms from the last answered put until every acknowledged record was delivered. */
  readonly drainMs: number;
  /** Real seconds from the first send until the last acknowledged record was delivered. */
  readonly endToEndSeconds: number;
  readonly delivered: number;
  readonly deliveredBytes: number;
  readonly objects: number;
  readonly objectBytes: number;
  readonly errorOutputRecords: number;
  readonly deliveryFailures: Readonly<Record<string, number>>;
  /** Transform: invocations (each attempt), failed ones, their real duration (median, max). */
  readonly invocations: number;
  readonly failedInvocations: number;
  readonly medianInvocationMs: number;
  readonly maxInvocationMs: number;
  /** Transform: records the `transformed` events reported Ok / Dropped / ProcessingFailed. */
  readonly transformedOk: number;
  readonly transformedDropped: number;
  readonly transformedFailed: number;
  /** What `deliveryStreams()` said at the end. */
  readonly bufferedAtEnd: number;
  readonly retryingAtEnd: number;
  /** Failed Lambda invocations, by message. */
  readonly lambdaErrors: Readonly<Record<string, number>>;
}

export interface VerifyResult {
  readonly objects: number;
  readonly recordsInS3: number;
  readonly bytesInS3: number;
  /** Acknowledged records found exactly once. */
  readonly exactlyOnce: number;
  /** Acknowledged records not found. */
  readonly missing: number;
  /** Extra copies of records (found more than once). */
  readonly duplicates: number;
  /** Records found that were throttled or failed (never acknowledged). */
  readonly unacknowledged: number;
  /** Records whose bytes differ from what was sent (after the transform, if any). */
  readonly wrongContent: number;
  /** Objects whose size is not a whole number of records, or with unreadable ids. */
  readonly malformed: number;
  readonly firstProblems: readonly string[];
}

interface BenchState {
  drain(): Promise<DrainResult>;
  verify(): Promise<VerifyResult>;
}

declare global {
  interface Window {
    __firehoseBench?: BenchState;
  }
}

export async function startFirehosePhase(o: PhaseOptions): Promise<ProduceResult> {
  const sl = window.shardlab;
  if (!sl) throw new Error('window.shardlab is missing');
  const fh = sl.firehoseSdk;
  const now = (): number => performance.now();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const median = (xs: number[]): number => {
    if (xs.length === 0) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const errors: Record<string, number> = {};
  const noteError = (m: string): void => { errors[m] = (errors[m] ?? 0) + 1; };

  if (sl.clock.paused) sl.clock.resume();
  sl.clock.speed(o.speed);
  const lambdaArn = o.lambda && sl.lambda ? sl.lambda.arnOf(o.lambda) : undefined;
  if (o.lambda && !lambdaArn) throw new Error('shardlab.lambda is missing: no sandbox for the transform');
  await sl.firehose.send(new fh.CreateDeliveryStreamCommand({
    DeliveryStreamName: o.name,
    DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: 'arn:aws:iam::123456789012:role/firehose-bench',
      BucketARN: `arn:aws:s3:::${o.bucket}`,
      Prefix: `${o.name}/`,
      ErrorOutputPrefix: `${o.name}-errors/`,
      BufferingHints: { SizeInMBs: o.sizeInMBs, IntervalInSeconds: o.intervalInSeconds },
      CompressionFormat: 'UNCOMPRESSED',
      ...(lambdaArn ? {
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{
            Type: 'Lambda',
            Parameters: [
              { ParameterName: 'LambdaArn', ParameterValue: lambdaArn },
              { ParameterName: 'BufferSizeInMBs', ParameterValue: String(o.lambdaBufferMBs) },
              { ParameterName: 'BufferIntervalInSeconds', ParameterValue: String(o.lambdaBufferSeconds) },
            ],
          }],
        },
      } : {}),
    },
  }));
  for (const until = now() + 30_000; ; await sleep(20)) {
    const d = await sl.firehose.send(new fh.DescribeDeliveryStreamCommand({ DeliveryStreamName: o.name }));
    if (d.DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE') break;
    if (now() > until) throw new Error(`delivery stream ${o.name} not ACTIVE after 30 s`);
  }

  // Everything the delivery stream reports, from now on.
  const seen = {
    delivered: 0, deliveredBytes: 0, objects: 0, objectBytes: 0, lastDeliveredAt: 0,
    errorOutputRecords: 0, transformedOk: 0, transformedDropped: 0, transformedFailed: 0,
  };
  const deliveryFailures: Record<string, number> = {};
  const stopObserving = sl.observeFirehose((e) => {
    if (e.deliveryStream !== o.name) return;
    switch (e.type) {
      case 'delivered':
        seen.delivered += e.records;
        seen.deliveredBytes += e.bytes;
        seen.objects++;
        seen.objectBytes += e.objectBytes;
        seen.lastDeliveredAt = now();
        break;
      case 'errorOutput': seen.errorOutputRecords += e.records; break;
      case 'transformed':
        seen.transformedOk += e.ok;
        seen.transformedDropped += e.dropped;
        seen.transformedFailed += e.failed;
        break;
      case 'deliveryFailed': {
        const m = `${e.errorCode}: ${e.errorMessage}`;
        deliveryFailures[m] = (deliveryFailures[m] ?? 0) + 1;
        break;
      }
      case 'incoming': break;
    }
  });
  const invocations: { ms: number; ok: boolean; error?: string }[] = [];
  const stopInvokes = o.lambda && sl.lambda
    ? sl.lambda.onInvoke((r) => { if (r.name === o.lambda) invocations.push({ ms: r.durationMs, ok: r.ok, ...(r.ok ? {} : { error: `${r.errorCode}: ${r.errorMessage}` }) }); })
    : () => undefined;

  // The producers' client: the page's own requestHandler, one attempt per call.
  const client = new fh.FirehoseClient({
    region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1,
    requestHandler: sl.firehose.config.requestHandler as never,
  });
  // One record: 'r' + 10 digits + lower-case filler + '\n'. Numbers are per phase, from 0.
  const ID_DIGITS = 10;
  const template = new Uint8Array(o.recordBytes);
  for (let i = 0; i < o.recordBytes; i++) template[i] = 0x61 + (i % 26);
  template[o.recordBytes - 1] = 0x0a;
  template[0] = 0x72; // 'r'
  // Per record: 0 not sent, 1 acknowledged, 2 throttled or failed, 3 unknown (the call threw).
  let status = new Uint8Array(1 << 20);
  let nextId = 0;
  const makeRecord = (id: number): Uint8Array => {
    const r = template.slice();
    let n = id;
    for (let d = ID_DIGITS; d >= 1; d--) { r[d] = 0x30 + (n % 10); n = Math.floor(n / 10); }
    return r;
  };

  let sent = 0, acked = 0, ackedBytes = 0, throttled = 0, failedRecords = 0, unknownRecords = 0, calls = 0;
  const callMs: number[] = [];
  const samples: { speed: number; backlog: number; buffered: number }[] = [];
  const t0 = now();
  const until = t0 + o.seconds * 1000;
  const sampler = setInterval(() => {
    const st = sl.status();
    const ds = sl.deliveryStreams().find((d) => d.name === o.name);
    samples.push({ speed: st.actualSpeed, backlog: st.backlog, buffered: ds?.buffered.records ?? 0 });
  }, 250);
  const deliveredAtStart = seen.delivered;
  const producer = async (): Promise<void> => {
    while (now() < until) {
      const first = nextId;
      nextId += o.batchSize;
      if (nextId > status.length) { const s = new Uint8Array(status.length * 2); s.set(status); status = s; }
      const Records = Array.from({ length: o.batchSize }, (_, i) => ({ Data: makeRecord(first + i) }));
      sent += o.batchSize;
      calls++;
      const started = now();
      try {
        const out = await client.send(new fh.PutRecordBatchCommand({ DeliveryStreamName: o.name, Records }));
        callMs.push(now() - started);
        const responses = out.RequestResponses ?? [];
        if (responses.length !== o.batchSize) noteError(`PutRecordBatch answered ${responses.length} RequestResponses for ${o.batchSize} records`);
        for (let i = 0; i < o.batchSize; i++) {
          const r = responses[i];
          if (r?.RecordId !== undefined && r.ErrorCode === undefined) { status[first + i] = 1; acked++; ackedBytes += o.recordBytes; }
          else if (r?.ErrorCode === 'ServiceUnavailableException') { status[first + i] = 2; throttled++; }
          else { status[first + i] = 2; failedRecords++; noteError(`record ${r?.ErrorCode ?? 'without answer'}: ${r?.ErrorMessage ?? ''}`); }
        }
      } catch (e) {
        callMs.push(now() - started);
        for (let i = 0; i < o.batchSize; i++) status[first + i] = 3;
        unknownRecords += o.batchSize;
        noteError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, producer));
  const tStop = now();
  clearInterval(sampler);
  const deliveredInWindow = seen.delivered - deliveredAtStart;
  const outstandingAtStop = acked - seen.delivered;
  const speeds = samples.map((s) => s.speed);

  const drain = async (): Promise<DrainResult> => {
    const stats = () => sl.deliveryStreams().find((d) => d.name === o.name);
    let drained = false;
    let drainedAt = tStop;
    for (const limit = now() + o.drainTimeoutMs; now() < limit; await sleep(20)) {
      const ds = stats();
      if (seen.delivered + seen.errorOutputRecords >= acked && (ds?.buffered.records ?? 0) === 0 && (ds?.retrying ?? 0) === 0) {
        drained = true;
        drainedAt = Math.max(tStop, seen.lastDeliveredAt);
        break;
      }
    }
    await sleep(o.quietMs);
    stopObserving();
    stopInvokes();
    const ds = stats();
    const ms = invocations.map((i) => i.ms);
    const lambdaErrors: Record<string, number> = {};
    for (const i of invocations) if (!i.ok) lambdaErrors[i.error ?? '?'] = (lambdaErrors[i.error ?? '?'] ?? 0) + 1;
    return {
      drained, drainMs: drainedAt - tStop, endToEndSeconds: (drainedAt - t0) / 1000,
      delivered: seen.delivered, deliveredBytes: seen.deliveredBytes, objects: seen.objects, objectBytes: seen.objectBytes,
      errorOutputRecords: seen.errorOutputRecords, deliveryFailures,
      invocations: invocations.length, failedInvocations: invocations.filter((i) => !i.ok).length,
      medianInvocationMs: median(ms), maxInvocationMs: ms.length ? Math.max(...ms) : NaN,
      transformedOk: seen.transformedOk, transformedDropped: seen.transformedDropped, transformedFailed: seen.transformedFailed,
      bufferedAtEnd: ds?.buffered.records ?? 0, retryingAtEnd: ds?.retrying ?? 0, lambdaErrors,
    };
  };

  const verify = async (): Promise<VerifyResult> => {
    const s3 = sl.s3, S3 = sl.s3Sdk;
    const count = new Uint8Array(nextId);
    const problems: string[] = [];
    const problem = (p: string): void => { if (problems.length < 10) problems.push(p); };
    const upper = o.lambda !== undefined;
    const expected = template.slice();
    if (upper) for (let i = 0; i < expected.length; i++) if (expected[i]! >= 0x61 && expected[i]! <= 0x7a) expected[i] = expected[i]! - 32;
    let objects = 0, recordsInS3 = 0, bytesInS3 = 0, wrongContent = 0, malformed = 0, unacknowledged = 0, duplicates = 0;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new S3.ListObjectsV2Command({ Bucket: o.bucket, Prefix: `${o.name}/`, ...(token ? { ContinuationToken: token } : {}) }));
      for (const c of page.Contents ?? []) if (c.Key) keys.push(c.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    for (const key of keys) {
      const got = await s3.send(new S3.GetObjectCommand({ Bucket: o.bucket, Key: key }));
      const body = await got.Body!.transformToByteArray();
      objects++;
      bytesInS3 += body.length;
      if (body.length % o.recordBytes !== 0) { malformed++; problem(`${key}: ${body.length} bytes, not a whole number of ${o.recordBytes}-byte records`); }
      for (let at = 0; at + o.recordBytes <= body.length; at += o.recordBytes) {
        recordsInS3++;
        let id = 0, idOk = body[at] === expected[0];
        for (let d = 1; d <= ID_DIGITS; d++) {
          const c = body[at + d]!;
          if (c < 0x30 || c > 0x39) idOk = false;
          id = id * 10 + (c - 0x30);
        }
        if (!idOk || id >= nextId) { malformed++; problem(`${key} @${at}: no record id`); continue; }
        for (let i = ID_DIGITS + 1; i < o.recordBytes; i++) {
          if (body[at + i] !== expected[i]) { wrongContent++; problem(`record ${id} in ${key}: byte ${i} is ${body[at + i]}, expected ${expected[i]}`); break; }
        }
        const c = count[id]!;
        if (c === 0 && status[id] === 2) { unacknowledged++; problem(`record ${id} was not acknowledged, yet is in ${key}`); }
        if (c >= 1) { duplicates++; problem(`record ${id} again in ${key}`); }
        count[id] = Math.min(255, c + 1);
      }
    }
    let exactlyOnce = 0, missing = 0;
    for (let id = 0; id < nextId; id++) {
      if (status[id] !== 1) continue;
      if (count[id] === 1) exactlyOnce++;
      else if (count[id] === 0) { missing++; problem(`record ${id} acknowledged, not in S3`); }
    }
    // Clean up: the next phase starts with an empty bucket and one delivery stream fewer.
    for (let i = 0; i < keys.length; i += 1000) {
      await s3.send(new S3.DeleteObjectsCommand({ Bucket: o.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    }
    await sl.firehose.send(new fh.DeleteDeliveryStreamCommand({ DeliveryStreamName: o.name }));
    return { objects, recordsInS3, bytesInS3, exactlyOnce, missing, duplicates, unacknowledged, wrongContent, malformed, firstProblems: problems };
  };
  window.__firehoseBench = { drain, verify };

  return {
    seconds: (tStop - t0) / 1000, sent, acked, ackedBytes, throttled, failedRecords, unknownRecords, calls,
    medianCallMs: median(callMs), maxCallMs: callMs.length ? Math.max(...callMs) : NaN,
    deliveredInWindow, outstandingAtStop,
    minActualSpeed: speeds.length ? Math.min(...speeds) : NaN, medianActualSpeed: median(speeds),
    maxBacklog: samples.length ? Math.max(...samples.map((s) => s.backlog)) : 0,
    maxBuffered: samples.length ? Math.max(...samples.map((s) => s.buffered)) : 0,
    errors,
  };
}

export function drainFirehosePhase(): Promise<DrainResult> {
  const b = window.__firehoseBench;
  if (!b) throw new Error('no Firehose bench phase is running');
  return b.drain();
}

export async function verifyFirehosePhase(): Promise<VerifyResult> {
  const b = window.__firehoseBench;
  if (!b) throw new Error('no Firehose bench phase is running');
  try {
    return await b.verify();
  } finally {
    window.__firehoseBench = undefined;
  }
}

/** The transform: every record Ok, its data upper-cased (the usual Node.js blueprint's shape). */
export const UPPERCASE_LAMBDA = `export const handler = async (event) => ({
  records: event.records.map((record) => ({
    recordId: record.recordId,
    result: 'Ok',
    data: Buffer.from(Buffer.from(record.data, 'base64').toString('utf8').toUpperCase(), 'utf8').toString('base64'),
  })),
});
`;
