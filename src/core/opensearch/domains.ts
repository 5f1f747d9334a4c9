/**
 * The simulated OpenSearch Service domains a host owns (one registry per simulation, beside the
 * HTTP receivers): made on demand from a Firehose destination's `DomainARN`
 * (`arn:aws:es:<region>:<account>:domain/<name>`) or `ClusterEndpoint`, they answer Firehose's
 * `_bulk` requests without network and are searched by the OpenSearch panel and
 * `window.shardlab.opensearch`. Pure: time is injected.
 *
 * Decision — endpoints: a domain `<name>` is reached at `https://search-<name>.<region>.es.amazonaws.com`
 * (AWS adds a random id after the name; Shardlab leaves it out). A ClusterEndpoint under
 * `*.es.amazonaws.com` names the domain after its first label without `search-` — with AWS's id
 * kept, so `https://search-logs-abc123.us-east-1.es.amazonaws.com` is the domain `logs-abc123`.
 *
 * For teaching retries: `setDown(name, true)` refuses connections; `failNext(name, n, mode)`
 * answers the next n `_bulk` requests with an HTTP status (nothing indexed) or `'timeout'` — the
 * documents are indexed but the answer never comes, so Firehose retries them.
 */
import type { HttpExchange, HttpRequest } from '../firehose/httpEndpoint.js';
import { OpenSearchDomain, type SavedDomain, type SearchQuery, type SearchResult } from './domain.js';
import { EventHub } from '../observe/events.js';

export type DomainFailure = number | 'timeout';

export interface DomainSnapshot {
  readonly name: string;
  readonly endpoint: string;
  readonly documents: number;
  readonly indices: { name: string; docs: number }[];
  /** Documents indexed and items refused (mapper errors) since the start. */
  readonly indexed: number;
  readonly failed: number;
  readonly requests: number;
  readonly down: boolean;
  readonly failNext: number;
  readonly failWith: DomainFailure;
}

const HOST = /^https:\/\/search-([a-z0-9][a-z0-9-]{0,79})\.([a-z0-9-]+)\.es\.amazonaws\.com(?::443)?(\/[^?#]*)?([?#].*)?$/i;
const DOMAIN_ARN = /^arn:aws[a-z-]*:es:([a-z0-9-]+):\d{12}:domain\/([a-z][a-z0-9-]{2,27})$/;

/** The domain a ClusterEndpoint or `_bulk` URL reaches, if it is a simulated one. */
export function domainOfUrl(url: string): { name: string; region: string } | undefined {
  const m = HOST.exec(url);
  return m ? { name: m[1]!.toLowerCase(), region: m[2]!.toLowerCase() } : undefined;
}

export const isDomainUrl = (url: string): boolean => domainOfUrl(url) !== undefined;

/** `arn:aws:es:<region>:<account>:domain/<name>` → its parts. */
export function parseDomainArn(arn: string): { name: string; region: string } | undefined {
  const m = DOMAIN_ARN.exec(arn);
  return m ? { name: m[2]!, region: m[1]! } : undefined;
}

/** A domain's simulated endpoint. */
export const domainEndpoint = (name: string, region: string): string => `https://search-${name}.${region}.es.amazonaws.com`;

interface Entry {
  readonly domain: OpenSearchDomain;
  endpoint: string;
  requests: number;
  down: boolean;
  failNext: number;
  failWith: DomainFailure;
}

export class OpenSearchDomains {
  private readonly entries = new Map<string, Entry>();
  /** Change listeners; an observer's bug must not fail a delivery (reported out of band). */
  private readonly changes = new EventHub<void>((err) => void Promise.reject(err));
  private ids = 0;
  /** +1 on every change. */
  version = 0;

  constructor(private readonly opts: { readonly now: () => number }) {}

  handles(url: string): boolean {
    return isDomainUrl(url);
  }

  /** Answers one request (Firehose sends only `POST <endpoint>/_bulk`). */
  handle(req: HttpRequest): HttpExchange {
    const at = domainOfUrl(req.url);
    if (!at) return { failure: 'connection', message: `${req.url} is not a simulated OpenSearch domain.` };
    const e = this.entry(at.name, req.url.replace(/(\.com(?::443)?)\/.*$/i, '$1'));
    try {
      e.requests++;
      if (e.down) return { failure: 'connection', message: 'connect ECONNREFUSED (the simulated OpenSearch domain is down)' };
      const path = /\.com(?::443)?(\/[^?#]*)?/i.exec(req.url)?.[1] ?? '/';
      if (req.method !== 'POST' || !/^\/(?:[^/]+\/)?_bulk\/?$/.test(path)) return json(404, { error: { type: 'invalid_index_name_exception', reason: `no handler found for uri [${path}]` }, status: 404 });
      const inject = e.failNext > 0 ? (e.failNext--, e.failWith) : undefined;
      if (typeof inject === 'number') return json(inject, { error: { type: 'simulated_failure', reason: `Simulated failure: status ${inject} (fail the next requests).` }, status: inject });
      const out = e.domain.bulk(new TextDecoder().decode(req.body), this.opts.now(), () => this.newId());
      // 'timeout': indexed, but Firehose never hears so (it retries the same documents).
      if (inject === 'timeout') return { failure: 'timeout', message: 'The simulated OpenSearch domain did not answer.' };
      return json(out.status, out.body);
    } finally {
      this.changed();
    }
  }

  /** Makes a domain known (listed before anything arrived). */
  register(name: string, endpoint: string): void {
    if (!this.entries.has(name)) {
      this.entry(name, endpoint);
      this.changed();
    }
  }

  setDown(name: string, down: boolean): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.down = down;
    this.changed();
  }

  failNext(name: string, n: number, mode: DomainFailure = 503): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.failNext = Math.max(0, Math.floor(n));
    e.failWith = mode;
    this.changed();
  }

  search(name: string, q: SearchQuery = {}): SearchResult {
    return this.entries.get(name)?.domain.search(q) ?? { total: 0, hits: [] };
  }

  clear(name: string, pattern?: string): void {
    this.entries.get(name)?.domain.clear(pattern);
    this.changed();
  }

  list(): DomainSnapshot[] {
    return [...this.entries.values()].map((e) => ({
      name: e.domain.name, endpoint: e.endpoint, documents: e.domain.count, indices: e.domain.indices(),
      indexed: e.domain.indexed, failed: e.domain.failed, requests: e.requests, down: e.down, failNext: e.failNext, failWith: e.failWith,
    })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  get(name: string): DomainSnapshot | undefined {
    return this.list().find((d) => d.name === name);
  }

  observe(listener: () => void): () => void {
    return this.changes.observe(listener);
  }

  /** The documents, for a host that keeps them (the page: IndexedDB). */
  save(): { domains: (SavedDomain & { endpoint: string })[]; ids: number } {
    return { domains: [...this.entries.values()].map((e) => ({ ...e.domain.save(), endpoint: e.endpoint })), ids: this.ids };
  }

  load(saved: { domains: (SavedDomain & { endpoint: string })[]; ids: number } | undefined): void {
    if (!saved) return;
    for (const d of saved.domains) this.entry(d.name, d.endpoint).domain.load(d);
    this.ids = Math.max(this.ids, saved.ids);
    this.changed();
  }

  /** An id as OpenSearch makes one (20 URL-safe characters), deterministic here. */
  private newId(): string {
    const n = ++this.ids;
    return `os${n.toString(36).padStart(6, '0')}${((n * 2654435761) >>> 0).toString(36).padStart(7, 'a')}`.slice(0, 20).padEnd(20, 'A');
  }

  private entry(name: string, endpoint: string): Entry {
    let e = this.entries.get(name);
    if (!e) {
      e = { domain: new OpenSearchDomain(name), endpoint, requests: 0, down: false, failNext: 0, failWith: 503 };
      this.entries.set(name, e);
    }
    return e;
  }

  private changed(): void {
    this.version++;
    this.changes.emit();
  }

}

function json(status: number, body: unknown): HttpExchange {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
