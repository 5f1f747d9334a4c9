/**
 * Dynamic partitioning for the pipeline (delivery.ts, spec §5.3): the partition keys of a record
 * (from the metadata extraction query and the Lambda's `partitionKeys`), the limit on active
 * partitions, and moving buffered records into a buffer with new hints.
 */
import { DeliveryBuffer, type ResolvedBuffering } from './buffering.js';
import { evaluateMetadataQuery, type MetadataQuery } from './metadataQuery.js';
import type { S3Config } from './model.js';
import { requiredPartitionKeys } from './objectKey.js';
import type { PipelineRecord } from './pipelineTypes.js';

/** Active partitions a delivery stream may have (AWS's default quota). */
export const MAX_ACTIVE_PARTITIONS = 500;

/** One partition's buffer (one in all without dynamic partitioning). */
export interface Partition {
  buffer: DeliveryBuffer<PipelineRecord>;
  readonly keys: Record<string, string>;
  readonly lambdaKeys: Record<string, string>;
  /** Objects of this partition being written (or waiting for a retry): it stays active meanwhile. */
  writing: number;
}

/** A record's query partition keys, or why it cannot be partitioned (it goes to the error output). */
export type PartitionKeys = { readonly keys: Record<string, string> } | { readonly errorCode: string; readonly errorMessage: string };

/**
 * The keys the metadata extraction query gives a record, checked against those the prefix uses
 * (`!{partitionKeyFromQuery:…}` / `!{partitionKeyFromLambda:…}`). Without dynamic partitioning: none.
 */
export function partitionKeysOf(dest: S3Config, query: MetadataQuery | undefined, rec: PipelineRecord): PartitionKeys {
  let keys: Record<string, string> = {};
  if (dest.DynamicPartitioningConfiguration?.Enabled) {
    if (query) {
      const k = evaluateMetadataQuery(query, rec.data);
      if ('error' in k) return { errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: k.error }; // Unsure: AWS's type and code
      keys = k.keys;
    }
    const need = requiredPartitionKeys(dest.Prefix);
    const lambdaKeys = rec.lambdaKeys ?? {};
    const missing = [...need.query.filter((n) => keys[n] === undefined), ...need.lambda.filter((n) => lambdaKeys[n] === undefined)];
    if (missing.length) return { errorCode: 'DynamicPartitioning.MissingPartitionKeys', errorMessage: `Missing partitioning keys: ${missing.join(', ')}` }; // Unsure
  }
  return { keys };
}

/** A new buffer with `hints` holding what `old` held, in order (`old` is left empty). */
export function rebuffer(old: DeliveryBuffer<PipelineRecord>, hints: ResolvedBuffering): DeliveryBuffer<PipelineRecord> {
  const b = new DeliveryBuffer<PipelineRecord>(hints);
  for (let batch = old.take(); batch; batch = old.take()) for (const r of batch.records) b.add(r);
  return b;
}
