/**
 * KPL configuration: KPL's own property names (default_config.properties), defaults and ranges
 * (spec §1.2; aws/kinesis/core/configuration.h for the ranges the spec leaves open).
 */

export interface KplConfig {
  /** Pack user records bound for one shard into one Kinesis record. Default true. */
  AggregationEnabled: boolean;
  /** User records per aggregate, 1 … 2^53−1 (KPL: 2^63−1). Default 4294967295. */
  AggregationMaxCount: number;
  /** Bytes of an aggregate (magic + protobuf + MD5), 64 … 10485760. Default 51200. */
  AggregationMaxSize: number;
  /** Kinesis records per PutRecords, 1 … 500. Default 500. */
  CollectionMaxCount: number;
  /** Bytes of a PutRecords (data + partition keys), ≥ 52224. Default 5242880. */
  CollectionMaxSize: number;
  /** Largest user record accepted by addUserRecord, 64 … 1048576 (KPL 1.0.7). Default 1048576. */
  MaxUserRecordSize: number;
  /** ms a record may wait in a buffer before it must be sent, ≥ 100. Default 100. */
  RecordMaxBufferedTime: number;
  /** ms a record may take to be put before it fails with `Expired`, ≥ 100. Default 30000. */
  RecordTtl: number;
  /** Per-shard token buckets refill at RateLimit % of 1,000 records/s and 1 MiB/s, ≥ 1. Default 150. */
  RateLimit: number;
  /** Fail a record throttled by Kinesis at once instead of retrying it. Default false. */
  FailIfThrottled: boolean;
  /** PutRecords requests in flight at once, 1 … 256. Default 24. */
  MaxConnections: number;
  /** 1 … 16. Default 1. Accepted for fidelity; a simulated connection pool has no minimum. */
  MinConnections: number;
  /** ms, 100 … 600000. Default 6000. Accepted for fidelity; `send` is not timed out (see producer.ts). */
  RequestTimeout: number;
  /** none | summary | detailed. Default detailed. */
  MetricsLevel: 'none' | 'summary' | 'detailed';
  /** global | stream | shard. Default shard. */
  MetricsGranularity: 'global' | 'stream' | 'shard';
}

export const DEFAULT_KPL_CONFIG: Readonly<KplConfig> = Object.freeze({
  AggregationEnabled: true,
  AggregationMaxCount: 4294967295,
  AggregationMaxSize: 51200,
  CollectionMaxCount: 500,
  CollectionMaxSize: 5242880,
  MaxUserRecordSize: 1048576,
  RecordMaxBufferedTime: 100,
  RecordTtl: 30000,
  RateLimit: 150,
  FailIfThrottled: false,
  MaxConnections: 24,
  MinConnections: 1,
  RequestTimeout: 6000,
  MetricsLevel: 'detailed',
  MetricsGranularity: 'shard',
});

// The KPL's upper bound is Java's Long.MAX_VALUE (2^63−1); a JS number is exact only to 2^53−1.
const MAX_LONG = Number.MAX_SAFE_INTEGER;

/** Integer ranges, inclusive, as the KPL checks them (KinesisProducerConfiguration setters). */
const RANGES = {
  AggregationMaxCount: [1, MAX_LONG],
  AggregationMaxSize: [64, 10485760],
  CollectionMaxCount: [1, 500],
  CollectionMaxSize: [52224, MAX_LONG],
  MaxUserRecordSize: [64, 1048576],
  RecordMaxBufferedTime: [100, MAX_LONG],
  RecordTtl: [100, MAX_LONG],
  RateLimit: [1, MAX_LONG],
  MaxConnections: [1, 256],
  MinConnections: [1, 16],
  RequestTimeout: [100, 600000],
} as const satisfies Partial<Record<keyof KplConfig, readonly [number, number]>>;

const ENUMS = {
  MetricsLevel: ['none', 'summary', 'detailed'],
  MetricsGranularity: ['global', 'stream', 'shard'],
} as const;

/**
 * Defaults filled in and every value checked. Throws a RangeError naming the setting, its range
 * and the value given (the KPL's IllegalArgumentException says the same), or a TypeError for an
 * unknown setting.
 */
export function resolveKplConfig(given: Partial<KplConfig> = {}): KplConfig {
  for (const key of Object.keys(given)) {
    if (!(key in DEFAULT_KPL_CONFIG)) throw new TypeError(`Unknown KPL setting ${key}; known: ${Object.keys(DEFAULT_KPL_CONFIG).join(', ')}`);
  }
  const config: KplConfig = { ...DEFAULT_KPL_CONFIG, ...stripUndefined(given) };
  for (const [key, [min, max]] of Object.entries(RANGES) as [keyof typeof RANGES, readonly [number, number]][]) {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(`${key} must be an integer between ${min} and ${max}, got ${String(v)}`);
    }
  }
  for (const [key, allowed] of Object.entries(ENUMS) as [keyof typeof ENUMS, readonly string[]][]) {
    if (!allowed.includes(config[key])) throw new RangeError(`${key} must be one of ${allowed.join(' | ')}, got ${String(config[key])}`);
  }
  for (const key of ['AggregationEnabled', 'FailIfThrottled'] as const) {
    if (typeof config[key] !== 'boolean') throw new TypeError(`${key} must be true or false, got ${String(config[key])}`);
  }
  if (config.MinConnections > config.MaxConnections) {
    throw new RangeError(`MinConnections (${config.MinConnections}) must not exceed MaxConnections (${config.MaxConnections})`);
  }
  return config;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
