/**
 * The Amazon Data Firehose engine: delivery streams (control plane and lifecycle on the virtual
 * clock), PutRecord / PutRecordBatch with the Direct PUT quota, and one delivery pipeline per
 * stream (buffer → Lambda transform → S3 object, or a request to an HTTP endpoint / Splunk). Pure:
 * time from the injected Clock, randomness from the seeded Random, objects go to an injected sink
 * (the simulated S3), Lambda functions run in an injected runtime (a worker in the page), HTTP
 * requests go through an injected transport (fetch, or the host's simulated receivers). Speaks AWS JSON 1.1 as
 * `Firehose_20150804` through the same router as Kinesis.
 *
 * The engine keeps the streams and their lifecycle; the operations' checks and shapes are pure
 * functions beside it: `createDeliveryStream.ts`, `updateDestination.ts`, `deliveryStreamTags.ts`,
 * `listDeliveryStreams.ts`, and the Direct PUT quota in `directPut.ts`.
 */
import type { KinesisEngine } from '../kinesis/engine.js';
import { fail, ok, type AwsError, type Result } from '../kinesis/errors.js';
import type { Account } from '../kinesis/model/arn.js';
import { firehoseBilledBytes } from '../cost/firehoseCost.js';
import { validate } from '../kinesis/validation/validate.js';
import type { Clock } from '../sim/clock.js';
import type { Random } from '../sim/random.js';
import { Scheduler } from '../sim/scheduler.js';
import { base64DecodedLength } from '../util/base64.js';
import { newDeliveryStream } from './createDeliveryStream.js';
import { tagDeliveryStream, untagDeliveryStream, listTagsForDeliveryStream } from './deliveryStreamTags.js';
import { Pipeline } from './delivery.js';
import { admitRecords, directPutBuckets, MAX_BATCH_BYTES, type DirectPutBuckets } from './directPut.js';
import type { InRecord, ObjectSink, PipelineLike, SchemaSource } from './pipelineTypes.js';
import { FirehoseEvents, type FirehoseListener } from './events.js';
import { KinesisSourceReader } from './kinesisSource.js';
import type { LambdaRuntime } from './lambda.js';
import { listDeliveryStreams } from './listDeliveryStreams.js';
import { bucketOf, describe, type DeliveryStreamState, type S3Config } from './model.js';
import { FIREHOSE_TARGET_PREFIX, firehoseShapes, isFirehoseOperation, type FirehoseOperation } from './shapes.js';
import { checkUpdate } from './updateDestination.js';
import type { RedshiftConnector } from './redshiftDelivery.js';
import { noHttpTransport, type HttpTransport } from './httpEndpoint.js';

export interface FirehoseOptions {
  readonly clock: Clock;
  readonly account: Account;
  readonly random: Random;
  /** Where S3 destinations write (the simulated S3). */
  readonly s3: ObjectSink;
  /** The Kinesis engine, for KinesisStreamAsSource delivery streams. */
  readonly kinesis?: KinesisEngine;
  /** Runs transformation Lambdas (default: none registered — invocations fail as AWS's would). */
  readonly lambda?: LambdaRuntime;
  /** Virtual ms a delivery stream stays CREATING (default 1000) / DELETING (default 500). */
  readonly createMs?: number;
  readonly deleteMs?: number;
  /**
   * Sends HTTP endpoint and Splunk deliveries (the core does no I/O): hosts inject `fetch` for
   * real endpoints and their simulated receivers for the vendors'. Default: none (every request
   * fails to connect, as to an unreachable endpoint).
   */
  readonly http?: HttpTransport;
  /** Runs Redshift destinations' COPY on the simulated clusters (default: none — every COPY fails to connect). */
  readonly redshift?: RedshiftConnector;
  /** The Glue Data Catalog record format conversion reads schemas from (default: none). */
  readonly glue?: SchemaSource;
  /** Where a delivery stream's pipeline runs (default: in process; the page: a worker each). */
  readonly pipelineFactory?: (engine: FirehoseEngine, state: DeliveryStreamState) => PipelineLike;
}

interface Live {
  readonly state: DeliveryStreamState;
  readonly pipeline: PipelineLike;
  readonly reader?: KinesisSourceReader;
  readonly quota: DirectPutBuckets;
  recordSeq: number;
}

export class FirehoseEngine {
  readonly targetPrefix = FIREHOSE_TARGET_PREFIX;
  readonly streams = new Map<string, Live>();
  readonly scheduler = new Scheduler();
  readonly events = new FirehoseEvents();
  readonly clock: Clock;
  readonly account: Account;
  readonly random: Random;
  readonly s3: ObjectSink;
  readonly kinesis: KinesisEngine | undefined;
  lambda: LambdaRuntime | undefined;
  http: HttpTransport;
  redshift: RedshiftConnector | undefined;
  glue: SchemaSource | undefined;
  readonly createMs: number;
  readonly deleteMs: number;
  private readonly listeners = new Set<() => void>();
  private readonly taps = new Map<string, Set<(records: readonly InRecord[]) => void>>();
  private readonly pipelineFactory: (engine: FirehoseEngine, state: DeliveryStreamState) => PipelineLike;

  constructor(opts: FirehoseOptions) {
    this.pipelineFactory = opts.pipelineFactory ?? ((e, st) => new Pipeline(e, st));
    this.clock = opts.clock;
    this.account = opts.account;
    this.random = opts.random;
    this.s3 = opts.s3;
    this.kinesis = opts.kinesis;
    this.lambda = opts.lambda;
    this.http = opts.http ?? noHttpTransport;
    this.redshift = opts.redshift;
    this.glue = opts.glue;
    this.createMs = opts.createMs ?? 1000;
    this.deleteMs = opts.deleteMs ?? 500;
    this.clock.onAdvance((t) => this.tick(t));
  }

  now(): number {
    return Math.floor(this.clock.now());
  }

  /** Runs lifecycle events and flushes every buffer that is due (hosts call it on a timer). */
  tick(now: number = this.now()): void {
    this.scheduler.runDue(now);
    for (const s of this.streams.values()) {
      s.reader?.tick(now);
      s.pipeline.tick(now);
    }
  }

  /** Resolves once no delivery is in flight (tests and hosts await it after advancing time). */
  async idle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const busy = [...this.streams.values()].flatMap((s) => [s.pipeline.idle(), ...(s.reader ? [s.reader.idle()] : [])]);
      await Promise.all(busy);
      if ([...this.streams.values()].every((s) => s.pipeline.inFlight === 0 && (s.reader?.inFlight ?? 0) === 0)) return;
    }
  }

  observe(listener: FirehoseListener): () => void {
    return this.events.observe(listener);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private lastProgressSave = -Infinity;
  /** A source reader moved on: its checkpoints are saved with the control plane, every 2 virtual s at most. */
  private progressed(): void {
    const now = this.now();
    if (now - this.lastProgressSave < 2000) return;
    this.lastProgressSave = now;
    this.changed();
  }

  async dispatch(operation: string, input: unknown): Promise<Result<unknown>> {
    if (!isFirehoseOperation(operation)) {
      return fail('UnknownOperationException', `Shardlab does not simulate ${FIREHOSE_TARGET_PREFIX}.${operation} (yet).`);
    }
    this.tick();
    const v = validate(firehoseShapes[operation], input ?? {});
    if (!v.ok) return v;
    const result = await this.run(operation, v.value);
    if (result.ok && WRITES.has(operation)) this.changed();
    return result;
  }

  private run(op: FirehoseOperation, i: Record<string, unknown>): Result<unknown> | Promise<Result<unknown>> {
    switch (op) {
      case 'CreateDeliveryStream': return this.create(i);
      case 'DeleteDeliveryStream': return this.delete(i.DeliveryStreamName as string, i.AllowForceDelete === true);
      case 'DescribeDeliveryStream': return this.withStream(i, (s) => ok({ DeliveryStreamDescription: describe(s.state) }));
      case 'ListDeliveryStreams': return listDeliveryStreams([...this.streams.values()].map((s) => s.state), i);
      case 'UpdateDestination': return this.update(i);
      case 'PutRecord': return this.put(i.DeliveryStreamName as string, [i.Record as { Data: string }], false);
      case 'PutRecordBatch': return this.put(i.DeliveryStreamName as string, i.Records as { Data: string }[], true);
      case 'TagDeliveryStream': return this.withStream(i, (s) => tagDeliveryStream(s.state, i.Tags as { Key: string; Value?: string }[]));
      case 'UntagDeliveryStream': return this.withStream(i, (s) => untagDeliveryStream(s.state, i.TagKeys as string[]));
      case 'ListTagsForDeliveryStream': return this.withStream(i, (s) => listTagsForDeliveryStream(s.state, i));
    }
  }

  private notFound(name: string): Result<never> {
    return fail('ResourceNotFoundException', `Firehose ${name} under account ${this.account.accountId} not found.`);
  }

  private withStream(i: Record<string, unknown>, f: (s: Live) => Result<unknown>): Result<unknown> {
    const s = this.streams.get(i.DeliveryStreamName as string);
    return s ? f(s) : this.notFound(i.DeliveryStreamName as string);
  }

  // ── control plane ────────────────────────────────────────────────────────────────────────

  private create(i: Record<string, unknown>): Result<unknown> {
    const created = newDeliveryStream(i, { account: this.account, kinesis: this.kinesis, streams: this.streams, createMs: this.createMs, now: () => this.now() });
    if (!created.ok) return created;
    const state = created.value;
    this.add(state);
    this.scheduler.at(state.createdAt + this.createMs, () => {
      if (state.status !== 'CREATING') return;
      state.status = 'ACTIVE';
      this.changed();
    });
    return ok({ DeliveryStreamARN: state.arn });
  }

  /** Adds a delivery stream (created now, or restored from storage by a host). */
  add(state: DeliveryStreamState): void {
    const now = this.now();
    const live: Live = {
      state,
      pipeline: this.pipelineFactory(this, state),
      quota: directPutBuckets(this.account.region, now),
      recordSeq: 0,
      ...(state.source && this.kinesis ? { reader: new KinesisSourceReader(this.kinesis, state, (records) => this.accept(state.name, records), () => this.progressed()) } : {}),
    };
    this.streams.set(state.name, live);
  }

  private delete(name: string, _force: boolean): Result<unknown> {
    const s = this.streams.get(name);
    if (!s) return this.notFound(name);
    if (s.state.status === 'DELETING') return ok({});
    // AWS: a delivery stream being created cannot be deleted yet (spec §2).
    if (s.state.status === 'CREATING') {
      return fail('ResourceInUseException', `Firehose ${name} under account ${this.account.accountId} is in CREATING state and cannot be deleted.`); // Unsure: AWS's text
    }
    s.state.status = 'DELETING';
    this.scheduler.at(this.now() + this.deleteMs, () => {
      if (this.streams.get(name) !== s) return;
      this.streams.delete(name);
      s.pipeline.close();
      this.changed();
    });
    return ok({});
  }

  private update(i: Record<string, unknown>): Result<unknown> {
    const s = this.streams.get(i.DeliveryStreamName as string);
    if (!s) return this.notFound(i.DeliveryStreamName as string);
    const st = s.state;
    const next = checkUpdate(st, i, this.account.accountId);
    if (!next.ok) return next;
    st.destination = next.value.s3;
    if (next.value.endpoint) st.endpoint = next.value.endpoint;
    else delete st.endpoint;
    if (next.value.redshift) st.redshift = next.value.redshift;
    else delete st.redshift;
    st.versionId++;
    st.updatedAt = this.now();
    s.pipeline.reconfigure();
    return ok({});
  }

  // ── data plane ───────────────────────────────────────────────────────────────────────────

  private async put(name: string, records: readonly { Data: string }[], batch: boolean): Promise<Result<unknown>> {
    const s = this.streams.get(name);
    if (!s || s.state.status === 'DELETING') return this.notFound(name);
    const st = s.state;
    if (st.status !== 'ACTIVE') {
      return fail('ResourceNotFoundException', `Firehose ${name} under account ${this.account.accountId} is not ACTIVE.`); // Unsure: AWS's text while CREATING
    }
    if (st.type === 'KinesisStreamAsSource') {
      return invalid(`This operation is not permitted on KinesisStreamAsSource delivery stream type.`);
    }
    const sizes = records.map((r) => base64DecodedLength(r.Data));
    if (batch) {
      const total = sizes.reduce((a, b) => a + b, 0);
      if (total > MAX_BATCH_BYTES) {
        return invalid(`Records size exceeds 4 MB limit`); // Unsure: AWS's text
      }
    }
    const now = this.now();
    const admitted = admitRecords(s.quota, records, sizes, now, batch, () => this.recordId(s));
    if (!admitted.ok) return admitted;
    const { accepted, responses } = admitted.value;
    // Acknowledged once the pipeline holds them durably (in the page: its worker's IndexedDB).
    if (accepted.length) await this.accept(name, accepted);
    const failed = responses.length - accepted.length;
    if (!batch) return ok({ RecordId: (responses[0] as { RecordId: string }).RecordId, Encrypted: st.encryption?.Status === 'ENABLED' });
    return ok({ FailedPutCount: failed, Encrypted: st.encryption?.Status === 'ENABLED', RequestResponses: responses });
  }

  /** Hands records to a stream's pipeline (from a put, or read from its Kinesis source). */
  async accept(name: string, records: readonly InRecord[]): Promise<void> {
    const s = this.streams.get(name);
    if (!s) return;
    let bytes = 0, billedBytes = 0;
    for (const r of records) {
      bytes += r.bytes;
      billedBytes += firehoseBilledBytes(r.bytes); // ingestion bills each record rounded up to 5 KB
    }
    this.events.emit({ type: 'incoming', t: this.now(), deliveryStream: name, records: records.length, bytes, billedBytes });
    await s.pipeline.accept(records);
    // Readers of the delivery stream's records (an analytics application with it as its source).
    for (const tap of this.taps.get(name) ?? []) tap(records);
  }

  /**
   * Hears of the records a delivery stream takes in (after it holds them), as a Kinesis Data
   * Analytics application with a Firehose source does. Returns a stop function.
   */
  tap(name: string, listener: (records: readonly InRecord[]) => void): () => void {
    let set = this.taps.get(name);
    if (!set) this.taps.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** The Kinesis read events' `reader` ids of a delivery stream reading a Kinesis stream. */
  sourceReaders(name: string): string[] {
    return [...(this.streams.get(name)?.reader?.readers ?? [])];
  }

  /** A delivery stream's buffers and retries now (for the picture and the UI). */
  pipelineStats(name: string): (ReturnType<PipelineLike['buffered']> & { retrying: number }) | undefined {
    const s = this.streams.get(name);
    return s ? { ...s.pipeline.buffered(), retrying: s.pipeline.retrying } : undefined;
  }

  /**
   * An opaque record id, unique per stream (AWS's are long base64 strings; they are for audit
   * and de-duplication, never parsed).
   */
  private recordId(s: Live): string {
    const seq = (s.recordSeq++).toString(16).padStart(12, '0');
    return `${this.random.hex(32)}${seq}${this.random.hex(20)}`;
  }

  /** The bucket a destination writes to. */
  static bucketOf(d: S3Config): string {
    return bucketOf(d.BucketARN);
  }
}

const WRITES = new Set<FirehoseOperation>(['CreateDeliveryStream', 'DeleteDeliveryStream', 'UpdateDestination', 'TagDeliveryStream', 'UntagDeliveryStream']);

function invalid(message: string): { ok: false; error: AwsError } {
  return fail('InvalidArgumentException', message);
}
