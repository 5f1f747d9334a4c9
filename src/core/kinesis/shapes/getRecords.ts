import type { Members } from '../validation/shape';
import { dryRun, streamARN, streamId } from './common';

/** `GetRecordsInput`, in kinesalite's order (limit before shardIterator). */
export const getRecordsShape: Members = {
  Limit: { type: 'integer', min: 1, max: 10000 },
  ShardIterator: { type: 'string', required: true, min: 1, max: 512 },
  StreamARN: streamARN,
  StreamId: streamId,
  DryRun: dryRun,
};
