/**
 * A simulated Amazon OpenSearch Service domain (pure, in memory): indices of JSON documents, the
 * `_bulk` API as Firehose uses it (one `index` action per document), and a small search. A host
 * owns a registry of them (domains.ts) that answers Firehose's `_bulk` requests without network.
 *
 * What OpenSearch does and is emulated: an `index` action with an `_id` that exists replaces the
 * document (`result: "updated"`, `_version` + 1) — that is why Firehose's own document ids make a
 * retry harmless; without an `_id` the domain makes one up (a retry then duplicates). A source
 * that is not a JSON object fails that item alone with `mapper_parsing_exception` (status 400);
 * the other items of the request are indexed.
 */

/** One stored document. */
export interface StoredDocument {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
  readonly _version: number;
  /** Virtual epoch ms of the last write. */
  readonly indexedAt: number;
  /** Write order (newest first in search results). */
  readonly seq: number;
}

/** A `_bulk` response item (OpenSearch's shape). */
export interface BulkItem {
  readonly index: {
    readonly _index: string;
    readonly _id?: string;
    readonly status: number;
    readonly _version?: number;
    readonly result?: 'created' | 'updated';
    readonly error?: { readonly type: string; readonly reason: string; readonly caused_by?: { readonly type: string; readonly reason: string } };
  };
}

export interface BulkResponse {
  readonly took: number;
  readonly errors: boolean;
  readonly items: BulkItem[];
}

/** A search as the panel and `window.shardlab.opensearch` make it. */
export interface SearchQuery {
  /** Index name or pattern (`*` wildcards, comma-separated); default every index. */
  readonly index?: string;
  /** Free text across every field (any word matches, case-insensitive). Empty: match all. */
  readonly text?: string;
  /** A `match` on one field (dotted path): any word of `value` in the field's words. */
  readonly match?: { readonly field: string; readonly value: string };
  /** A `term` on one field: the exact value. */
  readonly term?: { readonly field: string; readonly value: string | number | boolean };
  /** Hits returned (default 20, at most 1000); `total` counts them all. */
  readonly size?: number;
}

export interface SearchHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source: Record<string, unknown>;
  readonly indexedAt: number;
}

export interface SearchResult {
  readonly total: number;
  readonly hits: SearchHit[];
}

/** A saved domain (plain data) for a host's persistence. */
export interface SavedDomain {
  readonly name: string;
  readonly docs: StoredDocument[];
  readonly seq: number;
  readonly indexed: number;
  readonly failed: number;
}

type Outcome = { ok: true; doc: Record<string, unknown> } | { ok: false; error: NonNullable<BulkItem['index']['error']> };

/** OpenSearch's verdict on a document source (one bulk line). */
export function parseSource(line: string): Outcome {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    // What OpenSearch answers for bytes that are not JSON (x-content) at all.
    return { ok: false, error: { type: 'mapper_parsing_exception', reason: 'failed to parse', caused_by: { type: 'not_x_content_exception', reason: 'Compressor detection can only be called on some xcontent bytes or compressed xcontent bytes' } } };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    // Unsure: OpenSearch's exact caused_by for JSON that is not an object (an array, a number).
    return { ok: false, error: { type: 'mapper_parsing_exception', reason: 'failed to parse', caused_by: { type: 'parse_exception', reason: 'Malformed content, must start with an object' } } };
  }
  return { ok: true, doc: v as Record<string, unknown> };
}

export class OpenSearchDomain {
  private readonly docs = new Map<string, StoredDocument>();
  private seq = 0;
  /** Documents indexed (created or updated) and items refused, since the start. */
  indexed = 0;
  failed = 0;

  constructor(readonly name: string) {}

  /**
   * Runs a `_bulk` body (NDJSON: an action line, then the source line). `newId` makes the id of a
   * document sent without one.
   */
  bulk(body: string, now: number, newId: () => string): { status: number; body: BulkResponse | { error: { type: string; reason: string }; status: number } } {
    const lines = body.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const items: BulkItem[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      let action: { index?: { _index?: string; _id?: string } };
      try {
        action = JSON.parse(lines[i]!) as typeof action;
      } catch {
        action = {};
      }
      if (!action.index?._index) {
        const reason = `Malformed action/metadata line [${i + 1}], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]`;
        return { status: 400, body: { error: { type: 'illegal_argument_exception', reason }, status: 400 } };
      }
      const index = action.index._index;
      const given = action.index._id;
      const source = lines[i + 1] ?? '';
      const parsed = parseSource(source);
      if (!parsed.ok) {
        this.failed++;
        items.push({ index: { _index: index, ...(given !== undefined ? { _id: given } : {}), status: 400, error: parsed.error } });
        continue;
      }
      const id = given ?? newId();
      const key = `${index}\u0000${id}`;
      const old = this.docs.get(key);
      const version = (old?._version ?? 0) + 1;
      this.docs.set(key, { _index: index, _id: id, _source: parsed.doc, _version: version, indexedAt: now, seq: ++this.seq });
      this.indexed++;
      items.push({ index: { _index: index, _id: id, _version: version, result: old ? 'updated' : 'created', status: old ? 200 : 201 } });
    }
    return { status: 200, body: { took: 1, errors: items.some((x) => x.index.error), items } };
  }

  /** Index names with their document counts, by name. */
  indices(): { name: string; docs: number }[] {
    const counts = new Map<string, number>();
    for (const d of this.docs.values()) counts.set(d._index, (counts.get(d._index) ?? 0) + 1);
    return [...counts].map(([name, docs]) => ({ name, docs })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get count(): number {
    return this.docs.size;
  }

  /** Matching documents, newest write first, with the total count. */
  search(q: SearchQuery = {}): SearchResult {
    const pattern = indexPattern(q.index);
    const words = tokens(q.text ?? '');
    const matchWords = q.match ? tokens(q.match.value) : [];
    const found: StoredDocument[] = [];
    for (const d of this.docs.values()) {
      if (!pattern(d._index)) continue;
      if (words.length && !words.some((w) => tokens(allText(d._source)).includes(w))) continue;
      if (q.match && !matchWords.some((w) => tokens(allText(fieldOf(d._source, q.match!.field))).includes(w))) continue;
      if (q.term && !termMatches(fieldOf(d._source, q.term.field), q.term.value)) continue;
      found.push(d);
    }
    found.sort((a, b) => b.seq - a.seq);
    const size = Math.max(0, Math.min(1000, q.size ?? 20));
    return { total: found.length, hits: found.slice(0, size).map((d) => ({ _index: d._index, _id: d._id, _source: d._source, indexedAt: d.indexedAt })) };
  }

  /** Deletes every document (of indices matching `pattern`, or all). */
  clear(pattern?: string): void {
    const p = indexPattern(pattern);
    for (const [k, d] of this.docs) if (p(d._index)) this.docs.delete(k);
  }

  save(): SavedDomain {
    return { name: this.name, docs: [...this.docs.values()], seq: this.seq, indexed: this.indexed, failed: this.failed };
  }

  load(s: SavedDomain): void {
    this.docs.clear();
    for (const d of s.docs) this.docs.set(`${d._index}\u0000${d._id}`, d);
    this.seq = s.seq;
    this.indexed = s.indexed;
    this.failed = s.failed;
  }
}

/** `logs-*`, `a,b`, `*` or undefined (all) → a test on index names. */
export function indexPattern(pattern: string | undefined): (name: string) => boolean {
  const parts = (pattern ?? '*').split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return () => true;
  const res = parts.map((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (name) => res.some((r) => r.test(name));
}

/** Lower-case words (what a standard analyzer would make, roughly). */
export function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
}

function allText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map(allText).join(' ');
  return String(v);
}

function fieldOf(doc: Record<string, unknown>, path: string): unknown {
  if (path in doc) return doc[path];
  let v: unknown = doc;
  for (const p of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function termMatches(v: unknown, want: string | number | boolean): boolean {
  if (Array.isArray(v)) return v.some((x) => termMatches(x, want));
  return v !== undefined && v !== null && typeof v !== 'object' && String(v) === String(want);
}
