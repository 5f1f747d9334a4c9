/**
 * The S3 objects a pipeline (delivery.ts) writes — data objects, source-record backups, AllData
 * copies and error output — built from a batch as keys and bodies, and the bookkeeping of a write
 * that failed and waits to be tried again (every 5 virtual seconds, for up to 24 hours like AWS's
 * Direct PUT retention).
 *
 * The builders are pure apart from drawing from the seeded `random`, in the order AWS's object
 * names need it; a retried write builds its object again.
 */
import { decodeBase64 } from '../util/base64.js';
import { compress } from './compression.js';
import type { DeliveryStreamState, S3Config } from './model.js';
import { evaluatePrefix, fileExtension, objectName } from './objectKey.js';
import type { PipelineRecord } from './pipelineTypes.js';

/** How often a failed write is tried again (virtual ms). */
export const RETRY_MS = 5000;
/** How long a failed write is retried before its records are lost, as on AWS (virtual ms). */
export const GIVE_UP_MS = 24 * 3600_000;

/** An object to write: its key and its (compressed or converted) bytes. */
export interface BuiltObject {
  readonly key: string;
  readonly body: Uint8Array;
}

/** A batch whose write failed, waiting to be tried again. */
export interface WriteRetry {
  readonly bucket: string;
  readonly records: PipelineRecord[];
  /**
   * The object to write — or undefined when there is nothing left to write (format conversion
   * sent every record to the error output). Throws `TransientFailure` to be tried again later.
   */
  readonly build: () => { key: string; body: Uint8Array } | undefined | Promise<{ key: string; body: Uint8Array } | undefined>;
  readonly firstFailure: number;
  nextAt: number;
  readonly onDone: (key: string, body: Uint8Array) => void;
  /** There was nothing to write (see `build`). */
  readonly onEmpty?: () => void;
  /** After 24 hours of failures the records are lost, as on AWS (reported, and settled). */
  readonly onGiveUp?: () => void;
}

/** A failure that is worth trying again (the Glue catalog unreachable for a moment). */
export class TransientFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Firehose's error code for an S3 error (`S3.NoSuchBucket`, `S3.AccessDenied`…). */
export const s3ErrorCode = (type: string): string => `S3.${type}`;

/**
 * What every object name is made of. `state` is read when the object is built (a retry after
 * UpdateDestination carries the new version id); the destination passed beside it is the one
 * the batch was taken with.
 */
export interface ObjectStamp {
  readonly state: DeliveryStreamState;
  /** Arrival of the oldest record in the object (its name and prefix time). */
  readonly oldest: number;
  readonly random: () => number;
}

/** The source-record backup bucket's settings (S3BackupConfiguration). */
export interface BackupConfig {
  BucketARN: string;
  Prefix?: string;
  CompressionFormat?: S3Config['CompressionFormat'];
}

/**
 * A data object of a partition: the records (delimiters appended, compressed) — or the Parquet
 * body format conversion made of them — under the evaluated prefix.
 */
export function dataObject(
  s: ObjectStamp,
  d: S3Config,
  partition: { readonly keys: Record<string, string>; readonly lambdaKeys: Record<string, string> },
  records: readonly PipelineRecord[],
  delimiter: Uint8Array | undefined,
  parquet: Uint8Array | undefined,
): BuiltObject {
  const { oldest, random } = s;
  const tz = d.CustomTimeZone || 'UTC';
  const prefix = evaluatePrefix(d.Prefix, { arrival: oldest, random, partitionKeys: partition.keys, lambdaPartitionKeys: partition.lambdaKeys, timeZone: tz }, 'data');
  const ext = fileExtension(d.CompressionFormat, parquet ? 'parquet' : undefined, d.FileExtension);
  const name = objectName(s.state.name, s.state.versionId, oldest, random, ext, tz);
  const body = parquet ?? compress(d.CompressionFormat, concat(records.map((r) => r.data), delimiter), name);
  return { key: prefix + name, body };
}

/** A source-record backup object: the records' original bytes, in the backup bucket's format. */
export function backupObject(s: ObjectStamp, b: BackupConfig, records: readonly PipelineRecord[]): BuiltObject {
  const { oldest, random } = s;
  const name = objectName(s.state.name, s.state.versionId, oldest, random, fileExtension(b.CompressionFormat));
  return { key: evaluatePrefix(b.Prefix, { arrival: oldest, random }, 'data') + name, body: compress(b.CompressionFormat ?? 'UNCOMPRESSED', concat(records.map((r) => decodeBase64(r.raw))), name) };
}

/** An AllData copy of an endpoint batch: a data object under the backup bucket's Prefix. */
export function allDataObject(s: ObjectStamp, d: S3Config, records: readonly PipelineRecord[], delimiter: Uint8Array | undefined): BuiltObject {
  const { oldest, random } = s;
  const name = objectName(s.state.name, s.state.versionId, oldest, random, fileExtension(d.CompressionFormat));
  return { key: evaluatePrefix(d.Prefix, { arrival: oldest, random }, 'data') + name, body: compress(d.CompressionFormat, concat(records.map((r) => r.data), delimiter), name) };
}

/** An error output object: the given lines under ErrorOutputPrefix with `!{firehose:error-output-type}` = `type`. */
export function errorObject(s: ObjectStamp, d: S3Config, type: string, lines: readonly string[]): BuiltObject {
  const { oldest, random } = s;
  const tz = d.CustomTimeZone || 'UTC';
  const prefix = evaluatePrefix(d.ErrorOutputPrefix, { arrival: oldest, random, errorOutputType: type, timeZone: tz, ...(d.Prefix !== undefined ? { dataPrefix: d.Prefix } : {}) }, 'error');
  return { key: prefix + objectName(s.state.name, s.state.versionId, oldest, random, '', tz), body: new TextEncoder().encode(lines.join('')) };
}

/** `parts` one after another, each followed by `delimiter` if given (AppendDelimiterToRecord). */
export function concat(parts: readonly Uint8Array[], delimiter?: Uint8Array): Uint8Array {
  const total = parts.reduce((a, p) => a + p.length + (delimiter?.length ?? 0), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
    if (delimiter) {
      out.set(delimiter, at);
      at += delimiter.length;
    }
  }
  return out;
}
