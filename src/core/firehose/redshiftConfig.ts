/**
 * The Amazon Redshift destination (`RedshiftDestinationConfiguration`, spec §6) as
 * CreateDeliveryStream / UpdateDestination take it: AWS's defaults filled in, its rules checked,
 * and `RedshiftDestinationDescription`. Its `S3Configuration` is the intermediate bucket the
 * data lands in before COPY (buffering hints live there, as on AWS), checked as a plain S3
 * destination plus Redshift's own rules: no ZIP or Snappy (COPY cannot read them), a prefix
 * without `!{…}` expressions and no ErrorOutputPrefix.
 *
 * Decision — Secrets Manager is not simulated: the Username and Password go in the destination
 * configuration (as AWS allowed before Secrets Manager); both are then required.
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import { configureS3, updateS3 } from './configure.js';
import { plainS3, type RedshiftConfig, type S3Config } from './model.js';
import { parseProcessingConfiguration, type ProcessingConfigurationInput } from './processingConfig.js';
import { lowerFirst, mergeUpdate } from './mergeUpdate.js';

const invalid = (message: string) => fail('InvalidArgumentException', message);

type Input = Record<string, unknown>;

/** Spec §6: RetryOptions.DurationInSeconds defaults to 3600 for Redshift. */
export const REDSHIFT_DEFAULTS = { retrySeconds: 3600 } as const;

export interface ConfiguredRedshift {
  readonly redshift: RedshiftConfig;
  /** The intermediate bucket. */
  readonly s3: S3Config;
}

/** A whole configuration (CreateDeliveryStream, or an UpdateDestination that changes the type). */
export function configureRedshift(input: Input, path: string, s3Member: 'S3Configuration' | 'S3Update'): Result<ConfiguredRedshift> {
  const s3Input = input[s3Member] as Input | undefined;
  if (!s3Input || s3Input.BucketARN === undefined || s3Input.RoleARN === undefined) {
    return invalid(`${s3Member} with RoleARN and BucketARN is required for an Amazon Redshift destination.`); // Unsure: AWS's text
  }
  const s3 = intermediate(s3Input, () => configureS3(s3Input, false, `${path}.${lowerFirst(s3Member)}`));
  if (!s3.ok) return s3;
  const checked = checkRedshift(input, undefined, path);
  return checked.ok ? ok(pipelineView(checked.value, s3.value)) : checked;
}

/** UpdateDestination of a Redshift destination with a RedshiftDestinationUpdate: merged, then checked whole. */
export function updateRedshift(current: RedshiftConfig, s3: S3Config, update: Input, path: string): Result<ConfiguredRedshift> {
  const merged = mergeUpdate(current as unknown as Input, update, { skip: ['S3Update', 'S3BackupUpdate'], whole: ['CopyCommand'] });
  if (update.S3BackupUpdate !== undefined) merged.S3BackupConfiguration = { ...(current.S3BackupConfiguration ?? {}), ...(update.S3BackupUpdate as Input) };
  if (current.S3BackupMode === 'Enabled' && merged.S3BackupMode === 'Disabled') {
    return invalid('S3BackupMode cannot be changed from Enabled to Disabled.'); // Unsure: AWS's text
  }
  let nextS3 = s3;
  if (update.S3Update) {
    const u = intermediate(update.S3Update as Input, () => updateS3(s3, update.S3Update as Input, `${path}.s3Update`));
    if (!u.ok) return u;
    nextS3 = u.value;
  }
  const checked = checkRedshift(merged, current, path);
  return checked.ok ? ok(pipelineView(checked.value, nextS3)) : checked;
}

/**
 * The pipeline reads processing and source-record backup from its S3 configuration: the
 * intermediate bucket's carries the Redshift destination's (Describe shows the intermediate
 * bucket as a plain S3 description, without them).
 */
function pipelineView(redshift: RedshiftConfig, s3: S3Config): ConfiguredRedshift {
  const { ProcessingConfiguration: _p, S3BackupMode: _m, S3BackupConfiguration: _b, ...plain } = s3;
  return {
    redshift,
    s3: {
      ...plain,
      S3BackupMode: redshift.S3BackupMode,
      ...(redshift.S3BackupConfiguration ? { S3BackupConfiguration: redshift.S3BackupConfiguration } : {}),
      ...(redshift.ProcessingConfiguration ? { ProcessingConfiguration: redshift.ProcessingConfiguration } : {}),
    } as S3Config,
  };
}

/** Redshift's own rules for the intermediate bucket (checked before the general S3 ones, whose texts would mislead here). */
function intermediate(input: Input, configure: () => Result<S3Config>): Result<S3Config> {
  if (typeof input.Prefix === 'string' && input.Prefix.includes('!{')) return invalid('The S3 prefix of an Amazon Redshift destination cannot contain expressions.'); // Unsure: AWS's text (spec §5.2)
  if (input.ErrorOutputPrefix !== undefined) return invalid('ErrorOutputPrefix is not supported for an Amazon Redshift destination.'); // Unsure: AWS's text (spec §5.2)
  const s3 = configure();
  if (!s3.ok) return s3;
  const c = s3.value;
  if (c.CompressionFormat !== 'UNCOMPRESSED' && c.CompressionFormat !== 'GZIP') {
    return invalid(`CompressionFormat ${c.CompressionFormat} is not supported for an Amazon Redshift destination: COPY reads UNCOMPRESSED or GZIP objects.`); // Unsure: AWS's text
  }
  return s3;
}

function checkRedshift(i: Input, current: RedshiftConfig | undefined, path: string): Result<RedshiftConfig> {
  if ((i.SecretsManagerConfiguration as { Enabled?: boolean } | undefined)?.Enabled) {
    return invalid('Shardlab does not simulate AWS Secrets Manager: give Username and Password in the destination configuration instead.');
  }
  if (typeof i.Username !== 'string' || typeof i.Password !== 'string') {
    return invalid('Username and Password are required for an Amazon Redshift destination when Secrets Manager is not enabled.'); // Unsure: AWS's text
  }
  const copy = i.CopyCommand as RedshiftConfig['CopyCommand'] | undefined;
  if (!copy?.DataTableName) return invalid('CopyCommand with a DataTableName is required for an Amazon Redshift destination.'); // Unsure
  const plan = parseProcessingConfiguration(i.ProcessingConfiguration as ProcessingConfigurationInput | undefined);
  if (!plan.ok) return plan;
  if (plan.value.enabled && plan.value.metadataExtraction) {
    return invalid('MetadataExtraction processor is only supported for Amazon S3 destinations with dynamic partitioning.'); // Unsure: AWS's text
  }
  const mode = (i.S3BackupMode as RedshiftConfig['S3BackupMode'] | undefined) ?? 'Disabled';
  if (mode === 'Enabled' && !i.S3BackupConfiguration) {
    return invalid('S3BackupConfiguration is required when S3BackupMode is Enabled.'); // Unsure: AWS's text
  }
  let backup: S3Config | undefined;
  if (i.S3BackupConfiguration) {
    const b = configureS3(i.S3BackupConfiguration as Input, false, `${path}.s3BackupConfiguration`);
    if (!b.ok) return b;
    backup = b.value;
  }
  return ok({
    RoleARN: i.RoleARN as string,
    ClusterJDBCURL: i.ClusterJDBCURL as string,
    CopyCommand: {
      DataTableName: copy.DataTableName,
      ...(copy.DataTableColumns !== undefined ? { DataTableColumns: copy.DataTableColumns } : {}),
      ...(copy.CopyOptions !== undefined ? { CopyOptions: copy.CopyOptions } : {}),
    },
    Username: i.Username,
    Password: i.Password,
    RetryOptions: { DurationInSeconds: (i.RetryOptions as { DurationInSeconds?: number } | undefined)?.DurationInSeconds ?? REDSHIFT_DEFAULTS.retrySeconds },
    ...(i.ProcessingConfiguration ? { ProcessingConfiguration: i.ProcessingConfiguration as RedshiftConfig['ProcessingConfiguration'] } : {}),
    S3BackupMode: mode,
    ...(backup ? { S3BackupConfiguration: backup } : {}),
    CloudWatchLoggingOptions: (i.CloudWatchLoggingOptions as RedshiftConfig['CloudWatchLoggingOptions'] | undefined) ?? current?.CloudWatchLoggingOptions ?? { Enabled: false },
  });
}

/** `RedshiftDestinationDescription` (the Password is never returned, as on AWS). */
export function describeRedshift(c: RedshiftConfig, s3Description: Record<string, unknown>): Record<string, unknown> {
  return {
    RedshiftDestinationDescription: {
      RoleARN: c.RoleARN,
      ClusterJDBCURL: c.ClusterJDBCURL,
      CopyCommand: c.CopyCommand,
      Username: c.Username,
      RetryOptions: c.RetryOptions,
      S3DestinationDescription: s3Description,
      ...(c.ProcessingConfiguration ? { ProcessingConfiguration: c.ProcessingConfiguration } : {}),
      S3BackupMode: c.S3BackupMode,
      ...(c.S3BackupConfiguration ? { S3BackupDescription: plainS3(c.S3BackupConfiguration) } : {}),
      CloudWatchLoggingOptions: c.CloudWatchLoggingOptions,
    },
  };
}

/**
 * The COPY Firehose issues for a manifest (spec §6):
 * `COPY <table> [(cols)] FROM 's3://…/manifest' CREDENTIALS 'aws_iam_role=…' MANIFEST <CopyOptions>`.
 */
export function copyStatement(c: RedshiftConfig, bucket: string, manifestKey: string): string {
  const cols = c.CopyCommand.DataTableColumns?.trim() ? ` (${c.CopyCommand.DataTableColumns.trim()})` : '';
  const opts = c.CopyCommand.CopyOptions?.trim() ? ` ${c.CopyCommand.CopyOptions.trim()}` : '';
  return `COPY ${c.CopyCommand.DataTableName}${cols} FROM 's3://${bucket}/${manifestKey}' CREDENTIALS 'aws_iam_role=${c.RoleARN}' MANIFEST${opts};`;
}

