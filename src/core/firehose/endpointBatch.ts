/**
 * One request's worth of records on its way to an HTTP endpoint, Splunk or OpenSearch (the state
 * EndpointDelivery keeps per batch), and the pure pieces of building a request from it.
 */
import { buildHttpRequest, type HttpRequest } from './httpEndpoint.js';
import type { HttpEndpointConfig } from './model.js';
import type { DocumentFailure } from './openSearchDelivery.js';
import type { PipelineRecord } from './pipelineTypes.js';

/** A failed attempt, as the delivery judges it. */
export interface EndpointFailure {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly retry: boolean;
  /** What the transport itself said (a browser's "Failed to fetch": CORS, no server…), for the UI only. */
  readonly detail?: string;
}

/** A batch: the records of one request, sent again (same request id) until delivered or given up. */
export interface EndpointBatch {
  /** OpenSearch: the documents the domain took leave the batch; the refused ones stay for the retry. */
  records: PipelineRecord[];
  /** OpenSearch: why each remaining document was refused (its failed-record line). */
  docFailures?: Map<PipelineRecord, DocumentFailure>;
  readonly requestId: string;
  readonly oldest: number;
  attempts: number;
  /** End of the first failed attempt: the retry window opens there. */
  windowStart?: number;
  /** Ms waited for responses (and acks) since the window opened: not counted against it. */
  waited: number;
  /** Due for its next attempt (virtual ms). */
  nextAt?: number;
  /** An attempt or an acknowledgment poll is under way. */
  busy: boolean;
  /** A simulated endpoint that never answers: the attempt fails when Firehose stops waiting, at `at`. */
  noAnswer?: { readonly start: number; readonly at: number; readonly failure: EndpointFailure };
  /** Splunk: an accepted batch waiting for its indexer acknowledgment. */
  ack?: { readonly ackId: number; readonly start: number; readonly deadline: number; nextPollAt: number; polling: boolean };
  last?: { errorCode: string; errorMessage: string };
}

/** Each record's bytes, with the delimiter appended if there is one (AppendDelimiterToRecord). */
export function withDelimiter(records: readonly PipelineRecord[], d: Uint8Array | undefined): Uint8Array[] {
  if (!d) return records.map((r) => r.data);
  return records.map((r) => {
    const out = new Uint8Array(r.data.length + d.length);
    out.set(r.data);
    out.set(d, r.data.length);
    return out;
  });
}

/** The HTTP endpoint request of an attempt, with the configuration as it is now. */
export function httpEndpointRequest(c: HttpEndpointConfig, requestId: string, timestamp: number, sourceArn: string, records: readonly Uint8Array[]): HttpRequest {
  return buildHttpRequest({
    url: c.EndpointConfiguration.Url,
    ...(c.EndpointConfiguration.AccessKey !== undefined ? { accessKey: c.EndpointConfiguration.AccessKey } : {}),
    ...(c.RequestConfiguration.CommonAttributes ? { commonAttributes: c.RequestConfiguration.CommonAttributes } : {}),
    contentEncoding: c.RequestConfiguration.ContentEncoding,
    requestId, timestamp, sourceArn, records,
  });
}
