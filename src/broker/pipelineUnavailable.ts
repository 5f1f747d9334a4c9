/**
 * The error a worker-backed Firehose pipeline (remotePipeline.ts) fails a call with when its
 * worker cannot answer. Retriable: the engine answers it as an InternalFailure and the SDK retries.
 */

/** The pipeline's worker cannot answer now (it died mid-call, or its storage failed). Retriable. */
export class PipelineUnavailableError extends Error {
  readonly pipelineUnavailable = true;
  constructor(message: string, readonly workerDied: boolean) {
    super(message);
    this.name = 'PipelineUnavailableError';
  }
}

/** Whether `e` is a PipelineUnavailableError (by its flag, so a copy across a boundary counts too). */
export const isPipelineUnavailable = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { pipelineUnavailable?: unknown }).pipelineUnavailable === true;
