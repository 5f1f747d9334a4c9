/**
 * `window.shardlab`: the console API for experimenters. The same AWS SDK v3 calls that work on
 * AWS work here, against the simulation running in the page:
 *
 * ```js
 * const { PutRecordCommand } = shardlab.sdk;
 * await shardlab.kinesis.send(new PutRecordCommand({ StreamName: 'demo', PartitionKey: 'k', Data: new TextEncoder().encode('hi') }));
 * shardlab.clock.speed(10);
 *
 * // Firehose into the simulated S3 (path-style S3Client):
 * await shardlab.s3.send(new shardlab.s3Sdk.CreateBucketCommand({ Bucket: 'lake' }));
 * shardlab.deliveryStreams(); // buffers filling up
 *
 * // Firehose to HTTP endpoints: the vendors' intake URLs are simulated (no network).
 * const dd = 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input';
 * shardlab.receivers.failNext(dd, 2, 503);  // the next two requests fail: watch the retries
 * shardlab.receivers.get(dd)?.recent;       // the logs Datadog received
 *
 * // Redshift (Firehose COPYs into it) through the Data API:
 * const { ExecuteStatementCommand, GetStatementResultCommand } = shardlab.redshiftDataSdk;
 * const { Id } = await shardlab.redshiftData.send(new ExecuteStatementCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', Sql: 'SELECT count(*) FROM quotes' }));
 * (await shardlab.redshiftData.send(new GetStatementResultCommand({ Id }))).Records;
 * ```
 */
import * as firehoseSdk from '@aws-sdk/client-firehose';
import type { SandboxLambdaRuntime } from '../lambda/workerRuntime.js';
import * as sdk from '@aws-sdk/client-kinesis';
import * as s3Sdk from '@aws-sdk/client-s3';
import * as redshiftDataSdk from '@aws-sdk/client-redshift-data';
import {
  CreateDatabaseCommand, CreateTableCommand, DeleteDatabaseCommand, DeleteTableCommand, GetDatabaseCommand, GetDatabasesCommand, GetTableCommand, GetTablesCommand, GlueClient, UpdateTableCommand,
} from '@aws-sdk/client-glue';

/** The Glue commands Shardlab's Data Catalog answers (the whole Glue SDK would weigh on the page for nothing). */
const glueSdk = { GlueClient, CreateDatabaseCommand, GetDatabaseCommand, GetDatabasesCommand, DeleteDatabaseCommand, CreateTableCommand, GetTableCommand, GetTablesCommand, UpdateTableCommand, DeleteTableCommand };
import type { ClockControl, SimulationHost } from './host.js';

export interface ShardlabWindowApi {
  /** A real `KinesisClient` bound to the in-page simulation. */
  readonly kinesis: sdk.KinesisClient;
  /** Everything `@aws-sdk/client-kinesis` exports: commands, exception classes, paginators. */
  readonly sdk: typeof sdk;
  /** A real `FirehoseClient` bound to the in-page simulation. */
  readonly firehose: firehoseSdk.FirehoseClient;
  /** Everything `@aws-sdk/client-firehose` exports. */
  readonly firehoseSdk: typeof firehoseSdk;
  /** A real `S3Client` (path-style) bound to the in-page S3. */
  readonly s3: s3Sdk.S3Client;
  /** Everything `@aws-sdk/client-s3` exports. */
  readonly s3Sdk: typeof s3Sdk;
  /** Delivery streams now, with what their buffers hold (records, bytes, oldest arrival) and retries. */
  readonly deliveryStreams: SimulationHost['deliveryStreams'];
  /** Every Firehose event from now on (records in, transforms, deliveries, failures); returns a stop function. */
  readonly observeFirehose: SimulationHost['observeFirehose'];
  /** Every S3 change from now on; returns a stop function. */
  readonly observeS3: SimulationHost['observeS3'];
  /**
   * The simulated HTTP endpoints (no network): `shardlab.receivers.list()` shows what Datadog, New
   * Relic, MongoDB, Splunk HEC or `https://<name>.shardlab.test` received; for teaching retries,
   * `shardlab.receivers.failNext(url, 3, 500)` or `.setDown(url, true)`.
   */
  readonly receivers: SimulationHost['receivers'];
  /**
   * The simulated Amazon OpenSearch Service domains: `shardlab.opensearch.list()`, and
   * `shardlab.opensearch.search('my-domain', { index: 'logs-*', text: 'error' })` (or
   * `{ match: { field, value } }`, `{ term: { field, value } }`) — hits newest first, with `total`.
   * `.setDown(domain, true)` / `.failNext(domain, 2, 'timeout')` teach retries.
   */
  readonly opensearch: SimulationHost['opensearch'];
  /**
   * The simulated Amazon Redshift clusters: `shardlab.redshift.list()` (each with its `jdbcUrl`
   * for a Firehose destination), `.create('warehouse', { masterPassword: 'Classroom1' })`,
   * `.query('warehouse', 'SELECT …')`, `.setPaused('warehouse', true)` to watch COPY retries.
   */
  readonly redshift: SimulationHost['redshift'];
  /**
   * Kinesis Data Analytics (SQL) applications: `shardlab.analytics.create({ name, code, input,
   * outputs: [] })`, `await shardlab.analytics.start(name)`, `.rows(name, 'DESTINATION_SQL_STREAM')`,
   * `.check(code)` (plans SQL, errors with line and column), `await .discover({ kind: 'kinesis', streamName })`.
   */
  readonly analytics: SimulationHost['analytics'];
  /** A real `RedshiftDataClient` bound to the simulated clusters. */
  readonly redshiftData: redshiftDataSdk.RedshiftDataClient;
  /** Everything `@aws-sdk/client-redshift-data` exports. */
  readonly redshiftDataSdk: typeof redshiftDataSdk;
  /** A real `GlueClient` bound to the simulated Data Catalog (Firehose's Parquet conversion reads its tables). */
  readonly glue: GlueClient;
  /** The Glue commands the simulated catalog answers: databases and tables. */
  readonly glueSdk: typeof glueSdk;
  readonly clock: ClockControl;
  /** Streams, shards and their traffic of the last second. */
  readonly snapshot: SimulationHost['snapshot'];
  /** Target and actual speed, backlog, storage. */
  readonly status: SimulationHost['status'];
  /** Committed records of a shard, outside the throughput limits. */
  readonly browse: SimulationHost['browse'];
  /** Every simulation event from now on (records put, throttled, read; shards; ticks); returns a stop function. */
  readonly observe: SimulationHost['observe'];
  /** For experiments, tests and benchmarks: break things on purpose, look inside the picture. */
  readonly debug: ShardlabDebug;
  /**
   * Lambda functions for Firehose transforms, run in the page's sandbox:
   * `shardlab.lambda.define('shout', 'export const handler = async (e) => …')`; a delivery stream
   * names it as `arn:aws:lambda:us-east-1:123456789012:function:shout`. Absent in memory-only runs
   * without a sandbox.
   */
  readonly lambda?: SandboxLambdaRuntime;
}

export interface ShardlabDebug {
  killShardWorker(stream: string, shardId: string): void;
  /** Terminates a delivery stream's worker as a crash would; it is restarted from IndexedDB. */
  killFirehoseWorker(deliveryStream: string): void;
  /** Live delivery stream workers (0 in memory). */
  firehoseWorkers(): number;
  /** The living picture's particles on screen and its sampling (set once the picture is up). */
  picture?: () => { readonly particles: number; readonly sampledEvery: number };
  /** Particles the picture may start per second before it samples (default 600). */
  particleBudget?: (perSecond: number) => void;
  /**
   * The analytics bench in the page: `events` JSON records through a fresh analytics worker's
   * mapping and a tumbling COUNT(*) GROUP BY key (see src/broker/analyticsBench.ts).
   */
  benchAnalytics(events: number): Promise<{ events: number; ms: number; perSecond: number; counted: number }>;
}

declare global {
  interface Window {
    shardlab?: ShardlabWindowApi;
  }
}

type WorkerHooks = {
  benchAnalytics?: (events: number) => Promise<{ events: number; ms: number; perSecond: number; counted: number }>;
  killShardWorker?: (stream: string, shardId: string) => void;
  killFirehoseWorker?: (deliveryStream: string) => void;
  firehoseWorkerCount?: () => number;
};

export function installWindowApi(host: SimulationHost & WorkerHooks, extra: { lambda?: SandboxLambdaRuntime } = {}): ShardlabWindowApi {
  const api: ShardlabWindowApi = {
    ...(extra.lambda ? { lambda: extra.lambda } : {}),
    kinesis: host.kinesis,
    sdk,
    firehose: host.firehose,
    firehoseSdk,
    s3: host.s3,
    s3Sdk,
    deliveryStreams: () => host.deliveryStreams(),
    observeFirehose: (listener) => host.observeFirehose(listener),
    observeS3: (listener) => host.observeS3(listener),
    receivers: host.receivers,
    opensearch: host.opensearch,
    redshift: host.redshift,
    analytics: host.analytics,
    redshiftData: host.redshiftData,
    redshiftDataSdk,
    glue: host.glue,
    glueSdk,
    clock: host.clock,
    snapshot: () => host.snapshot(),
    status: () => host.status(),
    browse: (stream, shardId, from, limit) => host.browse(stream, shardId, from, limit),
    observe: (listener) => host.observe(listener),
    debug: {
      killShardWorker(stream, shardId) {
        if (!host.killShardWorker) throw new Error('This simulation runs in memory: there are no shard workers to kill.');
        host.killShardWorker(stream, shardId);
      },
      killFirehoseWorker(deliveryStream) {
        if (!host.killFirehoseWorker) throw new Error('This simulation runs in memory: there are no delivery stream workers to kill.');
        host.killFirehoseWorker(deliveryStream);
      },
      firehoseWorkers: () => host.firehoseWorkerCount?.() ?? 0,
      benchAnalytics(events) {
        if (!host.benchAnalytics) return Promise.reject(new Error('This simulation runs in memory: there is no analytics worker to measure.'));
        return host.benchAnalytics(events);
      },
    },
  };
  window.shardlab = api;
  return api;
}
