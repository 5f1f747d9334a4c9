/**
 * The pipeline's record format conversion step (spec §5.4): a batch about to be written is
 * converted against the Glue table's columns, read at that moment; what fails goes to the
 * `format-conversion-failed` error output with AWS's codes, the rest becomes one Parquet body.
 */
import { convertToParquet } from './formatConversion.js';
import { conversionFailedRecord, parseFormatConversion, type ConversionPlan } from './formatConversionConfig.js';
import type { DeliveryStreamState } from './model.js';
import { TransientFailure } from './objectWrites.js';
import type { PipelineHost, PipelineRecord } from './pipelineTypes.js';

type Rec = PipelineRecord;

/** What the pipeline lends the conversion step. */
export interface ConversionContext {
  readonly host: PipelineHost;
  readonly state: DeliveryStreamState;
  /** Writes failed records to the error output (`given`: their lines as written); settles them once written. */
  errorOutput(records: Rec[], type: string, errorCode: string, errorMessage: string, attemptsMade: number, given?: string[]): void;
}

/**
 * Record format conversion (spec §5.4): the batch's records against the Glue table's columns,
 * read now (VersionId LATEST). Records that fail — or all of them, when the table cannot be
 * read — go to the `format-conversion-failed` error output; the rest become one Parquet body.
 * A catalog that does not answer throws `TransientFailure` (the write is tried again).
 */
export async function convertBatch(ctx: ConversionContext, records: Rec[]): Promise<{ records: Rec[]; body: Uint8Array | undefined }> {
  const e = ctx.host;
  const dest = ctx.state.destination;
  const fail = (recs: Rec[], code: string, message: string, plan?: ConversionPlan) => {
    if (recs.length === 0) return;
    e.events.emit({ type: 'converted', t: e.now(), deliveryStream: ctx.state.name, records: 0, bytes: 0, failedRecords: recs.length, failedBytes: recs.reduce((a, r) => a + r.data.length, 0) });
    ctx.errorOutput(recs, 'format-conversion-failed', code, message, 1, plan ? recs.map((r) => `${conversionFailedLine(ctx, r, code, message, plan)}\n`) : undefined);
  };
  const plan = parseFormatConversion(dest.DataFormatConversionConfiguration, dest.CompressionFormat);
  if (!plan.ok) {
    // Checked when configured, so not expected here; never a silent drop if it happens.
    fail(records, 'DataFormatConversion.InvalidSchema', plan.error.message);
    return { records: [], body: undefined };
  }
  const columns = e.glue
    ? await e.glue.columnsOf(plan.value.database, plan.value.table).catch((err: unknown) => ({ ok: false as const, error: { __type: 'InternalFailure', message: String(err), status: 500 } }))
    : ({ ok: false as const, error: { __type: 'EntityNotFoundException', message: `Database ${plan.value.database} not found.`, status: 400 } });
  if (!columns.ok) {
    // A catalog that did not answer is tried again with the write; a missing table fails the records.
    if (columns.error.__type === 'InternalFailure') throw new TransientFailure('DataFormatConversion.SchemaUnavailable', `The Glue table ${plan.value.database}.${plan.value.table} could not be read: ${columns.error.message}`); // Unsure: AWS's code
    fail(records, 'DataFormatConversion.InvalidSchema', `The Glue table ${plan.value.database}.${plan.value.table} could not be read: ${columns.error.message}`, plan.value); // Unsure: AWS's code
    return { records: [], body: undefined };
  }
  let out: ReturnType<typeof convertToParquet>;
  try {
    out = convertToParquet(records.map((r) => r.data), columns.value, plan.value.options);
  } catch (err) {
    // A schema or option the converter cannot use fails the batch to the error output, never silently.
    fail(records, 'DataFormatConversion.InvalidSchema', err instanceof Error ? err.message : String(err), plan.value);
    return { records: [], body: undefined };
  }
  const ok = out.converted.map((i) => records[i]!);
  const byCode = new Map<string, { message: string; recs: Rec[] }>();
  for (const f of out.failures) {
    const g = byCode.get(f.errorCode) ?? { message: f.errorMessage, recs: [] };
    g.recs.push(records[f.index]!);
    byCode.set(f.errorCode, g);
  }
  if (ok.length) e.events.emit({ type: 'converted', t: e.now(), deliveryStream: ctx.state.name, records: ok.length, bytes: ok.reduce((a, r) => a + r.data.length, 0), failedRecords: 0, failedBytes: 0 });
  for (const [code, g] of byCode) fail(g.recs, code, g.message, plan.value);
  return { records: ok, body: ok.length ? out.body : undefined };
}

/** A record's line in the `format-conversion-failed` error output. */
function conversionFailedLine(ctx: ConversionContext, r: Rec, errorCode: string, errorMessage: string, plan: ConversionPlan): string {
  const e = ctx.host;
  return conversionFailedRecord({
    attemptsMade: 1, arrivalTimestamp: r.received, errorCode, errorMessage, attemptEndingTimestamp: e.now(), rawData: r.raw,
    ...(r.kinesis ? { sequenceNumber: r.kinesis.sequenceNumber } : {}), plan, region: e.account.region, accountId: accountOf(ctx.state.arn),
  });
}

/** The account id in an ARN (`arn:aws:firehose:<region>:<account>:…`). */
const accountOf = (arn: string): string => arn.split(':')[4] ?? '';
