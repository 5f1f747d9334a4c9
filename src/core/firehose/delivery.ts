/**
 * One delivery stream's pipeline to its destination, in AWS's order (spec §4): records in →
 * de-aggregation / decompression / CloudWatch Logs extraction → the Lambda buffer and transform
 * (if configured) → dynamic partitioning → one buffer per partition → an object (delimiters
 * appended, compressed) under the evaluated prefix. Records a transform fails, or that cannot be
 * partitioned, go to the error output prefix as AWS writes them; source-record backup goes to its
 * own bucket. The destination is S3 (objects, as above) or an HTTP endpoint / Splunk: then one
 * buffer with that destination's hints feeds `EndpointDelivery` (endpointDelivery.ts: requests,
 * retries, backup of failed batches to the S3 bucket), and with S3BackupMode AllData a second
 * buffer with the backup bucket's hints writes every batch there too. Nothing is dropped silently: a bucket that is missing is retried (every 5 virtual
 * seconds, for up to 24 hours like AWS's Direct PUT retention) and every failure is an event.
 */
import { decodeBase64, encodeBase64 } from '../util/base64.js';
import type { Result } from '../kinesis/errors.js';
import { DeliveryBuffer, type ResolvedBuffering } from './buffering.js';
import { compress, tryDecompress } from './compression.js';
import type { FirehoseEvent } from './events.js';
import type { LambdaRuntime } from './lambda.js';
import { evaluateMetadataQuery, parseMetadataQuery, type MetadataQuery } from './metadataQuery.js';
import { bucketOf, type DeliveryStreamState, type S3Config } from './model.js';
import { evaluatePrefix, fileExtension, objectName, requiredPartitionKeys } from './objectKey.js';
import { parseProcessingConfiguration, type LambdaProcessorConfig, type ProcessingConfigurationInput, type ProcessingPlan } from './processingConfig.js';
import { buildTransformEvent, checkTransformResponse, processingFailedRecord } from './transform.js';
import { EndpointDelivery, type EndpointContext } from './endpointDelivery.js';
import { backsUpAll } from './endpointConfig.js';
import { RedshiftLoader, type RedshiftConnector } from './redshiftDelivery.js';
import { convertToParquet, type GlueColumn } from './formatConversion.js';
import { conversionEnabled, conversionFailedRecord, parseFormatConversion, type ConversionPlan } from './formatConversionConfig.js';
import type { HttpTransport } from './httpEndpoint.js';

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
type Rec = PipelineRecord;

interface Partition {
  buffer: DeliveryBuffer<Rec>;
  readonly keys: Record<string, string>;
  readonly lambdaKeys: Record<string, string>;
  /** Objects of this partition being written (or waiting for a retry): it stays active meanwhile. */
  writing: number;
}

/** A batch whose write failed, waiting to be tried again. */
interface Retry {
  readonly bucket: string;
  readonly records: Rec[];
  /**
   * The object to write — or undefined when there is nothing left to write (format conversion
   * sent every record to the error output). Throws `TransientFailure` to be tried again later.
   */
  readonly build: () => { key: string; body: Uint8Array } | undefined | Promise<{ key: string; body: Uint8Array } | undefined>;
  readonly firstFailure: number;
  nextAt: number;
  readonly onDone: (key: string, body: Uint8Array) => void;
  /** There was nothing to write (see `build`). */
  readonly onEmpty?: () => void;
  /** After 24 hours of failures the records are lost, as on AWS (reported, and settled). */
  readonly onGiveUp?: () => void;
}

/** A failure that is worth trying again (the Glue catalog unreachable for a moment). */
class TransientFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const RETRY_MS = 5000;
const GIVE_UP_MS = 24 * 3600_000;
const MAX_ACTIVE_PARTITIONS = 500;

export class Pipeline implements PipelineLike {
  private plan!: ProcessingPlan;
  private hints!: ResolvedBuffering;
  private query: MetadataQuery | undefined;
  private lambdaBuffer: DeliveryBuffer<Rec> | undefined;
  private readonly partitions = new Map<string, Partition>();
  private backup: DeliveryBuffer<Rec> | undefined;
  /** HTTP endpoint / Splunk: the one destination buffer, what sends it, and the AllData copy's buffer. */
  private endpointBuffer: DeliveryBuffer<Rec> | undefined;
  private endpointOut: EndpointDelivery | undefined;
  private allData: DeliveryBuffer<Rec> | undefined;
  /** Redshift: COPYs the intermediate objects (created on the first Redshift configuration, kept to finish its batches). */
  private redshiftOut: RedshiftLoader | undefined;
  private readonly retries: Retry[] = [];
  private readonly pending = new Set<Promise<void>>();
  private invocation = 0;
  private closed = false;
  /** Parts of each record still on their way (de-aggregation makes several of one). */
  private readonly outstanding = new Map<string, number>();

  /**
   * `onSettled` hears of each record whose journey ended — delivered in an object, written to the
   * error output, or dropped by the transform — so a durable host can forget it.
   */
  constructor(
    private readonly engine: PipelineHost,
    private readonly state: DeliveryStreamState,
    private readonly onSettled: (recordIds: string[]) => void = () => undefined,
  ) {
    this.reconfigure();
  }

  private settle(recs: readonly Rec[]): void {
    const done: string[] = [];
    for (const r of recs) {
      const n = (this.outstanding.get(r.sourceId) ?? 1) - 1;
      if (n > 0) this.outstanding.set(r.sourceId, n);
      else {
        this.outstanding.delete(r.sourceId);
        done.push(r.sourceId);
      }
    }
    if (done.length) this.onSettled(done);
  }

  private get dest(): S3Config {
    return this.state.destination;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Records held in buffers (waiting for their size or interval), for the picture. */
  buffered(): BufferedStats {
    let records = 0, bytes = 0, oldest: number | undefined;
    for (const b of [this.lambdaBuffer, this.endpointBuffer, ...[...this.partitions.values()].map((p) => p.buffer)]) {
      if (!b) continue;
      records += b.count;
      bytes += b.bytes;
      const o = b.oldestArrival;
      if (o !== undefined && (oldest === undefined || o < oldest)) oldest = o;
    }
    return { records, bytes, ...(oldest !== undefined ? { oldestArrival: oldest } : {}), sizeBytes: this.hints.sizeBytes, intervalMs: this.hints.intervalMs };
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Picks up a changed destination (UpdateDestination): records already buffered stay. */
  reconfigure(): void {
    const ep = this.state.endpoint;
    const processing = ep ? ep.config.ProcessingConfiguration : this.dest.ProcessingConfiguration;
    const plan = parseProcessingConfiguration(processing as ProcessingConfigurationInput | undefined, { splunk: ep?.kind === 'Splunk' });
    this.plan = plan.ok ? plan.value : { enabled: false };
    const h = ep ? ep.config.BufferingHints : this.dest.BufferingHints;
    this.hints = { sizeBytes: h.SizeInMBs * 1048576, intervalMs: h.IntervalInSeconds * 1000 };
    const q = this.plan.enabled && this.plan.metadataExtraction ? parseMetadataQuery(this.plan.metadataExtraction.query) : undefined;
    this.query = q?.ok ? q.value : undefined;
    const lambda = this.plan.enabled ? this.plan.lambda : undefined;
    if (lambda) {
      // A new or changed Lambda buffer keeps what the old one held.
      const hints = { sizeBytes: lambda.bufferSizeBytes, intervalMs: lambda.bufferIntervalMs };
      const lb = this.lambdaBuffer;
      if (!lb) this.lambdaBuffer = new DeliveryBuffer(hints);
      else if (lb.hints.sizeBytes !== hints.sizeBytes || lb.hints.intervalMs !== hints.intervalMs) this.lambdaBuffer = rebuffer(lb, hints);
    } else if (this.lambdaBuffer) {
      // The transform was switched off: what waited for it goes on untransformed, as AWS does.
      const lb = this.lambdaBuffer;
      this.lambdaBuffer = undefined;
      for (let batch = lb.take(); batch; batch = lb.take()) for (const r of batch.records) this.route(r);
    }
    for (const p of this.partitions.values()) p.buffer = rebuffer(p.buffer, this.hints); // same partition, new hints
    this.switchDestination();
    if (this.state.redshift) {
      const pipeline = this;
      this.redshiftOut ??= new RedshiftLoader({
        host: this.engine, state: this.state, settle: (r) => this.settle(r), track: (p) => this.track(p),
        get closed() {
          return pipeline.closed;
        },
      });
    }
    if (this.dest.S3BackupMode === 'Enabled' && !this.backup) {
      const b = this.dest.S3BackupConfiguration as { BufferingHints?: { SizeInMBs?: number; IntervalInSeconds?: number } } | undefined;
      this.backup = new DeliveryBuffer({ sizeBytes: (b?.BufferingHints?.SizeInMBs ?? 5) * 1048576, intervalMs: (b?.BufferingHints?.IntervalInSeconds ?? 300) * 1000 });
    }
  }

  close(): void {
    this.closed = true;
  }

  /**
   * S3 ↔ HTTP endpoint / Splunk (UpdateDestination of another type replaces the destination):
   * what the old destination's buffers hold moves to the new one's.
   */
  private switchDestination(): void {
    const ep = this.state.endpoint;
    if (ep) {
      this.endpointOut ??= new EndpointDelivery(this.endpointContext());
      this.endpointBuffer = this.endpointBuffer ? rebuffer(this.endpointBuffer, this.hints) : new DeliveryBuffer<Rec>(this.hints);
      for (const [id, p] of this.partitions) {
        for (let batch = p.buffer.take(); batch; batch = p.buffer.take()) for (const r of batch.records) this.endpointBuffer.add(r);
        this.partitions.delete(id);
      }
      // The AllData copy buffers with the backup bucket's own hints (S3Configuration.BufferingHints).
      const s3h = this.dest.BufferingHints;
      if (backsUpAll(ep) && !this.allData) this.allData = new DeliveryBuffer<Rec>({ sizeBytes: s3h.SizeInMBs * 1048576, intervalMs: s3h.IntervalInSeconds * 1000 });
      return;
    }
    const old = this.endpointBuffer;
    this.endpointBuffer = undefined;
    for (let batch = old?.take(); batch; batch = old?.take()) for (const r of batch.records) this.route(r);
  }

  private endpointContext(): EndpointContext {
    const pipeline = this;
    return {
      host: this.engine,
      state: this.state,
      settle: (records) => this.settle(records),
      backUp: (records, type, lines) => this.errorOutput([...records], type, '', '', 1, lines),
      reroute: (records) => {
        for (const r of records) this.route(r);
      },
      delimiter: () => (this.plan.enabled ? this.plan.appendDelimiterToRecord?.delimiter : undefined),
      track: (p) => this.track(p),
      get closed() {
        return pipeline.closed;
      },
    };
  }

  accept(records: readonly InRecord[]): void {
    for (const r of records) {
      const bytes = decodeBase64(r.data);
      // Source-record backup is one more part of the record's journey: the record is forgotten
      // (by a durable host) only once its backup object is written too.
      if (this.backup) {
        this.backup.add({ recordId: r.recordId, sourceId: r.recordId, data: bytes, arrival: r.arrival, received: r.arrival, raw: r.data, ...(r.kinesis ? { kinesis: r.kinesis } : {}) });
        this.outstanding.set(r.recordId, (this.outstanding.get(r.recordId) ?? 0) + 1);
      }
      const parts = this.preprocess(bytes);
      if (parts.length === 0) {
        // Nothing to deliver (e.g. a CloudWatch Logs control message).
        if (!this.backup) this.onSettled([r.recordId]);
        continue;
      }
      this.outstanding.set(r.recordId, (this.outstanding.get(r.recordId) ?? 0) + parts.length);
      for (let i = 0; i < parts.length; i++) {
        const data = parts[i]!;
        // Unsure: the ids AWS gives de-aggregated sub-records in a transform event.
        const rec: Rec = { recordId: parts.length > 1 ? `${r.recordId}-${i}` : r.recordId, sourceId: r.recordId, data, arrival: r.arrival, received: r.arrival, raw: r.data, ...(r.kinesis ? { kinesis: r.kinesis } : {}) };
        if (this.plan.enabled && this.plan.lambda && this.lambdaBuffer) this.lambdaBuffer.add(rec);
        else this.route(rec);
      }
    }
    this.tick(this.engine.now());
  }

  /** De-aggregation, decompression and CloudWatch Logs message extraction (before the Lambda). */
  private preprocess(data: Uint8Array): Uint8Array[] {
    if (!this.plan.enabled) return [data];
    let parts = [data];
    if (this.plan.decompression) parts = parts.map((p) => tryDecompress('GZIP', p) ?? p);
    if (this.plan.cloudWatchLogProcessing?.dataMessageExtraction) parts = parts.flatMap(cloudWatchMessages);
    const d = this.plan.recordDeAggregation;
    if (d) parts = parts.flatMap((p) => (d.subRecordType === 'JSON' ? splitJson(p) : splitOn(p, d.delimiter ?? Uint8Array.of(0x0a))));
    return parts;
  }

  /** Into the buffer of its partition (one buffer unless dynamic partitioning is on). */
  private route(rec: Rec): void {
    if (this.endpointBuffer) {
      this.endpointBuffer.add(rec);
      if (this.allData && this.state.endpoint && backsUpAll(this.state.endpoint)) {
        this.allData.add(rec);
        this.outstanding.set(rec.sourceId, (this.outstanding.get(rec.sourceId) ?? 0) + 1); // settled when its copy is in S3
      }
      return;
    }
    let keys: Record<string, string> = {};
    if (this.dest.DynamicPartitioningConfiguration?.Enabled) {
      if (this.query) {
        const k = evaluateMetadataQuery(this.query, rec.data);
        if ('error' in k) return this.errorOutput([rec], 'partitioning-failed', 'DynamicPartitioning.MetadataExtractionFailed', k.error); // Unsure: AWS's type and code
        keys = k.keys;
      }
      const need = requiredPartitionKeys(this.dest.Prefix);
      const lambdaKeys = rec.lambdaKeys ?? {};
      const missing = [...need.query.filter((n) => keys[n] === undefined), ...need.lambda.filter((n) => lambdaKeys[n] === undefined)];
      if (missing.length) return this.errorOutput([rec], 'partitioning-failed', 'DynamicPartitioning.MissingPartitionKeys', `Missing partitioning keys: ${missing.join(', ')}`); // Unsure
    }
    const id = JSON.stringify([keys, rec.lambdaKeys ?? {}]);
    let p = this.partitions.get(id);
    if (!p) {
      if (this.partitions.size >= MAX_ACTIVE_PARTITIONS) {
        return this.errorOutput([rec], 'activePartitionExceeded', 'DynamicPartitioning.ActivePartitionsLimitExceeded', `The number of active partitions exceeds the limit of ${MAX_ACTIVE_PARTITIONS}.`);
      }
      p = { buffer: new DeliveryBuffer<Rec>(this.hints), keys, lambdaKeys: rec.lambdaKeys ?? {}, writing: 0 };
      this.partitions.set(id, p);
    }
    p.buffer.add(rec);
  }

  /** Starts every delivery that is due at `now`. */
  tick(now: number): void {
    if (this.closed) return;
    const lb = this.lambdaBuffer;
    while (lb?.due(now)) {
      const batch = lb.take();
      // The invocation happens when the Lambda buffer came due (its interval, if that came first):
      // a clock that jumped past it still transforms the batch at that moment.
      if (batch && this.plan.lambda) this.track(this.transform(batch.records, Math.min(now, batch.oldestArrival + lb.hints.intervalMs), this.plan.lambda));
    }
    for (const [id, p] of this.partitions) {
      while (p.buffer.due(now)) {
        const batch = p.buffer.take();
        if (batch) {
          p.writing++;
          this.track(this.writeData(batch.records, p, () => {
            p.writing--;
            if (p.writing === 0 && p.buffer.count === 0 && this.partitions.get(id) === p) this.partitions.delete(id);
          }));
        }
      }
      // A partition stays active until its buffer is delivered — an undeliverable one (a missing
      // bucket) stays active and keeps counting against the limit (spec §5.3).
      if (p.buffer.count === 0 && p.writing === 0) this.partitions.delete(id);
    }
    while (this.backup?.due(now)) {
      const batch = this.backup.take();
      if (batch) this.track(this.writeBackup(batch.records));
    }
    const eb = this.endpointBuffer;
    while (eb?.due(now)) {
      const batch = eb.take();
      if (batch) this.track(this.endpointOut!.deliver(batch.records));
    }
    while (this.allData?.due(now)) {
      const batch = this.allData.take();
      if (batch) this.track(this.writeAllData(batch.records));
    }
    this.endpointOut?.tick(now);
    this.redshiftOut?.tick(now);
    for (const r of this.retries.splice(0)) {
      if (now >= r.nextAt) this.track(this.attempt(r));
      else this.retries.push(r);
    }
  }

  private track(p: Promise<void>): void {
    // A bug in a delivery must not become an unhandled rejection (or reject idle()): it is reported.
    const q = p.catch((err: unknown) => {
      this.engine.events.emit({ type: 'deliveryFailed', t: this.engine.now(), deliveryStream: this.state.name, errorCode: 'Shardlab.InternalError', errorMessage: err instanceof Error ? err.message : String(err), records: 0 });
    });
    this.pending.add(q);
    void q.finally(() => this.pending.delete(q));
  }

  // ── transform ────────────────────────────────────────────────────────────────────────────

  /** `lambda`: the processor as it was when the batch was taken (a later UpdateDestination does not change this call). */
  private async transform(records: Rec[], at: number, lambda: LambdaProcessorConfig): Promise<void> {
    const e = this.engine;
    const event = buildTransformEvent({
      invocationId: `${e.random.hex(8)}-${e.random.hex(4)}-${e.random.hex(4)}-${e.random.hex(4)}-${e.random.hex(12)}`,
      deliveryStreamArn: this.state.arn,
      ...(this.state.source ? { sourceKinesisStreamArn: this.state.source.KinesisStreamARN } : {}),
      region: e.account.region,
      records: records.map((r) => ({
        recordId: r.recordId,
        data: encodeBase64(r.data),
        approximateArrivalTimestamp: r.received,
        ...(r.kinesis ? { kinesisRecordMetadata: { shardId: r.kinesis.shardId, partitionKey: r.kinesis.partitionKey, approximateArrivalTimestamp: r.kinesis.arrival, sequenceNumber: r.kinesis.sequenceNumber, subsequenceNumber: '' } } : {}),
      })),
    });
    this.invocation++;
    const started = e.now();
    let attempts = 0;
    let failure: { errorCode: string; errorMessage: string } | undefined;
    // The first call and NumberOfRetries retries; a response the function did return is judged, not retried.
    while (attempts <= lambda.numberOfRetries) {
      attempts++;
      const out = e.lambda
        ? await e.lambda.invoke(lambda.lambdaArn, event).catch((err: unknown) => ({ ok: false as const, errorCode: 'Lambda.FunctionError', errorMessage: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }))
        : { ok: false as const, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${lambda.lambdaArn}` };
      if (!out.ok) {
        failure = { errorCode: out.errorCode, errorMessage: out.errorMessage };
        continue;
      }
      const verdict = checkTransformResponse(records.map((r) => r.recordId), out.payload);
      if ('batchError' in verdict) {
        failure = verdict.batchError;
        if (verdict.batchError.retryable) continue;
        break;
      }
      failure = undefined;
      const byId = new Map(records.map((r) => [r.recordId, r]));
      const failed: Rec[] = [];
      let okCount = 0;
      for (const r of records) {
        const done = verdict.ok.get(r.recordId);
        if (done) {
          okCount++;
          // Into the destination buffer: its interval counts from the invocation (AWS buffers again
          // after the Lambda; the function's own run time is not simulated in virtual time).
          this.route({ ...r, arrival: at, data: done.data, ...(done.partitionKeys ? { lambdaKeys: done.partitionKeys } : {}) });
        }
      }
      for (const id of verdict.failed.keys()) failed.push(byId.get(id)!);
      this.settle([...verdict.dropped].map((id) => byId.get(id)!));
      e.events.emit({ type: 'transformed', t: e.now(), deliveryStream: this.state.name, ok: okCount, dropped: verdict.dropped.size, failed: failed.length, durationMs: e.now() - started });
      // Failed records keep their own error code; written together per code.
      const byCode = new Map<string, { message: string; recs: Rec[] }>();
      for (const [id, err] of verdict.failed) {
        const g = byCode.get(err.errorCode) ?? { message: err.errorMessage, recs: [] };
        g.recs.push(byId.get(id)!);
        byCode.set(err.errorCode, g);
      }
      for (const [code, g] of byCode) this.errorOutput(g.recs, 'processing-failed', code, g.message, attempts);
      this.tick(e.now()); // a destination buffer already due (the clock moved on meanwhile) flushes now
      return;
    }
    e.events.emit({ type: 'transformed', t: e.now(), deliveryStream: this.state.name, ok: 0, dropped: 0, failed: records.length, durationMs: e.now() - started, errorCode: failure!.errorCode });
    this.errorOutput(records, 'processing-failed', failure!.errorCode, failure!.errorMessage, attempts);
  }

  // ── writing objects ──────────────────────────────────────────────────────────────────────

  private async writeData(batch: Rec[], p: Partition, ended: () => void = () => undefined): Promise<void> {
    const d = this.dest;
    const bucket = bucketOf(d.BucketARN);
    const delimiter = this.plan.enabled ? this.plan.appendDelimiterToRecord?.delimiter : undefined;
    const random = () => this.engine.random.next();
    const converting = conversionEnabled(d.DataFormatConversionConfiguration);
    // With format conversion, the records that go in the object are those that converted (once:
    // a retried write does not convert again, a schema that could not be read does).
    let records = batch;
    let parquet: Uint8Array | undefined;
    let converted = !converting;
    let oldest = Math.min(...batch.map((r) => r.received));
    const build = async () => {
      if (!converted) {
        const c = await this.convert(batch);
        converted = true;
        records = c.records;
        parquet = c.body;
        if (!parquet) return undefined;
        oldest = Math.min(...records.map((r) => r.received));
      }
      const tz = d.CustomTimeZone || 'UTC';
      const prefix = evaluatePrefix(d.Prefix, { arrival: oldest, random, partitionKeys: p.keys, lambdaPartitionKeys: p.lambdaKeys, timeZone: tz }, 'data');
      const ext = fileExtension(d.CompressionFormat, parquet ? 'parquet' : undefined, d.FileExtension);
      const name = objectName(this.state.name, this.state.versionId, oldest, random, ext, tz);
      const body = parquet ?? compress(d.CompressionFormat, concat(records.map((r) => r.data), delimiter), name);
      return { key: prefix + name, body };
    };
    await this.attempt({
      bucket, records: batch, build, firstFailure: NaN, nextAt: 0,
      onDone: (key, body) => {
        ended();
        this.delivered(records, key, body, bucket, records.reduce((a, r) => a + r.data.length, 0), oldest);
      },
      onEmpty: ended,
      onGiveUp: () => {
        ended();
        this.settle(records);
      },
    });
  }

  /**
   * Record format conversion (spec §5.4): the batch's records against the Glue table's columns,
   * read now (VersionId LATEST). Records that fail — or all of them, when the table cannot be
   * read — go to the `format-conversion-failed` error output; the rest become one Parquet body.
   */
  private async convert(records: Rec[]): Promise<{ records: Rec[]; body: Uint8Array | undefined }> {
    const e = this.engine;
    const fail = (recs: Rec[], code: string, message: string, plan?: ConversionPlan) => {
      if (recs.length === 0) return;
      e.events.emit({ type: 'converted', t: e.now(), deliveryStream: this.state.name, records: 0, bytes: 0, failedRecords: recs.length, failedBytes: recs.reduce((a, r) => a + r.data.length, 0) });
      this.errorOutput(recs, 'format-conversion-failed', code, message, 1, plan ? recs.map((r) => `${this.conversionFailedLine(r, code, message, plan)}\n`) : undefined);
    };
    const plan = parseFormatConversion(this.dest.DataFormatConversionConfiguration, this.dest.CompressionFormat);
    if (!plan.ok) {
      // Checked when configured, so not expected here; never a silent drop if it happens.
      fail(records, 'DataFormatConversion.InvalidSchema', plan.error.message);
      return { records: [], body: undefined };
    }
    const columns = e.glue
      ? await e.glue.columnsOf(plan.value.database, plan.value.table).catch((err: unknown) => ({ ok: false as const, error: { __type: 'InternalFailure', message: String(err), status: 500 } }))
      : ({ ok: false as const, error: { __type: 'EntityNotFoundException', message: `Database ${plan.value.database} not found.`, status: 400 } });
    if (!columns.ok) {
      // A catalog that did not answer is tried again with the write; a missing table fails the records.
      if (columns.error.__type === 'InternalFailure') throw new TransientFailure('DataFormatConversion.SchemaUnavailable', `The Glue table ${plan.value.database}.${plan.value.table} could not be read: ${columns.error.message}`); // Unsure: AWS's code
      fail(records, 'DataFormatConversion.InvalidSchema', `The Glue table ${plan.value.database}.${plan.value.table} could not be read: ${columns.error.message}`, plan.value); // Unsure: AWS's code
      return { records: [], body: undefined };
    }
    let out: ReturnType<typeof convertToParquet>;
    try {
      out = convertToParquet(records.map((r) => r.data), columns.value, plan.value.options);
    } catch (err) {
      // A schema or option the converter cannot use fails the batch to the error output, never silently.
      fail(records, 'DataFormatConversion.InvalidSchema', err instanceof Error ? err.message : String(err), plan.value);
      return { records: [], body: undefined };
    }
    const ok = out.converted.map((i) => records[i]!);
    const byCode = new Map<string, { message: string; recs: Rec[] }>();
    for (const f of out.failures) {
      const g = byCode.get(f.errorCode) ?? { message: f.errorMessage, recs: [] };
      g.recs.push(records[f.index]!);
      byCode.set(f.errorCode, g);
    }
    if (ok.length) e.events.emit({ type: 'converted', t: e.now(), deliveryStream: this.state.name, records: ok.length, bytes: ok.reduce((a, r) => a + r.data.length, 0), failedRecords: 0, failedBytes: 0 });
    for (const [code, g] of byCode) fail(g.recs, code, g.message, plan.value);
    return { records: ok, body: ok.length ? out.body : undefined };
  }

  private conversionFailedLine(r: Rec, errorCode: string, errorMessage: string, plan: ConversionPlan): string {
    const e = this.engine;
    return conversionFailedRecord({
      attemptsMade: 1, arrivalTimestamp: r.received, errorCode, errorMessage, attemptEndingTimestamp: e.now(), rawData: r.raw,
      ...(r.kinesis ? { sequenceNumber: r.kinesis.sequenceNumber } : {}), plan, region: e.account.region, accountId: accountOf(this.state.arn),
    });
  }

  private delivered(records: Rec[], key: string, body: Uint8Array, bucket: string, bytes: number, oldest: number): void {
    // Redshift: an intermediate object; its records are settled once COPY loaded them.
    if (this.state.redshift && this.redshiftOut) this.redshiftOut.add({ bucket, key, records, bytes, oldest });
    else this.settle(records);
    this.engine.events.emit({ type: 'delivered', t: this.engine.now(), deliveryStream: this.state.name, destination: 'S3', bucket, key, records: records.length, bytes, objectBytes: body.length, oldestArrival: oldest });
  }

  private async writeBackup(records: Rec[]): Promise<void> {
    const b = this.dest.S3BackupConfiguration as { BucketARN: string; Prefix?: string; CompressionFormat?: S3Config['CompressionFormat'] } | undefined;
    if (!b) return;
    const random = () => this.engine.random.next();
    const oldest = Math.min(...records.map((r) => r.received));
    const bucket = bucketOf(b.BucketARN);
    await this.attempt({
      bucket, records, firstFailure: NaN, nextAt: 0,
      build: () => {
        const name = objectName(this.state.name, this.state.versionId, oldest, random, fileExtension(b.CompressionFormat));
        return { key: evaluatePrefix(b.Prefix, { arrival: oldest, random }, 'data') + name, body: compress(b.CompressionFormat ?? 'UNCOMPRESSED', concat(records.map((r) => decodeBase64(r.raw))), name) };
      },
      onDone: () => this.settle(records),
      onGiveUp: () => this.settle(records),
    });
  }

  /**
   * S3BackupMode AllData / AllEvents: every batch the endpoint gets is also written to the backup
   * bucket, as a data object under its Prefix. A record is settled once both its endpoint delivery
   * (or error output) and this copy are done.
   * Unsure: whether AWS backs up the transformed records (as here) or the source records.
   */
  private async writeAllData(records: Rec[]): Promise<void> {
    const d = this.dest;
    const bucket = bucketOf(d.BucketARN);
    const random = () => this.engine.random.next();
    const oldest = Math.min(...records.map((r) => r.received));
    const delimiter = this.plan.enabled ? this.plan.appendDelimiterToRecord?.delimiter : undefined;
    await this.attempt({
      bucket, records, firstFailure: NaN, nextAt: 0,
      build: () => {
        const name = objectName(this.state.name, this.state.versionId, oldest, random, fileExtension(d.CompressionFormat));
        return { key: evaluatePrefix(d.Prefix, { arrival: oldest, random }, 'data') + name, body: compress(d.CompressionFormat, concat(records.map((r) => r.data), delimiter), name) };
      },
      onDone: (key) => {
        this.settle(records);
        this.engine.events.emit({ type: 'backedUp', t: this.engine.now(), deliveryStream: this.state.name, bucket, key, records: records.length });
      },
      onGiveUp: () => this.settle(records),
    });
  }

  /**
   * Records that failed (a transform, partitioning) as AWS writes them: one JSON line each, under
   * the error output prefix with `!{firehose:error-output-type}` = `type`.
   * Unsure: whether error objects are compressed like data objects; written uncompressed here.
   */
  private errorOutput(records: Rec[], type: string, errorCode: string, errorMessage: string, attemptsMade = 1, given?: string[]): void {
    const d = this.dest;
    const now = this.engine.now();
    const lambdaArn = this.plan.lambda?.lambdaArn ?? '';
    const lines = given ?? records.map((r) => `${processingFailedRecord({ attemptsMade, arrivalTimestamp: r.received, errorCode, errorMessage, attemptEndingTimestamp: now, rawData: r.raw, lambdaArn })}\n`);
    const oldest = Math.min(...records.map((r) => r.received));
    const random = () => this.engine.random.next();
    const bucket = bucketOf(d.BucketARN);
    this.track(this.attempt({
      bucket, records, firstFailure: NaN, nextAt: 0,
      build: () => {
        const tz = d.CustomTimeZone || 'UTC';
        const prefix = evaluatePrefix(d.ErrorOutputPrefix, { arrival: oldest, random, errorOutputType: type, timeZone: tz, ...(d.Prefix !== undefined ? { dataPrefix: d.Prefix } : {}) }, 'error');
        return { key: prefix + objectName(this.state.name, this.state.versionId, oldest, random, '', tz), body: new TextEncoder().encode(lines.join('')) };
      },
      onGiveUp: () => this.settle(records),
      onDone: (key) => {
        this.settle(records);
        this.engine.events.emit({ type: 'errorOutput', t: this.engine.now(), deliveryStream: this.state.name, bucket, key, records: records.length, errorOutputType: type });
      },
    }));
  }

  /** One try at writing an object; a failure is queued for a retry (and reported), never dropped silently. */
  private async attempt(r: Retry): Promise<void> {
    let built: { key: string; body: Uint8Array } | undefined;
    let failure: { code: string; message: string } | undefined;
    try {
      built = await r.build();
    } catch (e) {
      if (!(e instanceof TransientFailure)) throw e;
      failure = { code: e.code, message: e.message };
    }
    if (!failure) {
      if (!built) return r.onEmpty?.();
      const out = await this.engine.s3.putObject(r.bucket, built.key, built.body);
      if (out.ok) return r.onDone(built.key, built.body);
      failure = { code: s3ErrorCode(out.error.__type), message: out.error.message };
    }
    const now = this.engine.now();
    const { code, message } = failure;
    const first = Number.isNaN(r.firstFailure) ? now : r.firstFailure;
    if (now - first >= GIVE_UP_MS) {
      this.engine.events.emit({ type: 'deliveryFailed', t: now, deliveryStream: this.state.name, errorCode: code, errorMessage: `${message} Gave up after 24 hours: ${r.records.length} records lost, as on AWS.`, records: r.records.length });
      r.onGiveUp?.();
      return;
    }
    this.engine.events.emit({ type: 'deliveryFailed', t: now, deliveryStream: this.state.name, errorCode: code, errorMessage: `${message} Retrying.`, records: r.records.length });
    if (!this.closed) this.retries.push({ ...r, firstFailure: first, nextAt: now + RETRY_MS });
  }

  /** Batches waiting for a retry (a missing bucket, say), for the UI. */
  get retrying(): number {
    return this.retries.reduce((a, r) => a + r.records.length, 0) + (this.endpointOut?.retrying ?? 0) + (this.redshiftOut?.retrying ?? 0);
  }
}

/** Firehose's error code for an S3 error (`S3.NoSuchBucket`, `S3.AccessDenied`…). */
export const s3ErrorCode = (type: string): string => `S3.${type}`;

/** The account id in an ARN (`arn:aws:firehose:<region>:<account>:…`). */
const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

function rebuffer(old: DeliveryBuffer<Rec>, hints: ResolvedBuffering): DeliveryBuffer<Rec> {
  const b = new DeliveryBuffer<Rec>(hints);
  for (let batch = old.take(); batch; batch = old.take()) for (const r of batch.records) b.add(r);
  return b;
}

function concat(parts: readonly Uint8Array[], delimiter?: Uint8Array): Uint8Array {
  const total = parts.reduce((a, p) => a + p.length + (delimiter?.length ?? 0), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
    if (delimiter) {
      out.set(delimiter, at);
      at += delimiter.length;
    }
  }
  return out;
}

/** Concatenated JSON objects (`{…}{…}` or one per line) → one record each (RecordDeAggregation JSON). */
function splitJson(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b) { if (depth++ === 0) start = i; }
    else if (c === 0x7d && depth > 0 && --depth === 0) out.push(data.slice(start, i + 1));
  }
  return out.length ? out : [data];
}

function splitOn(data: Uint8Array, delimiter: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  outer: for (let i = 0; i + delimiter.length <= data.length; i++) {
    for (let j = 0; j < delimiter.length; j++) if (data[i + j] !== delimiter[j]) continue outer;
    if (i > start) out.push(data.slice(start, i));
    start = i + delimiter.length;
    i = start - 1;
  }
  if (start < data.length) out.push(data.slice(start));
  return out;
}

/** CloudWatch Logs subscription data → its log messages (DATA_MESSAGE only). */
function cloudWatchMessages(data: Uint8Array): Uint8Array[] {
  try {
    const doc = JSON.parse(new TextDecoder().decode(data)) as { messageType?: string; logEvents?: { message?: string }[] };
    if (doc.messageType !== 'DATA_MESSAGE') return [];
    return (doc.logEvents ?? []).map((e) => new TextEncoder().encode(e.message ?? ''));
  } catch {
    return [data];
  }
}
