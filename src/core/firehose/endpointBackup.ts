/**
 * What a batch whose retry window is over leaves in the S3 bucket: AWS's failed-record lines, one
 * per record, under the destination's error output type (spec §6–§8).
 */
import { encodeBase64 } from '../util/base64.js';
import type { EndpointBatch } from './endpointBatch.js';
import { httpFailedRecord } from './httpEndpoint.js';
import type { EndpointDestination } from './model.js';
import { bulkDocuments, OPENSEARCH_ERROR_TYPE, openSearchFailedRecord } from './openSearchDelivery.js';
import { splunkFailedRecord } from './splunk.js';

/**
 * The backup of a batch given up at `now`; `last` is the batch's last error. Without an endpoint
 * (the destination changed meanwhile) the lines are HTTP endpoint ones.
 */
export function endpointBackup(
  e: EndpointDestination | undefined, b: EndpointBatch, last: { errorCode: string; errorMessage: string }, now: number,
): { errorOutputType: string; lines: string[] } {
  if (e?.kind === 'OpenSearch') {
    const docs = bulkDocuments(e.config, b.records);
    const lines = docs.map((d) => {
      // A document the domain refused keeps its own error; the others (a failed request) the batch's.
      const f = b.docFailures?.get(d.record) ?? last;
      return `${openSearchFailedRecord({
        attemptsMade: b.attempts, arrivalTimestamp: d.record.received, errorCode: f.errorCode, errorMessage: f.errorMessage, attemptEndingTimestamp: now,
        esDocumentId: d.id ?? '', esIndexName: d.index, esTypeName: e.config.TypeName ?? '', data: d.record.data,
      })}\n`;
    });
    return { errorOutputType: OPENSEARCH_ERROR_TYPE, lines };
  }
  const splunk = e?.kind === 'Splunk';
  const lines = b.records.map((r) => {
    const sub = r.recordId === r.sourceId ? 0 : Number(r.recordId.slice(r.sourceId.length + 1)) || 0;
    const id = `${r.kinesis?.sequenceNumber ?? r.sourceId}.${sub}`;
    const common = { attemptsMade: b.attempts, arrivalTimestamp: r.received, errorCode: last.errorCode, errorMessage: last.errorMessage, attemptEndingTimestamp: now, rawData: encodeBase64(r.data) };
    return `${splunk ? splunkFailedRecord({ ...common, eventId: id }) : httpFailedRecord({ ...common, subsequenceNumber: sub, dataId: id })}\n`;
  });
  return { errorOutputType: splunk ? 'splunk-failed' : 'http-endpoint-failed', lines };
}
