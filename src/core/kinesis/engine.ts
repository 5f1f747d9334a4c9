/**
 * The Kinesis Data Streams engine: the control plane (streams, shard maps, lifecycle on the
 * virtual clock) and dispatch of every operation — validation table first, then the action.
 * Pure: time comes from the injected Clock, and shards are made by an injectable factory (the
 * browser build hosts each shard in its own worker).
 */
import { OnDemandScaler } from './onDemand.js';
import { completeReshard } from './actions/reshard.js';
import { EventHub, type SimListener } from '../observe/events.js';
import { encodeGetRecords, type GetRecordsOutput } from './wire/getRecordsJson.js';
import type { Clock } from '../sim/clock.js';
import { Scheduler } from '../sim/scheduler.js';
import { actions } from './actions/index.js';
import { fail, isShardUnavailable, ok, type Result } from './errors.js';
import type { Account } from './model/arn.js';
import { KINESIS_TARGET_PREFIX, isKinesisOperation } from './operations.js';
import { ShardCore, type ShardMeta } from './shard/shardCore.js';
import type { ShardHandle } from './shard/shardHandle.js';
import { MeteredShard } from './shard/meteredShard.js';
import { shapes } from './shapes/index.js';
import { notActive, resolveStreamName, servesData, streamNotFound, type StreamConsumer, type StreamRef, type StreamState } from './stream.js';
import { validate } from './validation/validate.js';

export interface EngineOptions {
  readonly clock: Clock;
  readonly account?: Account;
  /** Per-shard limits on for new streams (default true). */
  readonly enforceLimits?: boolean;
  /** Virtual time a stream spends in CREATING / DELETING (AWS: tens of seconds). */
  readonly createStreamMs?: number;
  readonly deleteStreamMs?: number;
  /** Virtual ms a stream stays UPDATING while a split or merge is carried out (default 500). */
  readonly updateStreamMs?: number;
  /** How shards are made (default: in memory). */
  readonly shardFactory?: (meta: ShardMeta, enforceLimits: boolean, stream: StreamIdentity) => ShardHandle;
}

/** Which stream incarnation a shard belongs to (a name can be reused after deletion). */
export interface StreamIdentity {
  readonly name: string;
  readonly createdAt: number;
}

export const DEFAULT_ACCOUNT: Account = { region: 'us-east-1', accountId: '123456789012' };

/** How often (virtual ms) expired records are swept from every shard. */
const TRIM_SWEEP_MS = 10_000;

export class KinesisEngine {
  readonly streams = new Map<string, StreamState>();
  readonly scheduler = new Scheduler();
  readonly clock: Clock;
  readonly account: Account;
  readonly enforceLimits: boolean;
  readonly createStreamMs: number;
  readonly deleteStreamMs: number;
  readonly updateStreamMs: number;
  /** Makes a shard (metered, so its traffic can be observed). */
  readonly makeShard: (meta: ShardMeta, enforceLimits: boolean, stream: StreamIdentity) => MeteredShard;
  private lastSweep = 0;
  private lastTickEvent = -Infinity;
  private readonly listeners = new Set<() => void>();
  /** Scales ON_DEMAND streams to their demand. */
  readonly onDemand: OnDemandScaler = new OnDemandScaler(this);
  /** The observation interface (events; snapshots come from `snapshotStreams`). */
  // An observer's exception surfaces as an unhandled rejection (a console error), never as a
  // failed AWS call.
  readonly events = new EventHub((e) => void Promise.reject(e));
  /** Ids of iterator chains (one per GetShardIterator), for the `reader` of read events. */
  private readers = 0;

  constructor(opts: EngineOptions) {
    this.clock = opts.clock;
    this.account = opts.account ?? DEFAULT_ACCOUNT;
    this.enforceLimits = opts.enforceLimits ?? true;
    this.createStreamMs = opts.createStreamMs ?? 1000;
    this.deleteStreamMs = opts.deleteStreamMs ?? 500;
    this.updateStreamMs = opts.updateStreamMs ?? 500;
    const factory = opts.shardFactory ?? ((meta, enforce) => new ShardCore(meta, enforce));
    this.makeShard = (meta, enforce, stream) => new MeteredShard(factory(meta, enforce, stream));
    this.clock.onAdvance((t) => this.tick(t));
  }

  /** The wire service name: `Kinesis_20131202`. */
  readonly targetPrefix = KINESIS_TARGET_PREFIX;

  /** Writes an operation's output as JSON bytes where a faster path than JSON.stringify exists. */
  encode(operation: string, output: unknown): Uint8Array | undefined {
    return operation === 'GetRecords' ? encodeGetRecords(output as GetRecordsOutput) : undefined;
  }

  /** Runs one operation by AWS name on a JSON request body (wire form). */
  async dispatch(operation: string, input: unknown): Promise<Result<unknown>> {
    if (!isKinesisOperation(operation)) {
      return fail('UnknownOperationException', `Shardlab does not simulate ${KINESIS_TARGET_PREFIX}.${operation} (yet).`);
    }
    this.tick(this.now());
    let v: ReturnType<typeof validate> | undefined = validate(shapes[operation], input ?? {});
    if (!v.ok) return v;
    // Each action validates its own input shape; the registry is typed over every operation.
    let result: Result<unknown>;
    try {
      const pending = (actions[operation] as (e: KinesisEngine, i: unknown) => Result<unknown> | Promise<Result<unknown>>)(this, v.value);
      // Not holding the input while the action waits on shards lets a PutRecords' data (by then
      // copied to the shard workers) be collected young instead of surviving into the old space.
      v = undefined;
      result = await pending;
    } catch (err) {
      // A shard that could not answer (its worker died or its storage failed) is AWS's
      // retriable InternalFailure (HTTP 500); anything else is a bug and propagates.
      if (isShardUnavailable(err)) return fail('InternalFailure', 'Internal service failure.', 500);
      throw err;
    }
    if (result.ok && CONTROL_PLANE_WRITES.has(operation)) this.changed();
    return result;
  }

  /** Calls `listener` with every simulation event from now on; returns the function that stops it. */
  observe(listener: SimListener): () => void {
    return this.events.observe(listener);
  }

  /** A new reader id, for a fresh iterator chain. */
  newReader(): number {
    return ++this.readers;
  }

  /** Listens for control-plane changes (a stream created, changed, activated or removed). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners the control plane changed (the broker persists it). */
  changed(): void {
    for (const l of this.listeners) l();
  }

  /** CREATING → ACTIVE once virtual time reaches `at`. */
  scheduleActivation(s: StreamState, at: number): void {
    this.scheduler.at(at, () => {
      if (this.streams.get(s.name) === s && s.status === 'CREATING') {
        s.status = 'ACTIVE';
        this.changed();
        if (this.events.active) for (const sh of s.open) this.events.emit({ type: 'shardOpened', t: at, stream: s.name, shardId: sh.id });
      }
    });
  }

  /**
   * The service resharding a stream itself (on-demand capacity): uniform scaling to `target`
   * open shards through the same UPDATING window as UpdateShardCount.
   */
  scaleStream(s: StreamState, target: number): void {
    if (s.status !== 'ACTIVE' || s.pendingReshard) return;
    s.status = 'UPDATING';
    s.pendingReshard = { kind: 'uniform', shards: [], targetShardCount: target, at: this.now() + this.updateStreamMs };
    this.changed();
    this.scheduleReshard(s);
  }

  /** Resolves once virtual time has moved on by `ms` (event streams pace themselves with it). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.scheduler.at(this.now() + ms, () => resolve()));
  }

  /** A consumer's CREATING → ACTIVE, or DELETING → gone, once virtual time reaches `at`. */
  scheduleConsumer(s: StreamState, c: StreamConsumer, at: number): void {
    this.scheduler.at(at, () => {
      if (s.consumers?.get(c.name) !== c) return;
      if (c.status === 'CREATING') c.status = 'ACTIVE';
      else if (c.status === 'DELETING') s.consumers.delete(c.name);
      this.changed();
    });
  }

  /** Carries out the stream's pending split or merge when it falls due. */
  scheduleReshard(s: StreamState): void {
    const at = s.pendingReshard?.at ?? this.now();
    this.scheduler.at(at, () => {
      if (this.streams.get(s.name) === s && s.pendingReshard) completeReshard(this, s);
    });
  }

  /** DELETING → gone once virtual time reaches `at`: the name is free and the shards' storage released. */
  scheduleRemoval(s: StreamState, at: number): void {
    this.scheduler.at(at, () => {
      if (this.streams.get(s.name) !== s) return;
      this.streams.delete(s.name);
      for (const sh of s.shards) void sh.dispose();
      this.changed();
      if (this.events.active) for (const sh of s.open) this.events.emit({ type: 'shardClosed', t: at, stream: s.name, shardId: sh.id });
    });
  }

  /** Virtual time in whole milliseconds (AWS timestamps have millisecond precision). */
  now(): number {
    return Math.floor(this.clock.now());
  }

  /** Runs due lifecycle events and sweeps expired records. */
  tick(now: number): void {
    this.scheduler.runDue(now);
    if (now - this.lastTickEvent >= 1000 && this.events.active) {
      this.lastTickEvent = now - (now % 1000);
      this.events.emit({ type: 'tick', t: now });
    }
    this.onDemand.tick(now);
    if (now - this.lastSweep >= TRIM_SWEEP_MS) {
      this.lastSweep = now;
      for (const s of this.streams.values()) {
        const horizon = trimHorizonOf(s, now);
        for (const shard of s.shards) {
          if (shard.expired) continue;
          // A closed shard whose newest record is older than retention has nothing left: it
          // expires (AWS: disappears from ListShards and DescribeStream) and its storage goes.
          const closedAt = shard.meta.closedAt;
          if (closedAt !== undefined && closedAt < horizon) shard.expire();
          else void shard.trim(horizon);
        }
      }
    }
  }

  /**
   * The stream an input names. `need`: 'data' — must serve reads/writes (ACTIVE or UPDATING,
   * otherwise ResourceNotFound as AWS answers for a stream being created or deleted); 'active' —
   * control-plane changes need ACTIVE (else ResourceInUse); 'any' — descriptions.
   */
  stream(ref: StreamRef, need: 'data' | 'active' | 'any'): Result<StreamState> {
    const name = resolveStreamName(this.account, ref);
    if (!name.ok) return name;
    const s = this.streams.get(name.value);
    if (!s) return streamNotFound(this.account, name.value);
    if (need === 'data' && !servesData(s)) return streamNotFound(this.account, s.name);
    if (need === 'active' && s.status !== 'ACTIVE') return notActive(this.account, s);
    return ok(s);
  }

  /** Open shards in the whole account (DescribeLimits, the shard quota). */
  openShardCount(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.open.length;
    return n;
  }
}

/** Operations whose success changes the control plane (persisted by the broker). */
const CONTROL_PLANE_WRITES: ReadonlySet<string> = new Set([
  'CreateStream', 'DeleteStream', 'IncreaseStreamRetentionPeriod', 'DecreaseStreamRetentionPeriod', 'AddTagsToStream', 'RemoveTagsFromStream',
]);

/** Records that arrived before this time are past retention. */
export const trimHorizonOf = (s: StreamState, now: number): number => now - s.retentionHours * 3_600_000;
