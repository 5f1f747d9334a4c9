/**
 * The Splunk destination's side of the HTTP Event Collector (HEC) protocol, as Firehose speaks it
 * (spec §6; Splunk's "Format events for HTTP Event Collector" and "About HTTP Event Collector
 * Indexer Acknowledgment"): the POST of a batch to the raw or event endpoint on an indexer
 * acknowledgment channel, the acknowledgment poll, how each answer is judged, and the
 * `splunk-failed` record written to S3 when the retry duration runs out.
 *
 * Firehose does not add delimiters: a batch is its records' bytes concatenated. On the Raw
 * endpoint HEC breaks that text into events by line (so records need their own newline); on the
 * Event endpoint the body must be HEC event objects (`{"event": …, "time": …}`) back to back.
 */
import type { HttpRequest, HttpResponse } from './httpEndpoint';
import { errorRecordLine, type ErrorRecordCommon } from './errorRecord.js';

export type HecEndpointType = 'Raw' | 'Event';

/** HEC answers with `{"text": "...", "code": n}`; the codes Splunk documents. */
export const HEC_CODES = {
  success: 0, tokenDisabled: 1, tokenRequired: 2, invalidAuthorization: 3, invalidToken: 4, noData: 5, invalidDataFormat: 6,
  incorrectIndex: 7, internalError: 8, serverBusy: 9, channelMissing: 10, invalidChannel: 11, eventFieldRequired: 12,
  eventFieldBlank: 13, ackDisabled: 14,
} as const;

/** Firehose's CloudWatch error codes for Splunk delivery (monitoring-with-cloudwatch-logs.html, "Splunk Data Delivery Errors"). */
export const SPLUNK_ERRORS = {
  invalidToken: 'Splunk.InvalidToken',
  disabledToken: 'Splunk.DisabledToken',
  invalidDataFormat: 'Splunk.InvalidDataFormat',
  invalidIndex: 'Splunk.InvalidIndex',
  serverError: 'Splunk.ServerError',
  disabledAck: 'Splunk.DisabledAck',
  ackTimeout: 'Splunk.AckTimeout',
  connectionTimeout: 'Splunk.ConnectionTimeout',
  invalidEndpoint: 'Splunk.InvalidEndpoint',
  urlNotFound: 'Splunk.URLNotFound',
} as const;

const MESSAGES: Record<string, string> = {
  [SPLUNK_ERRORS.invalidToken]: 'The HEC token is invalid. Update Firehose with a valid HEC token.',
  [SPLUNK_ERRORS.disabledToken]: 'The HEC token is disabled. Enable the token to allow data delivery to Splunk.',
  [SPLUNK_ERRORS.invalidDataFormat]: 'The data is not formatted correctly. To see how to properly format data for Raw or Event HEC endpoints, see Splunk Event Data.',
  [SPLUNK_ERRORS.invalidIndex]: 'The HEC token or input is configured with an invalid index. Check your index configuration and try again.',
  [SPLUNK_ERRORS.serverError]: 'Data delivery to Splunk failed due to a server error from the HEC node. Firehose will retry sending the data if the retry duration in your Firehose is greater than 0. If all the retries fail, Firehose backs up the data to Amazon S3.',
  [SPLUNK_ERRORS.disabledAck]: 'Indexer acknowledgement is disabled for the HEC token. Enable indexer acknowledgement and try again.',
  [SPLUNK_ERRORS.ackTimeout]: "Did not receive an acknowledgement from HEC before the HEC acknowledgement timeout expired. Despite the acknowledgement timeout, it's possible the data was indexed successfully in Splunk. Firehose backs up in Amazon S3 data for which the acknowledgement timeout expired.",
  [SPLUNK_ERRORS.connectionTimeout]: 'The connection to Splunk timed out. This might be a transient error and the request will be retried. Firehose backs up the data to Amazon S3 if all retries fail.',
  [SPLUNK_ERRORS.invalidEndpoint]: 'Could not connect to the HEC endpoint. Make sure that the HEC endpoint URL is valid and reachable from Firehose.',
  [SPLUNK_ERRORS.urlNotFound]: 'The requested URL was not found on the Splunk server. Check the Splunk cluster and make sure it is configured correctly.',
};

/** AWS's text for a Splunk error code. Unsure: the wording is from the docs' table; the log lines may differ. */
export const splunkMessage = (code: string): string => MESSAGES[code] ?? code;

/** `https://host:8088` (or one ending in `/services/collector…`) → the HEC base URL. */
export function hecBase(endpoint: string): string {
  const i = endpoint.indexOf('/services/collector');
  return (i >= 0 ? endpoint.slice(0, i) : endpoint).replace(/\/+$/, '');
}

/** The path Firehose posts to for an endpoint type. */
export const hecPath = (type: HecEndpointType): string => (type === 'Raw' ? '/services/collector/raw' : '/services/collector/event');

const headers = (token: string, channel: string): Record<string, string> => ({
  Authorization: `Splunk ${token}`,
  'X-Splunk-Request-Channel': channel,
  'Content-Type': 'application/json',
});

/**
 * The POST of one batch. Unsure: whether Firehose also puts the channel in the query string
 * (`?channel=`); HEC takes either, the header is used here.
 */
export function buildSplunkRequest(i: { endpoint: string; type: HecEndpointType; token: string; channel: string; records: readonly Uint8Array[] }): HttpRequest {
  const total = i.records.reduce((a, r) => a + r.length, 0);
  const body = new Uint8Array(total);
  let at = 0;
  for (const r of i.records) {
    body.set(r, at);
    at += r.length;
  }
  return { url: hecBase(i.endpoint) + hecPath(i.type), method: 'POST', headers: headers(i.token, i.channel), body };
}

/** The indexer acknowledgment poll for `ackIds` on `channel`. */
export function buildAckRequest(i: { endpoint: string; token: string; channel: string; ackIds: readonly number[] }): HttpRequest {
  return {
    url: `${hecBase(i.endpoint)}/services/collector/ack?channel=${encodeURIComponent(i.channel)}`,
    method: 'POST',
    headers: headers(i.token, i.channel),
    body: new TextEncoder().encode(JSON.stringify({ acks: i.ackIds })),
  };
}

export type SplunkVerdict =
  | { readonly ok: true; readonly ackId: number }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

const text = (res: HttpResponse): string => (typeof res.body === 'string' ? res.body : res.body ? new TextDecoder().decode(res.body) : '');

function parse(res: HttpResponse): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text(res));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const failed = (errorCode: string, detail?: string): SplunkVerdict =>
  ({ ok: false, errorCode, errorMessage: detail ? `${splunkMessage(errorCode)} (${detail})` : splunkMessage(errorCode) });

/**
 * Judges HEC's answer to a batch: 200 with `code` 0 and an `ackId` succeeds (the ack is polled
 * next); the HEC codes map to Firehose's error codes; every failure is retried.
 * Unsure: the code Firehose logs for a 200 without an ackId (indexer acknowledgment off —
 * Firehose requires it); Splunk.DisabledAck is used.
 */
export function checkSplunkResponse(res: HttpResponse): SplunkVerdict {
  const body = parse(res);
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const detail = typeof body?.text === 'string' ? `${res.status}: ${body.text}` : `HTTP ${res.status}`;
  if (res.status === 200 && code === HEC_CODES.success) {
    return typeof body?.ackId === 'number' ? { ok: true, ackId: body.ackId } : failed(SPLUNK_ERRORS.disabledAck, detail);
  }
  if (code === HEC_CODES.invalidToken || code === HEC_CODES.tokenRequired || code === HEC_CODES.invalidAuthorization) return failed(SPLUNK_ERRORS.invalidToken, detail);
  if (code === HEC_CODES.tokenDisabled) return failed(SPLUNK_ERRORS.disabledToken, detail);
  if (code === HEC_CODES.incorrectIndex) return failed(SPLUNK_ERRORS.invalidIndex, detail);
  if (code === HEC_CODES.ackDisabled) return failed(SPLUNK_ERRORS.disabledAck, detail);
  if (code === HEC_CODES.invalidDataFormat || code === HEC_CODES.eventFieldRequired || code === HEC_CODES.eventFieldBlank || code === HEC_CODES.noData) {
    return failed(SPLUNK_ERRORS.invalidDataFormat, detail);
  }
  if (res.status === 404) return failed(SPLUNK_ERRORS.urlNotFound, detail);
  return failed(SPLUNK_ERRORS.serverError, detail);
}

/** Whether the ack poll says `ackId` was indexed; an error answer counts as "not yet". */
export function isAcknowledged(res: HttpResponse, ackId: number): boolean {
  if (res.status !== 200) return false;
  const acks = parse(res)?.acks;
  return typeof acks === 'object' && acks !== null && (acks as Record<string, unknown>)[String(ackId)] === true;
}

/**
 * One line of a `splunk-failed` object (no trailing newline), as basic-deliver.html shows it:
 * `{"attemptsMade":…,"arrivalTimestamp":…,"errorCode":"Splunk.AckTimeout","errorMessage":…,
 * "attemptEndingTimestamp":…,"rawData":…,"EventId":"<id>.0"}`.
 */
export function splunkFailedRecord(f: ErrorRecordCommon & { readonly rawData: string; readonly eventId: string }): string {
  return errorRecordLine(f, { rawData: f.rawData, EventId: f.eventId });
}
