/**
 * What the page (UI and `window.shardlab`) needs from a running simulation. The broker
 * implements it with a shard worker per shard and IndexedDB; `createMemoryHost` implements it
 * in memory (Node, tests, and browsers without IndexedDB).
 */
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FirehoseListener } from '../core/firehose/events.js';
import type { DeliveryStreamSnapshot } from '../core/firehose/snapshot.js';
import type { StreamSnapshot } from '../core/kinesis/snapshot.js';
import type { SimListener } from '../core/observe/events.js';
import type { S3Listener } from '../core/s3/model.js';
import type { FailureMode, ReceiverSnapshot } from '../core/firehose/receiverEndpoint.js';
import type { DomainFailure, DomainSnapshot } from '../core/opensearch/domains.js';
import type { SearchQuery, SearchResult } from '../core/opensearch/domain.js';
import type { RedshiftControl } from './redshiftControl.js';
import type { AnalyticsControl } from './analyticsControl.js';
import type { KinesisFunction } from '../core/kcl/types.js';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { GlueClient } from '@aws-sdk/client-glue';

/**
 * The simulated HTTP endpoints Firehose delivers to without network: Datadog, New Relic, MongoDB,
 * Splunk HEC and Shardlab's test endpoint (`https://<name>.shardlab.test/...`).
 */
export interface ReceiversControl {
  /** Every endpoint that received something (or was registered), with what arrived in its vendor's terms. */
  list(): ReceiverSnapshot[];
  get(url: string): ReceiverSnapshot | undefined;
  /** Whether `url` is a simulated receiver's (else Firehose really fetches it). */
  handles(url: string): boolean;
  /** The next `n` delivery requests to `url` fail with `mode`: an HTTP status (default 500) or `'timeout'`. */
  failNext(url: string, n: number, mode?: FailureMode): void;
  /** A down endpoint refuses connections until set up again. */
  setDown(url: string, down: boolean): void;
  /** Forgets what arrived (one endpoint, or all). */
  clear(url?: string): void;
  /** Lists `url`'s endpoint before anything arrived; false if it is not simulated. */
  register(url: string): boolean;
  /** Told after every change (a request arrived, a setting changed); returns a stop function. */
  observe(listener: () => void): () => void;
}

/** The simulated Amazon OpenSearch Service domains OpenSearch destinations index into. */
export interface OpenSearchControl {
  /** Every domain (those the delivery streams name, and any that received documents). */
  list(): DomainSnapshot[];
  /** Documents of `domain` matching `query` (index pattern, free text, match / term on a field), newest first. */
  search(domain: string, query?: SearchQuery): SearchResult;
  /** A down domain refuses connections (Firehose retries, then backs the documents up to S3). */
  setDown(domain: string, down: boolean): void;
  /** The next `n` `_bulk` requests fail: an HTTP status (default 503), or `'timeout'` (indexed, but never answered). */
  failNext(domain: string, n: number, mode?: DomainFailure): void;
  /** Deletes documents (of indices matching `pattern`, or all). */
  clear(domain: string, pattern?: string): void;
  observe(listener: () => void): () => void;
  /** Whether documents survive a reload (IndexedDB) or live in memory only. */
  readonly persistent: boolean;
}

export interface ClockControl {
  /** Virtual time, epoch ms. */
  now(): number;
  pause(): void;
  resume(): void;
  /** Sets the target speed (0.1–100) and returns it; without an argument returns it. */
  speed(factor?: number): number;
  /** While paused: moves virtual time forward by `ms` (default 100). */
  step(ms?: number): void;
  readonly paused: boolean;
}

export interface HostStatus {
  readonly now: number;
  readonly paused: boolean;
  readonly targetSpeed: number;
  /** Virtual ms per real ms over the last seconds: below target when the simulation cannot keep up. */
  readonly actualSpeed: number;
  /** Calls waiting on shard and delivery stream workers (back-pressure on the clock). */
  readonly backlog: number;
  /** Workers (shards' and delivery streams') restarted after dying, since the page loaded. */
  readonly workerRestarts: number;
  /** Where data lives: 'indexeddb' (survives reloads) or 'memory'. */
  readonly storage: 'indexeddb' | 'memory';
}

export interface BrowsedRecord {
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** The hash key that routed it (ExplicitHashKey or MD5 of the partition key), decimal. */
  readonly hashKey: string;
  readonly explicitHashKey?: string;
  /** Epoch ms. */
  readonly arrival: number;
  readonly data: Uint8Array;
}

export interface SimulationHost {
  /** A real `KinesisClient` bound to this simulation. */
  readonly kinesis: KinesisClient;
  /** The Kinesis engine's own calls (`{ ok, value | error }`, event streams as async iterables), for in-page consumers such as KCL workers. */
  readonly kinesisDispatch: KinesisFunction;
  /** A real `FirehoseClient` bound to this simulation. */
  readonly firehose: FirehoseClient;
  /** A real `S3Client` (path-style) bound to this simulation's S3. */
  readonly s3: S3Client;
  /** A real `RedshiftDataClient` bound to this simulation's Redshift clusters. */
  readonly redshiftData: RedshiftDataClient;
  /** A real `GlueClient` bound to this simulation's Data Catalog (format conversion's schemas). */
  readonly glue: GlueClient;
  readonly clock: ClockControl;
  /** Streams and shards now, with the traffic of the last second. */
  snapshot(): StreamSnapshot[];
  /** Every simulation event from now on (records put, throttled, read; shards; ticks). */
  observe(listener: SimListener): () => void;
  status(): HostStatus;
  /** Every Firehose event from now on (records in, transforms, objects delivered, failures). */
  observeFirehose(listener: FirehoseListener): () => void;
  /** Every S3 change from now on (buckets and objects created and deleted). */
  observeS3(listener: S3Listener): () => void;
  /** Delivery streams now, with what their buffers hold. */
  deliveryStreams(): DeliveryStreamSnapshot[];
  /** The simulated HTTP endpoints (Datadog, New Relic, MongoDB, Splunk…) and what they received. */
  readonly receivers: ReceiversControl;
  /** The simulated OpenSearch Service domains and their documents (search). */
  readonly opensearch: OpenSearchControl;
  /** The simulated Redshift clusters: their tables, and SQL for the query panel. */
  readonly redshift: RedshiftControl;
  /** Kinesis Data Analytics (SQL) applications: their code, sources, outputs, and what their streams emit. */
  readonly analytics: AnalyticsControl;
  /**
   * Committed records of one shard from a sequence number on (or from the oldest), outside every
   * throughput limit — for the record browser.
   */
  browse(stream: string, shardId: string, fromSequenceNumber: string | undefined, limit: number): Promise<BrowsedRecord[]>;
  /** Stops timers and workers. */
  close(): Promise<void>;
}
