/**
 * Delivery to Amazon OpenSearch Service as Firehose does it (spec §6): one `_bulk` request per
 * batch with an `index` action per record — into `IndexName` rotated by the record's UTC arrival
 * time, with Firehose's own document id (FIREHOSE_DEFAULT: the same on every retry, so a retry
 * overwrites instead of duplicating) or none (NO_DOCUMENT_ID: the domain makes one up). The
 * response is judged per item: documents the domain refused are retried until the retry window
 * is over, then written to S3 under `AmazonOpenSearchService-failed/` in AWS's line format.
 */
import { encodeBase64 } from '../util/base64.js';
import type { PipelineRecord } from './pipelineTypes.js';
import type { HttpRequest, HttpResponse } from './httpEndpoint.js';
import type { OpenSearchConfig } from './model.js';
import { rotatedIndexName } from '../opensearch/indexName.js';
import { errorRecordLine, type ErrorRecordCommon } from './errorRecord.js';

export const OPENSEARCH_ERROR_TYPE = 'AmazonOpenSearchService-failed';

/** Error codes of whole-request failures. Unsure: AWS documents only the `OS.` prefix of these codes. */
export const OPENSEARCH_ERRORS = {
  connection: 'OS.ConnectionFailed',
  timeout: 'OS.RequestTimeout',
  server: 'OS.ServerError',
  invalidResponse: 'OS.InvalidResponse',
} as const;

/** Firehose's document id for a record (FIREHOSE_DEFAULT): stable across retries. */
export function firehoseDocumentId(r: PipelineRecord): string {
  // Unsure: AWS's id format ("a unique internal identifier"); the record id with its part number here.
  const sub = r.recordId === r.sourceId ? 0 : Number(r.recordId.slice(r.sourceId.length + 1)) || 0;
  return `${r.sourceId}.${sub}`;
}

export interface BulkDocument {
  readonly record: PipelineRecord;
  readonly index: string;
  readonly id?: string;
}

/** Where each record goes (index, id). */
export function bulkDocuments(c: OpenSearchConfig, records: readonly PipelineRecord[]): BulkDocument[] {
  const ids = c.DocumentIdOptions.DefaultDocumentIdFormat === 'FIREHOSE_DEFAULT';
  return records.map((r) => ({ record: r, index: rotatedIndexName(c.IndexName, c.IndexRotationPeriod, r.received), ...(ids ? { id: firehoseDocumentId(r) } : {}) }));
}

const decoder = new TextDecoder();

/**
 * The `_bulk` request. A record's bytes are its source line; one trailing newline (what most
 * producers append) is dropped. Unsure: what AWS does with a record that has newlines inside —
 * here it breaks the NDJSON framing as it would on the wire, and the domain refuses the request.
 */
export function buildBulkRequest(endpoint: string, docs: readonly BulkDocument[], delimiter?: Uint8Array): HttpRequest {
  const lines: string[] = [];
  for (const d of docs) {
    const action = { index: { _index: d.index, ...(d.id !== undefined ? { _id: d.id } : {}) } };
    let text = decoder.decode(d.record.data) + (delimiter ? decoder.decode(delimiter) : '');
    text = text.replace(/\r?\n$/, '');
    lines.push(JSON.stringify(action), text);
  }
  return { url: `${endpoint}/_bulk`, method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: new TextEncoder().encode(`${lines.join('\n')}\n`) };
}

export interface DocumentFailure {
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** The verdict on a `_bulk` response: per document, indexed or its failure; or a failed request. */
export function judgeBulkResponse(res: HttpResponse, count: number): { ok: true; failures: (DocumentFailure | undefined)[] } | { ok: false; failure: DocumentFailure } {
  const text = typeof res.body === 'string' ? res.body : res.body ? decoder.decode(res.body) : '';
  if (res.status < 200 || res.status >= 300) {
    return { ok: false, failure: { errorCode: res.status >= 500 ? OPENSEARCH_ERRORS.server : String(res.status), errorMessage: text || `Status ${res.status}` } };
  }
  let body: { items?: { index?: { status?: number; error?: unknown } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { ok: false, failure: { errorCode: OPENSEARCH_ERRORS.invalidResponse, errorMessage: 'The _bulk response is not JSON.' } };
  }
  if (!Array.isArray(body.items) || body.items.length !== count) {
    return { ok: false, failure: { errorCode: OPENSEARCH_ERRORS.invalidResponse, errorMessage: 'The _bulk response does not have one item per document.' } };
  }
  return {
    ok: true,
    failures: body.items.map((it) => {
      const st = it.index?.status ?? 500;
      // As in AWS's example failed record: errorCode is the item's status, errorMessage its error as JSON.
      return st >= 200 && st < 300 ? undefined : { errorCode: String(st), errorMessage: JSON.stringify(it.index?.error ?? {}) };
    }),
  };
}

/** A failed document's line under `AmazonOpenSearchService-failed/` (the fields spec §6 lists). */
export function openSearchFailedRecord(f: ErrorRecordCommon & { esDocumentId: string; esIndexName: string; esTypeName: string; data: Uint8Array }): string {
  return errorRecordLine(f, { esDocumentId: f.esDocumentId, esIndexName: f.esIndexName, esTypeName: f.esTypeName, rawData: encodeBase64(f.data) });
}
