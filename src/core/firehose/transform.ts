/**
 * The Lambda transformation contract (spec §4.1): the event Firehose sends, the checks it makes
 * on the function's answer, and the line it writes to S3 for a record that failed.
 *
 * Per-record semantics follow AWS as probed by an independent emulator (floci, 2026) and real
 * captures: a record whose id is missing from the response fails alone with
 * `Lambda.MissingRecordId` (the rest of the batch is delivered), a duplicated id fails that record
 * with `Lambda.DuplicatedRecordId`, ids the batch never held are ignored, and a response the
 * function returned is final (not retried) however malformed. Only invocation errors — the
 * function threw, timed out, or its response exceeded Lambda's 6 MB — are retried
 * `NumberOfRetries` times, then the whole batch fails.
 */
import { base64Problem, decodeBase64 } from '../util/base64';
import { errorRecordLine, type ErrorRecordCommon } from './errorRecord.js';

/** Lambda's synchronous response payload limit: 6 MB (6,291,556 bytes including overhead). */
export const MAX_RESPONSE_BYTES = 6291556;

/** Error codes and messages Firehose writes (CloudWatch Logs and processing-failed objects). */
export const LAMBDA_ERRORS = {
  functionError: { errorCode: 'Lambda.FunctionError', errorMessage: 'The Lambda function was successfully invoked but it returned an error result.' },
  functionTimedOut: { errorCode: 'Lambda.FunctionTimedOut', errorMessage: 'The Lambda function invocation timed out. Increase the Timeout setting in the Lambda function.' },
  missingRecordId: { errorCode: 'Lambda.MissingRecordId', errorMessage: 'One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.' },
  duplicatedRecordId: { errorCode: 'Lambda.DuplicatedRecordId', errorMessage: 'Multiple records were returned with the same record Id. Ensure that the Lambda function returns a unique record Id for each record.' },
  processingFailed: { errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record' },
  nullData: {
    errorCode: 'Lambda.InvalidReturnFormat',
    errorMessage: 'The data field cannot be null when the SourceType is DirectPut or KinesisStreamAsSource and processing result is Ok. The value field cannot be null when the SourceType is MSKAsSource and processing result is Ok.',
  },
  // Unsure: the next two are not captured from AWS (no public example of either case).
  invalidResult: { errorCode: 'Lambda.InvalidReturnFormat', errorMessage: 'The result field must be one of Ok, Dropped or ProcessingFailed.' },
  invalidData: { errorCode: 'Lambda.InvalidReturnFormat', errorMessage: 'The data field must be base64 encoded.' },
} as const;

export interface LambdaError {
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface KinesisRecordMetadata {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly approximateArrivalTimestamp: number;
  readonly sequenceNumber: string;
  readonly subsequenceNumber: string;
}

export interface TransformInputRecord {
  readonly recordId: string;
  /** Base64 of the record bytes. */
  readonly data: string;
  /** Epoch ms. */
  readonly approximateArrivalTimestamp: number;
  /** Only for a Kinesis Data Streams source. */
  readonly kinesisRecordMetadata?: KinesisRecordMetadata;
}

export interface TransformEvent {
  readonly invocationId: string;
  readonly deliveryStreamArn: string;
  readonly sourceKinesisStreamArn?: string;
  readonly region: string;
  readonly records: readonly TransformInputRecord[];
}

/** The event passed to the function, field for field (and in AWS's order) as Firehose sends it. */
export function buildTransformEvent(input: TransformEvent): TransformEvent {
  return {
    invocationId: input.invocationId,
    deliveryStreamArn: input.deliveryStreamArn,
    ...(input.sourceKinesisStreamArn !== undefined ? { sourceKinesisStreamArn: input.sourceKinesisStreamArn } : {}),
    region: input.region,
    records: input.records.map((r) => ({
      recordId: r.recordId,
      approximateArrivalTimestamp: r.approximateArrivalTimestamp,
      data: r.data,
      ...(r.kinesisRecordMetadata ? { kinesisRecordMetadata: { ...r.kinesisRecordMetadata } } : {}),
    })),
  };
}

export interface TransformOk {
  readonly data: Uint8Array;
  /** `metadata.partitionKeys` (dynamic partitioning), string values only. */
  readonly partitionKeys?: Record<string, string>;
}

export type TransformOutcome =
  | { readonly ok: Map<string, TransformOk>; readonly dropped: Set<string>; readonly failed: Map<string, LambdaError> }
  | { readonly batchError: LambdaError & { readonly retryable: boolean } };

/**
 * Judges the function's response for a batch whose ids are `recordIds`: every id ends in exactly
 * one of `ok` (transformed bytes), `dropped` (Ok and Dropped both count as success) or `failed`.
 * `batchError` only for an oversized response (Lambda turns it into a function error, which
 * Firehose retries). `responseBytes` is the payload size if the caller has it (else measured).
 */
export function checkTransformResponse(recordIds: readonly string[], response: unknown, responseBytes?: number): TransformOutcome {
  const size = responseBytes ?? utf8Length(safeStringify(response));
  if (size > MAX_RESPONSE_BYTES) return { batchError: { ...LAMBDA_ERRORS.functionError, retryable: true } };

  const wanted = new Set(recordIds);
  const seen = new Map<string, unknown>();
  const duplicated = new Set<string>();
  const entries = isObject(response) && Array.isArray(response.records) ? (response.records as unknown[]) : [];
  for (const e of entries) {
    if (!isObject(e) || typeof e.recordId !== 'string' || !wanted.has(e.recordId)) continue;
    if (seen.has(e.recordId)) duplicated.add(e.recordId);
    else seen.set(e.recordId, e);
  }

  const ok = new Map<string, TransformOk>();
  const dropped = new Set<string>();
  const failed = new Map<string, LambdaError>();
  for (const id of recordIds) {
    const e = seen.get(id) as Record<string, unknown> | undefined;
    if (duplicated.has(id)) failed.set(id, LAMBDA_ERRORS.duplicatedRecordId);
    else if (!e) failed.set(id, LAMBDA_ERRORS.missingRecordId);
    else if (e.result === 'Dropped') dropped.add(id);
    else if (e.result === 'ProcessingFailed') failed.set(id, LAMBDA_ERRORS.processingFailed);
    else if (e.result !== 'Ok') failed.set(id, LAMBDA_ERRORS.invalidResult);
    else if (e.data == null) failed.set(id, LAMBDA_ERRORS.nullData);
    else if (typeof e.data !== 'string' || base64Problem(e.data) !== undefined) failed.set(id, LAMBDA_ERRORS.invalidData);
    else ok.set(id, { data: decodeBase64(e.data), ...partitionKeysOf(e.metadata) });
  }
  return { ok, dropped, failed };
}

function partitionKeysOf(metadata: unknown): { partitionKeys?: Record<string, string> } {
  if (!isObject(metadata) || !isObject(metadata.partitionKeys)) return {};
  const keys: Record<string, string> = {};
  // Unsure: how AWS renders a non-string key value (number, boolean); kept via String().
  for (const [k, v] of Object.entries(metadata.partitionKeys)) if (v != null) keys[k] = String(v);
  return { partitionKeys: keys };
}

export interface FailedRecordFields extends ErrorRecordCommon {
  /** Base64 of the original (untransformed) record. */
  readonly rawData: string;
}

/**
 * One line of a `processing-failed` object (no trailing newline; Firehose ends each line with `\n`).
 * Numbers are JSON numbers: the docs' example quotes them, but objects written by AWS
 * (public captures from 2021, 2022 and 2025) carry `"attemptsMade":4,"arrivalTimestamp":1654705063218`.
 */
export function processingFailedRecord(f: FailedRecordFields & { readonly lambdaArn: string }): string {
  return errorRecordLine(f, { rawData: f.rawData, lambdaArn: f.lambdaArn });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// The processor parameters live beside this module (file size); exported here too, as part of
// the transformation contract.
export { parseProcessingConfiguration } from './processingConfig';
export type { LambdaProcessorConfig, ProcessingConfigurationInput, ProcessingPlan } from './processingConfig';
