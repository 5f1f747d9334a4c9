/**
 * EFO bench: what each consumer receives from one shard written at its full 1,000 records/s of
 * 1 KiB (≈ 1 MiB/s), with 3 shared-throughput consumers polling GetRecords (2 MiB/s and 5 calls/s
 * per shard *shared*) against 3 enhanced fan-out consumers on SubscribeToShard (2 MiB/s per
 * shard *each*), in one run, through the real AWS SDK on Shardlab's virtual clock (manual, 100 ms
 * steps — the figures are the simulation's behaviour, so they are the same on every machine).
 *
 * Prints, per kind, the median records/s delivered per consumer and the median and worst final
 * MillisBehindLatest (iterator age), and the ratio EFO / polling.
 *
 *   npm run bench:efo                 60 virtual seconds
 *   BENCH_SECONDS=20 npm run bench:efo
 */
import {
  CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand,
  RegisterStreamConsumerCommand, SubscribeToShardCommand, type SubscribeToShardCommandOutput, type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';
import { createSimulation } from '../src/index.js';
import { writeResults } from './results.js';
import { fmtInt, median, table } from './browser/report.js';

const seconds = Number(process.env.BENCH_SECONDS) || 60;
const CONSUMERS = 3;
const STEP_MS = 100;
const PER_STEP = 100; // records per 100 ms = 1,000 records/s, the shard's write limit
const RECORD = new Uint8Array(1024 - 8); // 1 KiB with the partition key

async function main(): Promise<void> {
  const sim = createSimulation({ clock: 'manual', start: Date.UTC(2026, 0, 1) });
  const client = new KinesisClient({ region: sim.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: sim.requestHandler, maxAttempts: 1 });
  await client.send(new CreateStreamCommand({ StreamName: 'fan', ShardCount: 1 }));
  sim.clock.advance(sim.kinesis.createStreamMs);
  const StreamARN = `arn:aws:kinesis:${sim.region}:${sim.accountId}:stream/fan`;
  const arns: string[] = [];
  for (let i = 0; i < CONSUMERS; i++) {
    arns.push((await client.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: `efo-${i}` }))).Consumer!.ConsumerARN!);
  }
  sim.clock.advance(sim.kinesis.createStreamMs);

  // `last`: arrival (virtual ms) of the newest record the consumer has received.
  const polled = Array.from({ length: CONSUMERS }, () => ({ records: 0, last: 0, throttled: 0 }));
  const pushed = Array.from({ length: CONSUMERS }, () => ({ records: 0, last: 0 }));
  const iterators = await Promise.all(polled.map(async () =>
    (await client.send(new GetShardIteratorCommand({ StreamName: 'fan', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }))).ShardIterator));
  let running = true;
  // Enhanced fan-out: one subscription per consumer, re-subscribed after its 5 minutes.
  const subscribers = arns.map(async (ConsumerARN, i) => {
    let position: { Type: 'LATEST' } | { Type: 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string } = { Type: 'LATEST' };
    while (running) {
      const out: SubscribeToShardCommandOutput = await client.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: position }));
      for await (const ev of out.EventStream!) {
        const e: SubscribeToShardEvent | undefined = ev.SubscribeToShardEvent;
        if (!e) continue;
        pushed[i]!.records += e.Records?.length ?? 0;
        const newest = e.Records?.at(-1)?.ApproximateArrivalTimestamp;
        if (newest) pushed[i]!.last = newest.getTime();
        if (e.ContinuationSequenceNumber) position = { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: e.ContinuationSequenceNumber };
        if (!running) break;
      }
    }
  });
  // Shared throughput: each poller calls GetRecords every 200 ms of virtual time (KCL's default).
  let sent = 0;
  for (let step = 0; step < (seconds * 1000) / STEP_MS; step++) {
    const Records = Array.from({ length: PER_STEP }, (_, k) => ({ PartitionKey: `k${(step * PER_STEP + k) % 100}`, Data: RECORD }));
    const put = await client.send(new PutRecordsCommand({ StreamName: 'fan', Records }));
    sent += PER_STEP - (put.FailedRecordCount ?? 0);
    if (step % 2 === 0) {
      // The order rotates: otherwise the first poller would always get the shard's one call per
      // 200 ms and the others none (the limits are shared; who is first is luck on AWS).
      for (let j = 0; j < CONSUMERS; j++) {
        const i = (j + step / 2) % CONSUMERS;
        try {
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterators[i] }));
          polled[i]!.records += page.Records?.length ?? 0;
          const newest = page.Records?.at(-1)?.ApproximateArrivalTimestamp;
          if (newest) polled[i]!.last = newest.getTime();
          iterators[i] = page.NextShardIterator;
        } catch (e) {
          if ((e as Error).name !== 'ProvisionedThroughputExceededException') throw e;
          polled[i]!.throttled++;
        }
      }
    }
    sim.clock.advance(STEP_MS);
    await new Promise((r) => setImmediate(r)); // let the subscriptions push
  }
  const endT = sim.clock.now();
  running = false;
  sim.clock.advance(10_000);
  await Promise.race([Promise.all(subscribers), new Promise((r) => setTimeout(r, 1000))]);

  const rate = (n: number) => n / seconds;
  const polledRates = polled.map((p) => rate(p.records));
  const pushedRates = pushed.map((p) => rate(p.records));
  // How far behind the newest write each consumer ended (its iterator age at the end).
  const lag = (xs: { last: number }[]) => xs.map((x) => Math.max(0, endT - STEP_MS - x.last));
  const spread = (xs: number[]) => `${fmtInt(Math.min(...xs))} / ${fmtInt(median(xs))} / ${fmtInt(Math.max(...xs))}`;
  const mib = (xs: number[]) => ((xs.reduce((a, b) => a + b, 0) * 1024) / (1024 * 1024)).toFixed(2);
  console.log(`EFO bench — 1 shard written at ${fmtInt(rate(sent))} records/s of 1 KiB for ${seconds} virtual s; ${CONSUMERS} polling consumers (GetRecords every 200 ms) vs ${CONSUMERS} enhanced fan-out consumers`);
  console.log('');
  console.log(table([
    ['', 'records/s per consumer (min / median / max)', 'MiB/s, all 3', 'behind at the end, ms (min / median / max)', 'throttled GetRecords'],
    ['GetRecords polling (shared 2 MiB/s)', spread(polledRates), mib(polledRates), spread(lag(polled)), fmtInt(polled.reduce((n, p) => n + p.throttled, 0))],
    ['SubscribeToShard (2 MiB/s each)', spread(pushedRates), mib(pushedRates), spread(lag(pushed)), '–'],
    ['EFO / polling (slowest consumer)', `${(Math.min(...pushedRates) / Math.max(1e-9, Math.min(...polledRates))).toFixed(2)}×`, '', '', ''],
  ]));
  writeResults('efo', { date: new Date().toISOString(), seconds, sent, polled, pushed });
  process.exit(0);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
