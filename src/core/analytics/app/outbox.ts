/**
 * An application's output side: the rows its runtime emitted kept for the UI and formatted into
 * its outboxes, and the outboxes written to their Kinesis streams (PutRecords) and delivery
 * streams (PutRecordBatch) — at least once: a refused record goes back to the front of its box.
 */
import type { KinesisEngine } from '../../kinesis/engine.js';
import type { FirehoseEngine } from '../../firehose/engine.js';
import { encodeBase64 } from '../../util/base64.js';
import type { Random } from '../../sim/random.js';
import type { LiveApp } from './liveApp.js';
import type { AppConfig } from './model.js';
import { formatOutputRecord } from './output.js';
import type { EmittedRow, OpenWindow } from './runtime.js';

/** Rows of each stream the UI can show (the newest). */
export const RECENT_ROWS = 300;
/** PutRecords / PutRecordBatch take at most 500 records. */
const BATCH = 500;

/** Sends one batch of an output's records; resolves to those refused (to send again). */
export type SendBatch = (out: AppConfig['outputs'][number], batch: { data: Uint8Array }[]) => Promise<{ failed: { data: Uint8Array }[] }>;

/**
 * Takes what a runtime call returned into `a`: windows, counters, recent rows, and a formatted
 * record in every outbox of each stream that emitted. True when observers should hear of it.
 */
export function takeEmitted(a: LiveApp, emitted: readonly { stream: string; rows: readonly EmittedRow[] }[], windows: readonly OpenWindow[], recordsIn: number, errors: number): boolean {
  a.windows = windows;
  a.stats.recordsIn += recordsIn;
  a.stats.errors += errors;
  for (const { stream, rows } of emitted) {
    if (!rows.length) continue;
    const list = [...(a.recent.get(stream) ?? []), ...rows];
    a.recent.set(stream, list.length > RECENT_ROWS ? list.slice(-RECENT_ROWS) : list);
    for (const box of a.outboxes) {
      if (box.output.name !== stream) continue;
      const columns = a.description?.streams.find((s) => s.name === stream)?.columns ?? [];
      for (const r of rows) box.records.push({ data: formatOutputRecord(r.row, columns, box.output.format) });
    }
  }
  return emitted.length > 0 || windows.length > 0;
}

/** Writes `a`'s outboxes in batches through `send`, one write at a time; a box with refused records waits for the next call. */
export async function flushOutboxes(a: LiveApp, send: SendBatch): Promise<void> {
  if (a.writing) return;
  a.writing = true;
  try {
    for (const box of a.outboxes) {
      while (box.records.length) {
        const batch = box.records.slice(0, BATCH);
        const sent = await send(box.output, batch);
        // Exactly the records sent leave the box (rows taken meanwhile were appended after them).
        box.records.splice(0, batch.length);
        a.stats.rowsOut += batch.length - sent.failed.length;
        // Refused records (throttling) go back to the front: sent on the next tick.
        if (sent.failed.length) {
          box.records.unshift(...sent.failed);
          break;
        }
      }
    }
  } finally {
    a.writing = false;
  }
}

/** Where outputs go: the engines they write to, and the Random KDA's partition keys come from. */
export interface OutputTargets {
  readonly kinesis: KinesisEngine;
  readonly firehose?: FirehoseEngine;
  readonly random: Random;
}

/** Sends one batch to its output's stream; an error of the whole call throws. */
export async function sendBatch(o: OutputTargets, out: AppConfig['outputs'][number], batch: { data: Uint8Array }[]): Promise<{ failed: { data: Uint8Array }[] }> {
  if (out.kind === 'kinesis') {
    const r = await o.kinesis.dispatch('PutRecords', {
      StreamName: out.target,
      // KDA's partition keys are its own (Unsure: a random key per record, as here).
      Records: batch.map((b) => ({ Data: encodeBase64(b.data), PartitionKey: o.random.hex(16) })),
    });
    if (!r.ok) throw new Error(`Output to Kinesis stream ${out.target}: ${r.error.__type}: ${r.error.message}`);
    const results = (r.value as { Records: { ErrorCode?: string }[] }).Records;
    return { failed: batch.filter((_, k) => results[k]?.ErrorCode !== undefined) };
  }
  const f = o.firehose;
  if (!f) throw new Error('No Firehose in this simulation.');
  const r = await f.dispatch('PutRecordBatch', { DeliveryStreamName: out.target, Records: batch.map((b) => ({ Data: encodeBase64(b.data) })) });
  if (!r.ok) throw new Error(`Output to delivery stream ${out.target}: ${r.error.__type}: ${r.error.message}`);
  const results = (r.value as { RequestResponses: { ErrorCode?: string }[] }).RequestResponses;
  return { failed: batch.filter((_, k) => results[k]?.ErrorCode !== undefined) };
}
