/**
 * Every line Firehose writes to an error output (processing-failed, http-endpoint-failed,
 * splunk-failed, AmazonOpenSearchService-failed) starts with the same five fields, in this order;
 * each destination then adds its own (rawData, lambdaArn, dataId, EventId, esDocumentId…).
 * Numbers stay JSON numbers, as in the objects AWS writes.
 */
export interface ErrorRecordCommon {
  readonly attemptsMade: number;
  /** Epoch ms when Firehose received the record. */
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  /** Epoch ms when Firehose stopped trying. */
  readonly attemptEndingTimestamp: number;
}

/** One line (no trailing newline): the common fields, then `tail`'s in the order given. */
export function errorRecordLine(c: ErrorRecordCommon, tail: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({
    attemptsMade: c.attemptsMade,
    arrivalTimestamp: c.arrivalTimestamp,
    errorCode: c.errorCode,
    errorMessage: c.errorMessage,
    attemptEndingTimestamp: c.attemptEndingTimestamp,
    ...tail,
  });
}
