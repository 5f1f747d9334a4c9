/**
 * A read-only picture of the delivery streams for observers (the Firehose panel,
 * `window.shardlab.deliveryStreams()`): plain data, replaced — never mutated — on every look.
 * The buffer figures come from the pipeline (in the page, the last stats its worker reported).
 */
import { parseStreamArn } from '../kinesis/model/arn.js';
import type { BufferedStats } from './delivery.js';
import type { FirehoseEngine } from './engine.js';
import { bucketOf, type DeliveryStreamState, type DeliveryStreamStatus, type DeliveryStreamType, type S3Config } from './model.js';
import { parseProcessingConfiguration, type ProcessingConfigurationInput } from './processingConfig.js';

export interface DeliveryStreamSnapshot {
  readonly name: string;
  readonly arn: string;
  readonly status: DeliveryStreamStatus;
  readonly type: DeliveryStreamType;
  readonly createdAt: number;
  /** The Kinesis stream read (KinesisStreamAsSource), by name. */
  readonly sourceStream?: string;
  readonly bucket: string;
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly compression: S3Config['CompressionFormat'];
  /** BufferingHints as configured. */
  readonly sizeInMBs: number;
  readonly intervalInSeconds: number;
  readonly versionId: number;
  /** The transform Lambda, when processing with one is enabled. */
  readonly lambdaArn?: string;
  /** What the buffers hold now (records, bytes, oldest arrival) against the resolved hints. */
  readonly buffered: BufferedStats;
  /** Records of batches waiting for a retry (a missing bucket, say). */
  readonly retrying: number;
}

/** Every delivery stream, by name. */
export function snapshotDeliveryStreams(engine: FirehoseEngine): DeliveryStreamSnapshot[] {
  return [...engine.streams.values()]
    .map(({ state }) => snapshotDeliveryStream(state, engine.pipelineStats(state.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function snapshotDeliveryStream(s: DeliveryStreamState, stats: (BufferedStats & { retrying: number }) | undefined): DeliveryStreamSnapshot {
  const d = s.destination;
  const h = d.BufferingHints;
  const plan = parseProcessingConfiguration(d.ProcessingConfiguration as ProcessingConfigurationInput | undefined);
  const lambdaArn = plan.ok && plan.value.enabled ? plan.value.lambda?.lambdaArn : undefined;
  const sourceStream = s.source ? parseStreamArn(s.source.KinesisStreamARN)?.name : undefined;
  const { retrying = 0, ...buffered } = stats ?? { records: 0, bytes: 0, sizeBytes: h.SizeInMBs * 1048576, intervalMs: h.IntervalInSeconds * 1000 };
  return {
    name: s.name,
    arn: s.arn,
    status: s.status,
    type: s.type,
    createdAt: s.createdAt,
    ...(sourceStream !== undefined ? { sourceStream } : {}),
    bucket: bucketOf(d.BucketARN),
    ...(d.Prefix !== undefined ? { prefix: d.Prefix } : {}),
    ...(d.ErrorOutputPrefix !== undefined ? { errorOutputPrefix: d.ErrorOutputPrefix } : {}),
    compression: d.CompressionFormat,
    sizeInMBs: h.SizeInMBs,
    intervalInSeconds: h.IntervalInSeconds,
    versionId: s.versionId,
    ...(lambdaArn !== undefined ? { lambdaArn } : {}),
    buffered,
    retrying,
  };
}
