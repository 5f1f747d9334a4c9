/**
 * AWS-shaped errors as data. The core never throws for a client mistake: it returns a
 * `Failure` carrying AWS's `__type` and message text; the wire handler turns it into the HTTP
 * response (status, `x-amzn-ErrorType`, JSON body) and the SDK rebuilds the typed exception.
 */
export interface AwsError {
  readonly __type: string;
  readonly message: string;
  /** HTTP status on the wire; 400 unless said otherwise (InternalFailure is 500). */
  readonly status: number;
  /** More members of the error shape, written beside `message` (the Redshift Data API's `Message`, `ResourceId`, `StatementId`). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AwsError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail(type: ErrorType, message: string, status = 400): { ok: false; error: AwsError } {
  return { ok: false, error: { __type: type, message, status } };
}

/** The error types Kinesis Data Streams and Firehose answer with (AWS's names). */
export const ErrorTypes = [
  'ResourceNotFoundException',
  'ResourceInUseException',
  'InvalidArgumentException',
  'ValidationException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'ExpiredIteratorException',
  'ExpiredNextTokenException',
  'AccessDeniedException',
  'InternalFailure',
  'DryRunOperationException',
  'SerializationException',
  'UnknownOperationException',
  // Firehose's own (it shares the JSON protocol and this error model).
  'ConcurrentModificationException',
  'ServiceUnavailableException',
  'InvalidKMSResourceException',
  'InvalidSourceException',
  // The Redshift Data API's and Glue's.
  'ExecuteStatementException',
  'BatchExecuteStatementException',
  'ActiveStatementsExceededException',
  'EntityNotFoundException',
  'AlreadyExistsException',
  'InvalidInputException',
] as const;
export type ErrorType = (typeof ErrorTypes)[number];

export const isFailure = <T>(r: Result<T>): r is { ok: false; error: AwsError } => !r.ok;

/**
 * Thrown by a shard host when a shard cannot answer right now (its worker died mid-call, or
 * its storage transaction failed). The engine answers InternalFailure; producers retry.
 */
export class ShardUnavailableError extends Error {
  readonly shardUnavailable = true;
}

export const isShardUnavailable = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { shardUnavailable?: unknown }).shardUnavailable === true;

