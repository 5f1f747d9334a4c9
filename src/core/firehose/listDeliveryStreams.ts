/** ListDeliveryStreams' answer from the streams' state. */
import { ok, type Result } from '../kinesis/errors.js';
import type { DeliveryStreamState } from './model.js';

/** ListDeliveryStreams: names in order, of one type if asked, after `ExclusiveStartDeliveryStreamName`, `Limit` (default 10) a page. */
export function listDeliveryStreams(states: Iterable<DeliveryStreamState>, i: Record<string, unknown>): Result<unknown> {
  const type = i.DeliveryStreamType as string | undefined;
  const after = i.ExclusiveStartDeliveryStreamName as string | undefined;
  const names = [...states]
    .filter((s) => (type === undefined || s.type === type))
    .map((s) => s.name)
    .sort()
    .filter((n) => after === undefined || n > after);
  const limit = (i.Limit as number | undefined) ?? 10;
  return ok({ DeliveryStreamNames: names.slice(0, limit), HasMoreDeliveryStreams: names.length > limit });
}
