/** The Kinesis Producer Library, simulated: aggregation format, producer, configuration, metrics. */
export { aggregate, aggregatedSize, countUserRecords, deaggregate, hasKplMagic, Aggregator, KPL_MAGIC, AGGREGATE_FIXED_OVERHEAD, type UserRecordEntry } from './aggregation.js';
export { KinesisProducer, type KinesisProducerOptions } from './producer.js';
export { DEFAULT_KPL_CONFIG, resolveKplConfig, type KplConfig } from './config.js';
export { KPL_METRIC_NAMES, type KplMetricName, type MetricStats, type MetricDimensions } from './metrics.js';
export { ShardMap, effectiveHashKey, type ShardDescription } from './shardMap.js';
export type * from './types.js';
