/**
 * The picture at a past moment: per-shard rates rebuilt from the CloudWatch-like metric store,
 * in the shape the live picture reads (`ShardRates`), so scrubbing the timeline back shows lanes,
 * throttling and the live table as they were then.
 */
import { PERIOD, type MetricName, type MetricStore } from '../../core/observe/metrics';
import { rateKey, type ShardRates } from './rates';

const sumAt = (store: MetricStore, metric: MetricName, stream: string, shardId: string, t: number): number =>
  store.valueAt(metric, { StreamName: stream, ShardId: shardId }, PERIOD.second, 'Sum', t) ?? 0;

/** Per-shard rates of `stream` during the virtual second holding `t`. */
export function ratesAt(store: MetricStore, stream: string, shardIds: readonly string[], t: number): Map<string, ShardRates> {
  const out = new Map<string, ShardRates>();
  for (const shardId of shardIds) {
    out.set(rateKey(stream, shardId), {
      writeRecordsPerSec: sumAt(store, 'IncomingRecords', stream, shardId, t),
      writeBytesPerSec: sumAt(store, 'IncomingBytes', stream, shardId, t),
      writeThrottledPerSec: sumAt(store, 'WriteProvisionedThroughputExceeded', stream, shardId, t),
      // One sample per GetRecords that returned records from the shard (the store's convention).
      readCallsPerSec: store.valueAt('OutgoingRecords', { StreamName: stream, ShardId: shardId }, PERIOD.second, 'SampleCount', t) ?? 0,
      readBytesPerSec: sumAt(store, 'OutgoingBytes', stream, shardId, t),
      readThrottledPerSec: sumAt(store, 'ReadProvisionedThroughputExceeded', stream, shardId, t),
      averaged: false,
    });
  }
  return out;
}
