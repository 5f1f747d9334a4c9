/**
 * The producer's payload: a JSON template with placeholders, filled in per record, then fitted to
 * the chosen record size. Also how a batch of records is cut into PutRecords requests.
 */
import type { Random } from '../../core/sim/random';
import { uuidLike } from './keys';

export const DEFAULT_TEMPLATE = '{"seq": {{seq}}, "key": "{{key}}", "at": "{{now}}", "reading": {{random}}}';

/** The placeholders a template may use, with what they become (shown in the panel). */
export const PLACEHOLDERS = [
  { name: '{{seq}}', meaning: 'record number, from 1' },
  { name: '{{key}}', meaning: 'its partition key' },
  { name: '{{now}}', meaning: 'virtual time, ISO 8601' },
  { name: '{{random}}', meaning: 'random integer 0–999999' },
  { name: '{{uuid}}', meaning: 'random UUID-like id' },
] as const;

const PLACEHOLDER = /\{\{\s*(seq|key|now|random|uuid)\s*\}\}/g;

export interface TemplateContext {
  readonly seq: number;
  readonly key: string;
  /** Virtual time, epoch ms. */
  readonly now: number;
  readonly random: Random;
}

/** Fills in the placeholders; unknown `{{…}}` stay as they are (the panel warns about them). */
export function renderTemplate(template: string, ctx: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    switch (name) {
      case 'seq': return String(ctx.seq);
      case 'key': return ctx.key;
      case 'now': return new Date(ctx.now).toISOString();
      case 'random': return String(ctx.random.int(1_000_000));
      default: return uuidLike(ctx.random);
    }
  });
}

/** `{{…}}` in a template that are not known placeholders. */
export function unknownPlaceholders(template: string): string[] {
  const all = template.match(/\{\{[^{}]*\}\}/g) ?? [];
  return [...new Set(all.filter((p) => !new RegExp(`^${PLACEHOLDER.source}$`).test(p)))];
}

const encoder = new TextEncoder();

/**
 * The record's bytes. `size` 0 = the filled-in template exactly. Otherwise the record is exactly
 * `size` bytes: the template's UTF-8, then spaces (JSON allows trailing whitespace, so a JSON
 * template stays valid); a longer template is cut at `size` bytes, on a character boundary (the
 * gap, at most 3 bytes, is filled with spaces) — it may then no longer be valid JSON.
 */
export function fitToSize(text: string, size: number): Uint8Array {
  if (!(size > 0)) return encoder.encode(text);
  const out = new Uint8Array(size).fill(0x20);
  // encodeInto writes whole characters only: a multi-byte character never gets split.
  encoder.encodeInto(text, out);
  return out;
}

/** AWS PutRecords: at most 500 entries and 5 MiB (data + partition keys) per request. */
export const PUT_RECORDS_MAX_ENTRIES = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;

export interface SizedEntry {
  readonly Data: Uint8Array;
  readonly PartitionKey: string;
}

/** Cuts entries into PutRecords requests within AWS's per-request limits, in order. */
export function splitIntoRequests<T extends SizedEntry>(entries: readonly T[], maxEntries = PUT_RECORDS_MAX_ENTRIES, maxBytes = PUT_RECORDS_MAX_BYTES): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const e of entries) {
    const b = e.Data.length + encoder.encode(e.PartitionKey).length;
    if (cur.length > 0 && (cur.length >= maxEntries || bytes + b > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(e);
    bytes += b;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** How many records fit in one request when each is about `recordBytes` (data + key). */
export function entriesPerRequest(recordBytes: number): number {
  return Math.max(1, Math.min(PUT_RECORDS_MAX_ENTRIES, Math.floor(PUT_RECORDS_MAX_BYTES / Math.max(1, recordBytes))));
}

/** Parses as JSON; the error text when it does not. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
