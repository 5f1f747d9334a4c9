/**
 * What a simulated receiver kept, made readable in its vendor's terms for the receivers panel: a
 * Datadog log line, a New Relic log with its attributes, a MongoDB document, a Splunk event with
 * its index and sourcetype. Pure (tested without a browser).
 */
import type { ReceivedItem, Vendor } from '../../core/firehose/receivers';
import type { FailureMode, ReceiverRequest } from '../../core/firehose/receiverEndpoint';
import { formatUtcTime } from './format';

export interface ItemView {
  /** `14:03:07` (virtual, UTC). */
  readonly time: string;
  readonly title: string;
  /** The main text: a log message, a document, an event. */
  readonly body: string;
  /** Small labels: tags, attributes, host/source. */
  readonly chips: readonly string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const pretty = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

export function itemView(vendor: Vendor, item: ReceivedItem): ItemView {
  const d = item.doc;
  switch (vendor) {
    case 'datadog':
      return {
        time: formatUtcTime(Date.parse(str(d.date)), false), title: `${str(d.service)} · ${str(d.status).toUpperCase()}`,
        body: str(d.message), chips: Array.isArray(d.tags) ? d.tags.map(str) : [],
      };
    case 'newrelic': {
      const { timestamp, message, ...attributes } = d;
      return { time: formatUtcTime(Number(timestamp), false), title: 'Log', body: str(message), chips: Object.entries(attributes).map(([k, v]) => `${k}: ${str(v)}`) };
    }
    case 'mongodb': {
      const { _id, ...rest } = d;
      const oid = (_id as { $oid?: string } | undefined)?.$oid ?? '';
      return { time: formatUtcTime(item.at, false), title: `ObjectId("${oid}")`, body: pretty(rest), chips: [] };
    }
    case 'splunk':
      return {
        time: formatUtcTime(Number(d.time) * 1000, false), title: `index=${str(d.index)} sourcetype=${str(d.sourcetype)}`,
        body: pretty(d.event), chips: [`host=${str(d.host)}`, `source=${str(d.source)}`],
      };
    case 'shardlab':
      return { time: formatUtcTime(item.at, false), title: `record ${str(d.record)} · ${str(d.bytes)} B`, body: str(d.data), chips: [] };
  }
}

/** A request-log line: `200`, `500 · failed on purpose`, `no answer`, `refused (down)`. */
export function requestStatus(r: ReceiverRequest): { readonly text: string; readonly ok: boolean } {
  const status = r.status === 'timeout' ? 'no answer' : r.status === 'refused' ? 'connection refused' : String(r.status);
  return { text: r.note ? `${status} · ${r.note}` : status, ok: r.status === 200 && !r.injected };
}

/** The failures the panel offers, per vendor (Splunk's "timeout" is a withheld acknowledgment). */
export function failureChoices(vendor: Vendor): readonly { readonly mode: FailureMode; readonly label: string }[] {
  const common = [
    { mode: 500, label: '500 server error' },
    { mode: 503, label: '503 unavailable' },
    { mode: 403, label: '403 forbidden' },
  ] as const;
  if (vendor === 'splunk') return [...common, { mode: 400, label: '400 bad data' }, { mode: 'timeout', label: 'no acknowledgment' }];
  return [...common, { mode: 413, label: '413 too large (dropped!)' }, { mode: 'timeout', label: 'no answer (3 min)' }];
}
