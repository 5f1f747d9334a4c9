/**
 * One consumer application's run state (`App`, a `ShardRun` per shard it knows), the plain view
 * the UI gets of it, the timings its loops keep, and the context its readers run in. Plain data
 * and types: the `$state` that publishes views lives in consumerApps.svelte.ts.
 */
import type { _Record, KinesisClient } from '@aws-sdk/client-kinesis';
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

/** KCL discovers shards every few seconds (shardSyncIntervalMillis); 2 virtual s here. */
export const DISCOVER_MS = 2_000;
/** Pause before renewing a subscription that ended (KCL waits about a second too). */
export const RESUBSCRIBE_MS = 1_000;
/** DescribeStreamSummary / DescribeStreamConsumer polling while waiting for ACTIVE. */
export const STATUS_POLL_MS = 100;
/** How often (real ms) a virtual-time sleep looks at the clock and the stop flag. */
export const SLEEP_TICK_MS = 10;
/** Real ms between view refreshes while any app exists. */
export const REFRESH_MS = 250;
/** GetRecords' Limit: AWS's maximum, so a shared reader catches up as fast as the shard allows. */
export const GET_RECORDS_LIMIT = 10_000;
/** Errors that end a subscription without anything being wrong with the app: renew it. */
export const RESUBSCRIBE_ON: ReadonlySet<string> = new Set(['ResourceInUseException', 'InternalFailure', 'InternalFailureException']);

/** One shard as an app knows it: its lineage and how far the app has read it. */
export interface ShardRun {
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

/** A running consumer application: mutable bookkeeping, snapshotted into an `AppView`. */
export interface App {
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

/** A new app, `starting`, knowing no shards yet; `halt()` sets `halted` and settles `haltSignal`. */
export function newApp(id: number, name: string, kind: AppKind, stream: string, start: AppStart): App {
  let halt = (): void => {};
  const haltSignal = new Promise<void>((resolve) => { halt = resolve; });
  const app: App = {
    id, name, kind, stream, start, status: 'starting', records: 0, bytes: 0, throttled: 0,
    shards: new Map(), readers: new Set(kind === 'enhanced' ? [`consumer:${name}`] : []), halted: false, haltSignal,
    halt: () => { app.halted = true; halt(); }, wake: false, started: Promise.resolve(),
  };
  return app;
}

/**
 * What an app's loops (start sequence, shared and enhanced readers) need from the `ConsumerApps`
 * that runs them — passed explicitly so the loops can live in modules of their own.
 */
export interface AppContext {
  readonly app: App;
  readonly kinesis: KinesisClient;
  readonly messages: Messages;
  /** Virtual ms between GetRecords calls of a shared consumer. */
  readonly pollMs: number;
  /** Waits `ms` of virtual time; ends early when the app halts or `until()` holds. */
  readonly sleep: (ms: number, until?: () => boolean) => Promise<void>;
  /** Counts a batch the app read from `sh` and hands it on. */
  readonly deliver: (sh: ShardRun, records: readonly _Record[] | undefined) => void;
  /** `sh` is read to its end: its children may start. */
  readonly finish: (sh: ShardRun) => void;
}
