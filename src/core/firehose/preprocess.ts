/**
 * What happens to a record before the Lambda buffer (spec §4): decompression, CloudWatch Logs
 * message extraction and de-aggregation, each as the processing configuration asks — one record
 * in, zero or more parts out.
 */
import { tryDecompress } from './compression.js';
import type { ProcessingPlan } from './processingConfig.js';

/** De-aggregation, decompression and CloudWatch Logs message extraction (before the Lambda). */
export function preprocess(plan: ProcessingPlan, data: Uint8Array): Uint8Array[] {
  if (!plan.enabled) return [data];
  let parts = [data];
  if (plan.decompression) parts = parts.map((p) => tryDecompress('GZIP', p) ?? p);
  if (plan.cloudWatchLogProcessing?.dataMessageExtraction) parts = parts.flatMap(cloudWatchMessages);
  const d = plan.recordDeAggregation;
  if (d) parts = parts.flatMap((p) => (d.subRecordType === 'JSON' ? splitJson(p) : splitOn(p, d.delimiter ?? Uint8Array.of(0x0a))));
  return parts;
}

/** Concatenated JSON objects (`{…}{…}` or one per line) → one record each (RecordDeAggregation JSON). */
function splitJson(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b) { if (depth++ === 0) start = i; }
    else if (c === 0x7d && depth > 0 && --depth === 0) out.push(data.slice(start, i + 1));
  }
  return out.length ? out : [data];
}

/** Delimited sub-records → one record each (RecordDeAggregation DELIMITED); empty parts are skipped. */
function splitOn(data: Uint8Array, delimiter: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  outer: for (let i = 0; i + delimiter.length <= data.length; i++) {
    for (let j = 0; j < delimiter.length; j++) if (data[i + j] !== delimiter[j]) continue outer;
    if (i > start) out.push(data.slice(start, i));
    start = i + delimiter.length;
    i = start - 1;
  }
  if (start < data.length) out.push(data.slice(start));
  return out;
}

/** CloudWatch Logs subscription data → its log messages (DATA_MESSAGE only). */
function cloudWatchMessages(data: Uint8Array): Uint8Array[] {
  try {
    const doc = JSON.parse(new TextDecoder().decode(data)) as { messageType?: string; logEvents?: { message?: string }[] };
    if (doc.messageType !== 'DATA_MESSAGE') return [];
    return (doc.logEvents ?? []).map((e) => new TextEncoder().encode(e.message ?? ''));
  } catch {
    return [data];
  }
}
