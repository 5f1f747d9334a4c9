/**
 * A simulated Splunk HTTP Event Collector, the receiving side (pure): the token check, the
 * request channel indexer acknowledgment needs, and how the Raw and Event endpoints turn a body
 * into events (Splunk's "Format events for HTTP Event Collector"). Acknowledgment ids and the
 * indexed/not-yet state live in the registry that owns the HEC (receiverRegistry.ts).
 */
import type { HttpRequest, HttpResponse } from './httpEndpoint';
import { bodyText, jsonResponse, type ReceivedItem } from './receivers';
import { HEC_CODES } from './splunk';

/** HEC's answer `{"text", "code"}` with its status. */
export const hecAnswer = (status: number, text: string, code: number, extra: Record<string, unknown> = {}): HttpResponse =>
  jsonResponse(status, { text, code, ...extra });

export const HEC_ERRORS = {
  tokenRequired: () => hecAnswer(401, 'Token is required', HEC_CODES.tokenRequired),
  invalidToken: () => hecAnswer(403, 'Invalid token', HEC_CODES.invalidToken),
  noData: () => hecAnswer(400, 'No data', HEC_CODES.noData),
  invalidDataFormat: (index?: number) => hecAnswer(400, 'Invalid data format', HEC_CODES.invalidDataFormat, index !== undefined ? { 'invalid-event-number': index } : {}),
  internalError: () => hecAnswer(500, 'Internal server error', HEC_CODES.internalError),
  serverBusy: () => hecAnswer(503, 'Server is busy', HEC_CODES.serverBusy),
  channelMissing: () => hecAnswer(400, 'Data channel is missing', HEC_CODES.channelMissing),
  eventRequired: (index: number) => hecAnswer(400, 'Event field is required', HEC_CODES.eventFieldRequired, { 'invalid-event-number': index }),
  eventBlank: (index: number) => hecAnswer(400, 'Event field cannot be blank', HEC_CODES.eventFieldBlank, { 'invalid-event-number': index }),
} as const;

/** The HEC answer for an injected failure status ("fail the next N requests"). */
export function hecFailure(status: number): HttpResponse {
  if (status === 401) return HEC_ERRORS.tokenRequired();
  if (status === 403) return HEC_ERRORS.invalidToken();
  if (status === 400) return HEC_ERRORS.invalidDataFormat();
  if (status === 503) return HEC_ERRORS.serverBusy();
  if (status === 500) return HEC_ERRORS.internalError();
  return hecAnswer(status, 'Simulated failure', HEC_CODES.internalError);
}

const TOKEN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const header = (req: HttpRequest, name: string): string | undefined =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];

/** `Authorization: Splunk <token>` → the token (a GUID for HEC), or the HEC error. */
export function hecAuth(req: HttpRequest): { token: string } | { error: HttpResponse } {
  const auth = header(req, 'authorization');
  if (!auth) return { error: HEC_ERRORS.tokenRequired() };
  const m = /^Splunk\s+(.+)$/.exec(auth.trim());
  if (!m || !TOKEN.test(m[1]!)) return { error: HEC_ERRORS.invalidToken() };
  return { token: m[1]! };
}

/** The acknowledgment channel (header, or `?channel=`). */
export function hecChannel(req: HttpRequest): string | undefined {
  return header(req, 'x-splunk-request-channel') ?? /[?&]channel=([^&#]+)/.exec(req.url)?.[1];
}

/** Where a request goes: the raw or event endpoint, the ack endpoint, or nowhere HEC knows. */
export function hecRoute(url: string): 'raw' | 'event' | 'ack' | 'unknown' {
  const path = /^[a-z]+:\/\/[^/]+([^?#]*)/i.exec(url)?.[1] ?? '';
  if (path === '/services/collector/raw' || path === '/services/collector/raw/1.0') return 'raw';
  if (path === '/services/collector' || path === '/services/collector/event' || path === '/services/collector/event/1.0') return 'event';
  if (path === '/services/collector/ack') return 'ack';
  return 'unknown';
}

/**
 * Events in a batch, as the indexer stores them. Raw: the body broken at newlines (HEC's
 * default line breaking), each line an event with the token's defaults. Event: JSON event
 * objects back to back, each with a non-empty `event`.
 * Unsure: the defaults a token gives (index `main`, sourcetype `aws:firehose`, source
 * `http:firehose`) — on Splunk they are set per token.
 */
export function hecEvents(route: 'raw' | 'event', req: HttpRequest, now: number, channel: string): { items: ReceivedItem[] } | { error: HttpResponse } {
  let text: string;
  try {
    text = bodyText(req);
  } catch {
    return { error: HEC_ERRORS.invalidDataFormat() };
  }
  if (text.trim() === '') return { error: HEC_ERRORS.noData() };
  const defaults = { time: now / 1000, host: 'firehose', source: 'http:firehose', sourcetype: 'aws:firehose', index: 'main' };
  const item = (doc: Record<string, unknown>): ReceivedItem => ({ at: now, requestId: channel, doc });
  if (route === 'raw') {
    return { items: text.split(/\r?\n/).filter((l) => l.trim() !== '').map((event) => item({ ...defaults, event })) };
  }
  const objects = splitConcatenatedJson(text);
  if (!objects) return { error: HEC_ERRORS.invalidDataFormat() };
  const items: ReceivedItem[] = [];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    if (o.event === undefined || o.event === null) return { error: HEC_ERRORS.eventRequired(i) };
    if (o.event === '') return { error: HEC_ERRORS.eventBlank(i) };
    const pick = (k: keyof typeof defaults) => (o[k] !== undefined ? o[k] : defaults[k]);
    items.push(item({ time: pick('time'), host: pick('host'), source: pick('source'), sourcetype: pick('sourcetype'), index: pick('index'), event: o.event, ...(o.fields ? { fields: o.fields } : {}) }));
  }
  return { items };
}

/** `{…}{…}` or `{…}\n{…}` → the objects; `undefined` if anything else is there. */
export function splitConcatenatedJson(text: string): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth === 0) return undefined;
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}') {
      if (depth === 0) return undefined;
      if (--depth === 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && !/\s/.test(c)) return undefined;
  }
  return depth === 0 && out.length > 0 ? out : undefined;
}

/** The ack poll's body `{"acks":[0,1]}` → the ids asked about. */
export function ackIdsOf(req: HttpRequest): number[] | undefined {
  try {
    const v = JSON.parse(bodyText(req)) as { acks?: unknown };
    return Array.isArray(v.acks) && v.acks.every((x) => typeof x === 'number') ? (v.acks as number[]) : undefined;
  } catch {
    return undefined;
  }
}
