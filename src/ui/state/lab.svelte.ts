/**
 * The screen's view of one running simulation: snapshots of streams and shards (refreshed about
 * four times a second into `$state.raw`, replaced — never mutated), the host status, the selected
 * stream, the clock controls and the control-plane actions the stream panel offers. Every SDK
 * call's failure goes to `messages`.
 */
import {
  AddTagsToStreamCommand, CreateStreamCommand, DeleteStreamCommand, IncreaseStreamRetentionPeriodCommand,
  MergeShardsCommand, RemoveTagsFromStreamCommand, SplitShardCommand, UpdateShardCountCommand, UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import type { HostStatus, SimulationHost } from '../../broker/host';
import type { StreamSnapshot } from '../../core/kinesis/snapshot';
import { LIMITS_TAG } from '../../core/kinesis/stream';
import { LagWatch } from './lag';
import { Messages } from './messages.svelte';
import { RateTracker, type ShardRates } from './rates';
import { nextSpeed } from './speed';

/** The tag that switches a stream's per-shard limits off (read by the engine). */
/** The tag that lifts a stream's per-shard limits (the engine's own constant). */
export const LIMITS_TAG_KEY = LIMITS_TAG;
const REFRESH_MS = 250;
/** Step size of the → key and the Step button, virtual ms. */
export const STEP_MS = 1000;

export class Lab {
  streams = $state.raw<readonly StreamSnapshot[]>([]);
  status = $state.raw<HostStatus>({ now: 0, paused: false, targetSpeed: 1, actualSpeed: 1, backlog: 0, workerRestarts: 0, storage: 'memory' });
  selectedName = $state<string | undefined>(undefined);
  /** Retention to set once a new stream is ACTIVE (AWS only changes it on an ACTIVE stream). */
  pendingRetention = $state.raw<Readonly<Record<string, number>>>({});
  /** Streams with a control-plane call in flight (buttons show it and do not double-send). */
  busy = $state.raw<ReadonlySet<string>>(new Set());
  /** Per-shard rates for the shard table, by `rateKey(stream, shardId)`. */
  rates = $state.raw<ReadonlyMap<string, ShardRates>>(new Map());
  /** A lasting gap between actual and target speed ("running at 6.3× of 10×"). */
  lagging = $state(false);
  readonly messages = new Messages();
  private readonly lag = new LagWatch();
  private readonly rateTracker = new RateTracker();

  selected = $derived(this.streams.find((s) => s.name === this.selectedName));

  constructor(readonly host: SimulationHost) {}

  /** Starts the refresh loop; returns its stop function (for an `$effect` cleanup). */
  start(): () => void {
    this.refresh();
    const timer = setInterval(() => this.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }

  refresh(): void {
    try {
      this.streams = this.host.snapshot();
      this.status = this.host.status();
      this.lagging = this.lag.update(this.status, performance.now());
      this.rates = this.rateTracker.update(this.streams, this.status.now);
    } catch (e) {
      this.messages.error('Reading the simulation', e);
      return;
    }
    this.applyPendingRetention();
    // Keep a stream selected while there is one (after a reload, after a delete).
    if (this.selectedName === undefined || !this.streams.some((s) => s.name === this.selectedName)) {
      this.selectedName = this.streams[0]?.name;
    }
  }

  select(name: string): void {
    this.selectedName = name;
  }

  // ── the clock ────────────────────────────────────────────────────────────────────────────

  togglePause(): void {
    this.safely('Play / pause', () => (this.host.clock.paused ? this.host.clock.resume() : this.host.clock.pause()));
  }

  step(): void {
    if (!this.host.clock.paused) return;
    this.safely('Step', () => this.host.clock.step(STEP_MS));
  }

  setSpeed(x: number): void {
    this.safely('Speed', () => this.host.clock.speed(x));
  }

  faster(direction: 1 | -1): void {
    this.setSpeed(nextSpeed(this.status.targetSpeed, direction));
  }

  private safely(context: string, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.messages.error(context, e);
    }
    this.refresh();
  }

  // ── streams (through the AWS SDK, like a user's own code would) ──────────────────────────

  /** Creates a stream; true when AWS accepted the request. */
  async createStream(name: string, shards: number, retentionHours: number): Promise<boolean> {
    return this.call(name, `Create stream ${name}`, async () => {
      await this.host.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      if (retentionHours > 24) this.pendingRetention = { ...this.pendingRetention, [name]: retentionHours };
      this.selectedName = name;
    });
  }

  async deleteStream(name: string): Promise<boolean> {
    return this.call(name, `Delete stream ${name}`, async () => {
      await this.host.kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
    });
  }

  /** Splits a shard at the middle of its hash key range (SplitShard), as the AWS docs do. */
  async splitShard(name: string, shardId: string, startingHashKey: string, endingHashKey: string): Promise<boolean> {
    const mid = (BigInt(startingHashKey) + BigInt(endingHashKey)) / 2n;
    return this.splitShardAt(name, shardId, mid.toString());
  }

  /** Splits a shard so that its second child starts at `newStartingHashKey` (SplitShard). */
  async splitShardAt(name: string, shardId: string, newStartingHashKey: string): Promise<boolean> {
    return this.call(name, `Split ${shardId}`, async () => {
      await this.host.kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: shardId, NewStartingHashKey: newStartingHashKey }));
    });
  }

  /** Merges two adjacent open shards (MergeShards). */
  async mergeShards(name: string, shardId: string, adjacentShardId: string): Promise<boolean> {
    return this.call(name, `Merge ${shardId} and ${adjacentShardId}`, async () => {
      await this.host.kinesis.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: shardId, AdjacentShardToMerge: adjacentShardId }));
    });
  }

  /** Changes the number of open shards (UpdateShardCount, UNIFORM_SCALING). */
  async updateShardCount(name: string, target: number): Promise<boolean> {
    return this.call(name, `Scale ${name} to ${target} shards`, async () => {
      await this.host.kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: target, ScalingType: 'UNIFORM_SCALING' }));
    });
  }

  /** Switches the capacity mode (UpdateStreamMode; AWS allows two switches a day). */
  async switchMode(name: string, arn: string, mode: 'PROVISIONED' | 'ON_DEMAND'): Promise<boolean> {
    return this.call(name, `Switch ${name} to ${mode}`, async () => {
      await this.host.kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: mode } }));
    });
  }

  /** Limits on = no `shardlab:limits` tag; off = the tag set to `off`. */
  async setLimits(name: string, on: boolean): Promise<boolean> {
    return this.call(name, `Turn limits ${on ? 'on' : 'off'} for ${name}`, async () => {
      if (on) await this.host.kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: [LIMITS_TAG_KEY] }));
      else await this.host.kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { [LIMITS_TAG_KEY]: 'off' } }));
    });
  }

  private applyPendingRetention(): void {
    for (const [name, hours] of Object.entries(this.pendingRetention)) {
      const s = this.streams.find((x) => x.name === name);
      if (s && s.status !== 'ACTIVE') continue;
      this.pendingRetention = Object.fromEntries(Object.entries(this.pendingRetention).filter(([n]) => n !== name));
      if (!s) continue; // deleted before it became ACTIVE
      void this.call(name, `Set retention of ${name} to ${hours} h`, async () => {
        await this.host.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: hours }));
      });
    }
  }

  private async call(stream: string, context: string, f: () => Promise<void>): Promise<boolean> {
    this.busy = new Set([...this.busy, stream]);
    try {
      await f();
      return true;
    } catch (e) {
      this.messages.error(context, e);
      return false;
    } finally {
      const next = new Set(this.busy);
      next.delete(stream);
      this.busy = next;
      this.refresh();
    }
  }
}
