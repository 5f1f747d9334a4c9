/**
 * The Amazon Data Firehose engine: delivery streams (control plane and lifecycle on the virtual
 * clock), PutRecord / PutRecordBatch with the Direct PUT quota, and one delivery pipeline per
 * stream (buffer → Lambda transform → S3 object, or a request to an HTTP endpoint / Splunk). Pure:
 * time from the injected Clock, randomness from the seeded Random, objects go to an injected sink
 * (the simulated S3), Lambda functions run in an injected runtime (a worker in the page), HTTP
 * requests go through an injected transport (fetch, or the host's simulated receivers). Speaks AWS JSON 1.1 as
 * `Firehose_20150804` through the same router as Kinesis.
 */
import type { KinesisEngine } from '../kinesis/engine.js';
import { fail, ok, type AwsError, type Result } from '../kinesis/errors.js';
import { parseStreamArn, type Account } from '../kinesis/model/arn.js';
import { TokenBucket } from '../kinesis/limits.js';
import { firehoseBilledBytes } from '../cost/firehoseCost.js';
import { validate } from '../kinesis/validation/validate.js';
import type { Clock } from '../sim/clock.js';
import type { Random } from '../sim/random.js';
import { Scheduler } from '../sim/scheduler.js';
import { base64DecodedLength } from '../util/base64.js';
import { Pipeline } from './delivery.js';
import type { InRecord, ObjectSink, PipelineLike, SchemaSource } from './pipelineTypes.js';
import { FirehoseEvents, type FirehoseListener } from './events.js';
import { KinesisSourceReader } from './kinesisSource.js';
import type { LambdaRuntime } from './lambda.js';
import { bucketOf, deliveryStreamArn, describe, DESTINATION_ID, type DeliveryStreamState, type EndpointDestination, type RedshiftConfig, type S3Config } from './model.js';
import { FIREHOSE_TARGET_PREFIX, firehoseShapes, isFirehoseOperation, type FirehoseOperation } from './shapes.js';
import { configureS3, updateS3 } from './configure.js';
import { configureEndpoint, updateEndpoint } from './endpointConfig.js';
import { configureRedshift, updateRedshift } from './redshiftConfig.js';
import { lowerFirst } from './mergeUpdate.js';
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

/**
 * Direct PUT quota per delivery stream (spec §2.1): us-east-1, us-west-2 and eu-west-1 have
 * 500,000 records/s, 2,000 requests/s and 5 MiB/s; other regions 100,000, 1,000 and 1 MiB/s.
 */
export function directPutQuota(region: string): { records: number; requests: number; bytes: number } {
  return ['us-east-1', 'us-west-2', 'eu-west-1'].includes(region)
    ? { records: 500_000, requests: 2_000, bytes: 5 * 1024 * 1024 }
    : { records: 100_000, requests: 1_000, bytes: 1024 * 1024 };
}

/** Delivery streams per account and region (spec §1). */
export const DELIVERY_STREAM_LIMIT = 5_000;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

interface Live {
  readonly state: DeliveryStreamState;
  readonly pipeline: PipelineLike;
  readonly reader?: KinesisSourceReader;
  readonly quota: { records: TokenBucket; requests: TokenBucket; bytes: TokenBucket };
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
      case 'ListDeliveryStreams': return this.list(i);
      case 'UpdateDestination': return this.update(i);
      case 'PutRecord': return this.put(i.DeliveryStreamName as string, [i.Record as { Data: string }], false);
      case 'PutRecordBatch': return this.put(i.DeliveryStreamName as string, i.Records as { Data: string }[], true);
      case 'TagDeliveryStream': return this.tag(i);
      case 'UntagDeliveryStream': return this.withStream(i, (s) => {
        for (const k of i.TagKeys as string[]) s.state.tags.delete(k);
        return ok({});
      });
      case 'ListTagsForDeliveryStream': return this.withStream(i, (s) => {
        const after = i.ExclusiveStartTagKey as string | undefined;
        const keys = [...s.state.tags.keys()].sort().filter((k) => after === undefined || k > after);
        const limit = (i.Limit as number | undefined) ?? 50;
        return ok({ Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: s.state.tags.get(Key) ?? '' })), HasMoreTags: keys.length > limit });
      });
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
    const name = i.DeliveryStreamName as string;
    const type = (i.DeliveryStreamType as string | undefined) ?? 'DirectPut';
    if (this.streams.has(name)) {
      return fail('ResourceInUseException', `Firehose ${name} under accountId ${this.account.accountId} already exists`);
    }
    if (this.streams.size >= DELIVERY_STREAM_LIMIT) {
      return fail('LimitExceededException', `You have already consumed your firehose quota of ${DELIVERY_STREAM_LIMIT} hoses. Firehose names: ${[...this.streams.keys()].slice(0, 3).join(', ')}…`);
    }
    if (type === 'MSKAsSource' || type === 'DatabaseAsSource') {
      return invalid(`Shardlab simulates DirectPut and KinesisStreamAsSource delivery streams; ${type} is not simulated yet.`);
    }
    const kinesisSource = i.KinesisStreamSourceConfiguration as { KinesisStreamARN: string; RoleARN: string } | undefined;
    if (type === 'KinesisStreamAsSource' && !kinesisSource) {
      return invalid('KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.');
    }
    if (type !== 'KinesisStreamAsSource' && kinesisSource) {
      return invalid('KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource.');
    }
    if (kinesisSource) {
      const parsed = parseStreamArn(kinesisSource.KinesisStreamARN);
      const k = this.kinesis;
      const stream = parsed && k ? k.streams.get(parsed.name) : undefined;
      if (!parsed || !stream || parsed.accountId !== this.account.accountId || parsed.region !== this.account.region) {
        return invalid(`The specified Kinesis stream ${kinesisSource.KinesisStreamARN} does not exist or is not accessible.`); // Unsure: AWS's text
      }
      if (i.DeliveryStreamEncryptionConfigurationInput) {
        return invalid('Server-side encryption cannot be enabled for a delivery stream with a Kinesis stream as its source.');
      }
    }
    const destinations = DESTINATION_KEYS.filter((k) => i[k] !== undefined);
    if (destinations.length !== 1) {
      return invalid(destinations.length === 0
        ? 'Exactly one destination configuration is supported for a Firehose stream.'  // Unsure: AWS's text
        : `Only one destination configuration is allowed for a Firehose stream; got ${destinations.join(', ')}.`);
    }
    const key = destinations[0]!;
    const configured = this.configureDestination(key, i[key] as Record<string, unknown>);
    if (!configured.ok) return configured;
    const tagList = (i.Tags as { Key: string; Value?: string }[] | undefined) ?? [];
    const now = this.now();
    const enc = i.DeliveryStreamEncryptionConfigurationInput as { KeyType: string; KeyARN?: string } | undefined;
    const state: DeliveryStreamState = {
      name,
      arn: deliveryStreamArn(this.account, name),
      type: type as DeliveryStreamState['type'],
      status: 'CREATING',
      createdAt: now,
      versionId: 1,
      ...(kinesisSource ? { source: { KinesisStreamARN: kinesisSource.KinesisStreamARN, RoleARN: kinesisSource.RoleARN, DeliveryStartTimestamp: now + this.createMs } } : {}),
      ...(type === 'DirectPut' && i.DirectPutSourceConfiguration ? { directPutHint: (i.DirectPutSourceConfiguration as { ThroughputHintInMBs: number }).ThroughputHintInMBs } : {}),
      ...(enc ? { encryption: { KeyType: enc.KeyType, ...(enc.KeyARN ? { KeyARN: enc.KeyARN } : {}), Status: 'ENABLED' as const } } : {}),
      destination: configured.value.s3,
      ...(configured.value.endpoint ? { endpoint: configured.value.endpoint } : {}),
      ...(configured.value.redshift ? { redshift: configured.value.redshift } : {}),
      tags: new Map(tagList.map((t) => [t.Key, t.Value ?? ''])),
    };
    this.add(state);
    this.scheduler.at(now + this.createMs, () => {
      if (state.status !== 'CREATING') return;
      state.status = 'ACTIVE';
      this.changed();
    });
    return ok({ DeliveryStreamARN: state.arn });
  }

  /** Adds a delivery stream (created now, or restored from storage by a host). */
  add(state: DeliveryStreamState): void {
    const q = directPutQuota(this.account.region);
    const now = this.now();
    const live: Live = {
      state,
      pipeline: this.pipelineFactory(this, state),
      quota: { records: new TokenBucket(q.records, q.records, now), requests: new TokenBucket(q.requests, q.requests, now), bytes: new TokenBucket(q.bytes, q.bytes, now) },
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

  private list(i: Record<string, unknown>): Result<unknown> {
    const type = i.DeliveryStreamType as string | undefined;
    const after = i.ExclusiveStartDeliveryStreamName as string | undefined;
    const names = [...this.streams.values()]
      .filter((s) => (type === undefined || s.state.type === type))
      .map((s) => s.state.name)
      .sort()
      .filter((n) => after === undefined || n > after);
    const limit = (i.Limit as number | undefined) ?? 10;
    return ok({ DeliveryStreamNames: names.slice(0, limit), HasMoreDeliveryStreams: names.length > limit });
  }

  private update(i: Record<string, unknown>): Result<unknown> {
    const s = this.streams.get(i.DeliveryStreamName as string);
    if (!s) return this.notFound(i.DeliveryStreamName as string);
    const st = s.state;
    if (st.status !== 'ACTIVE') {
      return fail('ResourceInUseException', `Firehose ${st.name} under account ${this.account.accountId} is not in ACTIVE state.`); // Unsure: AWS's text
    }
    if (i.CurrentDeliveryStreamVersionId !== String(st.versionId)) {
      return fail('ConcurrentModificationException',
        `Cannot update firehose: ${st.name} since the current version id: ${st.versionId} and supplied version id: ${i.CurrentDeliveryStreamVersionId as string} do not match`);
    }
    if (i.DestinationId !== DESTINATION_ID) {
      return invalid(`Destination Id ${i.DestinationId as string} not found for firehose ${st.name}.`); // Unsure: AWS's text
    }
    const keys = UPDATE_KEYS.filter((k) => i[k] !== undefined);
    if (keys.length !== 1) return invalid('Exactly one destination update is required.'); // Unsure
    const key = keys[0]!;
    const next = this.updateDestination(st, key, i[key] as Record<string, unknown>);
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

  /** A destination configuration of CreateDeliveryStream, checked, with AWS's defaults. */
  private configureDestination(key: string, input: Record<string, unknown>): Result<Configured> {
    if (key === 'ExtendedS3DestinationConfiguration' || key === 'S3DestinationConfiguration') {
      const dest = configureS3(input, key === 'ExtendedS3DestinationConfiguration');
      return dest.ok ? ok({ s3: dest.value }) : dest;
    }
    if (key === 'HttpEndpointDestinationConfiguration' || key === 'SplunkDestinationConfiguration' || key === 'AmazonopensearchserviceDestinationConfiguration') {
      const kind = key === 'SplunkDestinationConfiguration' ? 'Splunk' : key === 'HttpEndpointDestinationConfiguration' ? 'HttpEndpoint' : 'OpenSearch';
      return configureEndpoint(kind, input, lowerFirst(key), 'S3Configuration');
    }
    if (key === 'RedshiftDestinationConfiguration') return configureRedshift(input, lowerFirst(key), 'S3Configuration');
    return invalid(`Shardlab simulates Amazon S3, Amazon Redshift, HTTP endpoint, Splunk and Amazon OpenSearch Service destinations so far; ${key.replace(/Configuration$/, '')} is coming in a later version.`);
  }

  /**
   * An UpdateDestination: the same destination type merges (spec §2); another type replaces the
   * destination, so the update must then be a whole configuration of the new type.
   */
  private updateDestination(st: DeliveryStreamState, key: string, update: Record<string, unknown>): Result<Configured> {
    const path = lowerFirst(key);
    const kind = key === 'HttpEndpointDestinationUpdate' ? 'HttpEndpoint' : key === 'SplunkDestinationUpdate' ? 'Splunk'
      : key === 'AmazonopensearchserviceDestinationUpdate' ? 'OpenSearch' : key === 'ExtendedS3DestinationUpdate' || key === 'S3DestinationUpdate' ? 'S3'
      : key === 'RedshiftDestinationUpdate' ? 'Redshift' : undefined;
    if (!kind) return invalid(`Shardlab simulates Amazon S3, Amazon Redshift, HTTP endpoint, Splunk and Amazon OpenSearch Service destinations so far; ${key.replace(/Update$/, '')} is coming in a later version.`);
    const current = st.redshift ? 'Redshift' : st.endpoint?.kind ?? 'S3';
    // Spec §2: "OpenSearch can only be updated to OpenSearch."
    if ((current === 'OpenSearch') !== (kind === 'OpenSearch')) {
      return invalid(`Changing the destination from ${current} to ${kind} is not supported: an Amazon OpenSearch Service destination can only be updated to Amazon OpenSearch Service.`); // Unsure: AWS's text
    }
    if (kind === 'S3') {
      if (current === 'S3') {
        const next = updateS3(st.destination, update);
        return next.ok ? ok({ s3: next.value }) : next;
      }
      if (update.BucketARN === undefined || update.RoleARN === undefined) {
        return invalid(`Changing the destination from ${current} to Amazon S3 needs a whole configuration: RoleARN and BucketARN are required.`); // Unsure: AWS's text
      }
      const dest = configureS3(update, key === 'ExtendedS3DestinationUpdate', path);
      return dest.ok ? ok({ s3: dest.value }) : dest;
    }
    if (kind === 'Redshift') {
      if (st.redshift) return updateRedshift(st.redshift, st.destination, update, path);
      // Another type to Redshift: the update must be a whole configuration.
      for (const m of ['RoleARN', 'ClusterJDBCURL', 'CopyCommand'] as const) {
        if (update[m] === undefined) return invalid(`Changing the destination from ${current} to Amazon Redshift needs a whole configuration: ${m} is required.`); // Unsure: AWS's text
      }
      return configureRedshift(update, path, 'S3Update');
    }
    if (st.endpoint && st.endpoint.kind === kind) return updateEndpoint(st.endpoint, st.destination, update, path);
    return configureEndpoint(kind, update, path, 'S3Update');
  }

  private tag(i: Record<string, unknown>): Result<unknown> {
    const s = this.streams.get(i.DeliveryStreamName as string);
    if (!s) return this.notFound(i.DeliveryStreamName as string);
    const next = new Map(s.state.tags);
    for (const t of i.Tags as { Key: string; Value?: string }[]) next.set(t.Key, t.Value ?? '');
    if (next.size > 50) {
      return fail('LimitExceededException', `The number of tags on Firehose ${s.state.name} would exceed the limit of 50.`); // Unsure: AWS's text
    }
    s.state.tags.clear();
    for (const [k, v] of next) s.state.tags.set(k, v);
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
    if (!s.quota.requests.tryTake(1, now)) return slowDown();
    const accepted: InRecord[] = [];
    const responses: ({ RecordId: string } | { ErrorCode: string; ErrorMessage: string })[] = [];
    for (let k = 0; k < records.length; k++) {
      const size = sizes[k]!;
      const fits = s.quota.records.available(now) >= 1 && s.quota.bytes.available(now) >= size;
      if (!fits) {
        if (!batch) return slowDown();
        responses.push({ ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' });
        continue;
      }
      s.quota.records.take(1, now);
      s.quota.bytes.take(size, now);
      const recordId = this.recordId(s);
      accepted.push({ recordId, data: records[k]!.Data, arrival: now, bytes: size });
      responses.push({ RecordId: recordId });
    }
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

/** A checked destination: its S3 bucket (the destination, or the backup / intermediate bucket) and what else it is. */
type Configured = { s3: S3Config; endpoint?: EndpointDestination; redshift?: RedshiftConfig };

const WRITES = new Set<FirehoseOperation>(['CreateDeliveryStream', 'DeleteDeliveryStream', 'UpdateDestination', 'TagDeliveryStream', 'UntagDeliveryStream']);

const DESTINATION_KEYS = [
  'S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration', 'ElasticsearchDestinationConfiguration',
  'AmazonopensearchserviceDestinationConfiguration', 'AmazonOpenSearchServerlessDestinationConfiguration', 'SplunkDestinationConfiguration',
  'HttpEndpointDestinationConfiguration', 'SnowflakeDestinationConfiguration', 'IcebergDestinationConfiguration',
] as const;
const UPDATE_KEYS = DESTINATION_KEYS.map((k) => k.replace(/Configuration$/, 'Update'));


function invalid(message: string): { ok: false; error: AwsError } {
  return fail('InvalidArgumentException', message);
}

/** The Direct PUT quota's answer (spec §2.1). */
function slowDown(): { ok: false; error: AwsError } {
  return { ok: false, error: { __type: 'ServiceUnavailableException', message: 'Slow down.', status: 503 } };
}
