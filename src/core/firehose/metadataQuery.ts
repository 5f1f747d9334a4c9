/**
 * Inline parsing for dynamic partitioning (MetadataExtraction, `JQ-1.6`): the queries people
 * write there are jq object constructions of paths — `{customer_id: .customer_id, device:
 * .device.type}` — and that is the subset Shardlab evaluates (keys, `.a.b` paths, `."quoted"`
 * keys, `.a[0]` indexes). Anything else is refused when the stream is created, with the reason,
 * rather than evaluated wrongly.
 */
import { fail, ok, type Result } from '../kinesis/errors.js';

export type PathStep = string | number;
export interface MetadataQuery {
  readonly keys: readonly { readonly name: string; readonly path: readonly PathStep[] }[];
}

const invalid = (message: string) => fail('InvalidArgumentException', message);

export function parseMetadataQuery(text: string): Result<MetadataQuery> {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) {
    return invalid(`Shardlab evaluates MetadataExtractionQuery objects of the form {key: .path, …}; got ${JSON.stringify(text)}.`);
  }
  const body = t.slice(1, -1).trim();
  if (!body) return invalid('MetadataExtractionQuery must name at least one partitioning key.');
  const keys: { name: string; path: PathStep[] }[] = [];
  for (const part of body.split(',')) {
    const m = /^\s*("?)([A-Za-z_][A-Za-z0-9_]*)\1\s*:\s*(\..*?)\s*$/.exec(part);
    const path = m ? parsePath(m[3]!) : undefined;
    if (!m || !path) {
      return invalid(`Shardlab evaluates MetadataExtractionQuery entries of the form key: .path (jq paths with .field, ."field" and [n]); cannot evaluate ${JSON.stringify(part.trim())}.`);
    }
    keys.push({ name: m[2]!, path });
  }
  if (keys.length > 50) return invalid('MetadataExtractionQuery may define at most 50 partitioning keys.');
  return ok({ keys });
}

function parsePath(s: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\."((?:[^"\\]|\\.)*)"|\[(\d+)\]/gy;
  let at = 0;
  if (s === '.') return steps;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return undefined;
    steps.push(m[1] ?? (m[2] !== undefined ? JSON.parse(`"${m[2]}"`) as string : Number(m[3])));
    at = re.lastIndex;
  }
  return steps;
}

/**
 * The partition keys of one record, or the reason it has none (not JSON, a key missing or not a
 * scalar) — such records go to the error output, as AWS routes records it cannot partition.
 */
export function evaluateMetadataQuery(q: MetadataQuery, data: Uint8Array): { keys: Record<string, string> } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return { error: 'Record is not valid JSON.' };
  }
  const keys: Record<string, string> = {};
  for (const k of q.keys) {
    let v: unknown = doc;
    for (const step of k.path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[step] : undefined;
    if (v === undefined || v === null || typeof v === 'object') return { error: `Partitioning key ${k.name} is missing or not a scalar in the record.` };
    keys[k.name] = String(v);
  }
  return { keys };
}
