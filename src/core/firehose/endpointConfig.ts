/**
 * HTTP endpoint and Splunk destinations as CreateDeliveryStream / UpdateDestination take them
 * (spec §6): AWS's defaults filled in, AWS's rules checked, and how DescribeDeliveryStream shows
 * them. Their `S3Configuration` (the backup bucket) is checked as a plain S3 destination.
 *
 * Decision — `http://` for learners: AWS's model allows only `https://.*` URLs. Shardlab also
 * accepts plain `http://` to the learner's own machine (localhost, 127.0.0.1, [::1], any port),
 * so a receiver written in a classroom can be tried without a TLS certificate; every other
 * `http://` URL is refused with AWS's ValidationException text. (The check is here rather than in
 * the validation table so the table's pattern can stay AWS's; a request with other validation
 * errors as well reports this one alone.)
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import { resolveBufferingHints, type BufferingDestination } from './buffering.js';
import { configureS3, updateS3 } from './configure.js';
import type { EndpointDestination, HttpEndpointConfig, S3Config, SplunkConfig } from './model.js';
import { parseProcessingConfiguration, type ProcessingConfigurationInput } from './processingConfig.js';
import { lowerFirst, mergeUpdate } from './mergeUpdate.js';
import { checkOpenSearch, describeOpenSearch, openSearchEndpoint, openSearchS3 } from './openSearchConfig.js';

const invalid = (message: string) => fail('InvalidArgumentException', message);

/** `http://` to the learner's own machine (see the header). */
export const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?([/?#].*)?$/i;

/** Whether `url` is a URL Shardlab delivers to: AWS's `https://.*`, or loopback `http://`. */
export const isAllowedEndpointUrl = (url: string): boolean => /^https:\/\/.*$/.test(url) || LOOPBACK_HTTP.test(url);

/** Defaults AWS fills in (spec §6; console defaults where the API has none). */
export const ENDPOINT_DEFAULTS = { retrySeconds: 300, hecAckTimeoutSeconds: 180 } as const;

type Input = Record<string, unknown>;

export interface ConfiguredEndpoint {
  readonly endpoint: EndpointDestination;
  /** The backup bucket's configuration (`S3Configuration`), as a plain S3 destination. */
  readonly s3: S3Config;
}

/** A full configuration (CreateDeliveryStream, or an UpdateDestination that changes the type). */
export function configureEndpoint(kind: EndpointDestination['kind'], input: Input, path: string, s3Member: 'S3Configuration' | 'S3Update'): Result<ConfiguredEndpoint> {
  if (kind === 'OpenSearch') {
    const s3 = openSearchS3(input, path, s3Member);
    if (!s3.ok) return s3;
    const checked = checkOpenSearch(input, path, undefined);
    return checked.ok ? ok({ endpoint: checked.value, s3: s3.value }) : checked;
  }
  const s3Input = input[s3Member] as Input | undefined;
  if (!s3Input || s3Input.BucketARN === undefined || s3Input.RoleARN === undefined) {
    return invalid(`${s3Member} with RoleARN and BucketARN is required for a ${kind === 'Splunk' ? 'Splunk' : 'HTTP endpoint'} destination.`); // Unsure: AWS's text
  }
  const s3 = configureS3(s3Input, false, `${path}.${lowerFirst(s3Member)}`);
  if (!s3.ok) return s3;
  const checked = kind === 'HttpEndpoint' ? checkHttp(input, path, undefined) : checkSplunk(input, path, undefined);
  if (!checked.ok) return checked;
  return ok({ endpoint: checked.value, s3: s3.value });
}

/**
 * UpdateDestination of the same type: supplied fields merged into the current configuration
 * (spec §2), nested structures merged member by member, then checked as a whole. The backup
 * mode may be widened (failed only → all) but not narrowed (spec §6).
 */
export function updateEndpoint(current: EndpointDestination, s3: S3Config, update: Input, path: string): Result<ConfiguredEndpoint> {
  const merged = mergeUpdate(current.config as unknown as Input, update, { skip: ['S3Update'] });
  if (current.kind === 'OpenSearch') {
    // One of DomainARN / ClusterEndpoint: the one supplied replaces the other.
    if (update.DomainARN !== undefined && update.ClusterEndpoint === undefined) delete merged.ClusterEndpoint;
    if (update.ClusterEndpoint !== undefined && update.DomainARN === undefined) delete merged.DomainARN;
  }
  const wasAll = current.config.S3BackupMode === 'AllData' || current.config.S3BackupMode === 'AllEvents';
  // OpenSearch: "You can't change this backup mode after you create the Firehose stream."
  const fixed = current.kind === 'OpenSearch' && update.S3BackupMode !== undefined;
  if ((wasAll || fixed) && merged.S3BackupMode !== current.config.S3BackupMode) {
    return invalid(`S3BackupMode cannot be changed from ${current.config.S3BackupMode} to ${merged.S3BackupMode as string}.`); // Unsure: AWS's text
  }
  let nextS3 = s3;
  if (update.S3Update) {
    const u = updateS3(s3, update.S3Update as Input, `${path}.s3Update`);
    if (!u.ok) return u;
    nextS3 = u.value;
  }
  const checked = current.kind === 'HttpEndpoint' ? checkHttp(merged, path, current.config)
    : current.kind === 'Splunk' ? checkSplunk(merged, path, current.config) : checkOpenSearch(merged, path, current.config);
  return checked.ok ? ok({ endpoint: checked.value, s3: nextS3 }) : checked;
}

function checkHttp(i: Input, path: string, current: HttpEndpointConfig | undefined): Result<EndpointDestination> {
  const ep = i.EndpointConfiguration as HttpEndpointConfig['EndpointConfiguration'] | undefined;
  if (!ep?.Url) return invalid('EndpointConfiguration with a Url is required for an HTTP endpoint destination.'); // Unsure: AWS's text
  if (!isAllowedEndpointUrl(ep.Url)) {
    return fail('ValidationException', `1 validation error detected: Value '${ep.Url}' at '${path}.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*`);
  }
  const common = secretsAndProcessing(i, path, 'HttpEndpoint', false);
  if (!common.ok) return common;
  const rc = i.RequestConfiguration as Partial<HttpEndpointConfig['RequestConfiguration']> | undefined;
  const names = (rc?.CommonAttributes ?? []).map((a) => a.AttributeName);
  if (new Set(names).size !== names.length) return invalid('CommonAttributes must have unique AttributeName values.'); // Unsure: AWS's text
  const config: HttpEndpointConfig = {
    EndpointConfiguration: { Url: ep.Url, ...(ep.Name !== undefined ? { Name: ep.Name } : {}), ...(ep.AccessKey !== undefined ? { AccessKey: ep.AccessKey } : {}) },
    BufferingHints: common.value.hints,
    CloudWatchLoggingOptions: (i.CloudWatchLoggingOptions as HttpEndpointConfig['CloudWatchLoggingOptions'] | undefined) ?? current?.CloudWatchLoggingOptions ?? { Enabled: false },
    RequestConfiguration: { ContentEncoding: rc?.ContentEncoding ?? 'NONE', ...(rc?.CommonAttributes ? { CommonAttributes: rc.CommonAttributes } : {}) },
    ...(i.ProcessingConfiguration ? { ProcessingConfiguration: i.ProcessingConfiguration as HttpEndpointConfig['ProcessingConfiguration'] } : {}),
    ...(i.RoleARN !== undefined ? { RoleARN: i.RoleARN as string } : {}),
    RetryOptions: { DurationInSeconds: (i.RetryOptions as { DurationInSeconds?: number } | undefined)?.DurationInSeconds ?? ENDPOINT_DEFAULTS.retrySeconds },
    S3BackupMode: (i.S3BackupMode as HttpEndpointConfig['S3BackupMode'] | undefined) ?? 'FailedDataOnly',
  };
  return ok({ kind: 'HttpEndpoint', config });
}

function checkSplunk(i: Input, path: string, current: SplunkConfig | undefined): Result<EndpointDestination> {
  if (typeof i.HECEndpoint !== 'string' || i.HECEndpoint === '' || (i.HECEndpointType !== 'Raw' && i.HECEndpointType !== 'Event')) {
    return invalid('HECEndpoint and HECEndpointType are required for a Splunk destination.'); // Unsure: AWS's text
  }
  const common = secretsAndProcessing(i, path, 'Splunk', true);
  if (!common.ok) return common;
  if (typeof i.HECToken !== 'string' || i.HECToken === '') {
    return invalid('HECToken is required for a Splunk destination (Shardlab does not simulate Secrets Manager).'); // Unsure: AWS's text
  }
  const config: SplunkConfig = {
    HECEndpoint: i.HECEndpoint,
    HECEndpointType: i.HECEndpointType,
    HECToken: i.HECToken,
    HECAcknowledgmentTimeoutInSeconds: (i.HECAcknowledgmentTimeoutInSeconds as number | undefined) ?? ENDPOINT_DEFAULTS.hecAckTimeoutSeconds,
    RetryOptions: { DurationInSeconds: (i.RetryOptions as { DurationInSeconds?: number } | undefined)?.DurationInSeconds ?? ENDPOINT_DEFAULTS.retrySeconds },
    S3BackupMode: (i.S3BackupMode as SplunkConfig['S3BackupMode'] | undefined) ?? 'FailedEventsOnly',
    BufferingHints: common.value.hints,
    ...(i.ProcessingConfiguration ? { ProcessingConfiguration: i.ProcessingConfiguration as SplunkConfig['ProcessingConfiguration'] } : {}),
    CloudWatchLoggingOptions: (i.CloudWatchLoggingOptions as SplunkConfig['CloudWatchLoggingOptions'] | undefined) ?? current?.CloudWatchLoggingOptions ?? { Enabled: false },
  };
  return ok({ kind: 'Splunk', config });
}

/** What both kinds check alike: Secrets Manager (not simulated), buffering hints, processors. */
function secretsAndProcessing(i: Input, path: string, rule: BufferingDestination, splunk: boolean): Result<{ hints: { SizeInMBs: number; IntervalInSeconds: number } }> {
  if ((i.SecretsManagerConfiguration as { Enabled?: boolean } | undefined)?.Enabled) {
    return invalid('Shardlab does not simulate AWS Secrets Manager: give the key in the destination configuration instead.');
  }
  const buffering = resolveBufferingHints(rule, i.BufferingHints as { SizeInMBs?: number; IntervalInSeconds?: number } | undefined, { path: `${path}.bufferingHints` });
  if (!buffering.ok) return buffering;
  const plan = parseProcessingConfiguration(i.ProcessingConfiguration as ProcessingConfigurationInput | undefined, { splunk });
  if (!plan.ok) return plan;
  if (plan.value.enabled && plan.value.metadataExtraction) {
    return invalid('MetadataExtraction processor is only supported for Amazon S3 destinations with dynamic partitioning.'); // Unsure: AWS's text
  }
  return ok({ hints: { SizeInMBs: Math.round(buffering.value.sizeBytes / 1048576), IntervalInSeconds: buffering.value.intervalMs / 1000 } });
}

/**
 * `HttpEndpointDestinationDescription` / `SplunkDestinationDescription`. AWS's
 * `HttpEndpointDescription` has only Url and Name: the AccessKey is never returned. The Splunk
 * description does carry `HECToken` (the model has it, and Terraform and CloudFormation read it
 * back from DescribeDeliveryStream), so it is echoed.
 */
export function describeEndpoint(e: EndpointDestination, s3Description: Record<string, unknown>): Record<string, unknown> {
  if (e.kind === 'HttpEndpoint') {
    const c = e.config;
    return {
      HttpEndpointDestinationDescription: {
        EndpointConfiguration: { Url: c.EndpointConfiguration.Url, ...(c.EndpointConfiguration.Name !== undefined ? { Name: c.EndpointConfiguration.Name } : {}) },
        BufferingHints: c.BufferingHints,
        CloudWatchLoggingOptions: c.CloudWatchLoggingOptions,
        RequestConfiguration: c.RequestConfiguration,
        ...(c.ProcessingConfiguration ? { ProcessingConfiguration: c.ProcessingConfiguration } : {}),
        ...(c.RoleARN !== undefined ? { RoleARN: c.RoleARN } : {}),
        RetryOptions: c.RetryOptions,
        S3BackupMode: c.S3BackupMode,
        S3DestinationDescription: s3Description,
      },
    };
  }
  if (e.kind === 'OpenSearch') return describeOpenSearch(e.config, s3Description);
  const c = e.config;
  return {
    SplunkDestinationDescription: {
      HECEndpoint: c.HECEndpoint,
      HECEndpointType: c.HECEndpointType,
      HECToken: c.HECToken,
      HECAcknowledgmentTimeoutInSeconds: c.HECAcknowledgmentTimeoutInSeconds,
      RetryOptions: c.RetryOptions,
      S3BackupMode: c.S3BackupMode,
      S3DestinationDescription: s3Description,
      ...(c.ProcessingConfiguration ? { ProcessingConfiguration: c.ProcessingConfiguration } : {}),
      CloudWatchLoggingOptions: c.CloudWatchLoggingOptions,
      BufferingHints: c.BufferingHints,
    },
  };
}

/** The endpoint a destination delivers to (Splunk: its HEC base URL). */
export const endpointUrl = (e: EndpointDestination): string =>
  e.kind === 'HttpEndpoint' ? e.config.EndpointConfiguration.Url : e.kind === 'Splunk' ? e.config.HECEndpoint : openSearchEndpoint(e.config, 'us-east-1');

/** Whether every batch is also written to the backup bucket (AllData / AllEvents). */
export const backsUpAll = (e: EndpointDestination): boolean => e.config.S3BackupMode === 'AllData' || e.config.S3BackupMode === 'AllEvents' || e.config.S3BackupMode === 'AllDocuments';

