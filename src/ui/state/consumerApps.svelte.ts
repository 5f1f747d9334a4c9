/**
 * Consumer applications a learner adds to a stream and removes again — the two ways of reading
 * Kinesis, written the way KCL does it, through the page's AWS SDK client on the virtual clock:
 *
 * - `shared` (KCL polling mode): per shard GetShardIterator, then GetRecords every `pollMs`
 *   following NextShardIterator (sharedReader.ts).
 * - `enhanced` (enhanced fan-out): RegisterStreamConsumer, then SubscribeToShard per shard, each
 *   subscription renewed when it ends (appStartup.ts, enhancedReader.ts).
 *
 * Both follow shard lineage as KCL does (shardLineage.ts): shards are found with ListShards (at
 * start, every 2 virtual seconds, and at once after a shard reports ChildShards), and a shard is
 * read only after every parent this app reads has been read to its end — so across SplitShard
 * and MergeShards every record is delivered once, in per-key order.
 *
 * This class keeps what the loops share: the apps, their lifecycle (start, halt, failure,
 * removal), the virtual-time sleep, and the `$state` the UI reads (views: appView.ts).
 */
import { DeregisterStreamConsumerCommand, type _Record } from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { registerConsumer, waitForConsumer, waitForStream } from './appStartup';
import { appView, freeAppName } from './appView';
import {
  DISCOVER_MS, newApp, REFRESH_MS, SLEEP_TICK_MS,
  type App, type AppContext, type AppKind, type AppStart, type AppView, type ShardRun,
} from './consumerApp';
import { subscribeShard } from './enhancedReader';
import { errorName, errorText } from './errors';
import type { Messages } from './messages.svelte';
import { listShards, markDone, newShardRuns, readyToRead } from './shardLineage';
import { pollShard } from './sharedReader';

/** How `ConsumerApps` runs its apps: the shared consumers' poll interval, and a tap on deliveries. */
export interface ConsumerAppsOptions {
  /** Virtual ms between GetRecords calls of a shared consumer (KCL's idleTimeBetweenReadsInMillis, 1,000 by default). */
  readonly pollMs?: number;
  /** Sees every batch an app delivers, in delivery order (tests, lessons). */
  readonly onRecords?: (app: { readonly id: number; readonly name: string }, shardId: string, records: readonly _Record[]) => void;
}

/** The consumer applications of the page's streams; `apps` is their published snapshot. */
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
    const name = opts.name?.trim() || freeAppName(kind, [...this.runs.values()].map((a) => a.name));
    if ([...this.runs.values()].some((a) => a.stream === stream && a.name === name)) {
      // Two apps of one name would be one enhanced consumer fighting itself over subscriptions.
      this.messages.push('error', 'Add consumer application', `Stream ${stream} already has a consumer application named ${name}.`);
      return undefined;
    }
    const app = newApp(this.nextId++, name, kind, stream, opts.start ?? 'LATEST');
    this.runs.set(app.id, app);
    this.timer ??= setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
    app.started = this.begin(app);
    await app.started;
    return this.runs.get(app.id) === app && app.status !== 'stopping' ? appView(app) : undefined;
  }

  /** Stops an app and forgets it; an enhanced one is deregistered (DeregisterStreamConsumer). */
  remove(id: number): Promise<void> {
    const app = this.runs.get(id);
    if (!app) return Promise.resolve();
    app.removing ??= this.stopAndForget(app);
    return app.removing;
  }

  /** Removes every app reading `stream`. */
  async removeAllOf(stream: string): Promise<void> {
    await Promise.all([...this.runs.values()].filter((a) => a.stream === stream).map((a) => this.remove(a.id)));
  }

  /** The app a read event's `reader` belongs to (`stream` tells apart equal consumer names on two streams). */
  appFor(reader: string, stream?: string): AppView | undefined {
    for (const app of this.runs.values()) {
      if (app.readers.has(reader) && (stream === undefined || app.stream === stream)) return this.apps.find((v) => v.id === app.id) ?? appView(app);
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
    const ctx = this.context(app);
    await this.guard(app, async () => {
      const streamArn = await waitForStream(ctx);
      if (app.halted || streamArn === undefined) return;
      if (app.kind === 'enhanced') {
        await registerConsumer(ctx, streamArn);
        if (app.halted) return;
        await waitForConsumer(ctx);
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
   */
  private async discover(app: App, initial: boolean): Promise<Promise<void>[] | undefined> {
    const shards = await listShards(this.host.kinesis, app);
    if (shards === undefined || app.halted) return undefined;
    for (const run of newShardRuns(shards, app.shards, initial, app.start)) app.shards.set(run.id, run);
    return this.launchReady(app);
  }

  /** Starts every waiting shard whose parents (those this app knows) are read to their end. */
  private launchReady(app: App): Promise<void>[] {
    const started: Promise<void>[] = [];
    for (const sh of app.shards.values()) {
      if (!readyToRead(app.shards, sh)) continue;
      sh.phase = 'reading';
      started.push(new Promise<void>((positioned) => {
        const ctx = this.context(app);
        const read = app.kind === 'shared' ? pollShard(ctx, sh, positioned) : subscribeShard(ctx, sh, positioned);
        void this.guard(app, () => read).finally(positioned);
      }));
    }
    return started;
  }

  /** A shard read to its end: its children may start now (and a ListShards soon finds new ones). */
  private finish(app: App, sh: ShardRun): void {
    markDone(app, sh);
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

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  /** What the app's loops get of this class (appStartup.ts, sharedReader.ts, enhancedReader.ts). */
  private context(app: App): AppContext {
    return {
      app, kinesis: this.host.kinesis, messages: this.messages, pollMs: this.pollMs,
      sleep: (ms, until) => this.sleep(app, ms, until),
      deliver: (sh, records) => this.deliver(app, sh, records),
      finish: (sh) => this.finish(app, sh),
    };
  }

  /** Waits `ms` of virtual time (a paused clock just waits); ends early when the app halts or `until()` holds. */
  private async sleep(app: App, ms: number, until?: () => boolean): Promise<void> {
    const end = this.host.clock.now() + ms;
    while (!app.halted && !(until?.() ?? false) && this.host.clock.now() < end) await new Promise((r) => setTimeout(r, SLEEP_TICK_MS));
  }

  private refresh(): void {
    this.apps = [...this.runs.values()].map((a) => appView(a));
  }
}
