/**
 * One simulated receiver endpoint's state (what arrived, what was answered, the failures to
 * inject) and the pure steps on it that do not depend on the vendor's protocol. The registry
 * that owns the endpoints and answers requests is receiverRegistry.ts.
 */
import type { HttpRequest } from './httpEndpoint.js';
import { bodyText, KEY_RULES, parseUrl, VENDORS, type ReceivedItem, type Vendor } from './receivers.js';

/** A failure to inject: an HTTP status, or no answer at all. */
export type FailureMode = number | 'timeout';

/** One request as the endpoint saw it (the request log shows retries keep their id). */
export interface ReceiverRequest {
  readonly at: number;
  readonly requestId: string;
  /** The status answered, `'timeout'` (no answer) or `'refused'` (down). */
  readonly status: number | 'timeout' | 'refused';
  readonly records: number;
  readonly note?: string;
  /** Failed on purpose (failNext / down). */
  readonly injected: boolean;
}

/** An endpoint as the receivers panel and `window.shardlab.receivers` show it (a copy). */
export interface ReceiverSnapshot {
  readonly key: string;
  readonly url: string;
  readonly vendor: Vendor;
  readonly label: string;
  /** "logs", "documents", "events", "records". */
  readonly itemsName: string;
  readonly keyRule: string;
  /** Items kept since the start (or the last clear). */
  readonly received: number;
  readonly requests: number;
  readonly accepted: number;
  readonly refused: number;
  /** The latest items, oldest first. */
  readonly recent: readonly ReceivedItem[];
  /** The latest requests, oldest first. */
  readonly log: readonly ReceiverRequest[];
  readonly failNext: number;
  readonly failWith: FailureMode;
  readonly down: boolean;
  /** Splunk: batches indexed but not acknowledged yet. */
  readonly unacknowledged: number;
}

/** An endpoint's mutable state, owned by the registry. */
export interface ReceiverEndpoint {
  url: string;
  readonly vendor: Vendor;
  received: number;
  requests: number;
  accepted: number;
  refused: number;
  recent: ReceivedItem[];
  log: ReceiverRequest[];
  failNext: number;
  failWith: FailureMode;
  down: boolean;
  /** Splunk: the next ack id per channel, and each ack's state (`channel:id` → indexed). */
  readonly nextAck: Map<string, number>;
  readonly acks: Map<string, boolean>;
}

/** A new endpoint: nothing received, no failure to inject. */
export function newEndpoint(url: string, vendor: Vendor): ReceiverEndpoint {
  return {
    url, vendor, received: 0, requests: 0, accepted: 0, refused: 0, recent: [], log: [],
    failNext: 0, failWith: 500, down: false, nextAck: new Map(), acks: new Map(),
  };
}

/** A copy of the endpoint's state under `key`, with its vendor's labels. */
export function endpointSnapshot(key: string, e: ReceiverEndpoint): ReceiverSnapshot {
  const info = VENDORS[e.vendor];
  return {
    key, url: e.url, vendor: e.vendor, label: info.label, itemsName: info.items, keyRule: KEY_RULES[e.vendor],
    received: e.received, requests: e.requests, accepted: e.accepted, refused: e.refused,
    recent: [...e.recent], log: [...e.log], failNext: e.failNext, failWith: e.failWith, down: e.down,
    unacknowledged: [...e.acks.values()].filter((v) => !v).length,
  };
}

/** Takes one injected failure, if any is due (a down endpoint refuses every request). */
export function takeInjectedFailure(e: ReceiverEndpoint): FailureMode | 'refused' | undefined {
  if (e.down) return 'refused';
  if (e.failNext <= 0) return undefined;
  e.failNext--;
  return e.failWith;
}

/** Records in a Firehose request body (0 if it is not one). */
export function countRecords(req: HttpRequest): number {
  try {
    const v = JSON.parse(bodyText(req)) as { records?: unknown };
    return Array.isArray(v.records) ? v.records.length : 0;
  } catch {
    return 0;
  }
}

/** A bare origin (no path) is a Splunk HEC endpoint as configured: its collector URL. */
export function asReceiverUrl(url: string): string {
  const u = parseUrl(url);
  return u && (u.pathname === '/' || u.pathname === '') && !/[?#]/.test(url) ? `${u.origin}/services/collector` : url;
}
