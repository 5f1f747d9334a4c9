/**
 * An S3 destination's configuration as CreateDeliveryStream / UpdateDestination take it: AWS's
 * defaults filled in (so DescribeDeliveryStream shows what AWS shows), and AWS's rules checked —
 * buffering hints per destination kind, prefix expressions, processors, what may not change.
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import { resolveBufferingHints } from './buffering.js';
import { parseMetadataQuery } from './metadataQuery.js';
import type { S3Config } from './model.js';
import { validatePrefixes } from './objectKey.js';
import { conversionEnabled, parseFormatConversion } from './formatConversionConfig.js';
import { parseProcessingConfiguration, type ProcessingConfigurationInput } from './processingConfig.js';

const invalid = (message: string) => fail('InvalidArgumentException', message);

/**
 * Validates a full configuration (CreateDeliveryStream) and fills in AWS's defaults. `path`: where
 * it sits in the request (an HTTP endpoint's `S3Configuration`, say), for error texts.
 */
export function configureS3(input: Record<string, unknown>, extended: boolean, path = extended ? 'extendedS3DestinationConfiguration' : 's3DestinationConfiguration'): Result<S3Config> {
  return check({
    ...input,
    CompressionFormat: input.CompressionFormat ?? 'UNCOMPRESSED',
    EncryptionConfiguration: input.EncryptionConfiguration ?? { NoEncryptionConfig: 'NoEncryption' },
    CloudWatchLoggingOptions: input.CloudWatchLoggingOptions ?? { Enabled: false },
    S3BackupMode: input.S3BackupMode ?? 'Disabled',
  } as S3Config, input.BufferingHints as { SizeInMBs?: number; IntervalInSeconds?: number } | undefined, `${path}.bufferingHints`);
}

/**
 * UpdateDestination on the same destination type: the supplied fields are merged into the
 * current configuration (spec §2: "same destination type ⇒ merged"), then checked as a whole.
 */
export function updateS3(current: S3Config, update: Record<string, unknown>, path = 'extendedS3DestinationUpdate'): Result<S3Config> {
  const dp = update.DynamicPartitioningConfiguration as { Enabled?: boolean } | undefined;
  if (dp?.Enabled !== undefined && dp.Enabled !== (current.DynamicPartitioningConfiguration?.Enabled ?? false)) {
    return invalid('Dynamic partitioning can only be enabled when the Firehose stream is created, and cannot be disabled.'); // Unsure: AWS's text
  }
  if (current.S3BackupMode === 'Enabled' && update.S3BackupMode === 'Disabled') {
    return invalid('Source record backup cannot be disabled once it is enabled.'); // Unsure: AWS's text
  }
  const merged = { ...current } as Record<string, unknown>;
  for (const [k, v] of Object.entries(update)) {
    if (v === undefined) continue;
    merged[k] = k === 'BufferingHints' || k === 'CloudWatchLoggingOptions' ? { ...(current[k] as object), ...(v as object) } : v;
  }
  const hints = update.BufferingHints as { SizeInMBs?: number; IntervalInSeconds?: number } | undefined;
  // A partial BufferingHints update keeps the other hint (merged above): validate the result.
  return check(merged as S3Config, hints ? (merged.BufferingHints as { SizeInMBs: number; IntervalInSeconds: number }) : currentHints(current), `${path}.bufferingHints`);
}

const currentHints = (c: S3Config) => c.BufferingHints;

function check(c: S3Config, hints: { SizeInMBs?: number; IntervalInSeconds?: number } | undefined, path: string): Result<S3Config> {
  const dynamic = c.DynamicPartitioningConfiguration?.Enabled === true;
  const conversion = conversionEnabled(c.DataFormatConversionConfiguration);
  if (conversion) {
    const plan = parseFormatConversion(c.DataFormatConversionConfiguration, c.CompressionFormat);
    if (!plan.ok) return plan;
  }
  const buffering = resolveBufferingHints(dynamic ? 'S3DynamicPartitioning' : conversion ? 'S3FormatConversion' : 'ExtendedS3', hints, { path });
  if (!buffering.ok) return buffering;
  // Both at once: the conversion's 64 MiB floor as well as partitioning's interval floor.
  if (dynamic && conversion) {
    const floor = resolveBufferingHints('S3FormatConversion', hints, { path });
    if (!floor.ok) return floor;
  }
  const prefixError = validatePrefixes(c.Prefix, c.ErrorOutputPrefix, { dynamicPartitioning: dynamic });
  if (prefixError) return { ok: false, error: prefixError };
  const plan = parseProcessingConfiguration(c.ProcessingConfiguration as ProcessingConfigurationInput | undefined);
  if (!plan.ok) return plan;
  if (plan.value.enabled && plan.value.metadataExtraction) {
    if (!dynamic) return invalid('MetadataExtraction processor can only be used when dynamic partitioning is enabled.'); // Unsure: AWS's text
    const q = parseMetadataQuery(plan.value.metadataExtraction.query);
    if (!q.ok) return q;
  }
  if (dynamic && !(plan.value.enabled && (plan.value.metadataExtraction || plan.value.lambda))) {
    return invalid('Dynamic partitioning needs partitioning keys: add a MetadataExtraction processor (inline parsing) or a Lambda processor.'); // Unsure: AWS's text
  }
  if (c.S3BackupMode === 'Enabled' && !c.S3BackupConfiguration) {
    return invalid('S3BackupConfiguration is required when S3BackupMode is Enabled.'); // Unsure: AWS's text
  }
  return ok({
    ...c,
    BufferingHints: { SizeInMBs: Math.round(buffering.value.sizeBytes / 1048576), IntervalInSeconds: buffering.value.intervalMs / 1000 },
  });
}
