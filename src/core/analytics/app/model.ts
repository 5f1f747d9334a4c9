/**
 * A Kinesis Data Analytics (SQL) application as Shardlab keeps it: its code, its one streaming
 * source (a Kinesis data stream or a Firehose delivery stream) mapped by an input schema into the
 * in-application stream `<NamePrefix>_001`, an optional reference table loaded from an S3 object,
 * and up to three outputs (an in-application stream to a Kinesis stream or a delivery stream, as
 * JSON or CSV). Status follows the v1 API (spec §A.1): READY → STARTING → RUNNING → STOPPING →
 * READY; only a READY application starts or is edited.
 *
 * Decision — no kinesisanalytics v1 wire API: AWS has retired KDA for SQL (no new applications
 * since October 2025), its v1 SDK is frozen, and the issue asks for the engine and the app; the
 * applications are driven from the UI, `window.shardlab.analytics` and `sim.analytics` instead.
 */
import type { SourceSchema } from '../input/types.js';

export type AppStatus = 'READY' | 'STARTING' | 'RUNNING' | 'STOPPING';
export type StartingPosition = 'NOW' | 'TRIM_HORIZON' | 'LAST_STOPPED_POINT';

export interface AppInput {
  /** `SOURCE_SQL_STREAM` → the in-application stream `SOURCE_SQL_STREAM_001`. */
  readonly namePrefix: string;
  readonly source: { readonly kind: 'kinesis'; readonly streamName: string } | { readonly kind: 'firehose'; readonly deliveryStreamName: string };
  readonly schema: SourceSchema;
}

export interface AppReferenceData {
  readonly tableName: string;
  readonly bucket: string;
  readonly key: string;
  readonly schema: SourceSchema;
}

export interface AppOutput {
  /** The in-application stream whose rows go out (`error_stream` allowed). */
  readonly name: string;
  readonly kind: 'kinesis' | 'firehose';
  /** The Kinesis stream or delivery stream name. */
  readonly target: string;
  readonly format: 'JSON' | 'CSV';
}

export interface AppConfig {
  readonly name: string;
  readonly description?: string;
  readonly code: string;
  readonly input?: AppInput;
  readonly referenceData?: AppReferenceData;
  readonly outputs: readonly AppOutput[];
}

export interface AppState extends AppConfig {
  status: AppStatus;
  readonly createdAt: number;
  /** +1 on every change (the v1 API's ApplicationVersionId). */
  versionId: number;
  /** The Kinesis source's progress per shard (LAST_STOPPED_POINT resumes from it). */
  checkpoints?: Record<string, string>;
  /** Why the last start failed, or what the running application last reported. */
  lastError?: { readonly message: string; readonly line?: number; readonly column?: number };
}

/** Spec §A.2 / §A.3. */
export const APP_LIMITS = { applications: 50, codeChars: 102_400, outputs: 3, namePrefixMax: 32, nameMax: 128 } as const;

/** What is wrong with a configuration, in a sentence, or undefined. */
export function configProblem(c: AppConfig): string | undefined {
  if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(c.name)) return 'Application name: 1–128 letters, digits, _ . -';
  if (c.code.length > APP_LIMITS.codeChars) return `Application code: at most ${APP_LIMITS.codeChars} characters (100 KB).`;
  if (c.input) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(c.input.namePrefix)) return 'Input name prefix: 1–32 letters, digits and _.';
    if (c.input.schema.RecordColumns.length === 0) return 'Input schema: at least one column.';
  }
  if (c.outputs.length > APP_LIMITS.outputs) return `At most ${APP_LIMITS.outputs} outputs.`;
  for (const o of c.outputs) {
    if (!o.name) return 'Output: name the in-application stream.';
    if (!o.target) return `Output ${o.name}: choose where it goes.`;
  }
  return undefined;
}

/** The in-application input stream of an input (`<NamePrefix>_001`: one, as InputParallelism 1). */
export const inputStreamName = (i: AppInput): string => `${i.namePrefix}_001`;
