/**
 * One stream's producer in the KPL lab: the state the lab keeps of it (`KplEntry`) and the plain
 * snapshot the panel reads (`KplView`) — the metrics of all its producers summed, so the counters
 * go on across a config change, and per-second rates from a short history of samples.
 */
import type { Generator } from '../../core/generator';
import type { KinesisProducer, KplConfig, KplMetricName, ShardDescription } from '../../core/kpl';
import type { KplFeed } from './kplConfigCheck';

/** Virtual ms the shown per-second rates are averaged over. */
const RATE_WINDOW_MS = 2_000;

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

/** Everything the lab keeps of one stream's producer. */
export interface KplEntry {
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

/** The producer new records go to (the last one made). */
export function currentProducer(e: KplEntry): KinesisProducer {
  return e.producers[e.producers.length - 1]!;
}

const sumOf = (ps: readonly KinesisProducer[], name: KplMetricName, what: 'sum' | 'sampleCount' = 'sum'): number =>
  ps.reduce((n, p) => n + p.metric(name)[what], 0);

/**
 * User and Kinesis records put per second over the last RATE_WINDOW_MS of virtual time. Adds the
 * sample at `now` to `history` (one per virtual moment) and drops those the window no longer needs.
 */
export function putRates(history: [number, number, number][], now: number, userPut: number, kinesisPut: number): { user: number; kinesis: number } {
  const h = history;
  if (h.length === 0 || h[h.length - 1]![0] < now) h.push([now, userPut, kinesisPut]);
  while (h.length > 2 && h[1]![0] <= now - RATE_WINDOW_MS) h.shift();
  const [t0, u0, k0] = h[0]!;
  const dt = (now - t0) / 1000;
  return { user: dt > 0 ? (userPut - u0) / dt : 0, kinesis: dt > 0 ? (kinesisPut - k0) / dt : 0 };
}

/** The snapshot of `e` at virtual time `now` (which also samples its rate history). */
export function kplView(e: KplEntry, now: number): KplView {
  const ps = e.producers;
  const userPut = sumOf(ps, 'UserRecordsPut');
  const kinesisPut = sumOf(ps, 'KinesisRecordsPut');
  const rates = putRates(e.history, now, userPut, kinesisPut);
  const errorsByCode: Record<string, number> = {};
  for (const p of ps) for (const [code, n] of Object.entries(p.errorsByCode())) errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
  const perKinesisCount = sumOf(ps, 'UserRecordsPerKinesisRecord', 'sampleCount');
  return {
    stream: e.stream, config: currentProducer(e).config, feed: e.feed, feeding: e.gen !== undefined, waiting: e.wantFeed === true,
    mappedShards: e.shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).length,
    mapRefreshes: Math.max(0, e.mapLoads - 1),
    userRecordsReceived: sumOf(ps, 'UserRecordsReceived'), userRecordsPut: userPut, kinesisRecordsPut: kinesisPut,
    userPerSecond: rates.user, kinesisPerSecond: rates.kinesis,
    userPerKinesis: perKinesisCount > 0 ? sumOf(ps, 'UserRecordsPerKinesisRecord') / perKinesisCount : 0,
    putRecordsRequests: sumOf(ps, 'KinesisRecordsPerPutRecordsRequest', 'sampleCount'),
    retries: sumOf(ps, 'RetriesPerRecord'), errorsByCode, expired: sumOf(ps, 'UserRecordExpired'),
    buffered: ps.reduce((n, p) => n + p.outstandingRecordsCount(), 0), rejected: e.rejected,
    ...(e.error !== undefined ? { error: e.error } : {}),
  };
}
