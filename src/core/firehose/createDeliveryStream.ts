/**
 * CreateDeliveryStream's checks and the stream it makes: the source (Direct PUT or a Kinesis
 * stream), exactly one destination configured with AWS's defaults, encryption and tags. The
 * engine adds the resulting state and schedules CREATING → ACTIVE.
 */
import type { KinesisEngine } from '../kinesis/engine.js';
import { fail, ok, type AwsError, type Result } from '../kinesis/errors.js';
import { parseStreamArn, type Account } from '../kinesis/model/arn.js';
import { configureS3 } from './configure.js';
import { configureEndpoint } from './endpointConfig.js';
import { lowerFirst } from './mergeUpdate.js';
import { deliveryStreamArn, type DeliveryStreamState, type EndpointDestination, type RedshiftConfig, type S3Config } from './model.js';
import { configureRedshift } from './redshiftConfig.js';

const invalid = (message: string): { ok: false; error: AwsError } => fail('InvalidArgumentException', message);

/** Delivery streams per account and region (spec §1). */
export const DELIVERY_STREAM_LIMIT = 5_000;

/** The destination members of CreateDeliveryStream (UpdateDestination's end in `Update`). */
export const DESTINATION_KEYS = [
  'S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration', 'ElasticsearchDestinationConfiguration',
  'AmazonopensearchserviceDestinationConfiguration', 'AmazonOpenSearchServerlessDestinationConfiguration', 'SplunkDestinationConfiguration',
  'HttpEndpointDestinationConfiguration', 'SnowflakeDestinationConfiguration', 'IcebergDestinationConfiguration',
] as const;

/** A checked destination: its S3 bucket (the destination, or the backup / intermediate bucket) and what else it is. */
export type Configured = { s3: S3Config; endpoint?: EndpointDestination; redshift?: RedshiftConfig };

/** What CreateDeliveryStream is checked against. */
export interface CreateContext {
  readonly account: Account;
  /** The Kinesis engine a KinesisStreamAsSource stream reads (absent: no such stream exists). */
  readonly kinesis: KinesisEngine | undefined;
  /** The delivery streams there are now, by name. */
  readonly streams: ReadonlyMap<string, unknown>;
  /** Virtual ms a delivery stream stays CREATING. */
  readonly createMs: number;
  /** Virtual time, read once the request is accepted. */
  now(): number;
}

/** The new delivery stream's state (CREATING, version 1), or AWS's error for the request `i`. */
export function newDeliveryStream(i: Record<string, unknown>, ctx: CreateContext): Result<DeliveryStreamState> {
  const name = i.DeliveryStreamName as string;
  const type = (i.DeliveryStreamType as string | undefined) ?? 'DirectPut';
  const problem = sourceProblem(i, name, type, ctx);
  if (problem) return problem;
  const kinesisSource = i.KinesisStreamSourceConfiguration as { KinesisStreamARN: string; RoleARN: string } | undefined;
  const destinations = DESTINATION_KEYS.filter((k) => i[k] !== undefined);
  if (destinations.length !== 1) {
    return invalid(destinations.length === 0
      ? 'Exactly one destination configuration is supported for a Firehose stream.'  // Unsure: AWS's text
      : `Only one destination configuration is allowed for a Firehose stream; got ${destinations.join(', ')}.`);
  }
  const key = destinations[0]!;
  const configured = configureDestination(key, i[key] as Record<string, unknown>);
  if (!configured.ok) return configured;
  const tagList = (i.Tags as { Key: string; Value?: string }[] | undefined) ?? [];
  const now = ctx.now();
  const enc = i.DeliveryStreamEncryptionConfigurationInput as { KeyType: string; KeyARN?: string } | undefined;
  return ok({
    name,
    arn: deliveryStreamArn(ctx.account, name),
    type: type as DeliveryStreamState['type'],
    status: 'CREATING',
    createdAt: now,
    versionId: 1,
    ...(kinesisSource ? { source: { KinesisStreamARN: kinesisSource.KinesisStreamARN, RoleARN: kinesisSource.RoleARN, DeliveryStartTimestamp: now + ctx.createMs } } : {}),
    ...(type === 'DirectPut' && i.DirectPutSourceConfiguration ? { directPutHint: (i.DirectPutSourceConfiguration as { ThroughputHintInMBs: number }).ThroughputHintInMBs } : {}),
    ...(enc ? { encryption: { KeyType: enc.KeyType, ...(enc.KeyARN ? { KeyARN: enc.KeyARN } : {}), Status: 'ENABLED' as const } } : {}),
    destination: configured.value.s3,
    ...(configured.value.endpoint ? { endpoint: configured.value.endpoint } : {}),
    ...(configured.value.redshift ? { redshift: configured.value.redshift } : {}),
    tags: new Map(tagList.map((t) => [t.Key, t.Value ?? ''])),
  });
}

/** Why the name, the quota or the source of a CreateDeliveryStream is refused, or undefined. */
function sourceProblem(i: Record<string, unknown>, name: string, type: string, ctx: CreateContext): { ok: false; error: AwsError } | undefined {
  const accountId = ctx.account.accountId;
  if (ctx.streams.has(name)) {
    return fail('ResourceInUseException', `Firehose ${name} under accountId ${accountId} already exists`);
  }
  if (ctx.streams.size >= DELIVERY_STREAM_LIMIT) {
    return fail('LimitExceededException', `You have already consumed your firehose quota of ${DELIVERY_STREAM_LIMIT} hoses. Firehose names: ${[...ctx.streams.keys()].slice(0, 3).join(', ')}…`);
  }
  if (type === 'MSKAsSource' || type === 'DatabaseAsSource') {
    return invalid(`Shardlab simulates DirectPut and KinesisStreamAsSource delivery streams; ${type} is not simulated yet.`);
  }
  const kinesisSource = i.KinesisStreamSourceConfiguration as { KinesisStreamARN: string; RoleARN: string } | undefined;
  if (type === 'KinesisStreamAsSource' && !kinesisSource) {
    return invalid('KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.');
  }
  if (type !== 'KinesisStreamAsSource' && kinesisSource) {
    return invalid('KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource.');
  }
  if (kinesisSource) {
    const parsed = parseStreamArn(kinesisSource.KinesisStreamARN);
    const k = ctx.kinesis;
    const stream = parsed && k ? k.streams.get(parsed.name) : undefined;
    if (!parsed || !stream || parsed.accountId !== accountId || parsed.region !== ctx.account.region) {
      return invalid(`The specified Kinesis stream ${kinesisSource.KinesisStreamARN} does not exist or is not accessible.`); // Unsure: AWS's text
    }
    if (i.DeliveryStreamEncryptionConfigurationInput) {
      return invalid('Server-side encryption cannot be enabled for a delivery stream with a Kinesis stream as its source.');
    }
  }
  return undefined;
}

/** A destination configuration of CreateDeliveryStream, checked, with AWS's defaults. */
export function configureDestination(key: string, input: Record<string, unknown>): Result<Configured> {
  if (key === 'ExtendedS3DestinationConfiguration' || key === 'S3DestinationConfiguration') {
    const dest = configureS3(input, key === 'ExtendedS3DestinationConfiguration');
    return dest.ok ? ok({ s3: dest.value }) : dest;
  }
  if (key === 'HttpEndpointDestinationConfiguration' || key === 'SplunkDestinationConfiguration' || key === 'AmazonopensearchserviceDestinationConfiguration') {
    const kind = key === 'SplunkDestinationConfiguration' ? 'Splunk' : key === 'HttpEndpointDestinationConfiguration' ? 'HttpEndpoint' : 'OpenSearch';
    return configureEndpoint(kind, input, lowerFirst(key), 'S3Configuration');
  }
  if (key === 'RedshiftDestinationConfiguration') return configureRedshift(input, lowerFirst(key), 'S3Configuration');
  return invalid(`Shardlab simulates Amazon S3, Amazon Redshift, HTTP endpoint, Splunk and Amazon OpenSearch Service destinations so far; ${key.replace(/Configuration$/, '')} is coming in a later version.`);
}
