/**
 * The real-time run: `shards` shards with their limits ON, the clock at 1×, and a producer in the
 * page that feeds every shard at its full write limit (1,000 records/s) for `seconds` — the
 * heaviest load a stream of that size accepts — while the main thread keeps drawing the app.
 *
 * Producer: every `tickMs` of VIRTUAL time (read from `shardlab.clock.now()`, polled every
 * 10 ms real), `perShardPerTick` records of `recordBytes` per shard, each aimed at its shard with
 * ExplicitHashKey = the shard's StartingHashKey (from ListShards), sent as PutRecords of
 * `shardsPerCall` shards each (not awaited: calls overlap as a real producer's would). Ticks that
 * fell due while the main thread was busy are all sent (virtual time is the schedule).
 *
 * Once a second (real), a sample: `shardlab.status()` (targetSpeed, actualSpeed, backlog), virtual
 * time advanced, records accepted / throttled / failed, PutRecords in flight, and the number of
 * requestAnimationFrame callbacks on the main thread in that second (= frames per second).
 *
 * `runRealtime` runs in the page (passed to `page.evaluate`: self-contained).
 */
import type {} from '../../src/broker/windowApi.js';

export interface RealtimeOptions {
  readonly streamName: string;
  readonly shards: number;
  readonly seconds: number;
  readonly tickMs: number;
  readonly perShardPerTick: number;
  readonly recordBytes: number;
  readonly shardsPerCall: number;
}

export interface RealtimeSample {
  /** Real seconds since the producer started. */
  readonly t: number;
  readonly targetSpeed: number;
  readonly actualSpeed: number;
  readonly backlog: number;
  /** Virtual ms advanced per real ms over this second. */
  readonly virtualPerReal: number;
  readonly accepted: number;
  readonly throttled: number;
  readonly failed: number;
  readonly inFlight: number;
  /** requestAnimationFrame callbacks in this second, scaled to exactly one second. */
  readonly fps: number;
  /** The longest gap between two frames in this second, ms. */
  readonly maxFrameGapMs: number;
  /** The main thread's JS heap in use, MB (Chromium's `performance.memory`; NaN elsewhere). */
  readonly heapMB: number;
}

export interface RealtimeResult {
  readonly samples: readonly RealtimeSample[];
  /** Over the whole run (real time, from the first send until the producer stopped). */
  readonly seconds: number;
  readonly virtualSeconds: number;
  readonly sent: number;
  readonly accepted: number;
  readonly throttled: number;
  readonly failed: number;
  readonly putCalls: number;
  readonly maxInFlight: number;
  /** After stopping: ms until every call in flight had answered. */
  readonly drainMs: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly workerRestarts: number;
}

export async function runRealtime(o: RealtimeOptions): Promise<RealtimeResult> {
  const sl = window.shardlab;
  if (!sl) throw new Error('window.shardlab is missing');
  const { CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand, PutRecordsCommand } = sl.sdk;
  const kinesis = sl.kinesis;
  const now = (): number => performance.now();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const errors: Record<string, number> = {};
  const noteError = (e: unknown): void => {
    const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    errors[m] = (errors[m] ?? 0) + 1;
  };

  if (sl.clock.paused) sl.clock.resume();
  sl.clock.speed(1);
  await kinesis.send(new CreateStreamCommand({ StreamName: o.streamName, ShardCount: o.shards }));
  for (const until = now() + 30_000; ; await sleep(20)) {
    const d = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: o.streamName }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
    if (now() > until) throw new Error(`stream ${o.streamName} not ACTIVE after 30 s`);
  }
  const listed = await kinesis.send(new ListShardsCommand({ StreamName: o.streamName }));
  const hashKeys = (listed.Shards ?? []).map((s) => s.HashKeyRange?.StartingHashKey ?? '0');
  if (hashKeys.length !== o.shards) throw new Error(`ListShards returned ${hashKeys.length} shards, expected ${o.shards}`);

  // Distinct random payloads, made once.
  const payloads = Array.from({ length: o.perShardPerTick }, () => crypto.getRandomValues(new Uint8Array(o.recordBytes)));
  const calls: { ExplicitHashKey: string; PartitionKey: string; Data: Uint8Array }[][] = [];
  for (let first = 0; first < o.shards; first += o.shardsPerCall) {
    const records = [];
    for (let s = first; s < Math.min(o.shards, first + o.shardsPerCall); s++) {
      for (let i = 0; i < o.perShardPerTick; i++) {
        records.push({ ExplicitHashKey: hashKeys[s]!, PartitionKey: `s${s}-${i}`, Data: payloads[i]! });
      }
    }
    calls.push(records);
  }

  // Frames on the main thread.
  let frames = 0, lastFrame = now(), maxGap = 0, counting = true;
  const onFrame = (t: number): void => {
    frames++;
    maxGap = Math.max(maxGap, t - lastFrame);
    lastFrame = t;
    if (counting) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  let sent = 0, accepted = 0, throttled = 0, failed = 0, putCalls = 0, inFlight = 0, maxInFlight = 0;
  const send = (Records: (typeof calls)[number]): void => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    putCalls++;
    sent += Records.length;
    kinesis.send(new PutRecordsCommand({ StreamName: o.streamName, Records })).then(
      (res) => {
        for (const r of res.Records ?? []) {
          if (r.ErrorCode === undefined) accepted++;
          else if (r.ErrorCode === 'ProvisionedThroughputExceededException') throttled++;
          else { failed++; noteError(new Error(`${r.ErrorCode}: ${r.ErrorMessage ?? ''}`)); }
        }
      },
      (e: unknown) => { failed += Records.length; noteError(e); },
    ).finally(() => { inFlight--; });
  };

  const realStart = now();
  const virtualStart = sl.clock.now();
  let nextTick = virtualStart;
  const pump = (): void => {
    const v = sl.clock.now();
    while (nextTick <= v) {
      for (const c of calls) send(c);
      nextTick += o.tickMs;
    }
  };
  pump();
  const producer = setInterval(pump, 10);

  const samples: RealtimeSample[] = [];
  let last = { real: realStart, virtual: virtualStart, accepted: 0, throttled: 0, failed: 0 };
  frames = 0; maxGap = 0;
  await new Promise<void>((resolve) => {
    const sampler = setInterval(() => {
      const real = now();
      const virtual = sl.clock.now();
      const st = sl.status();
      const dt = real - last.real;
      samples.push({
        t: (real - realStart) / 1000,
        targetSpeed: st.targetSpeed,
        actualSpeed: st.actualSpeed,
        backlog: st.backlog,
        virtualPerReal: (virtual - last.virtual) / dt,
        accepted: accepted - last.accepted,
        throttled: throttled - last.throttled,
        failed: failed - last.failed,
        inFlight,
        fps: (frames * 1000) / dt,
        maxFrameGapMs: maxGap,
        heapMB: ((performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN) / 2 ** 20,
      });
      frames = 0; maxGap = 0;
      last = { real, virtual, accepted, throttled, failed };
      if (real - realStart >= o.seconds * 1000) { clearInterval(sampler); resolve(); }
    }, 1000);
  });
  clearInterval(producer);
  const seconds = (now() - realStart) / 1000;
  const virtualSeconds = (sl.clock.now() - virtualStart) / 1000;
  const stopped = now();
  for (const until = stopped + 30_000; inFlight > 0 && now() < until; ) await sleep(10);
  const drainMs = now() - stopped;
  counting = false;
  return {
    samples, seconds, virtualSeconds, sent, accepted, throttled, failed, putCalls, maxInFlight, drainMs, errors,
    workerRestarts: sl.status().workerRestarts,
  };
}
