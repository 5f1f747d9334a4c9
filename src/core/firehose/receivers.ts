/**
 * The simulated receivers' catalogue (pure): which URLs are a vendor's Firehose intake, and how
 * each vendor reads a Firehose request and answers it. No network: a host's `HttpTransport`
 * hands such requests to a `Receivers` registry (receiverRegistry.ts) instead of `fetch`.
 *
 * - Datadog logs intake: `https://aws-kinesis-http-intake.logs.<site>/v1/input` (sites
 *   datadoghq.com, us3/us5/ap1.datadoghq.com, datadoghq.eu, ddog-gov.com); AccessKey = API key.
 * - New Relic logs: `https://aws-api.newrelic.com/firehose/v1`, EU `https://aws-api.eu01.nr-data.net/firehose/v1`;
 *   AccessKey = license key.
 * - MongoDB Cloud: the Realm HTTPS webhook AWS's docs give,
 *   `https://webhooks.mongodb-realm.com/api/client/v2.0/app/<app-id>/service/<service>/incoming_webhook/<webhook>`
 *   (and Atlas App Services endpoints on `*.mongodb-api.com`); AccessKey = the webhook's API key.
 * - Splunk HEC: every URL under `/services/collector` (see `isSplunkUrl` for why all of them).
 * - Shardlab's own test endpoint: any `https://<name>.shardlab.test/...` (the `.test` TLD never
 *   resolves), a plain protocol-conforming endpoint that keeps the records as text.
 *
 * Unsure: the vendors' exact field names in their UIs (Datadog's log attributes, New Relic's
 * log attributes, MongoDB's namespace) — each is what the vendor's Firehose guide shows, simplified.
 */
import { gunzipSync } from 'fflate';
import { decodeBase64 } from '../util/base64';
import type { HttpRequest, HttpResponse } from './httpEndpoint';

export type Vendor = 'datadog' | 'newrelic' | 'mongodb' | 'splunk' | 'shardlab';

export interface VendorInfo {
  readonly vendor: Vendor;
  /** "Datadog", "New Relic"… */
  readonly label: string;
  /** What arrives there, in the vendor's words ("logs", "documents", "events"). */
  readonly items: string;
}

export const VENDORS: Readonly<Record<Vendor, VendorInfo>> = {
  datadog: { vendor: 'datadog', label: 'Datadog', items: 'logs' },
  newrelic: { vendor: 'newrelic', label: 'New Relic', items: 'logs' },
  mongodb: { vendor: 'mongodb', label: 'MongoDB Atlas', items: 'documents' },
  splunk: { vendor: 'splunk', label: 'Splunk', items: 'events' },
  shardlab: { vendor: 'shardlab', label: 'Test endpoint', items: 'records' },
};

/** The partners' intake URLs, for forms (first = default). */
export const PARTNER_URLS = {
  datadog: [
    { site: 'US1 (datadoghq.com)', url: 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input' },
    { site: 'US3', url: 'https://aws-kinesis-http-intake.logs.us3.datadoghq.com/v1/input' },
    { site: 'US5', url: 'https://aws-kinesis-http-intake.logs.us5.datadoghq.com/v1/input' },
    { site: 'EU (datadoghq.eu)', url: 'https://aws-kinesis-http-intake.logs.datadoghq.eu/v1/input' },
    { site: 'AP1', url: 'https://aws-kinesis-http-intake.logs.ap1.datadoghq.com/v1/input' },
    { site: 'US1-FED (ddog-gov.com)', url: 'https://aws-kinesis-http-intake.logs.ddog-gov.com/v1/input' },
  ],
  newrelic: [
    { site: 'US', url: 'https://aws-api.newrelic.com/firehose/v1' },
    { site: 'EU', url: 'https://aws-api.eu01.nr-data.net/firehose/v1' },
  ],
  mongodb: [
    { site: 'Realm webhook', url: 'https://webhooks.mongodb-realm.com/api/client/v2.0/app/shardlab-abcde/service/firehose/incoming_webhook/ingest' },
  ],
} as const;

const DATADOG_HOST = /^aws-kinesis-http-intake\.logs\.(?:(?:us3|us5|ap1|ap2)\.)?(?:datadoghq\.com|datadoghq\.eu|ddog-gov\.com)$/;
const NEWRELIC_HOSTS = new Set(['aws-api.newrelic.com', 'aws-api.eu01.nr-data.net', 'aws-api.eu.newrelic.com']);

interface UrlParts {
  readonly protocol: string;
  readonly origin: string;
  /** Lower-case, without the port. */
  readonly hostname: string;
  readonly pathname: string;
}

/** The parts of an absolute URL this module needs (the pure core has no `URL` class). */
export function parseUrl(url: string): UrlParts | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(:\d*)?([^?#]*)/.exec(url);
  if (!m || !m[3]) return undefined;
  const protocol = `${m[1]!.toLowerCase()}:`;
  const hostname = m[3].toLowerCase();
  const port = m[4] && m[4] !== ':' && !(protocol === 'https:' && m[4] === ':443') && !(protocol === 'http:' && m[4] === ':80') ? m[4] : '';
  return { protocol, hostname, origin: `${protocol}//${hostname}${port}`, pathname: m[5] || '/' };
}

/**
 * Every Splunk HEC URL is simulated. Decision: a real HEC needs indexer acknowledgment on a
 * channel, a token Firehose would carry to a server the learner rarely has, and CORS headers
 * Splunk does not send by default — so from a browser a real Splunk would only ever fail. The
 * simulated one answers as HEC does (tokens, Raw vs Event, acks), which is what there is to learn.
 */
export const isSplunkUrl = (url: string): boolean => parseUrl(url)?.pathname.startsWith('/services/collector') === true;

/** The simulated receiver `url` reaches, or `undefined` for a real endpoint (fetched). */
export function vendorOf(url: string): VendorInfo | undefined {
  const u = parseUrl(url);
  if (!u) return undefined;
  if (u.pathname.startsWith('/services/collector')) return VENDORS.splunk;
  if (u.protocol !== 'https:') return undefined;
  const host = u.hostname;
  if (DATADOG_HOST.test(host) && u.pathname === '/v1/input') return VENDORS.datadog;
  if (NEWRELIC_HOSTS.has(host) && u.pathname.replace(/\/$/, '') === '/firehose/v1') return VENDORS.newrelic;
  if (host === 'webhooks.mongodb-realm.com' || host.endsWith('.mongodb-realm.com') || host === 'data.mongodb-api.com' || host.endsWith('.data.mongodb-api.com')) return VENDORS.mongodb;
  if (host.endsWith('.shardlab.test')) return VENDORS.shardlab;
  return undefined;
}

/**
 * The identity of one receiving endpoint (what `failNext` and the panel key on): origin and
 * path without the query; a Splunk HEC is its origin (it is posted to on several paths).
 */
export function endpointKey(url: string): string {
  const u = parseUrl(url);
  if (!u) return url;
  if (u.pathname.startsWith('/services/collector')) return u.origin;
  return `${u.origin}${u.pathname.replace(/\/$/, '') || '/'}`;
}

/** One thing a receiver keeps, in its vendor's terms (a Datadog log, a MongoDB document…). */
export interface ReceivedItem {
  /** Virtual epoch ms. */
  readonly at: number;
  /** The Firehose request id (or Splunk channel) it came in. */
  readonly requestId: string;
  readonly doc: Readonly<Record<string, unknown>>;
}

/** What an endpoint answers, and what it kept. */
export interface ReceiverOutcome {
  readonly response: HttpResponse;
  readonly items: readonly ReceivedItem[];
  readonly requestId: string;
  readonly records: number;
  /** Why it refused, in a few words (for the request log). */
  readonly note?: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

export const jsonResponse = (status: number, body: unknown): HttpResponse => ({ status, headers: JSON_HEADERS, body: enc.encode(JSON.stringify(body)) });

/** The Firehose protocol's answer (httpdeliveryrequestresponse.html): requestId echoed, plus errorMessage on failure. */
export function firehoseAnswer(status: number, requestId: string, now: number, errorMessage?: string): HttpResponse {
  return jsonResponse(status, { requestId, timestamp: now, ...(errorMessage !== undefined ? { errorMessage } : {}) });
}

const header = (req: HttpRequest, name: string): string | undefined =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** The request body as text, gunzipped when it says so (or starts with gzip's magic). */
export function bodyText(req: HttpRequest): string {
  const b = req.body;
  const gz = header(req, 'content-encoding')?.toLowerCase() === 'gzip' || (b[0] === 0x1f && b[1] === 0x8b);
  return dec.decode(gz ? gunzipSync(b) : b);
}

interface FirehoseBody {
  readonly requestId: string;
  readonly timestamp: number;
  readonly records: readonly { data: string }[];
}

function parseFirehoseBody(req: HttpRequest): FirehoseBody | string {
  let v: unknown;
  try {
    v = JSON.parse(bodyText(req));
  } catch (e) {
    return `The request body is not JSON (${e instanceof Error ? e.message : String(e)}).`;
  }
  const b = v as Partial<FirehoseBody>;
  if (typeof b?.requestId !== 'string' || !Array.isArray(b.records)) return 'The request body is not a Firehose delivery request.';
  return { requestId: b.requestId, timestamp: typeof b.timestamp === 'number' ? b.timestamp : 0, records: b.records };
}

/** A record's text: gunzipped if it is gzip (CloudWatch Logs subscriptions arrive so). */
function recordText(data: string): string {
  const bytes = decodeBase64(data);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return dec.decode(gunzipSync(bytes));
    } catch {
      // not gzip after all
    }
  }
  return dec.decode(bytes);
}

function jsonObject(s: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A record as log lines: one per CloudWatch Logs event, else the record itself. */
function logLines(text: string): { message: string; timestamp?: number; logGroup?: string; logStream?: string; json?: Record<string, unknown> }[] {
  const o = jsonObject(text);
  if (o?.messageType === 'DATA_MESSAGE' && Array.isArray(o.logEvents)) {
    return (o.logEvents as { message?: string; timestamp?: number }[]).map((e) => ({
      message: e.message ?? '', ...(typeof e.timestamp === 'number' ? { timestamp: e.timestamp } : {}),
      ...(typeof o.logGroup === 'string' ? { logGroup: o.logGroup } : {}), ...(typeof o.logStream === 'string' ? { logStream: o.logStream } : {}),
    }));
  }
  if (o?.messageType === 'CONTROL_MESSAGE') return [];
  const trimmed = text.replace(/\n$/, '');
  const json = jsonObject(trimmed);
  return [{ message: trimmed, ...(json ? { json } : {}) }];
}

function commonAttributes(req: HttpRequest): Record<string, string> {
  const raw = header(req, 'x-amz-firehose-common-attributes');
  const parsed = raw ? jsonObject(raw)?.commonAttributes : undefined;
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
}

/** Hex id in MongoDB's ObjectId shape: 4 bytes of seconds, then a counter. */
const objectId = (now: number, n: number): string =>
  Math.floor(now / 1000).toString(16).padStart(8, '0') + n.toString(16).padStart(16, '0');

const DATADOG_KEY = /^[0-9a-f]{32}$/;
const NEWRELIC_KEY = /^(?:[0-9A-Za-z]{40}|NRII-[0-9A-Za-z_-]{32})$/;

/** What each vendor accepts as a key (shown to learners by the receivers panel). */
export const KEY_RULES: Readonly<Record<Vendor, string>> = {
  datadog: 'an API key: 32 hexadecimal characters',
  newrelic: 'a license key: 40 characters (or an Insert key NRII-…)',
  mongodb: 'any API key (the webhook only checks one is sent)',
  splunk: 'an HEC token: a GUID like 1b2c3d4e-0000-4000-8000-0123456789ab',
  shardlab: 'anything (it checks nothing)',
};

/** A demo key each vendor accepts (forms prefill it). */
export const DEMO_KEYS: Readonly<Record<Vendor, string>> = {
  datadog: '0123456789abcdef0123456789abcdef',
  newrelic: 'eu01xx0123456789abcdef0123456789abcdNRAL',
  mongodb: 'shardlab-demo-api-key',
  splunk: '1b2c3d4e-0000-4000-8000-0123456789ab',
  shardlab: '',
};

/**
 * A Firehose-protocol vendor (Datadog, New Relic, MongoDB, the test endpoint) receiving one
 * request: the key checked as the vendor does (403/401 with the protocol's error body), the
 * records read in the vendor's terms. `seq` numbers documents (MongoDB ids).
 */
export function receiveFirehose(vendor: Exclude<Vendor, 'splunk'>, req: HttpRequest, now: number, seq: number): ReceiverOutcome {
  const body = parseFirehoseBody(req);
  const idHeader = header(req, 'x-amz-firehose-request-id') ?? '';
  if (typeof body === 'string') return { response: firehoseAnswer(400, idHeader, now, body), items: [], requestId: idHeader, records: 0, note: 'bad request' };
  const { requestId } = body;
  const key = header(req, 'x-amz-firehose-access-key');
  const refuse = (status: number, message: string): ReceiverOutcome =>
    ({ response: firehoseAnswer(status, requestId, now, message), items: [], requestId, records: body.records.length, note: message });
  if (vendor === 'datadog' && !(key && DATADOG_KEY.test(key))) return refuse(403, 'Forbidden: the API key is missing or invalid.');
  if (vendor === 'newrelic' && !(key && NEWRELIC_KEY.test(key))) return refuse(403, 'Invalid license key.');
  if (vendor === 'mongodb' && !key) return refuse(401, 'Missing API key.');
  const attributes = commonAttributes(req);
  const items: ReceivedItem[] = [];
  const add = (doc: Record<string, unknown>) => items.push({ at: now, requestId, doc });
  for (let i = 0; i < body.records.length; i++) {
    const text = recordText(body.records[i]?.data ?? '');
    if (vendor === 'mongodb') {
      const doc = jsonObject(text.trim());
      if (!doc) return refuse(400, `Record ${i + 1} is not a JSON document; nothing was inserted.`);
      add({ _id: { $oid: objectId(now, seq + i) }, ...doc });
    } else if (vendor === 'datadog') {
      const tags = ['source:firehose', ...Object.entries(attributes).map(([k, v]) => `${k}:${v}`)];
      for (const l of logLines(text)) {
        add({
          date: new Date(l.timestamp ?? now).toISOString(), status: 'info', service: (l.json?.service as string | undefined) ?? 'firehose',
          message: l.message, tags, ...(l.logGroup ? { logGroup: l.logGroup, logStream: l.logStream } : {}), ...(l.json ? { attributes: l.json } : {}),
        });
      }
    } else if (vendor === 'newrelic') {
      for (const l of logLines(text)) add({ timestamp: l.timestamp ?? now, message: l.message, ...attributes, ...(l.logGroup ? { 'aws.logGroup': l.logGroup, 'aws.logStream': l.logStream } : {}), ...(l.json ?? {}) });
    } else {
      add({ record: i + 1, bytes: decodeBase64(body.records[i]?.data ?? '').length, data: text });
    }
  }
  return { response: firehoseAnswer(200, requestId, now), items, requestId, records: body.records.length };
}
