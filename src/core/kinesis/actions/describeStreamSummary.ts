import type { KinesisEngine } from '../engine.js';
import { ok, type Result } from '../errors.js';
import type { StreamRef } from '../stream.js';
import { streamDescriptionBase } from './shardView.js';

/** DescribeStreamSummary: the stream without its shard list. */
export function describeStreamSummary(e: KinesisEngine, input: StreamRef): Result<{ StreamDescriptionSummary: unknown }> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  return ok({
    StreamDescriptionSummary: {
      ...streamDescriptionBase(s),
      OpenShardCount: s.status === 'CREATING' ? 0 : s.open.length,
      ConsumerCount: 0,
      MaxRecordSizeInKiB: s.maxRecordSizeKiB,
    },
  });
}
