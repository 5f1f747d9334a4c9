/**
 * The Firehose part of the screen: delivery streams (snapshots refreshed with the lab), what each
 * one did lately (records in, transform outcomes, objects delivered, failures — from the
 * simulation's Firehose events), and the actions the panel offers. Every call goes through the
 * page's real `FirehoseClient` / `S3Client`; every failure becomes a message.
 */
import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, PutRecordBatchCommand, type Processor } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand } from '@aws-sdk/client-glue';
import type { SimulationHost } from '../../broker/host';
import type { FirehoseEvent } from '../../core/firehose/events';
import type { DeliveryStreamSnapshot } from '../../core/firehose/snapshot';
import { errorName } from './errors';
import { DEFAULT_DESTINATION, destinationRequest, parameter, type DestinationFields } from './destinationForm';
import type { Messages } from './messages.svelte';

export type Compression = 'UNCOMPRESSED' | 'GZIP' | 'ZIP' | 'Snappy' | 'HADOOP_SNAPPY';

export interface DeliveryForm extends DestinationFields {
  name: string;
  /** '' = Direct PUT; otherwise the Kinesis stream to read. */
  source: string;
  /** The S3 bucket (an endpoint destination's backup bucket). */
  bucket: string;
  prefix: string;
  errorPrefix: string;
  sizeMiB: number;
  intervalSeconds: number;
  compression: Compression;
  /** AppendDelimiterToRecord: a newline after each record. */
  newline: boolean;
  /** '' = no transform; otherwise a Lambda function name. */
  transform: string;
  /** S3: convert the (JSON) records to Apache Parquet, with the schema of a Glue table (made from `glueColumns` if missing). */
  parquet: boolean;
  glueDatabase: string;
  glueTable: string;
  /** `name type, …` in Hive types (string, int, bigint, double, boolean, timestamp, decimal(10,2)…). */
  glueColumns: string;
}

export const DEFAULT_FORM: DeliveryForm = {
  ...DEFAULT_DESTINATION,
  name: 'to-lake', source: '', bucket: 'shardlab-lake', prefix: '', errorPrefix: 'errors/!{firehose:error-output-type}/',
  sizeMiB: 1, intervalSeconds: 60, compression: 'UNCOMPRESSED', newline: true, transform: '',
  parquet: false, glueDatabase: 'shardlab', glueTable: 'quotes', glueColumns: 'id int, ticker string, price double, at timestamp',
};

/** `id int, ticker string` → Glue columns; undefined when a pair is not `name type`. */
export function parseGlueColumns(text: string): { Name: string; Type: string }[] | undefined {
  const out: { Name: string; Type: string }[] = [];
  // Commas inside a type's parentheses or angle brackets (decimal(10,2), struct<a:int,b:string>) belong to it.
  let depth = 0, start = 0;
  const parts: string[] = [];
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if ((c === ',' && depth === 0) || c === undefined) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  for (const p of parts.map((x) => x.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+(\S.*)$/.exec(p);
    if (!m) return undefined;
    out.push({ Name: m[1]!.toLowerCase(), Type: m[2]!.replace(/\s+/g, '').toLowerCase() });
  }
  return out.length ? out : undefined;
}

/** What a delivery stream did since the page loaded. */
export interface Activity {
  readonly incoming: number;
  readonly delivered: number;
  readonly objects: number;
  readonly ok: number;
  readonly dropped: number;
  readonly failed: number;
  readonly errorObjects: number;
  readonly lastKey?: string;
  readonly lastFailure?: string;
  /** Real time (performance.now) of the last flush, for the picture's "batch leaves" moment. */
  readonly flushedAt?: number;
  /** HTTP endpoint / Splunk: records the endpoint accepted, in how many requests. */
  readonly endpointRecords?: number;
  readonly endpointRequests?: number;
  /** Attempts that failed (each one retried, or given up). */
  readonly failedAttempts?: number;
  /** Records backed up to S3 after the retry duration, and dropped after a 413. */
  readonly backedUp?: number;
  readonly dropped413?: number;
  /** The last request id, and when its next attempt is due (virtual ms). */
  readonly lastRequestId?: string;
  readonly nextAttemptAt?: number;
  /** Redshift: COPYs that succeeded, the rows they loaded, when the last one did (real ms, for the picture). */
  readonly loads?: number;
  readonly rowsLoaded?: number;
  readonly loadedAt?: number;
  /** Redshift: batches skipped after the retry duration (their manifests under errors/). */
  readonly skippedBatches?: number;
}

export const NONE: Activity = { incoming: 0, delivered: 0, objects: 0, ok: 0, dropped: 0, failed: 0, errorObjects: 0 };
const ROLE = 'arn:aws:iam::123456789012:role/firehose-delivery-role';

export class FirehoseLab {
  streams = $state.raw<readonly DeliveryStreamSnapshot[]>([]);
  activity = $state.raw<Readonly<Record<string, Activity>>>({});
  busy = $state(false);
  private pending: Record<string, Activity> = {};
  private dirty = false;

  constructor(private readonly host: SimulationHost, private readonly messages: Messages) {}

  /** Called with the lab's refresh (4× a second): snapshots, and the activity gathered since. */
  refresh(): void {
    try {
      this.streams = this.host.deliveryStreams();
    } catch (e) {
      this.messages.error('Reading delivery streams', e);
    }
    if (this.dirty) {
      this.activity = { ...this.pending };
      this.dirty = false;
    }
  }

  /** The listener to give `host.observeFirehose`. */
  readonly onEvent = (e: FirehoseEvent): void => {
    const a = this.pending[e.deliveryStream] ?? NONE;
    let next: Activity = a;
    if (e.type === 'incoming') next = { ...a, incoming: a.incoming + e.records };
    else if (e.type === 'transformed') next = { ...a, ok: a.ok + e.ok, dropped: a.dropped + e.dropped, failed: a.failed + e.failed };
    else if (e.type === 'delivered') next = { ...a, delivered: a.delivered + e.records, objects: a.objects + 1, lastKey: e.key, flushedAt: performance.now() };
    else if (e.type === 'errorOutput') {
      const endpointFailure = e.errorOutputType === 'http-endpoint-failed' || e.errorOutputType === 'splunk-failed' || e.errorOutputType === 'AmazonOpenSearchService-failed';
      if (e.errorOutputType === 'redshift-copy-failed') {
        const { nextAttemptAt: _old, ...rest } = a;
        next = { ...rest, skippedBatches: (a.skippedBatches ?? 0) + 1 };
      } else next = { ...a, errorObjects: a.errorObjects + 1, ...(endpointFailure ? { backedUp: (a.backedUp ?? 0) + e.records } : {}) };
    } else if (e.type === 'deliveryFailed') {
      // A real endpoint the browser could not reach says why (CORS, no server) after AWS's text.
      const why = e.detail ? ` (browser: ${e.detail}${/fetch/i.test(e.detail) ? ' — is the endpoint up, and does it allow CORS for the X-Amz-Firehose-* headers?' : ''})` : '';
      next = { ...a, lastFailure: `${e.errorCode}: ${e.errorMessage}${why}` };
      if (e.destination) {
        const { nextAttemptAt: _old, ...rest } = next;
        next = {
          ...rest, failedAttempts: (a.failedAttempts ?? 0) + 1, ...(e.requestId ? { lastRequestId: e.requestId } : {}),
          ...(e.nextAttemptAt !== undefined ? { nextAttemptAt: e.nextAttemptAt } : {}),
          ...(e.outcome === 'dropped' ? { dropped413: (a.dropped413 ?? 0) + e.records } : {}),
        };
      }
    } else if (e.type === 'endpointDelivered') {
      // Delivered: an earlier failure of this batch is history now (the receivers panel keeps the log).
      const { nextAttemptAt: _old, lastFailure: _failure, ...rest } = a;
      next = { ...rest, endpointRecords: (a.endpointRecords ?? 0) + e.records, endpointRequests: (a.endpointRequests ?? 0) + 1, lastRequestId: e.requestId, flushedAt: performance.now() };
    } else if (e.type === 'backedUp') next = { ...a, objects: a.objects + 1, lastKey: e.key };
    else if (e.type === 'redshiftLoaded') {
      const { nextAttemptAt: _old, lastFailure: _failure, ...rest } = a;
      next = { ...rest, loads: (a.loads ?? 0) + 1, rowsLoaded: (a.rowsLoaded ?? 0) + e.rowsLoaded, loadedAt: performance.now() };
    }
    this.pending = { ...this.pending, [e.deliveryStream]: next };
    this.dirty = true;
  };

  /** Creates the bucket if needed, then the delivery stream. */
  async create(f: DeliveryForm, accountRegion: { region: string; accountId: string }): Promise<boolean> {
    this.busy = true;
    try {
      await this.ensureBucket(f.bucket);
      const processors: Processor[] = [
        ...(f.transform ? [{ Type: 'Lambda' as const, Parameters: [parameter('LambdaArn', `arn:aws:lambda:${accountRegion.region}:${accountRegion.accountId}:function:${f.transform}`), parameter('BufferIntervalInSeconds', '60')] }] : []),
        ...(f.newline ? [{ Type: 'AppendDelimiterToRecord' as const, Parameters: [] }] : []),
      ];
      const endpoint = f.destination !== 'S3' && f.destination !== 'Redshift';
      const jdbcUrl = f.destination === 'Redshift' ? this.ensureCluster(f) : undefined;
      const parquet = f.destination === 'S3' && f.parquet ? await this.ensureGlueTable(f) : undefined;
      const dest = destinationRequest(f, {
        roleArn: ROLE, bucketArn: `arn:aws:s3:::${f.bucket}`, prefix: endpoint ? '' : f.prefix, errorPrefix: f.destination === 'Redshift' ? '' : f.errorPrefix,
        compression: endpoint ? 'UNCOMPRESSED' : f.compression, processors, region: accountRegion.region, accountId: accountRegion.accountId,
        ...(jdbcUrl !== undefined ? { jdbcUrl } : {}),
        ...(parquet ? { parquet } : {}),
      });
      await this.host.firehose.send(new CreateDeliveryStreamCommand({
        DeliveryStreamName: f.name,
        ...(f.source
          ? { DeliveryStreamType: 'KinesisStreamAsSource', KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:${accountRegion.region}:${accountRegion.accountId}:stream/${f.source}`, RoleARN: ROLE } }
          : { DeliveryStreamType: 'DirectPut' }),
        ...dest,
      }));
      return true;
    } catch (e) {
      this.messages.error(`Create delivery stream ${f.name}`, e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** The form's Redshift cluster (made with the form's login if missing, like the form's bucket): its JDBC URL. */
  private ensureCluster(f: DeliveryForm): string {
    const found = this.host.redshift.list().find((c) => c.identifier === f.clusterId);
    if (found) return found.jdbcUrl;
    const made = this.host.redshift.create(f.clusterId, { masterUsername: f.dbUser, masterPassword: f.dbPassword });
    if (!made.ok) throw new Error(`Redshift cluster ${f.clusterId}: ${made.message}`);
    return made.cluster.jdbcUrl;
  }

  /** The form's Glue table (made from its columns if missing; an existing one is used as it is). */
  private async ensureGlueTable(f: DeliveryForm): Promise<{ database: string; table: string }> {
    const database = f.glueDatabase.trim().toLowerCase(), table = f.glueTable.trim().toLowerCase();
    try {
      await this.host.glue.send(new GetTableCommand({ DatabaseName: database, Name: table }));
      return { database, table };
    } catch (e) {
      if (errorName(e) !== 'EntityNotFoundException') throw e;
    }
    const columns = parseGlueColumns(f.glueColumns);
    if (!columns) throw new Error('Parquet schema: write the columns as "name type, name type" (Hive types: string, int, bigint, double, boolean, timestamp, decimal(10,2)…).');
    try {
      await this.host.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
    } catch (e) {
      if (errorName(e) !== 'AlreadyExistsException') throw e;
    }
    await this.host.glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: { Name: table, TableType: 'EXTERNAL_TABLE', StorageDescriptor: { Columns: columns } } }));
    return { database, table };
  }

  private async ensureBucket(bucket: string): Promise<void> {
    try {
      await this.host.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if (errorName(e) !== 'NotFound' && errorName(e) !== 'NoSuchBucket') throw e;
      await this.host.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await this.host.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }));
    } catch (e) {
      this.messages.error(`Delete delivery stream ${name}`, e);
    }
  }

  /**
   * Direct PUT: `n` sample JSON records (some made to fail or be dropped by a typical transform).
   * To a Splunk Event endpoint they go as HEC events (`{"event": …}`), the format it requires.
   */
  async sendTest(name: string, n: number, now: number): Promise<void> {
    const enc = new TextEncoder();
    const hecEvents = this.streams.find((s) => s.name === name)?.endpoint?.hecEndpointType === 'Event';
    const records = Array.from({ length: n }, (_, i) => {
      const quote = { id: i, ticker: ['AMZN', 'MSFT', 'AAPL', 'NVDA'][i % 4], price: Math.round(100 + 50 * Math.sin(i)), at: new Date(now).toISOString() };
      return { Data: enc.encode(JSON.stringify(hecEvents ? { event: quote, sourcetype: 'stock:quote', time: now / 1000 } : quote)) };
    });
    try {
      for (let i = 0; i < records.length; i += 500) {
        const out = await this.host.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.slice(i, i + 500) }));
        if (out.FailedPutCount) this.messages.push('warning', `Put to ${name}`, `${out.FailedPutCount} records refused (${out.RequestResponses?.find((r) => r.ErrorCode)?.ErrorCode ?? 'error'}); send them again.`);
      }
    } catch (e) {
      this.messages.error(`Put to ${name}`, e);
    }
  }
}
