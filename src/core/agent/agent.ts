/**
 * The Kinesis Agent (awslabs/amazon-kinesis-agent) driven by virtual time. Each `tick(now)`:
 * per flow, polls its files (every minTimeBetweenFilePollsMillis), converts records
 * (dataProcessingOptions), adds them to the flow's buffer, seals the buffer when it is full
 * (records or bytes) or old (maxBufferAgeMillis), and sends sealed buffers in order with
 * PutRecords / PutRecordBatch. Records a response marks failed are retried with exponential
 * backoff (retryInitialBackoffMillis doubling up to retryMaxBackoffMillis). A flow's checkpoint
 * (file id + offset) moves only past records that were acknowledged, so an agent restored from
 * `checkpoints()` re-reads exactly what was not yet delivered (spec §3.4).
 */
import { createRandom, type Random } from '../sim/random.js';
import { md5, toHex } from '../util/md5.js';
import { agentMetrics, destinationDimension, initialCounters, parserName, putCallsName, senderName, serviceErrorsName, type AgentMetrics, type DestinationMetrics } from './agentMetrics.js';
import { parseAgentConfig, type AgentConfig, type FlowConfig } from './config.js';
import { converterChain, type Converter } from './processing.js';
import { put, type AgentDestinations, type Outgoing } from './sender.js';
import { FlowTailer, type FilePosition, type RawRecord } from './tailer.js';
import type { VirtualFileSystem } from './vfs.js';

export type { AgentDestinations, PutRecordBatchOutput, PutRecordsOutput } from './sender.js';

/** A row of the agent's FILE_CHECKPOINTS table (SQLiteFileCheckpointStore). */
export interface FlowCheckpoint {
  readonly flow: string;
  readonly path: string;
  readonly fileId: string;
  readonly offset: number;
  readonly lastModifiedTime: number;
  readonly size: number;
  readonly lastUpdated: number;
}

export interface KinesisAgentOptions {
  /** agent.json text, or a validated configuration. */
  readonly config: string | AgentConfig;
  readonly vfs: VirtualFileSystem;
  readonly destinations: AgentDestinations;
  /** Seeds RANDOM partition keys (default 1). */
  readonly seed?: number;
  /** Checkpoints saved by an earlier agent (same as calling `restore`). */
  readonly checkpoints?: readonly FlowCheckpoint[];
}

interface SealedBuffer {
  records: Outgoing[];
  readonly end: FilePosition;
  failures: number;
  retryAt: number;
}

interface Flow {
  readonly cfg: FlowConfig;
  tailer: FlowTailer;
  readonly convert: Converter;
  buffer: Outgoing[];
  bufferBytes: number;
  bufferSince: number;
  queue: SealedBuffer[];
  committed: FlowCheckpoint | undefined;
  nextPollAt: number;
  readonly counters: Map<string, number>;
}

/** Records sealed buffers wait for before polling stops (publishQueueCapacity). */
const PUBLISH_QUEUE_CAPACITY = 100;
const MiB = 1024 * 1024;

export class KinesisAgent {
  readonly config: AgentConfig;
  private readonly flows: Flow[];
  private readonly random: Random;
  private readonly cloudwatch = new Map<string, DestinationMetrics>();
  private startedAt: number | undefined;
  private lastNow = 0;

  /** Throws Error listing the problems when the configuration is invalid. */
  constructor(private readonly opts: KinesisAgentOptions) {
    if (typeof opts.config === 'string') {
      const parsed = parseAgentConfig(opts.config);
      if (!parsed.ok) throw new Error(`Invalid agent.json: ${parsed.issues.map((i) => `${i.path || '(file)'}: ${i.message}`).join('; ')}`);
      this.config = parsed.value;
    } else this.config = opts.config;
    this.random = createRandom(opts.seed ?? 1);
    this.flows = this.config.flows.map((cfg) => this.newFlow(cfg, undefined));
    if (opts.checkpoints) this.restore(opts.checkpoints);
  }

  /**
   * Resumes each flow from its checkpoint (a new agent after a restart). Buffered, unsent
   * records are dropped: they are read again from the checkpoint.
   */
  restore(checkpoints: readonly FlowCheckpoint[]): void {
    for (let i = 0; i < this.flows.length; i++) {
      const cfg = this.flows[i]!.cfg;
      const cp = checkpoints.find((c) => c.flow === cfg.id);
      this.flows[i] = this.newFlow(cfg, cp);
    }
  }

  /** The checkpoint of every flow that has one (offsets past acknowledged records only). */
  checkpoints(): FlowCheckpoint[] {
    return this.flows.flatMap((f) => (f.committed ? [f.committed] : []));
  }

  /** Advances the agent to virtual time `now`. */
  async tick(now: number): Promise<void> {
    this.startedAt ??= now;
    this.lastNow = now;
    for (const flow of this.flows) {
      if (now >= flow.nextPollAt && flow.queue.length < PUBLISH_QUEUE_CAPACITY) {
        flow.nextPollAt = now + flow.cfg.minTimeBetweenFilePollsMillis;
        for (const r of flow.tailer.poll()) this.accept(flow, r, now);
      }
      if (flow.buffer.length > 0 && now - flow.bufferSince >= flow.cfg.maxBufferAgeMillis) this.seal(flow, flow.tailer.position()!);
      await this.send(flow, now);
      if (flow.buffer.length === 0 && flow.queue.length === 0) this.commit(flow, flow.tailer.position(), now);
    }
  }

  /** Counters with the agent's own names (see AgentMetrics). */
  metrics(): AgentMetrics {
    return agentMetrics(this.flows, this.cloudwatch, this.startedAt === undefined ? 0 : this.lastNow - this.startedAt);
  }

  private newFlow(cfg: FlowConfig, cp: FlowCheckpoint | undefined): Flow {
    return {
      cfg,
      tailer: new FlowTailer(this.opts.vfs, cfg, cp && { fileId: cp.fileId, path: cp.path, offset: cp.offset, lastModifiedTime: cp.lastModifiedTime }),
      convert: converterChain(cfg.dataProcessingOptions),
      buffer: [],
      bufferBytes: 0,
      bufferSince: 0,
      queue: [],
      committed: cp,
      nextPollAt: -Infinity,
      counters: initialCounters(cfg),
    };
  }

  private count(flow: Flow, name: string, n = 1): void {
    flow.counters.set(name, (flow.counters.get(name) ?? 0) + n);
  }

  /** Converts one record read from a file and adds it to the flow's buffer. */
  private accept(flow: Flow, raw: RawRecord, now: number): void {
    const p = parserName(flow.cfg);
    this.count(flow, `${p}.TotalRecordsParsed`);
    let data: Uint8Array = raw.bytes;
    if (flow.cfg.dataProcessingOptions.length > 0) {
      const converted = flow.convert(new TextDecoder().decode(raw.bytes), now);
      if (converted === null) {
        // LOGTOJSON could not parse it: AbstractParser counts it and never sends it.
        this.count(flow, `${p}.TotalRecordsSkipped`);
        return;
      }
      this.count(flow, `${p}.TotalRecordsProcessed`);
      data = new TextEncoder().encode(converted);
    }
    const key = flow.cfg.destination.kind === 'kinesis' ? this.partitionKey(flow.cfg, data) : '';
    data = this.truncate(flow, data, key);
    const size = data.length + key.length;
    if (flow.buffer.length > 0 && (flow.buffer.length >= flow.cfg.maxBufferSizeRecords || flow.bufferBytes + size > flow.cfg.maxBufferSizeBytes)) {
      this.seal(flow, raw.start);
    }
    if (flow.buffer.length === 0) flow.bufferSince = now;
    flow.buffer.push({ data, key });
    flow.bufferBytes += size;
    if (flow.buffer.length >= flow.cfg.maxBufferSizeRecords || flow.bufferBytes >= flow.cfg.maxBufferSizeBytes) this.seal(flow, raw.end);
  }

  /**
   * Records over the service's limit are cut and end with truncatedRecordTerminator (KDS: 1 MiB
   * including the partition key; Firehose: 1,000 KiB).
   */
  private truncate(flow: Flow, data: Uint8Array, key: string): Uint8Array {
    const max = flow.cfg.destination.kind === 'kinesis' ? MiB - key.length : 1_024_000;
    if (data.length <= max) return data;
    this.count(flow, `${parserName(flow.cfg)}.TotalRecordsTruncated`);
    const term = new TextEncoder().encode(flow.cfg.truncatedRecordTerminator);
    const out = new Uint8Array(max);
    out.set(data.subarray(0, max - term.length));
    out.set(term, max - term.length);
    return out;
  }

  /** RANDOM: a random double in [0, 1e6) as text; DETERMINISTIC: hex MD5 of the data (spec §3.2). */
  private partitionKey(cfg: FlowConfig, data: Uint8Array): string {
    return cfg.partitionKeyOption === 'DETERMINISTIC' ? toHex(md5(data)) : String(this.random.next() * 1e6);
  }

  private seal(flow: Flow, end: FilePosition): void {
    if (flow.buffer.length === 0) return;
    flow.queue.push({ records: flow.buffer, end, failures: 0, retryAt: -Infinity });
    flow.buffer = [];
    flow.bufferBytes = 0;
  }

  /** Sends the flow's sealed buffers in order, while they succeed and are due. */
  private async send(flow: Flow, now: number): Promise<void> {
    const s = senderName(flow.cfg);
    const dim = destinationDimension(flow.cfg);
    let cw = this.cloudwatch.get(dim);
    if (!cw) this.cloudwatch.set(dim, (cw = { BytesSent: 0, RecordSendAttempts: 0, RecordSendErrors: 0, ServiceErrors: 0 }));
    while (flow.queue.length > 0 && flow.queue[0]!.retryAt <= now) {
      const buf = flow.queue[0]!;
      const n = buf.records.length;
      this.count(flow, `${s}.${putCallsName(flow.cfg)}`);
      this.count(flow, `${s}.TotalRecordsAttempted`, n);
      cw.RecordSendAttempts += n;
      const errors = await put(this.opts.destinations, flow.cfg.destination, buf.records);
      if (errors === 'service') {
        cw.ServiceErrors++;
        this.count(flow, `${s}.${serviceErrorsName(flow.cfg)}`);
        this.backoff(flow, buf, now);
        return;
      }
      const failed: Outgoing[] = [];
      buf.records.forEach((r, i) => {
        const code = errors[i];
        if (code === undefined) {
          cw.BytesSent += r.data.length;
          return;
        }
        failed.push(r);
        this.count(flow, `${s}.Error(${code})`);
      });
      cw.RecordSendErrors += failed.length;
      this.count(flow, `${s}.TotalRecordsSent`, n - failed.length);
      this.count(flow, `${s}.TotalRecordsFailed`, failed.length);
      if (failed.length > 0) {
        buf.records = failed;
        this.backoff(flow, buf, now);
        return;
      }
      flow.queue.shift();
      this.commit(flow, buf.end, now);
    }
  }

  private backoff(flow: Flow, buf: SealedBuffer, now: number): void {
    buf.failures++;
    buf.retryAt = now + Math.min(flow.cfg.retryInitialBackoffMillis * 2 ** (buf.failures - 1), flow.cfg.retryMaxBackoffMillis);
  }

  private commit(flow: Flow, pos: FilePosition | undefined, now: number): void {
    if (!pos) return;
    const stat = this.opts.vfs.statById(pos.fileId);
    const c = flow.committed;
    if (c && c.fileId === pos.fileId && c.offset === pos.offset) return;
    flow.committed = {
      flow: flow.cfg.id,
      path: stat?.path ?? pos.path,
      fileId: pos.fileId,
      offset: pos.offset,
      lastModifiedTime: stat?.mtime ?? c?.lastModifiedTime ?? 0,
      size: stat?.size ?? pos.offset,
      lastUpdated: now,
    };
  }
}
