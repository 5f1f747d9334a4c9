/**
 * The KPL producer panel's engine: one simulated Kinesis Producer Library (src/core/kpl) per
 * target stream, fed with user records from a generator preset at a chosen rate
 * (src/core/generator), sending through the page's AWS SDK client on the virtual clock.
 *
 * - `send` adapts the KPL's wire-shaped PutRecords (Data base64) to `PutRecordsCommand` (Data as
 *   bytes) and the SDK's answer back to the KPL's `{ ok, value | error }` outcome: a result with
 *   per-entry SequenceNumber or ErrorCode, or a thrown exception as `{ __type: name, message }`.
 * - Its shard map comes from ListShards at the start, and again whenever the producer says its
 *   map is stale (`onShardMapStale`: a record landed on a shard it did not predict — a reshard).
 * - A real-time timer (every `tickMs`) feeds the generator's records and calls
 *   `producer.tick(host.clock.now())`; nothing happens while the clock is paused.
 *
 * KPL settings cannot change on a running producer (the real one reads them at construction):
 * `setConfig` builds a new producer; the old one is flushed and kept ticking until it holds
 * nothing, and the view sums the metrics of both, so the counters go on.
 */
import { ListShardsCommand, PutRecordsCommand, type ListShardsCommandOutput } from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { Generator, type PresetName } from '../../core/generator';
import { KinesisProducer, resolveKplConfig, type KplConfig, type ShardDescription } from '../../core/kpl';
import type { KplMetricName } from '../../core/kpl';
import type { KplPutRecordsOutcome, KplSend } from '../../core/kpl/types';
import { decodeBase64 } from '../../core/util/base64';
import { describeError, errorText } from './errors';
import type { Messages } from './messages.svelte';

/** User records per virtual second a feed may ask for at most. */
export const MAX_FEED_RATE = 20_000;
/** Virtual ms the shown per-second rates are averaged over. */
const RATE_WINDOW_MS = 2_000;

/** Where a producer's user records come from: a generator preset at a constant rate. */
export interface KplFeed {
  readonly preset: PresetName;
  readonly perSecond: number;
  /** "Send N then stop"; undefined: until stopped. */
  readonly count?: number;
}

/** A plain snapshot of one stream's producer for the UI (replaced at every tick). */
export interface KplView {
  readonly stream: string;
  readonly config: Readonly<KplConfig>;
  readonly feed: KplFeed;
  readonly feeding: boolean;
  /** The feed starts once the shard map loads (ListShards is being retried). */
  readonly waiting: boolean;
  /** Open shards in the producer's map (0 until ListShards answered: records then go unaggregated). */
  readonly mappedShards: number;
  /** Shard map refreshes after the first (ListShards because the map went stale). */
  readonly mapRefreshes: number;
  readonly userRecordsReceived: number;
  /** User records put (UserRecordsPut). */
  readonly userRecordsPut: number;
  /** Kinesis records put (KinesisRecordsPut): aggregates count once. */
  readonly kinesisRecordsPut: number;
  /** Over the last virtual seconds. */
  readonly userPerSecond: number;
  readonly kinesisPerSecond: number;
  /** User records per Kinesis record, on average (1 without aggregation). */
  readonly userPerKinesis: number;
  /** PutRecords requests answered. */
  readonly putRecordsRequests: number;
  /** Retries over all user records (RetriesPerRecord sum). */
  readonly retries: number;
  /** ErrorsByCode: error code → count (throttling, Expired, Wrong Shard…). */
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly expired: number;
  /** User records not finished yet (buffered or in flight): getOutstandingRecordsCount. */
  readonly buffered: number;
  /** User records addUserRecord refused (too big for MaxUserRecordSize…). */
  readonly rejected: number;
  readonly error?: string;
}

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

/** The KPL's own words (a RangeError naming the setting and its range) for a bad config, or undefined. */
export function kplConfigProblem(config: Partial<KplConfig>): string | undefined {
  try {
    resolveKplConfig(config);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why a feed cannot run, or undefined. */
export function feedProblem(feed: KplFeed): string | undefined {
  if (!(Number.isFinite(feed.perSecond) && feed.perSecond > 0 && feed.perSecond <= MAX_FEED_RATE)) {
    return `The rate must be more than 0 and at most ${MAX_FEED_RATE} user records per second.`;
  }
  if (feed.count !== undefined && !(Number.isInteger(feed.count) && feed.count >= 1)) return '"Send N then stop" needs a whole number ≥ 1.';
  return undefined;
}

interface Entry {
  readonly stream: string;
  config: Partial<KplConfig>;
  feed: KplFeed;
  /** Every producer this stream had; the last is current, earlier ones drain. */
  readonly producers: KinesisProducer[];
  gen?: Generator;
  fed: number;
  shards: readonly ShardDescription[];
  mapLoads: number;
  mapLoading?: Promise<void>;
  /** Start the feed once the shard map loads (it failed: the stream was not ACTIVE yet, say). */
  wantFeed?: boolean;
  /** Real ms of the next ListShards try while the map could not be loaded. */
  mapRetryAt?: number;
  rejected: number;
  error?: string;
  /** [virtual time, user records put, Kinesis records put] samples for the rates. */
  readonly history: [number, number, number][];
}

const sumOf = (ps: readonly KinesisProducer[], name: KplMetricName, what: 'sum' | 'sampleCount' = 'sum'): number =>
  ps.reduce((n, p) => n + p.metric(name)[what], 0);

export class KplLab {
  producers = $state.raw<readonly KplView[]>([]);

  private readonly entries = new Map<string, Entry>();
  private readonly tickMs: number;
  private readonly autoTick: boolean;
  private readonly onUserRecord: KplLabOptions['onUserRecord'];
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
  private readonly mapRetryMs: number;

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
    const entry: Entry = { stream, config, feed, producers: [], fed: 0, shards: [], mapLoads: 0, rejected: 0, history: [] };
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
    const old = this.current(e);
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
        const producer = this.current(e);
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
      for (const p of e.producers) if (p === this.current(e) || p.outstandingRecordsCount() > 0) p.tick(now);
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

  private current(e: Entry): KinesisProducer {
    return e.producers[e.producers.length - 1]!;
  }

  private makeProducer(e: Entry): KinesisProducer {
    const p = new KinesisProducer(this.sendFor(), e.config, {
      now: this.host.clock.now(),
      onShardMapStale: () => { void this.loadShards(e); },
    });
    if (e.shards.length > 0) p.setShards(e.shards, e.stream);
    return p;
  }

  /** The KPL's `send` over the SDK: base64 → bytes, SDK result or exception → the KPL's outcome. */
  private sendFor(): KplSend {
    return async (input): Promise<KplPutRecordsOutcome> => {
      try {
        const out = await this.host.kinesis.send(new PutRecordsCommand({
          StreamName: input.StreamName,
          Records: input.Records.map((r) => ({
            Data: decodeBase64(r.Data), PartitionKey: r.PartitionKey, ...(r.ExplicitHashKey !== undefined ? { ExplicitHashKey: r.ExplicitHashKey } : {}),
          })),
        }));
        return {
          ok: true,
          value: {
            Records: (out.Records ?? []).map((r) => r.SequenceNumber !== undefined
              ? { SequenceNumber: r.SequenceNumber, ShardId: r.ShardId ?? '' }
              : { ErrorCode: r.ErrorCode ?? 'InternalFailure', ErrorMessage: r.ErrorMessage ?? '' }),
            ...(out.FailedRecordCount !== undefined ? { FailedRecordCount: out.FailedRecordCount } : {}),
          },
        };
      } catch (err) {
        const { name, message } = describeError(err);
        return { ok: false, error: { __type: name, message } };
      }
    };
  }

  /** ListShards (all pages) into every producer of the stream; one load at a time. */
  private loadShards(e: Entry): Promise<void> {
    e.mapLoading ??= (async () => {
      try {
        const shards: ShardDescription[] = [];
        let token: string | undefined;
        do {
          const out: ListShardsCommandOutput = await this.host.kinesis.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: e.stream }));
          for (const s of out.Shards ?? []) {
            if (!s.ShardId || !s.HashKeyRange?.StartingHashKey || !s.HashKeyRange.EndingHashKey) continue;
            shards.push({
              ShardId: s.ShardId,
              HashKeyRange: { StartingHashKey: s.HashKeyRange.StartingHashKey, EndingHashKey: s.HashKeyRange.EndingHashKey },
              ...(s.SequenceNumberRange ? { SequenceNumberRange: { ...(s.SequenceNumberRange.StartingSequenceNumber ? { StartingSequenceNumber: s.SequenceNumberRange.StartingSequenceNumber } : {}), ...(s.SequenceNumberRange.EndingSequenceNumber ? { EndingSequenceNumber: s.SequenceNumberRange.EndingSequenceNumber } : {}) } } : {}),
            });
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

  private view(e: Entry): KplView {
    const ps = e.producers;
    const now = this.lastNow ?? this.host.clock.now();
    const userPut = sumOf(ps, 'UserRecordsPut');
    const kinesisPut = sumOf(ps, 'KinesisRecordsPut');
    const h = e.history;
    if (h.length === 0 || h[h.length - 1]![0] < now) h.push([now, userPut, kinesisPut]);
    while (h.length > 2 && h[1]![0] <= now - RATE_WINDOW_MS) h.shift();
    const [t0, u0, k0] = h[0]!;
    const dt = (now - t0) / 1000;
    const errorsByCode: Record<string, number> = {};
    for (const p of ps) for (const [code, n] of Object.entries(p.errorsByCode())) errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
    const perKinesisCount = sumOf(ps, 'UserRecordsPerKinesisRecord', 'sampleCount');
    return {
      stream: e.stream, config: this.current(e).config, feed: e.feed, feeding: e.gen !== undefined, waiting: e.wantFeed === true,
      mappedShards: e.shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).length,
      mapRefreshes: Math.max(0, e.mapLoads - 1),
      userRecordsReceived: sumOf(ps, 'UserRecordsReceived'), userRecordsPut: userPut, kinesisRecordsPut: kinesisPut,
      userPerSecond: dt > 0 ? (userPut - u0) / dt : 0, kinesisPerSecond: dt > 0 ? (kinesisPut - k0) / dt : 0,
      userPerKinesis: perKinesisCount > 0 ? sumOf(ps, 'UserRecordsPerKinesisRecord') / perKinesisCount : 0,
      putRecordsRequests: sumOf(ps, 'KinesisRecordsPerPutRecordsRequest', 'sampleCount'),
      retries: sumOf(ps, 'RetriesPerRecord'), errorsByCode, expired: sumOf(ps, 'UserRecordExpired'),
      buffered: ps.reduce((n, p) => n + p.outstandingRecordsCount(), 0), rejected: e.rejected,
      ...(e.error !== undefined ? { error: e.error } : {}),
    };
  }

  private publish(): void {
    this.producers = [...this.entries.values()].map((e) => this.view(e));
  }
}
