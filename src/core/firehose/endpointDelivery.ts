/**
 * Delivery to an HTTP endpoint (partners included) or to Splunk, as AWS does it (spec §6–§8):
 * one request per batch (at most 10,000 records), the same request id on every retry, retries
 * with backoff (1 s × 2ⁿ, ±15 % jitter, capped at 2 min) until `RetryOptions.DurationInSeconds`
 * has passed — a window that opens when the first attempt failed and does not count time spent
 * waiting for responses (nor, for Splunk, for indexer acknowledgments) — then the batch is backed
 * up to the S3 bucket under the error prefix (`http-endpoint-failed` / `splunk-failed`). A 413 is
 * permanent: the batch is neither retried nor backed up. Records are settled only once delivered,
 * backed up or dropped.
 *
 * All waiting happens on the virtual clock: `tick(now)` starts the retries and acknowledgment
 * polls that are due. Requests go through the host's injected transport (the core does no I/O).
 */
import { endpointBackup } from './endpointBackup.js';
import { httpEndpointRequest, withDelimiter, type EndpointBatch, type EndpointFailure } from './endpointBatch.js';
import type { EndpointKind } from './events.js';
import { checkHttpResponse, isTransportFailure, retryDelay, RESPONSE_TIMEOUT_MS, transportVerdict, type HttpExchange } from './httpEndpoint.js';
import type { DeliveryStreamState, EndpointDestination, OpenSearchConfig } from './model.js';
import { uuidLike } from './objectKey.js';
import { openSearchEndpoint } from './openSearchConfig.js';
import { buildBulkRequest, bulkDocuments, judgeBulkResponse, OPENSEARCH_ERRORS, type DocumentFailure } from './openSearchDelivery.js';
import type { PipelineHost, PipelineRecord } from './pipelineTypes.js';
import { buildAckRequest, buildSplunkRequest, checkSplunkResponse, isAcknowledged, splunkMessage, SPLUNK_ERRORS } from './splunk.js';

/** Records per request (spec §7: `records` holds 1–10,000 entries). */
export const MAX_RECORDS_PER_REQUEST = 10_000;
/** How often Firehose asks HEC whether a batch was indexed. Unsure: AWS's poll interval is not documented. */
export const ACK_POLL_MS = 5_000;

/** What the pipeline lends the endpoint delivery. */
export interface EndpointContext {
  readonly host: PipelineHost;
  readonly state: DeliveryStreamState;
  /** The records' journey ended (delivered, backed up, or dropped after a 413). */
  settle(records: readonly PipelineRecord[]): void;
  /** Writes failed records to the error output (one line each); settles them once written. */
  backUp(records: readonly PipelineRecord[], errorOutputType: string, lines: string[]): void;
  /** The destination is no longer an endpoint (UpdateDestination): the records go back to the pipeline. */
  reroute(records: readonly PipelineRecord[]): void;
  /** Appended to each record's bytes (AppendDelimiterToRecord). */
  delimiter(): Uint8Array | undefined;
  track(p: Promise<void>): void;
  readonly closed: boolean;
}

/** Delivers a pipeline's flushed buffers to its endpoint destination, with AWS's retries and backup. */
export class EndpointDelivery {
  private readonly batches = new Set<EndpointBatch>();
  /** Splunk's indexer acknowledgment channel (one per pipeline). */
  private readonly channel: string;

  constructor(private readonly ctx: EndpointContext) {
    this.channel = uuidLike(() => ctx.host.random.next());
  }

  /** Records of batches not delivered yet (in flight, waiting for a retry or an acknowledgment). */
  get retrying(): number {
    let n = 0;
    for (const b of this.batches) if (b.windowStart !== undefined || b.ack || b.noAnswer) n += b.records.length;
    return n;
  }

  /** Sends a flushed buffer (split into requests of at most 10,000 records). */
  async deliver(records: PipelineRecord[]): Promise<void> {
    const sends: Promise<void>[] = [];
    for (let i = 0; i < records.length; i += MAX_RECORDS_PER_REQUEST) {
      const chunk = records.slice(i, i + MAX_RECORDS_PER_REQUEST);
      const b: EndpointBatch = { records: chunk, requestId: uuidLike(() => this.ctx.host.random.next()), oldest: Math.min(...chunk.map((r) => r.received)), attempts: 0, waited: 0, busy: false };
      this.batches.add(b);
      sends.push(this.attempt(b));
    }
    await Promise.all(sends);
  }

  /** Starts the retries and acknowledgment polls due at `now`. */
  tick(now: number): void {
    if (this.ctx.closed) return;
    const e = this.endpoint();
    for (const b of this.batches) {
      if (b.busy || b.ack?.polling) continue;
      if (!e) {
        // UpdateDestination made it an S3 destination: what waits here goes there.
        this.batches.delete(b);
        this.ctx.reroute(b.records);
        continue;
      }
      if (b.noAnswer) {
        if (now >= b.noAnswer.at) {
          const { start, at, failure } = b.noAnswer;
          b.noAnswer = undefined;
          this.failed(b, failure, start, at);
        }
        continue;
      }
      if (b.ack) {
        if (now >= b.ack.deadline) this.failed(b, { errorCode: SPLUNK_ERRORS.ackTimeout, errorMessage: splunkMessage(SPLUNK_ERRORS.ackTimeout), retry: true }, b.ack.start, b.ack.deadline);
        else if (now >= b.ack.nextPollAt) this.ctx.track(this.poll(b));
        continue;
      }
      if (b.nextAt === undefined || now < b.nextAt) continue;
      if (b.windowStart !== undefined && now >= this.windowEnd(b)) this.giveUp(b);
      else this.ctx.track(this.attempt(b));
    }
  }

  private windowEnd(b: EndpointBatch): number {
    return b.windowStart! + b.waited + this.endpoint()!.config.RetryOptions.DurationInSeconds * 1000;
  }

  private endpoint(): EndpointDestination | undefined {
    return this.ctx.state.endpoint;
  }

  /** One attempt with the configuration as it is now (URL or key changes apply to retries). */
  private async attempt(b: EndpointBatch): Promise<void> {
    const e = this.endpoint();
    if (!e) {
      this.batches.delete(b);
      this.ctx.reroute(b.records);
      return;
    }
    b.nextAt = undefined;
    b.attempts++;
    b.busy = true;
    try {
      await this.send(b, e);
    } finally {
      b.busy = false;
    }
  }

  private async send(b: EndpointBatch, e: EndpointDestination): Promise<void> {
    const h = this.ctx.host;
    const start = h.now();
    const data = this.payload(b.records);
    if (e.kind === 'HttpEndpoint') {
      const c = e.config;
      const out = await h.http(httpEndpointRequest(c, b.requestId, start, this.ctx.state.arn, data));
      const verdict = isTransportFailure(out) ? transportVerdict(out) : checkHttpResponse(b.requestId, out);
      if (verdict.ok) return this.delivered(b, 'HttpEndpoint', c.EndpointConfiguration.Url, data);
      return this.failedAfter(b, verdict, start, out);
    }
    if (e.kind === 'OpenSearch') return this.sendBulk(b, e.config, start);
    const c = e.config;
    const out = await h.http(buildSplunkRequest({ endpoint: c.HECEndpoint, type: c.HECEndpointType, token: c.HECToken, channel: this.channel, records: data }));
    if (isTransportFailure(out)) {
      const code = out.failure === 'timeout' ? SPLUNK_ERRORS.connectionTimeout : SPLUNK_ERRORS.invalidEndpoint;
      return this.failedAfter(b, { errorCode: code, errorMessage: splunkMessage(code), retry: true }, start, out);
    }
    const verdict = checkSplunkResponse(out);
    if (!verdict.ok) return this.failed(b, { ...verdict, retry: true }, start, h.now());
    // Accepted: now wait for the indexers (every attempt restarts the acknowledgment timer).
    b.ack = { ackId: verdict.ackId, start, deadline: start + c.HECAcknowledgmentTimeoutInSeconds * 1000, nextPollAt: h.now(), polling: false };
    await this.poll(b);
  }

  /**
   * A failed attempt. A simulated endpoint's "no answer" comes back at once: the attempt still
   * lasts until Firehose stops waiting (3 minutes after it started, in virtual time).
   */
  private failedAfter(b: EndpointBatch, f: EndpointFailure, start: number, out: HttpExchange): void {
    const now = this.ctx.host.now();
    const at = start + RESPONSE_TIMEOUT_MS;
    // AWS's own text stays in the error record; the transport's words go along for the learner.
    const g: EndpointFailure = isTransportFailure(out) && out.message ? { ...f, detail: out.message } : f;
    if (isTransportFailure(out) && out.failure === 'timeout' && now < at) b.noAnswer = { start, at, failure: g };
    else this.failed(b, g, start, now);
  }

  /** OpenSearch: one `_bulk` request; judged per document (openSearchDelivery.ts). */
  private async sendBulk(b: EndpointBatch, c: OpenSearchConfig, start: number): Promise<void> {
    const h = this.ctx.host;
    const endpoint = openSearchEndpoint(c, h.account.region);
    const docs = bulkDocuments(c, b.records);
    const out = await h.http(buildBulkRequest(endpoint, docs, this.ctx.delimiter()));
    if (isTransportFailure(out)) {
      const code = out.failure === 'timeout' ? OPENSEARCH_ERRORS.timeout : OPENSEARCH_ERRORS.connection;
      return this.failedAfter(b, { errorCode: code, errorMessage: out.message, retry: true }, start, out);
    }
    const verdict = judgeBulkResponse(out, docs.length);
    if (!verdict.ok) return this.failed(b, { ...verdict.failure, retry: true }, start, h.now());
    const done: PipelineRecord[] = [];
    const failures = new Map<PipelineRecord, DocumentFailure>();
    b.records.forEach((r, i) => {
      const f = verdict.failures[i];
      if (f) failures.set(r, f);
      else done.push(r);
    });
    if (!failures.size) return this.delivered(b, 'OpenSearch', endpoint, this.payload(b.records));
    if (done.length) {
      this.ctx.settle(done);
      h.events.emit({
        type: 'endpointDelivered', t: h.now(), deliveryStream: this.ctx.state.name, destination: 'OpenSearch', url: endpoint, requestId: b.requestId,
        records: done.length, bytes: done.reduce((a, r) => a + r.data.length, 0), attempts: b.attempts, oldestArrival: b.oldest,
      });
    }
    b.records = [...failures.keys()];
    b.docFailures = failures;
    const first = failures.values().next().value!;
    this.failed(b, { ...first, errorMessage: `${failures.size} of ${docs.length} documents refused: ${first.errorMessage}`, retry: true }, start, h.now());
  }

  private async poll(b: EndpointBatch): Promise<void> {
    const e = this.endpoint();
    const ack = b.ack;
    if (!ack || e?.kind !== 'Splunk') return;
    ack.polling = true;
    const out = await this.ctx.host.http(buildAckRequest({ endpoint: e.config.HECEndpoint, token: e.config.HECToken, channel: this.channel, ackIds: [ack.ackId] }));
    ack.polling = false;
    if (!isTransportFailure(out) && isAcknowledged(out, ack.ackId)) {
      b.ack = undefined;
      return this.delivered(b, 'Splunk', e.config.HECEndpoint, this.payload(b.records));
    }
    ack.nextPollAt = this.ctx.host.now() + ACK_POLL_MS;
  }

  private payload(records: readonly PipelineRecord[]): Uint8Array[] {
    return withDelimiter(records, this.ctx.delimiter());
  }

  private delivered(b: EndpointBatch, destination: EndpointKind, url: string, data: readonly Uint8Array[]): void {
    this.batches.delete(b);
    this.ctx.settle(b.records);
    const h = this.ctx.host;
    h.events.emit({
      type: 'endpointDelivered', t: h.now(), deliveryStream: this.ctx.state.name, destination, url, requestId: b.requestId,
      records: b.records.length, bytes: data.reduce((a, r) => a + r.length, 0), attempts: b.attempts, oldestArrival: b.oldest,
    });
  }

  /** An attempt failed at `end`: retried after the backoff unless the window is over (or 413). */
  private failed(b: EndpointBatch, f: EndpointFailure, start: number, end: number): void {
    const e = this.endpoint();
    b.ack = undefined;
    b.last = { errorCode: f.errorCode, errorMessage: f.errorMessage };
    const base = { type: 'deliveryFailed' as const, t: this.ctx.host.now(), deliveryStream: this.ctx.state.name, errorCode: f.errorCode, errorMessage: f.errorMessage, records: b.records.length, requestId: b.requestId, attempt: b.attempts, ...(e ? { destination: e.kind } : {}), ...(f.detail ? { detail: f.detail } : {}) };
    if (!f.retry) {
      // 413: "the batch is not retried and not sent to the error bucket" (spec §7).
      this.batches.delete(b);
      this.ctx.settle(b.records);
      this.ctx.host.events.emit({ ...base, outcome: 'dropped' });
      return;
    }
    if (b.windowStart === undefined) b.windowStart = end;
    else b.waited += end - start;
    if (!e || end >= this.windowEnd(b)) return this.giveUp(b);
    const delay = retryDelay(b.attempts - 1, () => this.ctx.host.random.next());
    b.nextAt = Math.min(end + delay, this.windowEnd(b));
    this.ctx.host.events.emit({ ...base, nextAttemptAt: b.nextAt });
  }

  /** The retry window is over: the batch goes to the S3 bucket as AWS's failed-record lines. */
  private giveUp(b: EndpointBatch): void {
    this.batches.delete(b);
    const e = this.endpoint();
    const h = this.ctx.host;
    const now = h.now();
    const last = b.last ?? { errorCode: 'HttpEndpoint.DestinationException', errorMessage: '' };
    h.events.emit({ type: 'deliveryFailed', t: now, deliveryStream: this.ctx.state.name, errorCode: last.errorCode, errorMessage: `${last.errorMessage} Retry duration over: backed up to S3.`, records: b.records.length, requestId: b.requestId, attempt: b.attempts, outcome: 'backedUp', ...(e ? { destination: e.kind } : {}) });
    const { errorOutputType, lines } = endpointBackup(e, b, last, now);
    this.ctx.backUp(b.records, errorOutputType, lines);
  }
}
