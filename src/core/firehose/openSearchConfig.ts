/**
 * The Amazon OpenSearch Service destination (`AmazonopensearchserviceDestinationConfiguration`,
 * spec §6) as CreateDeliveryStream / UpdateDestination take it: AWS's defaults filled in, its
 * rules checked, and `AmazonopensearchserviceDestinationDescription`.
 *
 * Decision — `ElasticsearchDestinationConfiguration` stays refused: it is the legacy name for
 * Elasticsearch ≤ 7.10 domains, and a learner starting today creates OpenSearch ones.
 * Decision — the index name: the model allows any 1–80 characters; OpenSearch's own rules
 * (lower case, no `\ / * ? " < > | , #` or space, not starting with `_ - +`) are the domain's to
 * enforce, at delivery time, as on AWS (every document then fails with invalid_index_name_exception).
 */
import { fail, ok, type Result } from '../kinesis/errors.js';
import { resolveBufferingHints } from './buffering.js';
import { configureS3 } from './configure.js';
import type { EndpointDestination, OpenSearchConfig, S3Config } from './model.js';
import { parseProcessingConfiguration, type ProcessingConfigurationInput } from './processingConfig.js';
import { domainEndpoint, domainOfUrl, parseDomainArn } from '../opensearch/domains.js';

const invalid = (message: string) => fail('InvalidArgumentException', message);

type Input = Record<string, unknown>;

export const OPENSEARCH_DEFAULTS = { retrySeconds: 300, rotation: 'OneDay', backup: 'FailedDocumentsOnly', documentId: 'FIREHOSE_DEFAULT' } as const;

/** The checked configuration of a whole OpenSearch destination (after merging, for an update). */
export function checkOpenSearch(i: Input, path: string, current: OpenSearchConfig | undefined): Result<EndpointDestination> {
  const arn = i.DomainARN as string | undefined;
  const cluster = i.ClusterEndpoint as string | undefined;
  if ((arn === undefined) === (cluster === undefined)) {
    return invalid('Exactly one of DomainARN or ClusterEndpoint must be specified.'); // Unsure: AWS's text
  }
  if (arn !== undefined && !parseDomainArn(arn)) return invalid(`DomainARN ${arn} is not a valid Amazon OpenSearch Service domain ARN.`); // Unsure
  if (cluster !== undefined && !domainOfUrl(cluster)) {
    return invalid(`Shardlab simulates OpenSearch domains only: ClusterEndpoint must look like https://search-<domain>.<region>.es.amazonaws.com (got ${cluster}).`);
  }
  if (typeof i.IndexName !== 'string' || i.IndexName === '') return invalid('IndexName is required for an Amazon OpenSearch Service destination.'); // Unsure
  if (typeof i.TypeName === 'string' && i.TypeName !== '') {
    // OpenSearch has no mapping types (Elasticsearch 7 deprecated them).
    return invalid('TypeName must be empty for an Amazon OpenSearch Service domain: OpenSearch indices have no types.'); // Unsure: AWS's text
  }
  if (i.VpcConfiguration !== undefined) return invalid('Shardlab does not simulate VPC delivery: leave VpcConfiguration out.');
  const buffering = resolveBufferingHints('OpenSearch', i.BufferingHints as { SizeInMBs?: number; IntervalInSeconds?: number } | undefined, { path: `${path}.bufferingHints` });
  if (!buffering.ok) return buffering;
  const plan = parseProcessingConfiguration(i.ProcessingConfiguration as ProcessingConfigurationInput | undefined);
  if (!plan.ok) return plan;
  if (plan.value.enabled && plan.value.metadataExtraction) {
    return invalid('MetadataExtraction processor is only supported for Amazon S3 destinations with dynamic partitioning.'); // Unsure: AWS's text
  }
  const docIds = i.DocumentIdOptions as OpenSearchConfig['DocumentIdOptions'] | undefined;
  const config: OpenSearchConfig = {
    RoleARN: i.RoleARN as string,
    ...(arn !== undefined ? { DomainARN: arn } : {}),
    ...(cluster !== undefined ? { ClusterEndpoint: cluster } : {}),
    IndexName: i.IndexName,
    ...(typeof i.TypeName === 'string' ? { TypeName: i.TypeName } : {}),
    IndexRotationPeriod: (i.IndexRotationPeriod as OpenSearchConfig['IndexRotationPeriod'] | undefined) ?? OPENSEARCH_DEFAULTS.rotation,
    BufferingHints: { SizeInMBs: Math.round(buffering.value.sizeBytes / 1048576), IntervalInSeconds: buffering.value.intervalMs / 1000 },
    RetryOptions: { DurationInSeconds: (i.RetryOptions as { DurationInSeconds?: number } | undefined)?.DurationInSeconds ?? OPENSEARCH_DEFAULTS.retrySeconds },
    S3BackupMode: (i.S3BackupMode as OpenSearchConfig['S3BackupMode'] | undefined) ?? OPENSEARCH_DEFAULTS.backup,
    ...(i.ProcessingConfiguration ? { ProcessingConfiguration: i.ProcessingConfiguration as OpenSearchConfig['ProcessingConfiguration'] } : {}),
    CloudWatchLoggingOptions: (i.CloudWatchLoggingOptions as OpenSearchConfig['CloudWatchLoggingOptions'] | undefined) ?? current?.CloudWatchLoggingOptions ?? { Enabled: false },
    DocumentIdOptions: { DefaultDocumentIdFormat: docIds?.DefaultDocumentIdFormat ?? OPENSEARCH_DEFAULTS.documentId },
  };
  return ok({ kind: 'OpenSearch', config });
}

/** The S3 bucket of an OpenSearch destination, checked as a plain S3 destination. */
export function openSearchS3(input: Input, path: string, s3Member: 'S3Configuration' | 'S3Update'): Result<S3Config> {
  const s3Input = input[s3Member] as Input | undefined;
  if (!s3Input || s3Input.BucketARN === undefined || s3Input.RoleARN === undefined) {
    return invalid(`${s3Member} with RoleARN and BucketARN is required for an Amazon OpenSearch Service destination.`); // Unsure: AWS's text
  }
  return configureS3(s3Input, false, `${path}.${s3Member.charAt(0).toLowerCase()}${s3Member.slice(1)}`);
}

/** Where the destination's `_bulk` requests go (the simulated domain's endpoint). */
export function openSearchEndpoint(c: OpenSearchConfig, region: string): string {
  if (c.ClusterEndpoint !== undefined) return c.ClusterEndpoint.replace(/\/+$/, '');
  const d = parseDomainArn(c.DomainARN ?? '');
  return domainEndpoint(d?.name ?? 'unknown', d?.region ?? region);
}

/** The domain's name (from the ARN, or the endpoint's first label). */
export function openSearchDomainName(c: OpenSearchConfig): string {
  return (c.DomainARN !== undefined ? parseDomainArn(c.DomainARN)?.name : domainOfUrl(c.ClusterEndpoint ?? '')?.name) ?? 'unknown';
}

/** `AmazonopensearchserviceDestinationDescription`. */
export function describeOpenSearch(c: OpenSearchConfig, s3Description: Record<string, unknown>): Record<string, unknown> {
  return {
    AmazonopensearchserviceDestinationDescription: {
      RoleARN: c.RoleARN,
      ...(c.DomainARN !== undefined ? { DomainARN: c.DomainARN } : {}),
      ...(c.ClusterEndpoint !== undefined ? { ClusterEndpoint: c.ClusterEndpoint } : {}),
      IndexName: c.IndexName,
      ...(c.TypeName !== undefined ? { TypeName: c.TypeName } : {}),
      IndexRotationPeriod: c.IndexRotationPeriod,
      BufferingHints: c.BufferingHints,
      RetryOptions: c.RetryOptions,
      S3BackupMode: c.S3BackupMode,
      S3DestinationDescription: s3Description,
      ...(c.ProcessingConfiguration ? { ProcessingConfiguration: c.ProcessingConfiguration } : {}),
      CloudWatchLoggingOptions: c.CloudWatchLoggingOptions,
      DocumentIdOptions: c.DocumentIdOptions,
    },
  };
}
