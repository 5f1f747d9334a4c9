/**
 * The HTTP endpoint delivery protocol (spec §7; httpdeliveryrequestresponse.html): the request
 * Firehose sends, how it judges the response, its retry backoff, and the failed-record line.
 */
import { gzipSync } from 'fflate';
import { encodeBase64 } from '../util/base64';
import { errorRecordLine, type ErrorRecordCommon } from './errorRecord.js';

/** Firehose waits this long for a response before the attempt counts as failed. */
export const RESPONSE_TIMEOUT_MS = 180_000;
/** Largest response body Firehose accepts (1 MiB). */
export const MAX_RESPONSE_BODY = 1048576;

export interface HttpRequest {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface CommonAttribute {
  readonly AttributeName: string;
  readonly AttributeValue: string;
}

export interface HttpRequestInput {
  readonly url: string;
  readonly accessKey?: string;
  /** `RequestConfiguration.CommonAttributes` as configured (AWS wire shape). */
  readonly commonAttributes?: readonly CommonAttribute[];
  readonly contentEncoding: 'NONE' | 'GZIP';
  /** Same across retries of one batch (AWS: best effort). */
  readonly requestId: string;
  /** Epoch ms when the request is built. */
  readonly timestamp: number;
  /** The delivery stream ARN. */
  readonly sourceArn: string;
  readonly records: readonly Uint8Array[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * The POST Firehose makes. Headers as the spec's table: the access key only when configured,
 * `Content-Encoding: gzip` only with GZIP. Content-Length is left to the transport.
 * Unsure: whether `X-Amz-Firehose-Common-Attributes` is sent (as `{"commonAttributes":{}}`) when
 * none are configured; the spec lists it without the "omitted if none" the access key has, so
 * it is always sent.
 */
export function buildHttpRequest(input: HttpRequestInput): HttpRequest {
  const attributes: Record<string, string> = {};
  for (const a of input.commonAttributes ?? []) attributes[a.AttributeName] = a.AttributeValue;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Amz-Firehose-Protocol-Version': '1.0',
    'X-Amz-Firehose-Request-Id': input.requestId,
    'X-Amz-Firehose-Source-Arn': input.sourceArn,
    'X-Amz-Firehose-Common-Attributes': JSON.stringify({ commonAttributes: attributes }),
  };
  if (input.accessKey !== undefined) headers['X-Amz-Firehose-Access-Key'] = input.accessKey;
  const json = JSON.stringify({
    requestId: input.requestId,
    timestamp: input.timestamp,
    records: input.records.map((r) => ({ data: encodeBase64(r) })),
  });
  let body = encoder.encode(json);
  if (input.contentEncoding === 'GZIP') {
    headers['Content-Encoding'] = 'gzip';
    body = gzipSync(body, { mtime: 0 });
  }
  return { url: input.url, method: 'POST', headers, body };
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

export type HttpVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** false only for 413: the batch is dropped — not retried, not written to the error bucket. */
      readonly retry: boolean;
      readonly errorCode: string;
      /** What goes into the S3 error record if retries run out. */
      readonly errorMessage: string;
    };

export const HTTP_ERRORS = {
  destinationException: 'HttpEndpoint.DestinationException',
  invalidResponse: 'HttpEndpoint.InvalidResponseFromDestination',
  responseTooLarge: 'HttpEndpoint.ResponseTooLarge',
  requestTimeout: 'HttpEndpoint.RequestTimeout',
  connectionFailed: 'HttpEndpoint.ConnectionFailed',
} as const;

/** Why a transport got no response: none within the timeout, or no connection at all. */
export interface HttpTransportFailure {
  readonly failure: 'timeout' | 'connection';
  /** The platform's reason (e.g. fetch's TypeError text), for the learner; AWS logs its own text. */
  readonly message: string;
}

/** What one request came back with. */
export type HttpExchange = HttpResponse | HttpTransportFailure;

/**
 * Sends one request and never rejects. Hosts inject it (the core does no I/O): `fetch` with a
 * timeout of `RESPONSE_TIMEOUT_MS` for real endpoints, the simulated receivers for the vendors'
 * intake URLs (see receivers.ts).
 */
export type HttpTransport = (request: HttpRequest) => Promise<HttpExchange>;

export const isTransportFailure = (x: HttpExchange): x is HttpTransportFailure => 'failure' in x;

/** A transport for hosts that have none: every request fails to connect. */
export const noHttpTransport: HttpTransport = async () => ({ failure: 'connection', message: 'This host has no HTTP transport.' });

const CONNECTION_FAILED = 'Unable to connect to the destination endpoint. Contact the owner of the endpoint to resolve this issue.';

/** The verdict for a request that got no response (retried, as every failure but 413). */
export function transportVerdict(f: HttpTransportFailure): HttpVerdict {
  return f.failure === 'timeout' ? timeoutVerdict : { ok: false, retry: true, errorCode: HTTP_ERRORS.connectionFailed, errorMessage: CONNECTION_FAILED };
}

const INVALID_RESPONSE = 'The response received from the specified endpoint is invalid. Contact the owner of the endpoint to resolve the issue.';
const TOO_LARGE = 'The response received from the endpoint is too large. Contact the owner of the endpoint to resolve this issue.';
const TIMEOUT = 'The delivery timed out before a response was received and will be retried. If this error persists, contact the AWS Firehose service team.';
const RECEIVED = 'Received the following response from the endpoint destination.';

/** The verdict for an attempt that got no response within `RESPONSE_TIMEOUT_MS`. */
export const timeoutVerdict: HttpVerdict = { ok: false, retry: true, errorCode: HTTP_ERRORS.requestTimeout, errorMessage: TIMEOUT };

/**
 * Judges the endpoint's answer as Firehose does: only 200 with a conforming body whose
 * `requestId` matches succeeds; 413 is a permanent failure; anything else is retried. A response
 * that breaks the format rules (not 2xx/4xx/5xx, not `application/json`, compressed, over 1 MiB,
 * not a JSON object with the same requestId) is "treated as though it had a 500 status code with
 * no body".
 * Unsure: whether a malformed 413 is still permanent (taken so); whether a missing `timestamp`
 * makes a 200 non-conforming (the docs' own failure example quotes it, so it is not checked);
 * which code AWS logs for a bare 5xx without body (here InvalidResponseFromDestination).
 */
export function checkHttpResponse(requestId: string, res: HttpResponse): HttpVerdict {
  const bodyText = typeof res.body === 'string' ? res.body : res.body ? decoder.decode(res.body) : '';
  const bodySize = typeof res.body === 'string' ? encoder.encode(res.body).length : res.body?.length ?? 0;
  if (res.status === 413) return { ok: false, retry: false, errorCode: HTTP_ERRORS.destinationException, errorMessage: `${RECEIVED} ${bodyText}`.trim() };
  if (bodySize > MAX_RESPONSE_BODY) return { ok: false, retry: true, errorCode: HTTP_ERRORS.responseTooLarge, errorMessage: TOO_LARGE };
  const conforming = conformingBody(requestId, res, bodyText);
  if (res.status === 200 && conforming) return { ok: true };
  if (!conforming) return { ok: false, retry: true, errorCode: HTTP_ERRORS.invalidResponse, errorMessage: INVALID_RESPONSE };
  // A well-formed failure: its body (with its errorMessage) is what AWS copies to the error record.
  return { ok: false, retry: true, errorCode: HTTP_ERRORS.destinationException, errorMessage: `${RECEIVED} ${bodyText}` };
}

function conformingBody(requestId: string, res: HttpResponse, bodyText: string): boolean {
  const status = Math.floor(res.status / 100);
  if (status !== 2 && status !== 4 && status !== 5) return false;
  const header = (name: string) => Object.entries(res.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  if (header('content-encoding') !== undefined) return false;
  const type = header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return false;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    return typeof parsed === 'object' && parsed !== null && (parsed as { requestId?: unknown }).requestId === requestId;
  } catch {
    return false;
  }
}

/**
 * The wait before retry `retry` (0 = the first retry): 1 s × 2^retry, jittered ±15 % by the
 * injected random, capped at 2 minutes (AWS's docs: "initial-backoff-time * (multiplier(2) ^
 * retry_count)" with a 15 % jitter factor, "capped by a maximum interval of 2 minutes").
 */
export function retryDelay(retry: number, random: () => number): number {
  const base = 1000 * 2 ** retry;
  return Math.min(120_000, Math.round(base * (0.85 + 0.3 * random())));
}

/** The first `count` retry delays. */
export function retryDelays(count: number, random: () => number): number[] {
  return Array.from({ length: count }, (_, i) => retryDelay(i, random));
}

/**
 * One line of an `http-endpoint-failed` object (no trailing newline), fields in AWS's order
 * (basic-deliver.html example): numbers stay numbers there.
 * Unsure: `dataId` for a Direct PUT source (the example shows a KDS sequence number + ".0").
 */
export function httpFailedRecord(f: ErrorRecordCommon & {
  /** Base64 of the record. */
  readonly rawData: string;
  readonly subsequenceNumber?: number;
  readonly dataId: string;
}): string {
  return errorRecordLine(f, { rawData: f.rawData, subsequenceNumber: f.subsequenceNumber ?? 0, dataId: f.dataId });
}
