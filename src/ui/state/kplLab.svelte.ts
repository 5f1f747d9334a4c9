/**
 * The KPL producer panel's engine: one simulated Kinesis Producer Library (src/core/kpl) per
 * target stream, fed with user records from a generator preset at a chosen rate
 * (src/core/generator), sending through the page's AWS SDK client on the virtual clock.
 *
 * - `send` adapts the KPL's wire-shaped PutRecords to the SDK's `PutRecordsCommand` (kplSend.ts).
 * - Its shard map comes from ListShards at the start, and again whenever the producer says its
 *   map is stale (`onShardMapStale`: a record landed on a shard it did not predict — a reshard).
 * - A real-time timer (every `tickMs`) feeds the generator's records and calls
 *   `producer.tick(host.clock.now())`; nothing happens while the clock is paused.
 *
 * KPL settings cannot change on a running producer (the real one reads them at construction):
 * `setConfig` builds a new producer; the old one is flushed and kept ticking until it holds
 * nothing, and the view sums the metrics of both, so the counters go on (kplView.ts).
 * Settings and feeds are checked in kplConfigCheck.ts.
 */
import { ListShardsCommand, type ListShardsCommandOutput } from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { Generator } from '../../core/generator';
import { KinesisProducer, type KplConfig, type ShardDescription } from '../../core/kpl';
import { errorText } from './errors';
import { feedProblem, kplConfigProblem, MAX_FEED_RATE, type KplFeed } from './kplConfigCheck';
import { kplSend, shardDescription } from './kplSend';
import { currentProducer, kplView, type KplEntry, type KplView } from './kplView';
import type { Messages } from './messages.svelte';

/** How a `KplLab` runs: its timer, its retries, and a tap on the records fed. */
export interface KplLabOptions {
  /** Real ms between timer ticks, 50–250 (default 100: RecordMaxBufferedTime's default). */
  readonly tickMs?: number;
  /** Start the real-time timer with the first producer (default true; tests drive `tick(now)`). */
  readonly autoTick?: boolean;
  /** Sees every user record handed to a producer, in order (tests, lessons). */
  readonly onUserRecord?: (stream: string, partitionKey: string, data: string) => void;
  /** Real ms between ListShards tries while a producer's shard map cannot be loaded (default 2000). */
  readonly mapRetryMs?: number;
}

/** The KPL lab's producers, one per stream; `producers` is their published snapshot. */
export class KplLab {
  producers = $state.raw<readonly KplView[]>([]);

  private readonly entries = new Map<string, KplEntry>();
  private readonly tickMs: number;
  private readonly autoTick: boolean;
  private readonly onUserRecord: KplLabOptions['onUserRecord'];
  private readonly mapRetryMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastNow: number | undefined;
  private readonly encoder = new TextEncoder();

  constructor(private readonly host: SimulationHost, private readonly messages?: Messages, options: KplLabOptions = {}) {
    const tickMs = options.tickMs ?? 100;
    if (!(tickMs >= 50 && tickMs <= 250)) throw new RangeError(`tickMs must be between 50 and 250 real ms, got ${tickMs}`);
    this.tickMs = tickMs;
    this.autoTick = options.autoTick ?? true;
    this.onUserRecord = options.onUserRecord;
    this.mapRetryMs = options.mapRetryMs ?? 2000;
  }

  /**
   * A producer for `stream` (one per stream: an existing one is returned as it is). Resolves once
   * its shard map is loaded; its feed starts then unless `start` is false.
   */
  async add(stream: string, config: Partial<KplConfig> = {}, feed: KplFeed = { preset: 'stockTicker', perSecond: 500 }, start = true): Promise<KplView | undefined> {
    const existing = this.entries.get(stream);
    if (existing) return this.view(existing);
    const problem = kplConfigProblem(config) ?? feedProblem(feed);
    if (problem) {
      this.messages?.push('error', `KPL producer → ${stream}`, problem);
      return undefined;
    }
    const entry: KplEntry = { stream, config, feed, producers: [], fed: 0, shards: [], mapLoads: 0, rejected: 0, history: [] };
    entry.producers.push(this.makeProducer(entry));
    this.entries.set(stream, entry);
    if (this.autoTick) this.timer ??= setInterval(() => this.onTimer(), this.tickMs);
    this.publish();
    await this.loadShards(entry);
    if (start && this.entries.get(stream) === entry) this.startFeed(stream);
    return this.get(stream);
  }

  get(stream: string): KplView | undefined {
    const e = this.entries.get(stream);
    return e ? this.view(e) : undefined;
  }

  /**
   * New KPL settings for `stream`'s producer: the KPL's RangeError text when one is out of range
   * (nothing changes then), else undefined — a new producer takes over, the old one drains.
   */
  setConfig(stream: string, config: Partial<KplConfig>): string | undefined {
    const e = this.entries.get(stream);
    if (!e) return `No KPL producer for ${stream}.`;
    const problem = kplConfigProblem(config);
    if (problem) return problem;
    const old = currentProducer(e);
    e.config = config;
    old.flush();
    e.producers.push(this.makeProducer(e));
    this.publish();
    return undefined;
  }

  /** A new feed (preset, rate, count); a running feed restarts with it. */
  setFeed(stream: string, feed: KplFeed): string | undefined {
    const e = this.entries.get(stream);
    if (!e) return `No KPL producer for ${stream}.`;
    const problem = feedProblem(feed);
    if (problem) return problem;
    const feeding = e.gen !== undefined;
    e.feed = feed;
    if (feeding) {
      this.stopFeed(stream);
      this.startFeed(stream);
    }
    this.publish();
    return undefined;
  }

  /** Starts feeding user records (a finished "send N" feed starts over). */
  startFeed(stream: string): void {
    const e = this.entries.get(stream);
    if (!e || e.gen) return;
    if (e.shards.length === 0) {
      // No shard map yet (ListShards failed): the feed starts once it loads (retried every 2 s).
      e.wantFeed = true;
      void this.loadShards(e);
      this.publish();
      return;
    }
    delete e.error; // a new start: a refused record of the last run is history
    if (e.feed.count !== undefined && e.fed >= e.feed.count) e.fed = 0;
    e.gen = new Generator({
      preset: e.feed.preset, rate: { kind: 'constant', perSecond: e.feed.perSecond }, startAt: this.host.clock.now(), seed: 1 + e.fed,
      maxPerTick: MAX_FEED_RATE, ...(e.feed.count !== undefined ? { stopAfter: e.feed.count - e.fed } : {}),
    });
    this.publish();
  }

  stopFeed(stream: string): void {
    const e = this.entries.get(stream);
    if (!e?.gen) return;
    delete e.gen;
    delete e.wantFeed;
    this.publish();
  }

  /** KPL flush(): sends everything buffered now (the rate limiter still applies). */
  flush(stream: string): void {
    const e = this.entries.get(stream);
    if (e) for (const p of e.producers) p.flush();
  }

  /** Forgets the producer (what it still buffers is dropped, as when a KPL process exits). */
  remove(stream: string): void {
    this.entries.delete(stream);
    if (this.entries.size === 0) this.stopTimer();
    this.publish();
  }

  /** True while the real-time timer runs (only while a producer exists). */
  get timerRunning(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Feeds the user records due by virtual time `now`, moves every producer to `now` and resolves
   * when the PutRecords requests that sent are answered.
   */
  async tick(now: number): Promise<void> {
    this.lastNow = now;
    for (const e of this.entries.values()) {
      if (e.shards.length === 0 && e.error !== undefined && !e.mapLoading && Date.now() >= (e.mapRetryAt ?? 0)) {
        e.mapRetryAt = Date.now() + this.mapRetryMs;
        void this.loadShards(e);
      }
      if (e.gen) {
        const producer = currentProducer(e);
        for (const r of e.gen.tick(now)) {
          e.fed++;
          this.onUserRecord?.(e.stream, r.partitionKey, r.data);
          try {
            // Results arrive in the metrics; the promise itself never rejects.
            void producer.addUserRecord(e.stream, r.partitionKey, this.encoder.encode(r.data));
          } catch (err) {
            e.rejected++;
            e.error = errorText(err);
          }
        }
        if (e.gen.done) delete e.gen;
      }
      // Old producers (before a config change) tick on until drained; their metrics stay in the sums.
      for (const p of e.producers) if (p === currentProducer(e) || p.outstandingRecordsCount() > 0) p.tick(now);
    }
    this.publish();
    await this.idle();
    this.publish();
  }

  /** Resolves when no producer has a PutRecords request in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.entries.values()].flatMap((e) => [...e.producers.map((p) => p.idle()), e.mapLoading]));
  }

  dispose(): void {
    for (const e of this.entries.values()) delete e.gen;
    this.stopTimer();
    this.publish();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private onTimer(): void {
    const now = this.host.clock.now();
    if (now === this.lastNow) return; // paused
    void this.tick(now);
  }

  private makeProducer(e: KplEntry): KinesisProducer {
    const p = new KinesisProducer(kplSend(this.host.kinesis), e.config, {
      now: this.host.clock.now(),
      onShardMapStale: () => { void this.loadShards(e); },
    });
    if (e.shards.length > 0) p.setShards(e.shards, e.stream);
    return p;
  }

  /** ListShards (all pages) into every producer of the stream; one load at a time. */
  private loadShards(e: KplEntry): Promise<void> {
    e.mapLoading ??= (async () => {
      try {
        const shards: ShardDescription[] = [];
        let token: string | undefined;
        do {
          const out: ListShardsCommandOutput = await this.host.kinesis.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: e.stream }));
          for (const s of out.Shards ?? []) {
            const d = shardDescription(s);
            if (d) shards.push(d);
          }
          token = out.NextToken;
        } while (token);
        e.shards = shards;
        e.mapLoads++;
        for (const p of e.producers) p.setShards(shards, e.stream);
        delete e.error;
        if (e.wantFeed && shards.length > 0) {
          delete e.wantFeed;
          this.startFeed(e.stream);
        }
      } catch (err) {
        // Said once; retried every mapRetryMs from tick while it fails.
        if (e.error === undefined) this.messages?.error(`KPL producer → ${e.stream}: ListShards`, err);
        e.error = errorText(err);
      } finally {
        delete e.mapLoading;
        this.publish();
      }
    })();
    return e.mapLoading;
  }

  /** The snapshot of `e` as of the last tick (the clock's time before the first). */
  private view(e: KplEntry): KplView {
    return kplView(e, this.lastNow ?? this.host.clock.now());
  }

  private publish(): void {
    this.producers = [...this.entries.values()].map((e) => this.view(e));
  }
}
