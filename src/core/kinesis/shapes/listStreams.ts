import type { Members } from '../validation/shape';
import { limit10000, nextToken, streamName } from './common';

/** `ListStreamsInput` (account-wide: no stream identifiers). */
export const listStreamsShape: Members = {
  Limit: limit10000,
  ExclusiveStartStreamName: streamName,
  NextToken: nextToken,
};
