import type { KinesisEngine } from '../engine.js';
import { ok, type Result } from '../errors.js';
import type { StreamRef } from '../stream.js';

/** DescribeStreamSummary: the stream without its shard list. */
export function describeStreamSummary(e: KinesisEngine, input: StreamRef): Result<{ StreamDescriptionSummary: unknown }> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  return ok({
    StreamDescriptionSummary: {
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: { StreamMode: s.mode },
      RetentionPeriodHours: s.retentionHours,
      StreamCreationTimestamp: s.createdAt / 1000,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      OpenShardCount: s.status === 'CREATING' ? 0 : s.open.length,
      ConsumerCount: 0,
      MaxRecordSizeInKiB: s.maxRecordSizeKiB,
    },
  });
}
