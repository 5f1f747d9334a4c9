/**
 * One KCL worker — a KCL 2.x `Scheduler` (spec producers-consumers §2), on virtual time: call
 * `tick(now)` as the clock moves and it runs its own timers —
 *
 * - shard sync every shardSyncIntervalMillis (60 s): ListShards → leases for shards that lack one
 *   (see `shardSync.ts`), and the clean-up of completed leases;
 * - lease renewal every failoverTimeMillis/3 − epsilon (3308 ms): a conditional leaseCounter++ on
 *   every held lease; a failed condition means another worker took it → `leaseLost`;
 * - lease taking every (failoverTimeMillis + epsilon) × 2 (20050 ms): `computeLeasesToTake`;
 * - one `ShardConsumer` (record processor) per held lease.
 *
 * A worker that stops (`stop()`, a crash) stops renewing: its leases expire after
 * failoverTimeMillis as others see their counters stand still, and move. `shutdown()` is the
 * graceful path: `shutdownRequested` (checkpoint there), then the leases are released.
 */
import { createRandom } from '../sim/random.js';
import { deaggregate } from '../kpl/aggregation.js';
import { Sentinel, type Lease, type LeaseChange } from './leaseTable.js';
import { computeLeasesToTake, type ScannedLease } from './leaseTaker.js';
import { countOperation, emptyMetrics, type KclMetrics } from './metrics.js';
import { ConsumerState, ShardConsumer, type ConsumerHost } from './shardConsumer.js';
import { cleanupCompletedLeases, syncShards } from './shardSync.js';
import type { KclWorkerOptions, LeaseView, WorkerSnapshot } from './workerOptions.js';

export type { FanOutConfig, KclWorkerOptions, LeaseView, PollingConfig, WorkerSnapshot } from './workerOptions.js';

interface Held {
  lease: Lease;
  chain: Promise<unknown>;
}

export class KclWorker {
  readonly workerIdentifier: string;
  readonly failoverTimeMillis: number;
  readonly leaseRenewalIntervalMillis: number;
  readonly leaseTakerIntervalMillis: number;
  readonly metrics: KclMetrics = emptyMetrics();
  /** The last errors (processor exceptions, Kinesis errors of shard sync), newest last. */
  readonly errors: string[] = [];
  private readonly held = new Map<string, Held>();
  private readonly consumers = new Map<string, ShardConsumer>();
  private readonly scanned = new Map<string, ScannedLease>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly host: ConsumerHost;
  private readonly random: () => number;
  private running = false;
  private initialized = false;
  private now = 0;
  private nextRenewAt = Infinity;
  private nextTakeAt = Infinity;
  private nextSyncAt = Infinity;
  private busy = { renew: false, take: false, sync: false };

  constructor(private readonly opts: KclWorkerOptions) {
    this.workerIdentifier = opts.workerIdentifier;
    this.failoverTimeMillis = opts.failoverTimeMillis ?? 10_000;
    const epsilon = opts.epsilonMillis ?? 25;
    this.leaseRenewalIntervalMillis = Math.floor(this.failoverTimeMillis / 3) - epsilon;
    this.leaseTakerIntervalMillis = (this.failoverTimeMillis + epsilon) * 2;
    this.random = opts.random ?? ((r) => () => r.next())(createRandom(1));
    const r = opts.retrieval ?? { mode: 'polling' };
    this.host = {
      streamName: opts.streamName,
      kinesis: opts.kinesis,
      store: opts.leaseStore,
      initialPosition: opts.initialPosition ?? 'LATEST',
      deaggregate: opts.deaggregate ?? deaggregate,
      parentShardPollIntervalMillis: opts.parentShardPollIntervalMillis ?? 10_000,
      taskBackoffTimeMillis: opts.taskBackoffTimeMillis ?? 500,
      retrieval: r.mode === 'polling'
        ? { mode: 'polling', maxRecords: r.maxRecords ?? 10_000, idleTimeBetweenReadsInMillis: r.idleTimeBetweenReadsInMillis ?? 1500 }
        : r,
      now: () => this.now,
      held: (id) => this.held.get(id)?.lease,
      writeHeld: (id, change) => this.writeHeld(id, change),
      track: (p) => this.track(p),
      processed: (id, records, bytes, behind) => {
        this.metrics.RecordsProcessed += records;
        this.metrics.DataBytesProcessed += bytes;
        this.metrics.MillisBehindLatest[id] = behind;
        countOperation(this.metrics, 'ProcessTask', true);
      },
      completed: (id) => {
        this.held.delete(id);
        this.consumers.delete(id);
        this.metrics.CurrentLeases = this.held.size;
      },
      count: (metric) => this.metrics[metric]++,
      error: (id, err) => this.report(`${id}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`),
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the worker at virtual time `now`: shard sync, then lease taking, at once. */
  start(now: number): void {
    if (this.running) return;
    this.running = true;
    this.now = now;
    this.initialized = false;
    this.tick(now);
  }

  /** Advances the worker to virtual time `now`: runs whatever timers fell due. */
  tick(now: number): void {
    if (!this.running) return;
    this.now = now;
    if (!this.initialized) {
      if (this.busy.sync) return;
      this.busy.sync = true;
      void this.track((async () => {
        await this.syncShards();
        await this.takeLeases();
        this.initialized = true;
        this.nextRenewAt = this.now + this.leaseRenewalIntervalMillis;
        this.nextTakeAt = this.now + this.leaseTakerIntervalMillis;
        this.nextSyncAt = this.now + (this.opts.shardSyncIntervalMillis ?? 60_000);
      })().finally(() => (this.busy.sync = false)));
      return;
    }
    if (now >= this.nextRenewAt && !this.busy.renew) {
      this.nextRenewAt = now + this.leaseRenewalIntervalMillis;
      this.busy.renew = true;
      void this.track(this.renewLeases().finally(() => (this.busy.renew = false)));
    }
    if (now >= this.nextTakeAt && !this.busy.take) {
      this.nextTakeAt = now + this.leaseTakerIntervalMillis;
      this.busy.take = true;
      void this.track(this.takeLeases().finally(() => (this.busy.take = false)));
    }
    if (now >= this.nextSyncAt && !this.busy.sync) {
      this.nextSyncAt = now + (this.opts.shardSyncIntervalMillis ?? 60_000);
      this.busy.sync = true;
      void this.track(this.syncShards().finally(() => (this.busy.sync = false)));
    }
    for (const c of this.consumers.values()) c.tick(now);
  }

  /** A crash: everything stops at once, nothing is released — the leases expire and move. */
  stop(): void {
    this.running = false;
    for (const c of this.consumers.values()) c.halt();
    this.consumers.clear();
    this.held.clear();
    this.metrics.CurrentLeases = 0;
  }

  /**
   * Graceful shutdown: every processor gets `shutdownRequested` (and may checkpoint), then its
   * lease is released (owner removed), so other workers take it at their next taker run.
   */
  async shutdown(): Promise<void> {
    const consumers = [...this.consumers.values()];
    await Promise.all(consumers.map((c) => c.shutdownRequested()));
    for (const [id, h] of this.held) {
      await h.chain;
      await this.opts.leaseStore.update(id, { leaseCounter: h.lease.leaseCounter, leaseOwner: this.workerIdentifier }, { leaseOwner: null, leaseCounter: h.lease.leaseCounter + 1 });
    }
    this.stop();
  }

  /** Resolves when no task of this worker is in flight (after a manual clock advance). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Shard ids of the leases held now. */
  heldLeases(): string[] {
    return [...this.held.keys()].sort();
  }

  snapshot(): WorkerSnapshot {
    const leases = [...this.held.values()].map(({ lease }): LeaseView => {
      const c = this.consumers.get(lease.leaseKey);
      return {
        shardId: lease.leaseKey, leaseCounter: lease.leaseCounter, checkpoint: lease.checkpoint,
        checkpointSubSequenceNumber: lease.checkpointSubSequenceNumber, state: c?.state ?? ConsumerState.SHUTDOWN_COMPLETE,
        millisBehindLatest: c?.millisBehindLatest ?? 0, shardEndAttempts: c?.shardEndAttempts ?? 0,
      };
    }).sort((a, b) => (a.shardId < b.shardId ? -1 : 1));
    return { workerIdentifier: this.workerIdentifier, running: this.running, leases, metrics: structuredCloneMetrics(this.metrics), errors: [...this.errors] };
  }

  /** Counts `p` as work in flight; a failure is reported (the KCL logs it and the task runs again later). */
  private track<T>(p: Promise<T>): Promise<T> {
    const settled = p.then(
      () => undefined,
      (err: unknown) => this.report(err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
    );
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return p;
  }

  private report(message: string): void {
    this.errors.push(message);
    if (this.errors.length > 20) this.errors.shift();
  }

  /**
   * A conditional write on a held lease: expects the counter and owner this worker holds, and
   * increments the counter (renewal, checkpoint, childShardIds). Writes on one lease run one at
   * a time. A failed condition means the lease was taken: it is lost.
   */
  private writeHeld(id: string, change: LeaseChange): Promise<boolean> {
    const h = this.held.get(id);
    if (!h) return Promise.resolve(false);
    const run = h.chain.then(async () => {
      if (this.held.get(id) !== h) return false;
      const w = await this.opts.leaseStore.update(id, { leaseCounter: h.lease.leaseCounter, leaseOwner: this.workerIdentifier }, { ...change, leaseCounter: h.lease.leaseCounter + 1 });
      if (w.ok) {
        h.lease = w.lease;
        return true;
      }
      if (this.held.get(id) === h) this.lose(id);
      return false;
    });
    h.chain = run.catch(() => undefined);
    return run;
  }

  private lose(id: string): void {
    this.held.delete(id);
    const c = this.consumers.get(id);
    this.consumers.delete(id);
    this.metrics.LostLeases++;
    this.metrics.CurrentLeases = this.held.size;
    if (c) void this.track(c.leaseLost());
  }

  private async renewLeases(): Promise<void> {
    const results = await Promise.all([...this.held.keys()].map((id) => this.writeHeld(id, {})));
    countOperation(this.metrics, 'RenewAllLeases', results.every(Boolean));
  }

  /** One lease-taker run (DynamoDBLeaseTaker.takeLeases). */
  private async takeLeases(): Promise<void> {
    const scanTime = this.now;
    const all = await this.opts.leaseStore.list();
    if (!this.running) return;
    const seen = new Set<string>();
    for (const lease of all) {
      seen.add(lease.leaseKey);
      const old = this.scanned.get(lease.leaseKey);
      // KCL: a counter unchanged since the last scan keeps its time; a changed one is "renewed
      // as of this scan"; a lease seen for the first time is renewed now if owned, never if not.
      const last = old ? (old.lease.leaseCounter === lease.leaseCounter ? old.lastCounterIncrement : scanTime) : lease.leaseOwner === undefined ? 0 : scanTime;
      this.scanned.set(lease.leaseKey, { lease, lastCounterIncrement: last });
    }
    for (const k of [...this.scanned.keys()]) if (!seen.has(k)) this.scanned.delete(k);
    // Shardlab: finished leases (SHARD_END) are neither balanced nor taken (see the report).
    const candidates = [...this.scanned.values()].filter((s) => s.lease.checkpoint !== Sentinel.SHARD_END);
    const d = computeLeasesToTake(this.workerIdentifier, candidates, scanTime, {
      failoverTimeMillis: this.failoverTimeMillis,
      maxLeasesForWorker: this.opts.maxLeasesForWorker ?? Number.MAX_SAFE_INTEGER,
      maxLeasesToStealAtOneTime: this.opts.maxLeasesToStealAtOneTime ?? 1,
      veryOldLeaseMultiplier: 3,
    }, this.random);
    Object.assign(this.metrics, { TotalLeases: candidates.length, NumWorkers: d.numWorkers, NeededLeases: d.needed, ExpiredLeases: d.expired, LeasesToTake: d.take.length });
    let ok = true;
    for (const { lease } of d.take) {
      if (this.held.has(lease.leaseKey)) continue;
      const w = await this.opts.leaseStore.update(lease.leaseKey, { leaseCounter: lease.leaseCounter }, {
        leaseOwner: this.workerIdentifier,
        leaseCounter: lease.leaseCounter + 1,
        ownerSwitchesSinceCheckpoint: lease.ownerSwitchesSinceCheckpoint + (lease.leaseOwner === this.workerIdentifier ? 0 : 1),
      });
      if (!w.ok || !this.running) {
        ok = false;
        continue;
      }
      this.held.set(lease.leaseKey, { lease: w.lease, chain: Promise.resolve() });
      this.consumers.set(lease.leaseKey, new ShardConsumer(lease.leaseKey, this.host, this.opts.processorFactory(lease.leaseKey)));
      this.metrics.TakenLeases++;
    }
    this.metrics.CurrentLeases = this.held.size;
    countOperation(this.metrics, 'TakeLeases', ok);
  }

  private async syncShards(): Promise<void> {
    const r = await syncShards(this.opts.kinesis, this.opts.streamName, this.opts.leaseStore, this.host.initialPosition);
    countOperation(this.metrics, 'ShardSyncTask', r.ok);
    if (!r.ok) {
      this.report(`ShardSyncTask: ${r.error}`);
      return;
    }
    if (this.opts.cleanupLeasesUponShardCompletion ?? true) await cleanupCompletedLeases(this.opts.leaseStore);
  }
}

const structuredCloneMetrics = (m: KclMetrics): KclMetrics => ({
  ...m,
  MillisBehindLatest: { ...m.MillisBehindLatest },
  Operations: Object.fromEntries(Object.entries(m.Operations).map(([k, v]) => [k, { ...v }])),
});
