/**
 * The pipeline's Lambda transform step (spec §4): one invocation per batch taken from the Lambda
 * buffer, retried `NumberOfRetries` times on invocation errors; transformed records go on to
 * their partition's buffer, dropped ones are settled, failed ones go to the `processing-failed`
 * error output (all of the batch when every attempt failed).
 */
import { encodeBase64 } from '../util/base64.js';
import type { DeliveryStreamState } from './model.js';
import type { PipelineHost, PipelineRecord } from './pipelineTypes.js';
import type { LambdaProcessorConfig } from './processingConfig.js';
import { buildTransformEvent, checkTransformResponse, type TransformEvent, type TransformOutcome } from './transform.js';

type Rec = PipelineRecord;
type Verdict = Exclude<TransformOutcome, { readonly batchError: unknown }>;

/** What the pipeline lends the transform step. */
export interface TransformContext {
  readonly host: PipelineHost;
  readonly state: DeliveryStreamState;
  /** Into the buffer of the record's partition. */
  route(rec: Rec): void;
  /** The records' journey ended (dropped by the function). */
  settle(records: readonly Rec[]): void;
  /** Writes failed records to the error output; settles them once written. */
  errorOutput(records: Rec[], type: string, errorCode: string, errorMessage: string, attemptsMade: number): void;
  /** Starts every delivery that is due at `now`. */
  tick(now: number): void;
}

/** The event the function is invoked with (a fresh invocation id from the seeded random). */
function transformEvent(e: PipelineHost, state: DeliveryStreamState, records: readonly Rec[]): TransformEvent {
  return buildTransformEvent({
    invocationId: `${e.random.hex(8)}-${e.random.hex(4)}-${e.random.hex(4)}-${e.random.hex(4)}-${e.random.hex(12)}`,
    deliveryStreamArn: state.arn,
    ...(state.source ? { sourceKinesisStreamArn: state.source.KinesisStreamARN } : {}),
    region: e.account.region,
    records: records.map((r) => ({
      recordId: r.recordId,
      data: encodeBase64(r.data),
      approximateArrivalTimestamp: r.received,
      ...(r.kinesis ? { kinesisRecordMetadata: { shardId: r.kinesis.shardId, partitionKey: r.kinesis.partitionKey, approximateArrivalTimestamp: r.kinesis.arrival, sequenceNumber: r.kinesis.sequenceNumber, subsequenceNumber: '' } } : {}),
    })),
  });
}

/**
 * Transforms a batch. `at`: when the invocation happens (the transformed records' buffer interval
 * counts from there). `lambda`: the processor as it was when the batch was taken (a later
 * UpdateDestination does not change this call).
 */
export async function transformBatch(ctx: TransformContext, records: Rec[], at: number, lambda: LambdaProcessorConfig): Promise<void> {
  const e = ctx.host;
  const event = transformEvent(e, ctx.state, records);
  const started = e.now();
  let attempts = 0;
  let failure: { errorCode: string; errorMessage: string } | undefined;
  // The first call and NumberOfRetries retries; a response the function did return is judged, not retried.
  while (attempts <= lambda.numberOfRetries) {
    attempts++;
    const out = e.lambda
      ? await e.lambda.invoke(lambda.lambdaArn, event).catch((err: unknown) => ({ ok: false as const, errorCode: 'Lambda.FunctionError', errorMessage: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }))
      : { ok: false as const, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${lambda.lambdaArn}` };
    if (!out.ok) {
      failure = { errorCode: out.errorCode, errorMessage: out.errorMessage };
      continue;
    }
    const verdict = checkTransformResponse(records.map((r) => r.recordId), out.payload);
    if ('batchError' in verdict) {
      failure = verdict.batchError;
      if (verdict.batchError.retryable) continue;
      break;
    }
    failure = undefined;
    applyVerdict(ctx, records, verdict, { at, attempts, started });
    return;
  }
  e.events.emit({ type: 'transformed', t: e.now(), deliveryStream: ctx.state.name, ok: 0, dropped: 0, failed: records.length, durationMs: e.now() - started, errorCode: failure!.errorCode });
  ctx.errorOutput(records, 'processing-failed', failure!.errorCode, failure!.errorMessage, attempts);
}

/** A response the function returned: each record routed, settled (dropped) or sent to the error output. */
function applyVerdict(ctx: TransformContext, records: Rec[], verdict: Verdict, call: { at: number; attempts: number; started: number }): void {
  const e = ctx.host;
  const byId = new Map(records.map((r) => [r.recordId, r]));
  const failed: Rec[] = [];
  let okCount = 0;
  for (const r of records) {
    const done = verdict.ok.get(r.recordId);
    if (done) {
      okCount++;
      // Into the destination buffer: its interval counts from the invocation (AWS buffers again
      // after the Lambda; the function's own run time is not simulated in virtual time).
      ctx.route({ ...r, arrival: call.at, data: done.data, ...(done.partitionKeys ? { lambdaKeys: done.partitionKeys } : {}) });
    }
  }
  for (const id of verdict.failed.keys()) failed.push(byId.get(id)!);
  ctx.settle([...verdict.dropped].map((id) => byId.get(id)!));
  e.events.emit({ type: 'transformed', t: e.now(), deliveryStream: ctx.state.name, ok: okCount, dropped: verdict.dropped.size, failed: failed.length, durationMs: e.now() - call.started });
  // Failed records keep their own error code; written together per code.
  const byCode = new Map<string, { message: string; recs: Rec[] }>();
  for (const [id, err] of verdict.failed) {
    const g = byCode.get(err.errorCode) ?? { message: err.errorMessage, recs: [] };
    g.recs.push(byId.get(id)!);
    byCode.set(err.errorCode, g);
  }
  for (const [code, g] of byCode) ctx.errorOutput(g.recs, 'processing-failed', code, g.message, call.attempts);
  ctx.tick(e.now()); // a destination buffer already due (the clock moved on meanwhile) flushes now
}
