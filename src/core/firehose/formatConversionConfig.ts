/**
 * Record format conversion's configuration (`DataFormatConversionConfiguration`, spec §5.4) as
 * the pipeline uses it: the Glue table the schema comes from, the deserializer (OpenX or Hive
 * JSON) and the Parquet serializer's options — and AWS's rules: exactly one deserializer and one
 * serializer, the top-level CompressionFormat UNCOMPRESSED (the columnar codec compresses), a
 * buffer of at least 64 MiB (checked with the buffering hints).
 *
 * Decision — ORC: Shardlab writes Apache Parquet only (hyparquet-writer); there is no ORC writer
 * for the browser, so an OrcSerDe is refused with a clear message instead of writing something
 * that is not ORC.
 * Decision — the Glue table is looked up when a batch is converted (AWS reads the schema then,
 * `VersionId: LATEST`), not at CreateDeliveryStream: a missing table fails that batch's records
 * to the `format-conversion-failed` error output.
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import type { ConversionOptions } from './formatConversion.js';
import { timestampFormatProblem } from './hiveTimestamp.js';
import { errorRecordLine } from './errorRecord.js';

const invalid = (message: string) => fail('InvalidArgumentException', message);

export interface ConversionPlan {
  readonly catalogId?: string;
  readonly database: string;
  readonly table: string;
  readonly region?: string;
  readonly versionId: string;
  readonly options: ConversionOptions;
}

interface Input {
  Enabled?: boolean;
  SchemaConfiguration?: { RoleARN?: string; CatalogId?: string; DatabaseName?: string; TableName?: string; Region?: string; VersionId?: string };
  InputFormatConfiguration?: { Deserializer?: { OpenXJsonSerDe?: { ConvertDotsInJsonKeysToUnderscores?: boolean; CaseInsensitive?: boolean; ColumnToJsonKeyMappings?: Record<string, string> }; HiveJsonSerDe?: { TimestampFormats?: string[] } } };
  OutputFormatConfiguration?: { Serializer?: { ParquetSerDe?: { Compression?: 'UNCOMPRESSED' | 'GZIP' | 'SNAPPY'; EnableDictionaryCompression?: boolean; WriterVersion?: 'V1' | 'V2'; PageSizeBytes?: number }; OrcSerDe?: unknown } };
}

/** Whether a configuration turns conversion on (`Enabled` defaults to true when the structure is given). */
export const conversionEnabled = (c: unknown): boolean => c !== undefined && c !== null && (c as Input).Enabled !== false;

/** The plan for an enabled configuration, or why it is refused. `compression`: the destination's top-level CompressionFormat. */
export function parseFormatConversion(c: unknown, compression: string): Result<ConversionPlan> {
  const i = c as Input;
  const schema = i.SchemaConfiguration;
  // Unsure: AWS's texts for these.
  if (!schema?.DatabaseName || !schema.TableName || !schema.RoleARN) {
    return invalid('SchemaConfiguration with RoleARN, DatabaseName and TableName is required when data format conversion is enabled.');
  }
  const d = i.InputFormatConfiguration?.Deserializer;
  if (!d || (d.OpenXJsonSerDe === undefined) === (d.HiveJsonSerDe === undefined)) {
    return invalid('InputFormatConfiguration.Deserializer must have exactly one of OpenXJsonSerDe or HiveJsonSerDe.');
  }
  const s = i.OutputFormatConfiguration?.Serializer;
  if (!s || (s.ParquetSerDe === undefined) === (s.OrcSerDe === undefined)) {
    return invalid('OutputFormatConfiguration.Serializer must have exactly one of ParquetSerDe or OrcSerDe.');
  }
  if (s.OrcSerDe !== undefined) {
    return invalid('Shardlab converts records to Apache Parquet only: use ParquetSerDe (no ORC writer runs in the browser).');
  }
  if (compression !== 'UNCOMPRESSED') {
    return invalid(`CompressionFormat must be UNCOMPRESSED when data format conversion is enabled (got ${compression}): the ParquetSerDe's Compression applies instead.`);
  }
  for (const f of d.HiveJsonSerDe?.TimestampFormats ?? []) {
    const problem = timestampFormatProblem(f);
    if (problem) return invalid(`HiveJsonSerDe.TimestampFormats: ${problem}. Shardlab reads the Joda letters y M d H k h K m s S a Z X, and "millis".`);
  }
  const p = s.ParquetSerDe!;
  const options: ConversionOptions = {
    deserializer: d.OpenXJsonSerDe
      ? {
        kind: 'OpenX',
        caseInsensitive: d.OpenXJsonSerDe.CaseInsensitive ?? true,
        convertDotsInJsonKeysToUnderscores: d.OpenXJsonSerDe.ConvertDotsInJsonKeysToUnderscores ?? false,
        ...(d.OpenXJsonSerDe.ColumnToJsonKeyMappings ? { columnToJsonKeyMappings: d.OpenXJsonSerDe.ColumnToJsonKeyMappings } : {}),
      }
      : { kind: 'Hive', ...(d.HiveJsonSerDe!.TimestampFormats ? { timestampFormats: d.HiveJsonSerDe!.TimestampFormats } : {}) },
    compression: p.Compression ?? 'SNAPPY',
    ...(p.EnableDictionaryCompression !== undefined ? { enableDictionaryCompression: p.EnableDictionaryCompression } : {}),
    ...(p.WriterVersion !== undefined ? { writerVersion: p.WriterVersion } : {}),
    ...(p.PageSizeBytes !== undefined ? { pageSizeBytes: p.PageSizeBytes } : {}),
  };
  return ok({
    ...(schema.CatalogId !== undefined ? { catalogId: schema.CatalogId } : {}),
    database: schema.DatabaseName, table: schema.TableName,
    ...(schema.Region !== undefined ? { region: schema.Region } : {}),
    versionId: schema.VersionId ?? 'LATEST',
    options,
  });
}

/**
 * A record that failed conversion, as AWS writes it under `format-conversion-failed`
 * (record-format-conversion-error-handling: `lastErrorCode` / `lastErrorMessage`, the Kinesis
 * sequence numbers, and the Glue table).
 */
export function conversionFailedRecord(f: {
  attemptsMade: number; arrivalTimestamp: number; errorCode: string; errorMessage: string; attemptEndingTimestamp: number; rawData: string;
  sequenceNumber?: string; plan: ConversionPlan; region: string; accountId: string;
}): string {
  const catalogId = f.plan.catalogId ?? f.accountId;
  const region = f.plan.region ?? f.region;
  const line = errorRecordLine(
    { attemptsMade: f.attemptsMade, arrivalTimestamp: f.arrivalTimestamp, errorCode: f.errorCode, errorMessage: f.errorMessage, attemptEndingTimestamp: f.attemptEndingTimestamp },
    {
      rawData: f.rawData,
      ...(f.sequenceNumber !== undefined ? { sequenceNumber: f.sequenceNumber, subSequenceNumber: 0 } : {}),
      dataCatalogTable: { catalogId, databaseName: f.plan.database, tableName: f.plan.table, region, versionId: f.plan.versionId, catalogArn: `arn:aws:glue:${region}:${catalogId}:catalog` },
    },
  );
  // This error output names its fields lastErrorCode / lastErrorMessage.
  return line.replace('"errorCode":', '"lastErrorCode":').replace('"errorMessage":', '"lastErrorMessage":');
}
