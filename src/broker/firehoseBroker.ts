/**
 * The broker's Firehose and S3 side: the simulated S3 on the broker's clock, persisted write-through
 * in its own IndexedDB database; the Firehose engine on the same clock, with one worker per
 * delivery stream (RemotePipeline) that reaches S3, Lambda, the simulated HTTP receivers, the
 * Redshift clusters (COPY), the Glue catalog (format conversion's schemas) and the event stream
 * back here.
 */
import { deleteDB } from 'idb';
import { FirehoseEngine } from '../core/firehose/engine.js';
import type { LambdaRuntime } from '../core/firehose/lambda.js';
import type { DeliveryStreamState } from '../core/firehose/model.js';
import { restoreDeliveryStreams, type SavedDeliveryStream } from '../core/firehose/persist.js';
import type { KinesisEngine } from '../core/kinesis/engine.js';
import type { Clock } from '../core/sim/clock.js';
import { createRandom } from '../core/sim/random.js';
import { S3Store } from '../core/s3/store.js';
import type { PipelineServices } from './pipelineWorkerHost.js';
import { RemotePipeline, type WorkerLike } from './remotePipeline.js';
import { S3Persistence } from './s3Persist.js';
import { Receivers } from '../core/firehose/receiverRegistry.js';
import { OpenSearchDomains } from '../core/opensearch/domains.js';
import { GLUE_DB, OPENSEARCH_DB, REDSHIFT_DB, SnapshotPersistence } from './snapshotPersist.js';
import { RedshiftClusters, s3ObjectReader, type SavedClusters } from '../core/redshift/clusters.js';
import { GlueCatalog, type GlueCatalogSnapshot } from '../core/glue/catalog.js';
import { fetchTransport, withReceivers } from '../adapters/http/fetchTransport.js';

export interface FirehoseBrokerOptions {
  readonly clock: Clock;
  readonly kinesis: KinesisEngine;
  readonly saved: readonly SavedDeliveryStream[];
  /** Seeds record ids and, through them, every worker's seed (vary it per session: ids must not repeat). */
  readonly seed: number;
  readonly spawn: () => WorkerLike;
  readonly s3DbName?: string;
  readonly openSearchDbName?: string;
  readonly redshiftDbName?: string;
  readonly glueDbName?: string;
  readonly lambda?: LambdaRuntime;
  /** Told after a dead delivery stream worker was replaced. */
  readonly onRestart?: (pipeline: RemotePipeline, why: string) => void;
}

export interface FirehoseBroker {
  readonly firehose: FirehoseEngine;
  readonly s3: S3Store;
  readonly persistence: S3Persistence;
  /** The simulated HTTP endpoints (Datadog, New Relic, MongoDB, Splunk HEC, *.shardlab.test) the workers deliver to. */
  readonly receivers: Receivers;
  /** The simulated OpenSearch domains the workers index into. */
  readonly opensearch: OpenSearchDomains;
  /** Whether the domains' documents are kept in IndexedDB. */
  readonly openSearchPersistent: boolean;
  /** The simulated Redshift clusters the workers COPY into (tables kept in IndexedDB). */
  readonly redshift: RedshiftClusters;
  readonly redshiftPersistent: boolean;
  /** The simulated Glue Data Catalog (kept in IndexedDB). */
  readonly glue: GlueCatalog;
  /** The delivery stream workers' proxies (one per delivery stream). */
  readonly pipelines: ReadonlySet<RemotePipeline>;
  /** Deletes record logs left by delivery streams that no longer exist (deleted while the page was closed). */
  removeOrphans(): Promise<void>;
  /** Stops the workers (their logs stay) and closes the S3 database once it is saved. */
  close(): Promise<void>;
}

const DB_PREFIX = 'shardlab-firehose:';

/** A delivery stream's database name: one per incarnation of a delivery stream. */
export const deliveryStreamDbName = (s: Pick<DeliveryStreamState, 'name' | 'createdAt'>): string => `${DB_PREFIX}${s.name}:${s.createdAt}`;

export async function createFirehoseBroker(o: FirehoseBrokerOptions): Promise<FirehoseBroker> {
  const { clock, kinesis } = o;
  const persistence = await S3Persistence.open(o.s3DbName);
  const s3 = new S3Store({ now: () => clock.now(), region: kinesis.account.region });
  s3.load(await persistence.load());
  persistence.attach(s3);

  const pipelines = new Set<RemotePipeline>();
  let firehose: FirehoseEngine | undefined;
  const receivers = new Receivers({ now: () => Math.floor(clock.now()) });
  const opensearch = new OpenSearchDomains({ now: () => Math.floor(clock.now()) });
  // 'domains': the key OpenSearch documents were first saved under.
  const dbName = (explicit: string | undefined, suffix: string, fallback: string) => explicit ?? (o.s3DbName !== undefined ? `${o.s3DbName}:${suffix}` : fallback);
  const osPersistence = await SnapshotPersistence.open<ReturnType<OpenSearchDomains['save']>>(dbName(o.openSearchDbName, 'opensearch', OPENSEARCH_DB), 'domains');
  opensearch.load(await osPersistence.load().catch(() => undefined));
  osPersistence.attach(opensearch);
  const http = withReceivers(receivers, fetchTransport(), opensearch);
  const redshift = new RedshiftClusters({ now: () => Math.floor(clock.now()), region: kinesis.account.region, accountId: kinesis.account.accountId, readObject: s3ObjectReader(s3) });
  const rsPersistence = await SnapshotPersistence.open<SavedClusters>(dbName(o.redshiftDbName, 'redshift', REDSHIFT_DB));
  // A snapshot this version cannot read (a future one, or damaged) must not stop the page: start empty.
  const restore = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      console.warn(`Shardlab could not restore the saved ${what}; starting without it:`, e);
    }
  };
  const savedClusters = await rsPersistence.load();
  restore('Redshift clusters', () => redshift.load(savedClusters));
  rsPersistence.attach(redshift);
  const connector = redshift.connector();
  const glue = new GlueCatalog({ accountId: kinesis.account.accountId, now: () => Math.floor(clock.now()) });
  const gluePersistence = await SnapshotPersistence.open<GlueCatalogSnapshot>(dbName(o.glueDbName, 'glue', GLUE_DB));
  const savedGlue = await gluePersistence.load();
  if (savedGlue) restore('Glue Data Catalog', () => glue.load(savedGlue));
  gluePersistence.attach({ observe: (l) => glue.observe(() => l()), save: () => glue.snapshot() });
  const services: PipelineServices = {
    // Workers send only the simulated receivers' URLs here (real endpoints they fetch themselves).
    http: (request) => http(request),
    async putObject(bucket, key, data) {
      const r = s3.putObject(bucket, key, data);
      // The worker forgets the records once told: the object must be durable first. A failed
      // save is warned about by the persistence; the object is there for this session.
      if (r.ok) await persistence.flushed().catch(() => undefined);
      return r;
    },
    invokeLambda: (arn, event) => firehose?.lambda
      ? firehose.lambda.invoke(arn, event)
      : Promise.resolve({ ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${arn}` }),
    emit: (e) => firehose?.events.emit(e),
    // A COPY that loaded rows is saved before the worker hears of it (and forgets the records).
    async redshift(url, user, password, sql) {
      const r = await connector.execute(url, user, password, sql);
      if (r.ok) await rsPersistence.saveNow();
      return r;
    },
    glueColumns: async (database, table) => glue.columnsOf(database, table),
  };

  const engine = new FirehoseEngine({
    clock,
    account: kinesis.account,
    random: createRandom(o.seed),
    s3,
    kinesis,
    http,
    redshift: connector,
    glue: { columnsOf: async (database, table) => glue.columnsOf(database, table) },
    ...(o.lambda ? { lambda: o.lambda } : {}),
    pipelineFactory: (e, state) => {
      const p = new RemotePipeline(state, {
        dbName: deliveryStreamDbName(state),
        spawn: o.spawn,
        services,
        now: () => e.now(),
        seed: () => e.random.int(0x7fffffff),
        region: e.account.region,
        ...(o.onRestart ? { onRestart: o.onRestart } : {}),
      });
      pipelines.add(p);
      const close = p.close.bind(p);
      p.close = () => { pipelines.delete(p); close(); };
      return p;
    },
  });
  firehose = engine;
  restoreDeliveryStreams(engine, o.saved);

  return {
    firehose: engine,
    s3,
    persistence,
    receivers,
    opensearch,
    openSearchPersistent: typeof indexedDB !== 'undefined',
    redshift,
    redshiftPersistent: rsPersistence.persistent,
    glue,
    pipelines,
    async removeOrphans() {
      if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
      for (const d of await indexedDB.databases()) {
        // Checked against the delivery streams living now, so one created meanwhile is kept.
        const live = new Set([...pipelines].map((p) => p.dbName));
        if (d.name?.startsWith(DB_PREFIX) && !live.has(d.name)) await deleteDB(d.name);
      }
    },
    async close() {
      for (const p of pipelines) p.shutdown();
      await persistence.flushed().catch(() => undefined);
      persistence.close();
      await osPersistence.close();
      await rsPersistence.close();
      await gluePersistence.close();
    },
  };
}
