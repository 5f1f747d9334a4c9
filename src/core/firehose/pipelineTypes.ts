/**
 * The shapes a delivery stream's pipeline (delivery.ts) exchanges with its host and with the
 * destination deliveries beside it: records in, the host's services, the stats it reports.
 */
import type { Result } from '../kinesis/errors.js';
import type { FirehoseEvent } from './events.js';
import type { GlueColumn } from './formatConversion.js';
import type { HttpTransport } from './httpEndpoint.js';
import type { LambdaRuntime } from './lambda.js';
import type { RedshiftConnector } from './redshiftDelivery.js';

/** A record as it enters the pipeline (Direct PUT or read from the source stream). */
export interface InRecord {
  readonly recordId: string;
  /** Base64, as received. */
  readonly data: string;
  /** Epoch ms. */
  readonly arrival: number;
  readonly bytes: number;
  readonly kinesis?: { readonly shardId: string; readonly partitionKey: string; readonly sequenceNumber: string; readonly arrival: number };
}

/** Where objects go (the simulated S3's store satisfies this). */
export interface ObjectSink {
  putObject(bucket: string, key: string, data: Uint8Array, opts?: { contentType?: string }): Result<unknown> | Promise<Result<unknown>>;
}

/**
 * What a pipeline needs from where it runs: the Firehose engine in Node, or a delivery stream's
 * worker in the page (where S3 and Lambda are reached back in the broker).
 */
export interface PipelineHost {
  now(): number;
  readonly random: { next(): number; hex(n: number): string };
  readonly account: { readonly region: string };
  readonly events: { emit(e: FirehoseEvent): void };
  readonly s3: ObjectSink;
  readonly lambda: LambdaRuntime | undefined;
  /** Sends HTTP endpoint and Splunk deliveries (fetch, or the host's simulated receivers). */
  readonly http: HttpTransport;
  /** Runs Firehose's COPY on the simulated Redshift clusters (absent: every COPY fails to connect). */
  readonly redshift?: RedshiftConnector;
  /** The Glue Data Catalog record format conversion reads its schema from (absent: no table is found). */
  readonly glue?: SchemaSource;
}

/** Where format conversion finds a Glue table's columns. */
export interface SchemaSource {
  columnsOf(database: string, table: string): Promise<Result<GlueColumn[]>>;
}

/** What the engine drives: the pipeline in process, or its proxy to a worker. */
export interface PipelineLike {
  /** Takes records; resolved once they are held durably (a put is acknowledged after that). */
  accept(records: readonly InRecord[]): void | Promise<void>;
  tick(now: number): void;
  reconfigure(): void;
  close(): void;
  idle(): Promise<void>;
  readonly inFlight: number;
  buffered(): BufferedStats;
  readonly retrying: number;
}

/** What the pipeline's buffers hold, with the hints they flush at (for the picture). */
export interface BufferedStats {
  readonly records: number;
  readonly bytes: number;
  readonly oldestArrival?: number;
  readonly sizeBytes: number;
  readonly intervalMs: number;
}

/** A record inside the pipeline (exported for the endpoint delivery). */
export interface PipelineRecord {
  /** Unique per part (a de-aggregated record's parts get `<id>-<n>`: the Lambda needs distinct ids). */
  readonly recordId: string;
  /** The id of the record it came from (what `onSettled` reports). */
  readonly sourceId: string;
  data: Uint8Array;
  /** When it entered the buffer it is in (buffer intervals count from here). */
  readonly arrival: number;
  /** When Firehose received it (object names and prefixes, the transform event, error records). */
  readonly received: number;
  /** The original bytes, base64 (error output's rawData). */
  readonly raw: string;
  readonly kinesis?: InRecord['kinesis'];
  lambdaKeys?: Record<string, string>;
}
