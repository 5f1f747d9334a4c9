import type { Members } from '../validation/shape';
import { data, dryRun, hashKey, partitionKey, streamARN, streamId, streamName } from './common';

/**
 * `PutRecordsInput`. Errors inside an entry are addressed `records.<n>.member.<field>`
 * (n 1-based), as AWS reports them. Unsure: the order of an entry's fields in AWS's report
 * (kinesalite's order is kept: partitionKey, data, explicitHashKey).
 */
export const putRecordsShape: Members = {
  Records: {
    type: 'list',
    required: true,
    min: 1,
    max: 500,
    member: {
      type: 'structure',
      members: { PartitionKey: partitionKey, Data: data, ExplicitHashKey: hashKey },
    },
  },
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
  DryRun: dryRun,
};
