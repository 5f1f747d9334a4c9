/**
 * The fan-out comparison: the same load read two ways, side by side. Two one-shard streams get
 * the same producer (a full shard: 1,000 records/s of 1 KiB); on `fanout-shared` three consumers
 * poll GetRecords (they share the shard's 2 MiB/s and 5 calls/s), on `fanout-efo` three enhanced
 * fan-out consumers subscribe (2 MiB/s each). Each consumer's lag — how far behind the newest
 * write its newest record is — is shown live: it climbs on the shared side and stays flat on the
 * other. Everything goes through the page's AWS SDK client, paced on the virtual clock.
 */
import {
  CreateStreamCommand, DeleteStreamCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, GetRecordsCommand,
  GetShardIteratorCommand, PutRecordsCommand, RegisterStreamConsumerCommand, SubscribeToShardCommand,
  type SubscribeToShardCommandOutput,
} from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { SUBSCRIPTION } from '../../core/kinesis/actions/subscribeToShard';
import type { Messages } from './messages.svelte';

export const FANOUT = { shared: 'fanout-shared', efo: 'fanout-efo', consumers: 3, perTickRecords: 100, tickMs: 100, pollMs: 200 } as const;

export interface ConsumerLag {
  readonly name: string;
  readonly kind: 'shared' | 'enhanced';
  /** Virtual ms between the newest write and the newest record this consumer has (–1: none yet). */
  readonly lagMs: number;
  readonly records: number;
}

export class FanOutDemo {
  running = $state(false);
  lags = $state.raw<readonly ConsumerLag[]>([]);
  /** Bumped by every start and stop: the loops of an earlier run see it and end. */
  private run = 0;
  /** The open subscriptions' aborts: stop() closes them at once (an idle stream may not speak for 5 s). */
  private readonly subscriptions = new Set<AbortController>();
  private readonly newest = new Map<string, { last: number; records: number; kind: 'shared' | 'enhanced' }>();
  private lastWrite = 0;

  constructor(private readonly host: SimulationHost, private readonly messages: Messages) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const run = ++this.run;
    this.newest.clear();
    try {
      await this.setUp(run);
      this.background(run, () => this.produce(run));
      for (let i = 0; i < FANOUT.consumers; i++) {
        this.background(run, () => this.poll(`poller-${i + 1}`, i, run));
        this.background(run, () => this.subscribe(`efo-${i + 1}`, run));
      }
      this.background(run, () => this.refresh(run));
    } catch (e) {
      this.messages.error('Fan-out comparison', e);
      this.running = false;
    }
  }

  stop(): void {
    this.run++;
    this.running = false;
    for (const a of this.subscriptions) a.abort();
    this.subscriptions.clear();
  }

  /** Runs one of a run's loops; what it throws is shown, unless the run was stopped meanwhile. */
  private background(run: number, task: () => Promise<void>): void {
    task().catch((e: unknown) => {
      if (this.run === run) this.messages.error('Fan-out comparison', e);
    });
  }

  /** Deletes the two demo streams (and their consumers). */
  async remove(): Promise<void> {
    this.stop();
    for (const name of [FANOUT.shared, FANOUT.efo]) {
      await this.host.kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true })).catch(() => undefined);
    }
  }

  private get k() { return this.host.kinesis; }
  private now(): number { return this.host.clock.now(); }
  private async sleepVirtual(ms: number, run: number): Promise<void> {
    const until = this.now() + ms;
    while (this.run === run && this.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  private async setUp(run: number): Promise<void> {
    for (const name of [FANOUT.shared, FANOUT.efo]) {
      await this.k.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })).catch((e: Error) => {
        if (e.name !== 'ResourceInUseException') throw e; // already there from an earlier run
      });
    }
    for (const name of [FANOUT.shared, FANOUT.efo]) {
      while ((await this.k.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') await this.sleepVirtual(100, run);
    }
  }

  private async produce(run: number): Promise<void> {
    const data = new Uint8Array(1000);
    let n = 0;
    while (this.run === run) {
      const Records = Array.from({ length: FANOUT.perTickRecords }, () => ({ PartitionKey: `k${n++ % 50}`, Data: data }));
      this.lastWrite = this.now();
      await Promise.all([FANOUT.shared, FANOUT.efo].map((StreamName) => this.k.send(new PutRecordsCommand({ StreamName, Records })).catch(() => undefined)));
      await this.sleepVirtual(FANOUT.tickMs, run);
    }
  }

  private seen(name: string, kind: 'shared' | 'enhanced', records: readonly { ApproximateArrivalTimestamp?: Date }[]): void {
    const cur = this.newest.get(name) ?? { last: -1, records: 0, kind };
    const t = records.at(-1)?.ApproximateArrivalTimestamp?.getTime();
    this.newest.set(name, { kind, last: t ?? cur.last, records: cur.records + records.length });
  }

  private async poll(name: string, offset: number, run: number): Promise<void> {
    let it = (await this.k.send(new GetShardIteratorCommand({ StreamName: FANOUT.shared, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }))).ShardIterator;
    this.seen(name, 'shared', []);
    await this.sleepVirtual((offset * FANOUT.pollMs) / FANOUT.consumers, run);
    while (this.run === run && it) {
      try {
        const page = await this.k.send(new GetRecordsCommand({ ShardIterator: it }));
        this.seen(name, 'shared', page.Records ?? []);
        it = page.NextShardIterator;
      } catch (e) {
        if ((e as Error).name !== 'ProvisionedThroughputExceededException') throw e; // shared limits: try again later
      }
      await this.sleepVirtual(FANOUT.pollMs, run);
    }
  }

  private async subscribe(name: string, run: number): Promise<void> {
    const StreamARN = (await this.k.send(new DescribeStreamSummaryCommand({ StreamName: FANOUT.efo }))).StreamDescriptionSummary!.StreamARN!;
    const reg = await this.k.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: name })).catch(() => undefined);
    const ConsumerARN = reg?.Consumer?.ConsumerARN ?? (await this.k.send(new DescribeStreamConsumerCommand({ StreamARN, ConsumerName: name }))).ConsumerDescription!.ConsumerARN!;
    while ((await this.k.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription?.ConsumerStatus !== 'ACTIVE') await this.sleepVirtual(100, run);
    this.seen(name, 'enhanced', []);
    let position: { Type: 'LATEST' } | { Type: 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string } = { Type: 'LATEST' };
    while (this.run === run) {
      // The abort closes the subscription when the comparison stops (leaving the loop alone would not).
      const abort = new AbortController();
      this.subscriptions.add(abort);
      try {
        const out: SubscribeToShardCommandOutput = await this.k.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: position }), { abortSignal: abort.signal });
        for await (const ev of out.EventStream!) {
          const e = ev.SubscribeToShardEvent;
          if (e) {
            this.seen(name, 'enhanced', e.Records ?? []);
            if (e.ContinuationSequenceNumber) position = { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: e.ContinuationSequenceNumber };
          }
          if (this.run !== run) break;
        }
      } catch (e) {
        if (this.run !== run) return; // stopped: the abort ended it
        // Within 5 s of the last subscription (a quick Stop and Run), or taken over: subscribe again.
        if ((e as Error).name !== 'ResourceInUseException') throw e;
        await this.sleepVirtual(SUBSCRIPTION.takeoverMs, run);
      } finally {
        abort.abort();
        this.subscriptions.delete(abort);
      }
    }
  }

  private async refresh(run: number): Promise<void> {
    while (this.run === run) {
      this.lags = [...this.newest].map(([name, v]) => ({
        name, kind: v.kind, records: v.records, lagMs: v.last < 0 ? -1 : Math.max(0, this.lastWrite - v.last),
      })).sort((a, b) => a.name.localeCompare(b.name));
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
