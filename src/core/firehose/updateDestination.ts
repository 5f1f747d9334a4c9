/**
 * UpdateDestination's checks and the destination it makes: the same destination type merges
 * into the current configuration (spec §2); another type replaces it. The engine applies the
 * result to the stream's state.
 */
import { fail, ok, type AwsError, type Result } from '../kinesis/errors.js';
import { configureS3, updateS3 } from './configure.js';
import { DESTINATION_KEYS, type Configured } from './createDeliveryStream.js';
import { configureEndpoint, updateEndpoint } from './endpointConfig.js';
import { lowerFirst } from './mergeUpdate.js';
import { DESTINATION_ID, type DeliveryStreamState } from './model.js';
import { configureRedshift, updateRedshift } from './redshiftConfig.js';

const invalid = (message: string): { ok: false; error: AwsError } => fail('InvalidArgumentException', message);

/** The destination members of UpdateDestination. */
export const UPDATE_KEYS = DESTINATION_KEYS.map((k) => k.replace(/Configuration$/, 'Update'));

/**
 * The destination an UpdateDestination request `i` gives stream `st` (of account `accountId`),
 * or AWS's error: the stream must be ACTIVE, the version id current, the destination id its
 * one destination's, and exactly one destination update given.
 */
export function checkUpdate(st: DeliveryStreamState, i: Record<string, unknown>, accountId: string): Result<Configured> {
  if (st.status !== 'ACTIVE') {
    return fail('ResourceInUseException', `Firehose ${st.name} under account ${accountId} is not in ACTIVE state.`); // Unsure: AWS's text
  }
  if (i.CurrentDeliveryStreamVersionId !== String(st.versionId)) {
    return fail('ConcurrentModificationException',
      `Cannot update firehose: ${st.name} since the current version id: ${st.versionId} and supplied version id: ${i.CurrentDeliveryStreamVersionId as string} do not match`);
  }
  if (i.DestinationId !== DESTINATION_ID) {
    return invalid(`Destination Id ${i.DestinationId as string} not found for firehose ${st.name}.`); // Unsure: AWS's text
  }
  const keys = UPDATE_KEYS.filter((k) => i[k] !== undefined);
  if (keys.length !== 1) return invalid('Exactly one destination update is required.'); // Unsure
  const key = keys[0]!;
  return updateDestination(st, key, i[key] as Record<string, unknown>);
}

/**
 * An UpdateDestination: the same destination type merges (spec §2); another type replaces the
 * destination, so the update must then be a whole configuration of the new type.
 */
export function updateDestination(st: DeliveryStreamState, key: string, update: Record<string, unknown>): Result<Configured> {
  const path = lowerFirst(key);
  const kind = key === 'HttpEndpointDestinationUpdate' ? 'HttpEndpoint' : key === 'SplunkDestinationUpdate' ? 'Splunk'
    : key === 'AmazonopensearchserviceDestinationUpdate' ? 'OpenSearch' : key === 'ExtendedS3DestinationUpdate' || key === 'S3DestinationUpdate' ? 'S3'
    : key === 'RedshiftDestinationUpdate' ? 'Redshift' : undefined;
  if (!kind) return invalid(`Shardlab simulates Amazon S3, Amazon Redshift, HTTP endpoint, Splunk and Amazon OpenSearch Service destinations so far; ${key.replace(/Update$/, '')} is coming in a later version.`);
  const current = st.redshift ? 'Redshift' : st.endpoint?.kind ?? 'S3';
  // Spec §2: "OpenSearch can only be updated to OpenSearch."
  if ((current === 'OpenSearch') !== (kind === 'OpenSearch')) {
    return invalid(`Changing the destination from ${current} to ${kind} is not supported: an Amazon OpenSearch Service destination can only be updated to Amazon OpenSearch Service.`); // Unsure: AWS's text
  }
  if (kind === 'S3') {
    if (current === 'S3') {
      const next = updateS3(st.destination, update);
      return next.ok ? ok({ s3: next.value }) : next;
    }
    if (update.BucketARN === undefined || update.RoleARN === undefined) {
      return invalid(`Changing the destination from ${current} to Amazon S3 needs a whole configuration: RoleARN and BucketARN are required.`); // Unsure: AWS's text
    }
    const dest = configureS3(update, key === 'ExtendedS3DestinationUpdate', path);
    return dest.ok ? ok({ s3: dest.value }) : dest;
  }
  if (kind === 'Redshift') {
    if (st.redshift) return updateRedshift(st.redshift, st.destination, update, path);
    // Another type to Redshift: the update must be a whole configuration.
    for (const m of ['RoleARN', 'ClusterJDBCURL', 'CopyCommand'] as const) {
      if (update[m] === undefined) return invalid(`Changing the destination from ${current} to Amazon Redshift needs a whole configuration: ${m} is required.`); // Unsure: AWS's text
    }
    return configureRedshift(update, path, 'S3Update');
  }
  if (st.endpoint && st.endpoint.kind === kind) return updateEndpoint(st.endpoint, st.destination, update, path);
  return configureEndpoint(kind, update, path, 'S3Update');
}
