/**
 * Kinesis Data Streams prices, us-east-1, in ONE table (spec §10). Every figure the cost meter
 * uses comes from here, so that when AWS changes a price there is one line to edit — and the
 * screen shows where and when the figures were taken from, next to the total.
 *
 * The spec calls these "last published figures — verify before display": they are for learning
 * what drives a Kinesis bill, not a quote. `verify: true` marks the figures the spec itself
 * flags "(verify)" or gives only as "~"; the panel shows them with a mark.
 */

/** One priced dimension, worded as AWS words it on the pricing page. */
export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  /** What one `usd` buys, in AWS's wording ("per shard-hour", "per GB"). */
  readonly unit: string;
  /** AWS's name for the dimension. */
  readonly label: string;
  /** True when the spec marks the figure "(verify)" or "~" — less sure than the rest. */
  readonly verify: boolean;
}

/** Where the figures came from, shown under every total. */
export const PRICE_SOURCE = {
  region: 'us-east-1',
  asOf: "prices as listed in Shardlab's spec, us-east-1, taken 2026",
  url: 'https://aws.amazon.com/kinesis/data-streams/pricing/',
  currency: 'USD',
} as const;

/** Hours in AWS's billing month — the AWS Pricing Calculator multiplies hourly rates by 730. */
export const HOURS_PER_MONTH = 730;

/**
 * The price table. Keys are camelCase ids; `satisfies` keeps the literal key union for
 * `PriceId` while checking every entry's shape.
 */
export const PRICES = {
  // ── Provisioned mode ──────────────────────────────────────────────────────
  shardHour: { usd: 0.015, unit: 'shard-hour', label: 'Shard Hour', verify: false },
  /** Priced per million units; a unit is a 25 KB chunk of a record (see `putPayloadUnits`). */
  putPayloadUnitsPerMillion: { usd: 0.014, unit: 'million PUT payload units', label: 'PUT Payload Units', verify: false },
  /** Retention above 24 h, charged per shard-hour for every open shard. */
  extendedRetentionShardHour: { usd: 0.02, unit: 'shard-hour', label: 'Extended Data Retention (up to 7 days)', verify: false },
  efoConsumerShardHour: { usd: 0.015, unit: 'consumer-shard-hour', label: 'Enhanced Fan-Out Consumer-Shard Hour', verify: false },
  efoDataRetrievalPerGB: { usd: 0.013, unit: 'GB', label: 'Enhanced Fan-Out Data Retrievals', verify: false },

  // ── Both modes ────────────────────────────────────────────────────────────
  /** Data older than 7 days, when retention is above 168 h. */
  longTermRetentionGBMonth: { usd: 0.023, unit: 'GB-month', label: 'Long-Term Data Retention (up to 365 days)', verify: true },
  /**
   * Reading data older than 7 days. Listed for completeness; not metered yet — the simulator's
   * read events do not say how old the records read were.
   */
  longTermRetrievalPerGB: { usd: 0.02, unit: 'GB', label: 'Long-Term Retention Retrieval', verify: true },

  // ── Amazon Data Firehose (firehose.md §10) ─────────────────────────────────
  /** Direct PUT and Kinesis-source ingestion, first 500 TB/month; each record rounded up to 5 KB. */
  firehoseIngestionPerGB: { usd: 0.029, unit: 'GB', label: 'Firehose Ingestion (each record rounded up to 5 KB)', verify: false },
  /** JSON to Parquet/ORC conversion (not simulated yet; listed for completeness). */
  firehoseFormatConversionPerGB: { usd: 0.018, unit: 'GB', label: 'Firehose Format Conversion', verify: false },

  // ── On-demand (Standard) mode ─────────────────────────────────────────────
  onDemandStreamHour: { usd: 0.04, unit: 'stream-hour', label: 'On-Demand Stream Hour', verify: false },
  /** Each record rounded up to 1 KB (1,024 bytes) before it is counted. */
  onDemandDataInPerGB: { usd: 0.08, unit: 'GB', label: 'Data Ingested (each record rounded up to 1 KB)', verify: false },
  onDemandDataOutPerGB: { usd: 0.04, unit: 'GB', label: 'Data Retrievals', verify: false },
  onDemandEfoDataOutPerGB: { usd: 0.05, unit: 'GB', label: 'Enhanced Fan-Out Data Retrievals (on-demand)', verify: true },
  onDemandExtendedRetentionGBMonth: { usd: 0.1, unit: 'GB-month', label: 'Extended Data Retention (up to 7 days, on-demand)', verify: false },
} as const satisfies Record<string, Price>;

/** The id of a priced dimension. */
export type PriceId = keyof typeof PRICES;

/**
 * Bytes in AWS's billing GB. The pricing page defines the on-demand KB as 1,024 bytes, so the
 * GB here is 1024³ bytes too. Unsure: the page never defines its GB; a bill for a known number
 * of bytes would settle it (the two readings differ by 7 %).
 */
export const BYTES_PER_GB = 1024 ** 3;
