/**
 * Shardlab's embedding entry for Node (and the page): a whole simulated Kinesis in process.
 *
 * ```ts
 * import { createSimulation } from 'shardlab';
 * import { KinesisClient, CreateStreamCommand } from '@aws-sdk/client-kinesis';
 * const sim = createSimulation({ clock: 'manual', seed: 42 });
 * const kinesis = new KinesisClient({ region: 'us-east-1',
 *   credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: sim.requestHandler });
 * ```
 */
import type { WireRequest, WireResponse } from './api/awsJson.js';
import { createRequestHandler } from './api/requestHandler.js';
import { createServiceRouter } from './api/router.js';
import { createS3Router } from './api/s3Rest.js';
import { S3Store } from './core/s3/store.js';
import { FirehoseEngine } from './core/firehose/engine.js';
import { FunctionRegistry } from './lambda/functionRegistry.js';
import { Receivers } from './core/firehose/receiverRegistry.js';
import { OpenSearchDomains } from './core/opensearch/domains.js';
import { RedshiftClusters, s3ObjectReader } from './core/redshift/clusters.js';
import { RedshiftDataService } from './core/redshift/dataApi.js';
import { GlueCatalog } from './core/glue/catalog.js';
import { GlueService } from './core/glue/api.js';
import { AnalyticsEngine } from './core/analytics/app/engine.js';
import { LocalRuntime } from './core/analytics/app/runtime.js';
import type { HttpTransport } from './core/firehose/httpEndpoint.js';
import { fetchTransport, withReceivers } from './adapters/http/fetchTransport.js';
import { KinesisEngine, DEFAULT_ACCOUNT } from './core/kinesis/engine.js';
import { createClock, type Clock, type ClockMode } from './core/sim/clock.js';
import { createRandom, type Random } from './core/sim/random.js';
import { useBase64Codec } from './core/util/base64.js';

export interface SimulationOptions {
  /** 'realtime' (default): virtual time follows the wall clock × speed. 'manual': only `clock.advance(ms)` moves it. */
  clock?: ClockMode;
  /** Seed for every random choice the simulation makes (default 1). */
  seed?: number;
  /** Per-shard throughput limits (1 MiB/s and 1,000 records/s in, 2 MiB/s and 5 calls/s out). Default true. */
  enforceLimits?: boolean;
  /** Virtual start time, epoch ms (default: now for realtime, 2026-01-01T00:00:00Z for manual). */
  start?: number;
  /** Speed factor of a realtime clock, 0.1–100 (default 1). */
  speed?: number;
  /** Region and account the simulated resources live in (ARNs, error texts). */
  region?: string;
  accountId?: string;
  /** Virtual ms a stream stays CREATING (default 1000) / DELETING (default 500). */
  createStreamMs?: number;
  deleteStreamMs?: number;
  /** Virtual ms a stream stays UPDATING during a split or merge (default 500). */
  updateStreamMs?: number;
  /** Virtual ms a Firehose delivery stream stays CREATING (default 1000) / DELETING (default 500). */
  createDeliveryStreamMs?: number;
  deleteDeliveryStreamMs?: number;
  /**
   * How Firehose reaches real HTTP endpoints (default: `fetch`, 3-minute timeout). The vendors'
   * intake URLs (Datadog, New Relic, MongoDB, Splunk HEC, *.shardlab.test) are always answered
   * by `receivers`, without network.
   */
  http?: HttpTransport;
}

export interface Simulation {
  /**
   * An AWS SDK v3 `requestHandler`: pass it to `new KinesisClient({ requestHandler })`, and to
   * `new S3Client({ requestHandler, forcePathStyle: true })` for the simulated S3.
   */
  readonly requestHandler: ReturnType<typeof createRequestHandler>;
  /** Answers one raw HTTP request — AWS JSON 1.1 (Kinesis) or S3 REST (for custom transports). */
  readonly handle: (req: WireRequest) => Promise<WireResponse>;
  readonly clock: Clock;
  readonly random: Random;
  /** The Kinesis Data Streams engine (for inspection; drive it through the SDK). */
  readonly kinesis: KinesisEngine;
  /**
   * The simulated Amazon S3 (buckets and objects in memory, on the virtual clock). The same store
   * answers the S3 SDK through `requestHandler`; engines (Firehose) and hosts use its typed API
   * directly, `observe` it for changes, and persist it with `snapshot()` / `load()`.
   */
  readonly s3: S3Store;
  /**
   * The Amazon Data Firehose engine (`new FirehoseClient({ requestHandler })` drives it).
   * `await sim.firehose.idle()` after advancing a manual clock waits for deliveries in flight.
   */
  readonly firehose: FirehoseEngine;
  /**
   * Lambda functions for Firehose transforms: `sim.lambda.register('my-fn', handler)` makes
   * `arn:aws:lambda:<region>:<account>:function:my-fn` invocable.
   */
  readonly lambda: FunctionRegistry;
  /**
   * The simulated HTTP endpoints (Datadog, New Relic, MongoDB, Splunk HEC, `https://*.shardlab.test`):
   * what each received (`list()`), and failures on purpose (`failNext(url, n, status)`, `setDown`).
   */
  readonly receivers: Receivers;
  /** The simulated Amazon OpenSearch Service domains (made on demand by OpenSearch destinations). */
  readonly opensearch: OpenSearchDomains;
  /**
   * The simulated Amazon Redshift clusters: `sim.redshift.create('analytics', { masterPassword })`
   * gives a cluster (its `jdbcUrl` for a Firehose Redshift destination); query it with
   * `new RedshiftDataClient({ requestHandler })` or `sim.redshift.run(id, sql)`.
   */
  readonly redshift: RedshiftClusters;
  /** The simulated AWS Glue Data Catalog (`new GlueClient({ requestHandler })`): the schemas of Firehose's Parquet conversion. */
  readonly glue: GlueCatalog;
  /**
   * Kinesis Data Analytics (SQL) applications: `sim.analytics.create({ name, code, input, outputs })`,
   * `await sim.analytics.start(name)`; they run on the simulation's clock (`await sim.analytics.idle()`
   * after advancing a manual one).
   */
  readonly analytics: AnalyticsEngine;
  readonly region: string;
  readonly accountId: string;
}

const realTime = (): number => performance.timeOrigin + performance.now();

// In Node, Buffer's native base64 is several times faster than the core's portable codec.
type NodeBuffer = { from(a: ArrayBufferLike | string, b?: number | string, c?: number): Uint8Array & { toString(enc: string): string } };
const NodeBuf = (globalThis as { Buffer?: NodeBuffer }).Buffer;
if (NodeBuf) {
  useBase64Codec({
    encode: (b) => NodeBuf.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'),
    decode: (s) => {
      const buf = NodeBuf.from(s, 'base64');
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
  });
}

export function createSimulation(options: SimulationOptions = {}): Simulation {
  const mode = options.clock ?? 'realtime';
  const clock = createClock({
    mode,
    source: realTime,
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
  });
  const account = { region: options.region ?? DEFAULT_ACCOUNT.region, accountId: options.accountId ?? DEFAULT_ACCOUNT.accountId };
  const kinesis = new KinesisEngine({
    clock,
    account,
    enforceLimits: options.enforceLimits ?? true,
    ...(options.createStreamMs !== undefined ? { createStreamMs: options.createStreamMs } : {}),
    ...(options.deleteStreamMs !== undefined ? { deleteStreamMs: options.deleteStreamMs } : {}),
    ...(options.updateStreamMs !== undefined ? { updateStreamMs: options.updateStreamMs } : {}),
  });
  const s3 = new S3Store({ now: () => clock.now(), region: account.region });
  const random = createRandom(options.seed ?? 1);
  const lambda = new FunctionRegistry();
  const receivers = new Receivers({ now: () => Math.floor(clock.now()) });
  const opensearch = new OpenSearchDomains({ now: () => Math.floor(clock.now()) });
  const redshift = new RedshiftClusters({ now: () => Math.floor(clock.now()), region: account.region, accountId: account.accountId, readObject: s3ObjectReader(s3) });
  const glue = new GlueCatalog({ accountId: account.accountId, now: () => Math.floor(clock.now()) });
  const firehose = new FirehoseEngine({
    clock, account, random, s3, kinesis, lambda,
    redshift: redshift.connector(),
    glue: { columnsOf: async (database, table) => glue.columnsOf(database, table) },
    http: withReceivers(receivers, options.http ?? fetchTransport(), opensearch),
    ...(options.createDeliveryStreamMs !== undefined ? { createMs: options.createDeliveryStreamMs } : {}),
    ...(options.deleteDeliveryStreamMs !== undefined ? { deleteMs: options.deleteDeliveryStreamMs } : {}),
  });
  // The Data API's statement ids come from a random of their own: querying does not change Firehose's object names.
  const redshiftData = new RedshiftDataService(redshift, { now: () => Math.floor(clock.now()), random: createRandom((options.seed ?? 1) + 7919) });
  const handle = createServiceRouter({ json: [kinesis, firehose, redshiftData, new GlueService(glue)], s3: createS3Router(s3, account) });
  const analytics = new AnalyticsEngine({ kinesis, firehose, s3, random: createRandom((options.seed ?? 1) + 104729), runtime: () => new LocalRuntime(), now: () => Math.floor(clock.now()), pause: (ms) => new Promise((r) => setTimeout(r, ms)) });
  clock.onAdvance((t) => analytics.tick(Math.floor(t)));
  return {
    requestHandler: createRequestHandler(handle),
    handle,
    clock,
    random,
    kinesis,
    s3,
    firehose,
    lambda,
    receivers,
    opensearch,
    redshift,
    glue,
    analytics,
    region: account.region,
    accountId: account.accountId,
  };
}

export { createClock, createRandom, KinesisEngine, S3Store, FirehoseEngine, FunctionRegistry, Receivers, OpenSearchDomains, RedshiftClusters, GlueCatalog };
export { RedshiftDatabase, RedshiftError } from './core/redshift/database.js';
export type { StatementResult, RedshiftColumnMeta } from './core/redshift/database.js';
export type { ClusterSnapshot } from './core/redshift/clusters.js';
export { createSqlApplication } from './core/analytics/index.js';
export type { SqlApplication, SqlApplicationOptions, AppDescription } from './core/analytics/index.js';
export { SqlError } from './core/sql/errors.js';
export { AnalyticsEngine } from './core/analytics/app/engine.js';
export type { AppSnapshot } from './core/analytics/app/liveApp.js';
export type { AppConfig, AppInput, AppOutput, AppReferenceData, StartingPosition } from './core/analytics/app/model.js';
export { discoverSchema } from './core/analytics/input/discover.js';
export type { SourceSchema, RecordColumn, RecordFormat } from './core/analytics/input/types.js';
export type { DomainSnapshot, DomainFailure } from './core/opensearch/domains.js';
export type { SearchQuery, SearchResult, SearchHit } from './core/opensearch/domain.js';
export type { HttpTransport, HttpRequest, HttpResponse, HttpExchange } from './core/firehose/httpEndpoint.js';
export type { ReceiverSnapshot, ReceiverRequest, FailureMode } from './core/firehose/receiverEndpoint.js';
export type { ReceivedItem, Vendor } from './core/firehose/receivers.js';
export type { FirehoseEvent, FirehoseListener } from './core/firehose/events.js';
export type { LambdaRuntime, LambdaHandler, LambdaInvokeResult } from './core/firehose/lambda.js';
export type { S3Event, S3EventType, S3Listener, S3Snapshot, S3ObjectInfo, BucketInfo, PutObjectOptions, ByteRange, ListObjectsOptions, ListObjectsPage, GetObjectResult } from './core/s3/model.js';
export type { S3Error, S3Result } from './core/s3/errors.js';
export type { Clock, ClockMode, Random };
export { uniformRanges, hashKeyOf, partitionKeyMd5Hex, HASH_KEY_MAX } from './core/kinesis/model/hashKey.js';
export { LIMITS } from './core/kinesis/limits.js';
export type { SimEvent, SimListener, PutEvent, ReadEvent, ReadThrottledEvent, ShardLifeEvent, TickEvent, AcceptedRecord, ThrottledRecord, Observable } from './core/observe/events.js';
export { KinesisOperations } from './core/kinesis/operations.js';
export { readerOfIterator } from './core/kinesis/model/iterator.js';

// The producers and consumers around Kinesis, on virtual time (tick them as the clock advances).
export { KinesisProducer, aggregate, deaggregate, countUserRecords } from './core/kpl/index.js';
export type { KinesisProducerOptions, KplConfig, UserRecordEntry, UserRecordResult, ShardDescription } from './core/kpl/index.js';
export { KclWorker, MemoryLeaseStore } from './core/kcl/index.js';
export type { KclWorkerOptions, Lease, LeaseStore, ShardRecordProcessor, KinesisClientRecord, Checkpointer, InitialPosition, KinesisFunction, WorkerSnapshot } from './core/kcl/index.js';
export { KinesisAgent, VirtualFileSystem, parseAgentConfig } from './core/agent/index.js';
export type { AgentConfig, AgentMetrics, FlowCheckpoint, KinesisAgentOptions } from './core/agent/index.js';
export { Generator, presets } from './core/generator/index.js';
export type { GeneratorOptions, GeneratedRecord, PresetName, RateShape, KeyStrategy } from './core/generator/index.js';
