import type { Members } from '../validation/shape';
import { streamARN, streamId, streamName } from './common';

/** `DescribeStreamSummaryInput`. */
export const describeStreamSummaryShape: Members = {
  StreamName: streamName,
  StreamARN: streamARN,
  StreamId: streamId,
};
