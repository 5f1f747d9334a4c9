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
 *
 * This class holds the state (buffers, partitions, retries, what is outstanding); the steps that
 * need none of it live beside it: preprocess.ts, transformBatch.ts, partitioning.ts,
 * convertBatch.ts, objectWrites.ts, and the shapes it shares in pipelineTypes.ts.
 */
import { decodeBase64 } from '../util/base64.js';
import { DeliveryBuffer, type ResolvedBuffering } from './buffering.js';
import { parseMetadataQuery, type MetadataQuery } from './metadataQuery.js';
import { bucketOf, type DeliveryStreamState, type S3Config } from './model.js';
import { parseProcessingConfiguration, type LambdaProcessorConfig, type ProcessingConfigurationInput, type ProcessingPlan } from './processingConfig.js';
import { processingFailedRecord } from './transform.js';
import { EndpointDelivery, type EndpointContext } from './endpointDelivery.js';
import { backsUpAll } from './endpointConfig.js';
import { RedshiftLoader } from './redshiftDelivery.js';
import { conversionEnabled } from './formatConversionConfig.js';
import { convertBatch, type ConversionContext } from './convertBatch.js';
import { allDataObject, backupObject, dataObject, errorObject, GIVE_UP_MS, RETRY_MS, s3ErrorCode, TransientFailure, type BackupConfig, type WriteRetry } from './objectWrites.js';
import { MAX_ACTIVE_PARTITIONS, partitionKeysOf, rebuffer, type Partition } from './partitioning.js';
import { preprocess } from './preprocess.js';
import { transformBatch, type TransformContext } from './transformBatch.js';
import type { BufferedStats, InRecord, PipelineHost, PipelineLike, PipelineRecord } from './pipelineTypes.js';

type Rec = PipelineRecord;

/** One delivery stream's pipeline, driven by the engine (or a worker) through `PipelineLike`. */
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
  private readonly retries: WriteRetry[] = [];
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
      const parts = preprocess(this.plan, bytes);
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
    const k = partitionKeysOf(this.dest, this.query, rec);
    if ('errorCode' in k) return this.errorOutput([rec], 'partitioning-failed', k.errorCode, k.errorMessage);
    const keys = k.keys;
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
  private transform(records: Rec[], at: number, lambda: LambdaProcessorConfig): Promise<void> {
    this.invocation++;
    return transformBatch(this.stageContext(), records, at, lambda);
  }

  /** What the transform and format conversion steps need of the pipeline. */
  private stageContext(): TransformContext & ConversionContext {
    return {
      host: this.engine,
      state: this.state,
      route: (rec) => this.route(rec),
      settle: (recs) => this.settle(recs),
      errorOutput: (recs, type, code, message, attemptsMade, given?: string[]) => this.errorOutput(recs, type, code, message, attemptsMade, given),
      tick: (now) => this.tick(now),
    };
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
        const c = await convertBatch(this.stageContext(), batch);
        converted = true;
        records = c.records;
        parquet = c.body;
        if (!parquet) return undefined;
        oldest = Math.min(...records.map((r) => r.received));
      }
      return dataObject({ state: this.state, oldest, random }, d, p, records, delimiter, parquet);
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

  private delivered(records: Rec[], key: string, body: Uint8Array, bucket: string, bytes: number, oldest: number): void {
    // Redshift: an intermediate object; its records are settled once COPY loaded them.
    if (this.state.redshift && this.redshiftOut) this.redshiftOut.add({ bucket, key, records, bytes, oldest });
    else this.settle(records);
    this.engine.events.emit({ type: 'delivered', t: this.engine.now(), deliveryStream: this.state.name, destination: 'S3', bucket, key, records: records.length, bytes, objectBytes: body.length, oldestArrival: oldest });
  }

  private async writeBackup(records: Rec[]): Promise<void> {
    const b = this.dest.S3BackupConfiguration as BackupConfig | undefined;
    if (!b) return;
    const random = () => this.engine.random.next();
    const oldest = Math.min(...records.map((r) => r.received));
    const bucket = bucketOf(b.BucketARN);
    await this.attempt({
      bucket, records, firstFailure: NaN, nextAt: 0,
      build: () => backupObject({ state: this.state, oldest, random }, b, records),
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
      build: () => allDataObject({ state: this.state, oldest, random }, d, records, delimiter),
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
      build: () => errorObject({ state: this.state, oldest, random }, d, type, lines),
      onGiveUp: () => this.settle(records),
      onDone: (key) => {
        this.settle(records);
        this.engine.events.emit({ type: 'errorOutput', t: this.engine.now(), deliveryStream: this.state.name, bucket, key, records: records.length, errorOutputType: type });
      },
    }));
  }

  /** One try at writing an object; a failure is queued for a retry (and reported), never dropped silently. */
  private async attempt(r: WriteRetry): Promise<void> {
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
