/**
 * The simulated receivers a host owns (one registry per simulation): every request to a
 * vendor's intake URL (receivers.ts) is answered here, without network, and what arrived is kept
 * in the vendor's terms for the receivers panel and `window.shardlab.receivers`. Pure: time is
 * injected (virtual), nothing is fetched.
 *
 * For teaching retries an endpoint can be told to fail: `failNext(url, n, status)` answers the
 * next n delivery requests with that status (or `'timeout'`: no answer — for Splunk, the batch is
 * indexed but never acknowledged), and `setDown(url, true)` refuses connections until set up again.
 */
import type { HttpExchange, HttpRequest } from './httpEndpoint';
import { asReceiverUrl, countRecords, endpointSnapshot, newEndpoint, takeInjectedFailure, type FailureMode, type ReceiverEndpoint, type ReceiverRequest, type ReceiverSnapshot } from './receiverEndpoint.js';
import { endpointKey, firehoseAnswer, receiveFirehose, vendorOf, type ReceivedItem, type Vendor } from './receivers';
import { ackIdsOf, hecAnswer, hecAuth, hecChannel, hecEvents, hecFailure, HEC_ERRORS, hecRoute } from './splunkHec';
import { HEC_CODES } from './splunk';
import { EventHub } from '../observe/events.js';

export interface ReceiversOptions {
  /** Virtual now (epoch ms). */
  readonly now: () => number;
  /** Items kept per endpoint (default 200) and requests logged (default 50). */
  readonly keepItems?: number;
  readonly keepRequests?: number;
}

export class Receivers {
  private readonly endpoints = new Map<string, ReceiverEndpoint>();
  /** Change listeners; an observer's bug must not fail a delivery (reported out of band). */
  private readonly changes = new EventHub<void>((err) => void Promise.reject(err));
  private seq = 0;
  /** +1 on every change (cheap "did anything arrive?" for pollers). */
  version = 0;

  constructor(private readonly opts: ReceiversOptions) {}

  /** Whether `url` is a simulated receiver's (the transport answers it here, not with fetch). */
  handles(url: string): boolean {
    return vendorOf(url) !== undefined;
  }

  /** Answers one request to a simulated receiver. */
  handle(req: HttpRequest): HttpExchange {
    if (!this.handles(req.url)) return { failure: 'connection', message: `${req.url} is not a simulated receiver.` };
    const e = this.endpoint(req.url);
    e.url = e.vendor === 'splunk' ? e.url : req.url;
    const now = this.opts.now();
    try {
      return e.vendor === 'splunk' ? this.splunk(e, req, now) : this.firehose(e, req, now);
    } finally {
      this.changed();
    }
  }

  /** The next `n` delivery requests to `url` fail with `mode` (default 500). */
  failNext(url: string, n: number, mode: FailureMode = 500): void {
    const e = this.endpoint(url);
    e.failNext = Math.max(0, Math.floor(n));
    e.failWith = mode;
    this.changed();
  }

  /** A down endpoint refuses connections (Firehose: HttpEndpoint.ConnectionFailed, retried). */
  setDown(url: string, down: boolean): void {
    this.endpoint(url).down = down;
    this.changed();
  }

  /** Forgets what arrived (one endpoint, or all); failure settings stay. */
  clear(url?: string): void {
    const which = url === undefined ? [...this.endpoints.values()] : [this.endpoints.get(endpointKey(asReceiverUrl(url)))].filter((x) => x !== undefined);
    for (const e of which) {
      Object.assign(e, { received: 0, requests: 0, accepted: 0, refused: 0, recent: [], log: [] });
    }
    this.changed();
  }

  /** Makes `url`'s endpoint known (so it is listed before anything arrived); false if not simulated. */
  register(url: string): boolean {
    if (!this.handles(asReceiverUrl(url))) return false;
    if (!this.endpoints.has(endpointKey(url))) {
      this.endpoint(url);
      this.changed();
    }
    return true;
  }

  list(): ReceiverSnapshot[] {
    return [...this.endpoints.entries()].map(([key, e]) => endpointSnapshot(key, e));
  }

  get(url: string): ReceiverSnapshot | undefined {
    const key = endpointKey(asReceiverUrl(url));
    const e = this.endpoints.get(key);
    return e ? endpointSnapshot(key, e) : undefined;
  }

  observe(listener: () => void): () => void {
    return this.changes.observe(listener);
  }

  /**
   * The endpoint `url` reaches (made on first use); throws if `url` is no simulated receiver's.
   * A URL without a path (`https://splunk.example.com:8088`) names a Splunk HEC: that is how a
   * Splunk destination's HECEndpoint is written, and every HEC is simulated.
   */
  private endpoint(given: string): ReceiverEndpoint {
    const url = asReceiverUrl(given);
    const info = vendorOf(url);
    if (!info) throw new Error(`${url} is not the URL of a simulated receiver (Datadog, New Relic, MongoDB, Splunk HEC or https://*.shardlab.test).`);
    const key = endpointKey(url);
    let e = this.endpoints.get(key);
    if (!e) {
      e = newEndpoint(info.vendor === 'splunk' ? key : url, info.vendor);
      this.endpoints.set(key, e);
    }
    return e;
  }

  private firehose(e: ReceiverEndpoint, req: HttpRequest, now: number): HttpExchange {
    const id = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-firehose-request-id')?.[1] ?? '';
    e.requests++;
    const inject = takeInjectedFailure(e);
    if (inject !== undefined) {
      e.refused++;
      this.logRequest(e, { at: now, requestId: id, status: inject === 'refused' ? 'refused' : inject, records: countRecords(req), injected: true, note: inject === 'refused' ? 'endpoint down' : 'failed on purpose' });
      if (inject === 'refused') return { failure: 'connection', message: 'connect ECONNREFUSED (the simulated endpoint is down)' };
      if (inject === 'timeout') return { failure: 'timeout', message: 'The simulated endpoint did not answer.' };
      return firehoseAnswer(inject, id, now, `Simulated failure: status ${inject} (fail the next requests).`);
    }
    const out = receiveFirehose(e.vendor as Exclude<Vendor, 'splunk'>, req, now, this.seq);
    this.seq += out.records;
    const ok = out.response.status === 200;
    if (ok) e.accepted++;
    else e.refused++;
    this.keep(e, out.items);
    this.logRequest(e, { at: now, requestId: out.requestId, status: out.response.status, records: out.records, injected: false, ...(out.note ? { note: out.note } : {}) });
    return out.response;
  }

  private splunk(e: ReceiverEndpoint, req: HttpRequest, now: number): HttpExchange {
    const route = hecRoute(req.url);
    const auth = hecAuth(req);
    if (route === 'ack') {
      if ('error' in auth) return auth.error;
      const channel = hecChannel(req);
      const ids = ackIdsOf(req);
      if (!channel) return HEC_ERRORS.channelMissing();
      if (!ids) return HEC_ERRORS.invalidDataFormat();
      const acks = Object.fromEntries(ids.map((id) => [String(id), e.acks.get(`${channel}:${id}`) === true]));
      // An acknowledgment is reported once (as HEC does); withheld ones stay, counted as unacknowledged.
      for (const id of ids) if (acks[String(id)]) e.acks.delete(`${channel}:${id}`);
      return hecAnswer(200, 'Success', HEC_CODES.success, { acks });
    }
    const channel = hecChannel(req) ?? '';
    e.requests++;
    const log = (status: number | 'timeout' | 'refused', records: number, injected: boolean, note?: string) =>
      this.logRequest(e, { at: now, requestId: channel, status, records, injected, ...(note ? { note } : {}) });
    if (route === 'unknown') {
      e.refused++;
      log(404, 0, false, 'not an HEC endpoint');
      return hecAnswer(404, 'The requested URL was not found on this server.', 404);
    }
    const inject = takeInjectedFailure(e);
    if (inject === 'refused') {
      e.refused++;
      log('refused', 0, true, 'endpoint down');
      return { failure: 'connection', message: 'connect ECONNREFUSED (the simulated HEC is down)' };
    }
    if (typeof inject === 'number') {
      e.refused++;
      log(inject, 0, true, 'failed on purpose');
      return hecFailure(inject);
    }
    const fail = (res: ReturnType<typeof hecFailure>, note: string) => {
      e.refused++;
      log(res.status, 0, false, note);
      return res;
    };
    if ('error' in auth) return fail(auth.error, 'token refused');
    if (!channel) return fail(HEC_ERRORS.channelMissing(), 'no channel');
    const events = hecEvents(route, req, now, channel);
    if ('error' in events) return fail(events.error, 'events refused');
    const ackId = e.nextAck.get(channel) ?? 0;
    e.nextAck.set(channel, ackId + 1);
    // 'timeout' for Splunk: indexed, but the acknowledgment never comes (Splunk.AckTimeout).
    e.acks.set(`${channel}:${ackId}`, inject !== 'timeout');
    e.accepted++;
    this.keep(e, events.items);
    log(200, events.items.length, inject === 'timeout', inject === 'timeout' ? `ack ${ackId} withheld on purpose` : `ack ${ackId}`);
    return hecAnswer(200, 'Success', HEC_CODES.success, { ackId });
  }

  private keep(e: ReceiverEndpoint, items: readonly ReceivedItem[]): void {
    e.received += items.length;
    e.recent.push(...items);
    const max = this.opts.keepItems ?? 200;
    if (e.recent.length > max) e.recent.splice(0, e.recent.length - max);
  }

  private logRequest(e: ReceiverEndpoint, r: ReceiverRequest): void {
    e.log.push(r);
    const max = this.opts.keepRequests ?? 50;
    if (e.log.length > max) e.log.splice(0, e.log.length - max);
  }

  private changed(): void {
    this.version++;
    this.changes.emit();
  }

}
