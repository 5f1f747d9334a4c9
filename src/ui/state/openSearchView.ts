/**
 * The OpenSearch panel's search box, as plain data (tested without a browser): `ticker:AMZN` is a
 * match on a field, `ticker="AMZN"` a term (exact value), anything else free text across every
 * field; an empty box matches all.
 */
import type { SearchQuery } from '../../core/opensearch/domain';

export function parseSearchBox(text: string, index: string, size = 20): SearchQuery {
  const t = text.trim();
  const base = { ...(index.trim() ? { index: index.trim() } : {}), size };
  const term = /^([\w.@-]+)\s*=\s*"(.*)"$/.exec(t);
  if (term) return { ...base, term: { field: term[1]!, value: term[2]! } };
  const match = /^([\w.@-]+):\s*(.+)$/.exec(t);
  if (match) return { ...base, match: { field: match[1]!, value: match[2]! } };
  return t ? { ...base, text: t } : base;
}

/** The index pattern that shows a delivery stream's documents (`quotes` → `quotes*`, every rotation). */
export const patternFor = (indexName: string): string => `${indexName}*`;

/** A document's fields as short `name: value` lines for a card (nested objects flattened). */
export function fieldLines(source: Record<string, unknown>, max = 8): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const walk = (v: unknown, path: string) => {
    if (out.length >= max) return;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
      return;
    }
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    out.push({ name: path, value: text.length > 80 ? `${text.slice(0, 79)}…` : text });
  };
  walk(source, '');
  return out;
}
