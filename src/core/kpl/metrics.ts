/**
 * KPL metrics (spec §1.6; monitoring-with-kpl.html). Keys are the KPL's code names
 * (aws/metrics/metrics_constants.h); `KPL_METRIC_NAMES` gives the CloudWatch metric name each is
 * published as in namespace KinesisProducerLibrary. Each metric keeps CloudWatch's statistic set
 * (SampleCount, Sum, Minimum, Maximum), per dimension set: global, per stream, per shard, and
 * ErrorsByCode also per error code.
 */
export const KPL_METRIC_NAMES = {
  UserRecordsReceived: 'UserRecordsReceived',
  UserRecordsPending: 'UserRecordsPending',
  UserRecordsPut: 'UserRecordsPut',
  UserRecordsDataPut: 'UserRecordsDataPut',
  KinesisRecordsPut: 'KinesisRecordsPut',
  KinesisRecordsDataPut: 'KinesisRecordsDataPut',
  ErrorsByCode: 'ErrorsByCode',
  AllErrors: 'AllErrors',
  RetriesPerRecord: 'RetriesPerRecord',
  UserRecordExpired: 'UserRecordExpired',
  BufferingTime: 'BufferingTime',
  RequestTime: 'Request Time',
  UserRecordsPerKinesisRecord: 'User Records per Kinesis Record',
  KinesisRecordsPerPutRecordsRequest: 'Amazon Kinesis Records per PutRecordsRequest',
  UserRecordsPerPutRecordsRequest: 'User Records per PutRecordsRequest',
} as const;

export type KplMetricName = keyof typeof KPL_METRIC_NAMES;

/** Metrics published at MetricsLevel=summary (spec §1.6); detailed publishes all. */
const SUMMARY: ReadonlySet<KplMetricName> = new Set(['UserRecordsPut', 'KinesisRecordsPut', 'ErrorsByCode', 'AllErrors', 'BufferingTime']);

/** CloudWatch's statistic set. */
export interface MetricStats {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/** Dimensions: none (global), StreamName, StreamName+ShardId, ErrorCode (with or without the others). */
export interface MetricDimensions {
  readonly StreamName?: string;
  readonly ShardId?: string;
  readonly ErrorCode?: string;
}

export class KplMetrics {
  private readonly stats = new Map<string, MetricStats>();

  constructor(private readonly level: 'none' | 'summary' | 'detailed' = 'detailed') {}

  /** Records one sample of `name`, under the global, stream and shard dimension sets. */
  put(name: KplMetricName, value: number, dims: MetricDimensions = {}): void {
    if (this.level === 'none' || (this.level === 'summary' && !SUMMARY.has(name))) return;
    const code = dims.ErrorCode;
    this.add(key(name, { ...(code !== undefined ? { ErrorCode: code } : {}) }), value);
    if (dims.StreamName !== undefined) {
      this.add(key(name, { StreamName: dims.StreamName, ...(code !== undefined ? { ErrorCode: code } : {}) }), value);
      if (dims.ShardId !== undefined) this.add(key(name, { StreamName: dims.StreamName, ShardId: dims.ShardId, ...(code !== undefined ? { ErrorCode: code } : {}) }), value);
    }
  }

  /** The statistics of `name` under exactly `dims` (default: global), or zeros. */
  get(name: KplMetricName, dims: MetricDimensions = {}): MetricStats {
    return { ...(this.stats.get(key(name, dims)) ?? { sampleCount: 0, sum: 0, minimum: 0, maximum: 0 }) };
  }

  /** Every metric at global granularity (ErrorsByCode summed over codes), by code name. */
  snapshot(): Record<KplMetricName, MetricStats> {
    const out = {} as Record<KplMetricName, MetricStats>;
    for (const name of Object.keys(KPL_METRIC_NAMES) as KplMetricName[]) out[name] = this.get(name);
    const byCode = this.errorsByCode();
    const count = Object.values(byCode).reduce((a, b) => a + b, 0);
    out.ErrorsByCode = { sampleCount: count, sum: count, minimum: count ? 1 : 0, maximum: count ? 1 : 0 };
    return out;
  }

  /** ErrorsByCode at global granularity: error code → count. */
  errorsByCode(): Record<string, number> {
    const out: Record<string, number> = {};
    const prefix = 'ErrorsByCode|||';
    for (const [k, s] of this.stats) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = s.sum;
    return out;
  }

  private add(k: string, value: number): void {
    const s = this.stats.get(k);
    if (!s) this.stats.set(k, { sampleCount: 1, sum: value, minimum: value, maximum: value });
    else {
      s.sampleCount++;
      s.sum += value;
      s.minimum = Math.min(s.minimum, value);
      s.maximum = Math.max(s.maximum, value);
    }
  }
}

const key = (name: string, d: MetricDimensions): string => `${name}|${d.StreamName ?? ''}|${d.ShardId ?? ''}|${d.ErrorCode ?? ''}`;
