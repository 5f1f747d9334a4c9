import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { NEXT_TOKEN_TTL_MS, decodePageToken, encodePageToken } from '../model/pageToken.js';
import type { ListStreamsInput } from '../types.js';

/** ListStreams: names in lexical order, paged by ExclusiveStartStreamName or NextToken. */
export function listStreams(e: KinesisEngine, input: ListStreamsInput): Result<unknown> {
  const now = e.now();
  let after = input.ExclusiveStartStreamName;
  if (input.NextToken !== undefined) {
    const t = decodePageToken(input.NextToken);
    if (!t || typeof t['after'] !== 'string') return fail('InvalidArgumentException', 'Invalid NextToken.');
    if (now - t.t > NEXT_TOKEN_TTL_MS) return fail('ExpiredNextTokenException', 'The NextToken has expired.');
    after = t['after'];
  }
  const limit = input.Limit ?? 100;
  const all = [...e.streams.keys()].sort().filter((n) => after === undefined || n > after);
  const page = all.slice(0, limit).map((n) => e.streams.get(n)!);
  const more = all.length > limit;
  const last = page[page.length - 1];
  return ok({
    StreamNames: page.map((s) => s.name),
    HasMoreStreams: more,
    ...(more && last ? { NextToken: encodePageToken({ after: last.name }, now) } : {}),
    StreamSummaries: page.map((s) => ({
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: { StreamMode: s.mode },
      StreamCreationTimestamp: s.createdAt / 1000,
    })),
  });
}
