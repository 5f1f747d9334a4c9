/**
 * Consumer applications a learner adds to a stream and removes again — the two ways of reading
 * Kinesis, written the way KCL does it, through the page's AWS SDK client on the virtual clock:
 *
 * - `shared` (KCL polling mode): per shard GetShardIterator, then GetRecords every `pollMs`
 *   following NextShardIterator. Every shared consumer of a shard splits its 2 MiB/s and
 *   5 GetRecords calls/s with the others, so several of them get throttled.
 * - `enhanced` (enhanced fan-out): RegisterStreamConsumer, then SubscribeToShard per shard; each
 *   consumer gets its own 2 MiB/s per shard, pushed. A subscription ends after 5 minutes (or when
 *   another one takes over) and is renewed from its ContinuationSequenceNumber.
 *
 * Both follow shard lineage as KCL does: shards are found with ListShards (at start, every 2
 * virtual seconds, and at once after a shard reports ChildShards), and a shard is read only after
 * every parent this app reads has been read to its end — so across SplitShard and MergeShards
 * every record is delivered once, in per-key order.
 *
 * One file rather than three (engine, shared reader, enhanced reader): the two readers share the
 * app's bookkeeping (lineage, halting, failure) and are short; split it if either grows.
 */
import {
  DeregisterStreamConsumerCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, GetRecordsCommand,
  GetShardIteratorCommand, ListShardsCommand, RegisterStreamConsumerCommand, SubscribeToShardCommand,
  type _Record, type GetShardIteratorCommandInput, type Shard, type StartingPosition, type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { readerOfIterator } from '../../core/kinesis/model/iterator';
import { errorName, errorText } from './errors';
import type { Messages } from './messages.svelte';

export type AppKind = 'shared' | 'enhanced';
export type AppStart = 'LATEST' | 'TRIM_HORIZON';

/** A plain snapshot of one consumer application for the UI (replaced ~4×/s, never mutated). */
export interface AppView {
  readonly id: number;
  readonly name: string;
  readonly kind: AppKind;
  readonly stream: string;
  readonly status: 'starting' | 'reading' | 'stopping' | 'failed';
  /** AWS's error text when failed (`LimitExceededException: …`). */
  readonly error?: string;
  readonly records: number;
  readonly bytes: number;
  /** The largest MillisBehindLatest over the shards it reads now (–1: none yet). */
  readonly iteratorAgeMs: number;
  /** ProvisionedThroughputExceededException answers (shared consumers only). */
  readonly throttled: number;
  /** Shards being read right now. */
  readonly shards: readonly string[];
  /** The `reader` ids of this app's read events: `reader-N` per live iterator chain, or `consumer:<name>`. */
  readonly readers: readonly string[];
}

export interface ConsumerAppsOptions {
  /** Virtual ms between GetRecords calls of a shared consumer (KCL's idleTimeBetweenReadsInMillis, 1,000 by default). */
  readonly pollMs?: number;
  /** Sees every batch an app delivers, in delivery order (tests, lessons). */
  readonly onRecords?: (app: { readonly id: number; readonly name: string }, shardId: string, records: readonly _Record[]) => void;
}

/** KCL discovers shards every few seconds (shardSyncIntervalMillis); 2 virtual s here. */
const DISCOVER_MS = 2_000;
/** Pause before renewing a subscription that ended (KCL waits about a second too). */
const RESUBSCRIBE_MS = 1_000;
/** DescribeStreamSummary / DescribeStreamConsumer polling while waiting for ACTIVE. */
const STATUS_POLL_MS = 100;
/** How often (real ms) a virtual-time sleep looks at the clock and the stop flag. */
const SLEEP_TICK_MS = 10;
const REFRESH_MS = 250;
const GET_RECORDS_LIMIT = 10_000;
/** Errors that end a subscription without anything being wrong with the app: renew it. */
const RESUBSCRIBE_ON = new Set(['ResourceInUseException', 'InternalFailure', 'InternalFailureException']);

interface ShardRun {
  readonly id: string;
  readonly parents: readonly string[];
  /** waiting: for its parents; skipped: closed before a LATEST start, never read. */
  phase: 'waiting' | 'reading' | 'done' | 'skipped';
  readonly start: AppStart;
  /** The last record delivered (a shared reader re-acquires AFTER it when its iterator expires). */
  lastSeq?: string;
  /** Enhanced: where the next subscription starts (AFTER_SEQUENCE_NUMBER). */
  continuation?: string;
  iterator?: string;
  ageMs: number;
}

interface App {
  readonly id: number;
  readonly name: string;
  readonly kind: AppKind;
  readonly stream: string;
  readonly start: AppStart;
  status: AppView['status'];
  error?: string;
  records: number;
  bytes: number;
  throttled: number;
  readonly shards: Map<string, ShardRun>;
  /** Every reader id this app has used (read events in flight may carry an old one). */
  readonly readers: Set<string>;
  halted: boolean;
  readonly haltSignal: Promise<void>;
  readonly halt: () => void;
  /** Run a ListShards soon (a shard just reported its children). */
  wake: boolean;
  consumerArn?: string;
  started: Promise<void>;
  removing?: Promise<void>;
}

export class ConsumerApps {
  apps = $state.raw<readonly AppView[]>([]);

  private readonly runs = new Map<number, App>();
  /** `stream NUL reader` of removed applications' readers. */
  private readonly former = new Set<string>();
  private readonly pollMs: number;
  private readonly onRecords: ConsumerAppsOptions['onRecords'];
  private nextId = 1;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: SimulationHost, private readonly messages: Messages, options: ConsumerAppsOptions = {}) {
    const pollMs = options.pollMs ?? 1000;
    if (!(Number.isFinite(pollMs) && pollMs > 0)) throw new RangeError(`pollMs must be a positive number of virtual ms, got ${pollMs}`);
    this.pollMs = pollMs;
    this.onRecords = options.onRecords;
  }

  /**
   * Starts a consumer application on `stream`. Resolves once it reads (its start positions are
   * fixed: whatever is put afterwards reaches it) or has failed; `undefined` when the name is
   * taken on that stream, or the app was removed before it got going.
   */
  async add(stream: string, kind: AppKind, opts: { name?: string; start?: AppStart } = {}): Promise<AppView | undefined> {
    const name = opts.name?.trim() || this.freeName(kind);
    if ([...this.runs.values()].some((a) => a.stream === stream && a.name === name)) {
      // Two apps of one name would be one enhanced consumer fighting itself over subscriptions.
      this.messages.push('error', 'Add consumer application', `Stream ${stream} already has a consumer application named ${name}.`);
      return undefined;
    }
    let halt = (): void => {};
    const haltSignal = new Promise<void>((resolve) => { halt = resolve; });
    const app: App = {
      id: this.nextId++, name, kind, stream, start: opts.start ?? 'LATEST', status: 'starting', records: 0, bytes: 0, throttled: 0,
      shards: new Map(), readers: new Set(kind === 'enhanced' ? [`consumer:${name}`] : []), halted: false, haltSignal,
      halt: () => { app.halted = true; halt(); }, wake: false, started: Promise.resolve(),
    };
    this.runs.set(app.id, app);
    this.timer ??= setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
    app.started = this.begin(app);
    await app.started;
    return this.runs.get(app.id) === app && app.status !== 'stopping' ? this.view(app) : undefined;
  }

  /** Stops an app and forgets it; an enhanced one is deregistered (DeregisterStreamConsumer). */
  remove(id: number): Promise<void> {
    const app = this.runs.get(id);
    if (!app) return Promise.resolve();
    app.removing ??= this.stopAndForget(app);
    return app.removing;
  }

  async removeAllOf(stream: string): Promise<void> {
    await Promise.all([...this.runs.values()].filter((a) => a.stream === stream).map((a) => this.remove(a.id)));
  }

  /** The app a read event's `reader` belongs to (`stream` tells apart equal consumer names on two streams). */
  appFor(reader: string, stream?: string): AppView | undefined {
    for (const app of this.runs.values()) {
      if (app.readers.has(reader) && (stream === undefined || app.stream === stream)) return this.apps.find((v) => v.id === app.id) ?? this.view(app);
    }
    return undefined;
  }

  /**
   * True for a reader that belonged to an application since removed: its last in-flight reads
   * are not a new consumer (the picture does not draw them as one).
   */
  wasRemoved(reader: string, stream: string): boolean {
    return this.former.has(`${stream}\u0000${reader}`);
  }

  /** Page teardown: every loop stops, no API call is made (consumers stay registered, as after a crash). */
  stopAll(): void {
    for (const app of this.runs.values()) app.halt();
    this.runs.clear();
    clearInterval(this.timer);
    this.timer = undefined;
    this.apps = [];
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────

  private async begin(app: App): Promise<void> {
    await this.guard(app, async () => {
      const streamArn = await this.waitForStream(app);
      if (app.halted || streamArn === undefined) return;
      if (app.kind === 'enhanced') {
        await this.registerConsumer(app, streamArn);
        if (app.halted) return;
        await this.waitForConsumer(app);
        if (app.halted) return;
      }
      let positioned: Promise<void>[] | undefined;
      while (!app.halted && (positioned = await this.discover(app, true)) === undefined) await this.sleep(app, DISCOVER_MS);
      await Promise.all(positioned ?? []);
      if (app.halted) return;
      app.status = 'reading';
      this.refresh();
      void this.guard(app, () => this.discoverLoop(app));
    });
  }

  private async stopAndForget(app: App): Promise<void> {
    app.status = 'stopping'; // a failed app keeps its `error` while it goes
    app.halt();
    this.refresh();
    // The start sequence ends promptly once halted; wait for it, it may yet learn the consumer's ARN.
    await app.started;
    if (app.kind === 'enhanced' && app.consumerArn !== undefined) {
      try {
        await this.host.kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: app.consumerArn }));
      } catch (e) {
        // Already gone (its stream was deleted, or someone else deregistered it) is what we wanted.
        if (errorName(e) !== 'ResourceNotFoundException') this.messages.error(`Remove consumer application ${app.name}`, e);
      }
    }
    if (this.runs.get(app.id) === app) {
      this.runs.delete(app.id);
      for (const r of app.readers) this.former.add(`${app.stream}\u0000${r}`);
    }
    if (this.runs.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.refresh();
  }

  /** Runs one of the app's tasks; whatever it throws fails the app (never an unhandled rejection). */
  private async guard(app: App, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (e) {
      this.fail(app, e);
    }
  }

  private fail(app: App, e: unknown): void {
    if (app.halted) return; // stopping: calls cut short may fail, and that is no news
    app.status = 'failed';
    app.error = errorText(e);
    app.halt();
    this.messages.error(`Consumer application ${app.name} on ${app.stream} stopped`, e);
    this.refresh();
  }

  /** The stream's ARN once it serves data (a CREATING stream has no shards to list yet). */
  private async waitForStream(app: App): Promise<string | undefined> {
    for (;;) {
      const out = await this.host.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: app.stream }));
      if (app.halted) return undefined;
      const s = out.StreamDescriptionSummary;
      if (s?.StreamARN && (s.StreamStatus === 'ACTIVE' || s.StreamStatus === 'UPDATING')) return s.StreamARN;
      await this.sleep(app, STATUS_POLL_MS);
      if (app.halted) return undefined;
    }
  }

  /**
   * RegisterStreamConsumer. Decision: a consumer of this name already registered on the stream is
   * reused, as KCL does (its FanOutConsumerRegistration describes the existing consumer on
   * ResourceInUseException and carries on) — so an app added again after a page reload resumes
   * with its old consumer instead of failing. One still DELETING is waited out, then registered anew.
   */
  private async registerConsumer(app: App, StreamARN: string): Promise<void> {
    const k = this.host.kinesis;
    while (!app.halted) {
      try {
        const out = await k.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: app.name }));
        app.consumerArn = out.Consumer?.ConsumerARN;
        return;
      } catch (e) {
        if (errorName(e) !== 'ResourceInUseException') throw e;
      }
      try {
        const d = (await k.send(new DescribeStreamConsumerCommand({ StreamARN, ConsumerName: app.name }))).ConsumerDescription;
        // Unsure: KCL's handling of a DELETING consumer of its name; waiting it out is the only way that can work.
        if (d?.ConsumerStatus !== 'DELETING') {
          app.consumerArn = d?.ConsumerARN;
          return;
        }
      } catch (e) {
        if (errorName(e) !== 'ResourceNotFoundException') throw e; // gone in between: register again
      }
      await this.sleep(app, STATUS_POLL_MS);
    }
  }

  /** A new consumer is CREATING for a few seconds; SubscribeToShard refuses it until ACTIVE. */
  private async waitForConsumer(app: App): Promise<void> {
    while (!app.halted) {
      const d = await this.host.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: app.consumerArn }));
      if (d.ConsumerDescription?.ConsumerStatus === 'ACTIVE') return;
      await this.sleep(app, STATUS_POLL_MS);
    }
  }

  // ── shard discovery and lineage ──────────────────────────────────────────────────────────

  private async discoverLoop(app: App): Promise<void> {
    while (!app.halted) {
      await this.sleep(app, DISCOVER_MS, () => app.wake);
      if (app.halted) return;
      app.wake = false;
      await this.discover(app, false);
    }
  }

  /**
   * ListShards (every page), adds the shards not known yet, starts those whose parents are done.
   * Returns the starts' "positioned" promises; `undefined` when ListShards should be tried later.
   * At the first listing a LATEST app skips closed shards and reads open ones from LATEST;
   * shards that appear later are children of shards being read, so they start at TRIM_HORIZON.
   */
  private async discover(app: App, initial: boolean): Promise<Promise<void>[] | undefined> {
    const shards = await this.listShards(app);
    if (shards === undefined || app.halted) return undefined;
    for (const s of shards) {
      if (!s.ShardId || app.shards.has(s.ShardId)) continue;
      const closed = s.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      app.shards.set(s.ShardId, {
        id: s.ShardId,
        parents: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined),
        phase: initial && app.start === 'LATEST' && closed ? 'skipped' : 'waiting',
        start: initial ? app.start : 'TRIM_HORIZON',
        ageMs: -1,
      });
    }
    return this.launchReady(app);
  }

  private async listShards(app: App): Promise<Shard[] | undefined> {
    const all: Shard[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.host.kinesis.send(new ListShardsCommand(token === undefined ? { StreamName: app.stream } : { NextToken: token }));
        if (app.halted) return undefined;
        all.push(...(out.Shards ?? []));
        token = out.NextToken;
      } while (token !== undefined);
    } catch (e) {
      // Busy (over ListShards' rate, or the stream changing state): KCL simply lists again later.
      if (errorName(e) === 'LimitExceededException' || errorName(e) === 'ResourceInUseException') return undefined;
      throw e;
    }
    return all;
  }

  /** Starts every waiting shard whose parents (those this app knows) are read to their end. */
  private launchReady(app: App): Promise<void>[] {
    const finished = (id: string): boolean => {
      const p = app.shards.get(id);
      // A parent not listed any more (expired past retention) holds nothing to wait for.
      return p === undefined || p.phase === 'done' || p.phase === 'skipped';
    };
    const started: Promise<void>[] = [];
    for (const sh of app.shards.values()) {
      if (sh.phase !== 'waiting' || !sh.parents.every(finished)) continue;
      sh.phase = 'reading';
      started.push(new Promise<void>((positioned) => {
        const read = app.kind === 'shared' ? this.poll(app, sh, positioned) : this.subscribe(app, sh, positioned);
        void this.guard(app, () => read).finally(positioned);
      }));
    }
    return started;
  }

  /** A shard read to its end: its children may start now (and a ListShards soon finds new ones). */
  private finish(app: App, sh: ShardRun): void {
    sh.phase = 'done';
    sh.ageMs = -1;
    sh.iterator = undefined;
    app.wake = true;
    this.launchReady(app);
  }

  private deliver(app: App, sh: ShardRun, records: readonly _Record[] | undefined): void {
    const last = records?.at(-1);
    if (!records || !last || app.halted) return;
    app.records += records.length;
    for (const r of records) app.bytes += r.Data?.length ?? 0;
    sh.lastSeq = last.SequenceNumber;
    this.onRecords?.({ id: app.id, name: app.name }, sh.id, records);
  }

  // ── shared: GetRecords ───────────────────────────────────────────────────────────────────

  private async poll(app: App, sh: ShardRun, positioned: () => void): Promise<void> {
    const k = this.host.kinesis;
    while (!app.halted) {
      try {
        if (sh.iterator === undefined) {
          sh.iterator = (await k.send(new GetShardIteratorCommand(this.iteratorInput(app, sh)))).ShardIterator;
          if (app.halted) return;
          const reader = sh.iterator === undefined ? undefined : readerOfIterator(sh.iterator);
          if (reader !== undefined) app.readers.add(reader);
          positioned();
        }
        const out = await k.send(new GetRecordsCommand({ ShardIterator: sh.iterator, Limit: GET_RECORDS_LIMIT }));
        if (app.halted) return;
        this.deliver(app, sh, out.Records);
        if (out.MillisBehindLatest !== undefined) sh.ageMs = out.MillisBehindLatest;
        if (out.NextShardIterator === undefined) {
          this.finish(app, sh); // a closed shard read to its end (the answer carries ChildShards)
          return;
        }
        sh.iterator = out.NextShardIterator;
      } catch (e) {
        if (app.halted) return;
        const name = errorName(e);
        if (name === 'ProvisionedThroughputExceededException') app.throttled++; // the shard's 5 reads/s or 2 MiB/s are used up: next poll
        else if (name === 'ExpiredIteratorException') {
          sh.iterator = undefined; // older than 5 minutes: a new one after the last record seen, at once
          continue;
        } else throw e;
      }
      await this.sleep(app, this.pollMs);
    }
  }

  /**
   * Where a shared reader (re)starts: after the last record it delivered, else its start
   * position — as KCL does after ExpiredIteratorException (with nothing checkpointed yet, a LATEST
   * app takes LATEST again).
   */
  private iteratorInput(app: App, sh: ShardRun): GetShardIteratorCommandInput {
    if (sh.lastSeq !== undefined) return { StreamName: app.stream, ShardId: sh.id, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: sh.lastSeq };
    return { StreamName: app.stream, ShardId: sh.id, ShardIteratorType: sh.start };
  }

  // ── enhanced: SubscribeToShard ───────────────────────────────────────────────────────────

  private async subscribe(app: App, sh: ShardRun, positioned: () => void): Promise<void> {
    while (!app.halted) {
      const StartingPosition: StartingPosition = sh.continuation !== undefined
        ? { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sh.continuation }
        : { Type: sh.start };
      let events: AsyncIterable<SubscribeToShardEventStream> | undefined;
      // Aborting the request is what closes a subscription (the SDK's iterator return() does not).
      const abort = new AbortController();
      try {
        events = (await this.host.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: app.consumerArn, ShardId: sh.id, StartingPosition }), { abortSignal: abort.signal })).EventStream;
      } catch (e) {
        // AWS refuses a new subscription within 5 s of the last one for this consumer and shard.
        if (app.halted || errorName(e) !== 'ResourceInUseException') throw e;
      }
      if (app.halted) return;
      if (events !== undefined) {
        positioned();
        if ((await this.readEvents(app, sh, events, abort)) === 'finished') return;
      }
      await this.sleep(app, RESUBSCRIBE_MS);
    }
  }

  /** Reads one subscription until the shard's end ('finished') or the subscription's end. */
  private async readEvents(app: App, sh: ShardRun, events: AsyncIterable<SubscribeToShardEventStream>, abort: AbortController): Promise<'finished' | 'ended'> {
    const it = events[Symbol.asyncIterator]();
    const halted = app.haltSignal.then(() => 'halted' as const);
    let drained = false;
    try {
      for (;;) {
        const next = it.next();
        next.catch(() => undefined); // abandoned when the app stops: its rejection is no one's business
        // An idle shard sends an event only every few seconds: stopping must not wait for it.
        const r = await Promise.race([next, halted]);
        if (r !== 'halted' && r.done) drained = true;
        if (r === 'halted' || r.done || app.halted) return 'ended';
        const ev = r.value.SubscribeToShardEvent;
        if (!ev) continue;
        this.deliver(app, sh, ev.Records);
        if (ev.ContinuationSequenceNumber !== undefined) sh.continuation = ev.ContinuationSequenceNumber;
        if (ev.MillisBehindLatest !== undefined) sh.ageMs = ev.MillisBehindLatest;
        // AWS sends ChildShards only in the last event of a closed shard read to its end.
        if (ev.ChildShards !== undefined) {
          this.finish(app, sh);
          return 'finished';
        }
      }
    } catch (e) {
      if (app.halted) return 'ended';
      // A takeover by another subscriber or a service hiccup ends a subscription: renew it.
      if (!RESUBSCRIBE_ON.has(errorName(e))) throw e;
      if (errorName(e) === 'ResourceInUseException') this.messages.push('warning', `Consumer application ${app.name} on ${app.stream}`, `${sh.id}: ${errorText(e)} Subscribing again.`);
      return 'ended';
    } finally {
      // Left early (stopped, or the shard's end seen): close the stream so the service side ends too.
      if (!drained) {
        abort.abort();
        try {
          void Promise.resolve(it.return?.()).catch(() => undefined);
        } catch {
          // an iterator that cannot be closed is simply dropped
        }
      }
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  /** Waits `ms` of virtual time (a paused clock just waits); ends early when the app halts or `until()` holds. */
  private async sleep(app: App, ms: number, until?: () => boolean): Promise<void> {
    const end = this.host.clock.now() + ms;
    while (!app.halted && !(until?.() ?? false) && this.host.clock.now() < end) await new Promise((r) => setTimeout(r, SLEEP_TICK_MS));
  }

  /** `shared-1`, `efo-2`…: the first number free among all apps (unique names keep the picture readable). */
  private freeName(kind: AppKind): string {
    const prefix = kind === 'shared' ? 'shared' : 'efo';
    const taken = new Set([...this.runs.values()].map((a) => a.name));
    let n = 1;
    while (taken.has(`${prefix}-${n}`)) n++;
    return `${prefix}-${n}`;
  }

  private view(app: App): AppView {
    const reading = [...app.shards.values()].filter((s) => s.phase === 'reading');
    const ages = reading.map((s) => s.ageMs).filter((a) => a >= 0);
    const readers = app.kind === 'enhanced'
      ? [`consumer:${app.name}`]
      : reading.flatMap((s) => {
        const r = s.iterator === undefined ? undefined : readerOfIterator(s.iterator);
        return r === undefined ? [] : [r];
      });
    return {
      id: app.id, name: app.name, kind: app.kind, stream: app.stream, status: app.status,
      ...(app.error !== undefined ? { error: app.error } : {}),
      records: app.records, bytes: app.bytes, iteratorAgeMs: ages.length > 0 ? Math.max(...ages) : -1, throttled: app.throttled,
      shards: reading.map((s) => s.id), readers,
    };
  }

  private refresh(): void {
    this.apps = [...this.runs.values()].map((a) => this.view(a));
  }
}
