/**
 * Partition-key strategies for generated records. Kinesis routes by the MD5 of the key, so the
 * strategy decides how evenly shards are loaded: random UUIDs spread, a hot key concentrates.
 */
import type { RenderState } from './helpers.js';
import { compileTemplate } from './template.js';

export type KeyStrategy =
  /** A fresh (seeded) UUID per record. */
  | { readonly kind: 'uuid' }
  /** The same key every time. */
  | { readonly kind: 'fixed'; readonly key: string }
  /** `keys` in turn. */
  | { readonly kind: 'roundRobin'; readonly keys: readonly string[] }
  /** A template rendered after the record, seeing the record's `{{set}}` variables. */
  | { readonly kind: 'template'; readonly template: string }
  /** A field of the (JSON) record, by dotted path; a UUID when the record has none. */
  | { readonly kind: 'field'; readonly field: string }
  /** `key` for `percent`% of records, else `otherwise` (default uuid). */
  | { readonly kind: 'hot'; readonly key: string; readonly percent: number; readonly otherwise?: KeyStrategy };

/** Picks a record's key; `fallbacks` counts records whose field was missing. */
export interface KeyPicker {
  pick(state: RenderState, data: string): string;
  readonly fallbacks: number;
}

/** Builds a picker; throws TemplateError for a bad key template, Error for a bad strategy. */
export function keyPicker(strategy: KeyStrategy, recordVars: readonly string[]): KeyPicker {
  let fallbacks = 0;
  let i = 0;
  const uuid = (s: RenderState): string => s.faker.string.uuid();
  const pick = ((): ((s: RenderState, data: string) => string) => {
    switch (strategy.kind) {
      case 'uuid':
        return uuid;
      case 'fixed':
        if (strategy.key.length === 0) throw new Error('A fixed partition key cannot be empty.');
        return () => strategy.key;
      case 'roundRobin': {
        if (strategy.keys.length === 0) throw new Error('roundRobin needs at least one key.');
        return () => strategy.keys[i++ % strategy.keys.length]!;
      }
      case 'template': {
        const t = compileTemplate(strategy.template, recordVars);
        return (s) => t.render(s, true) || uuid(s);
      }
      case 'field': {
        const path = strategy.field.split('.');
        return (s, data) => {
          let v: unknown;
          try {
            v = JSON.parse(data);
          } catch {
            v = undefined;
          }
          for (const p of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
          if (v === undefined || v === null || v === '') {
            fallbacks++;
            return uuid(s);
          }
          return typeof v === 'string' ? v : JSON.stringify(v);
        };
      }
      case 'hot': {
        if (!(strategy.percent >= 0 && strategy.percent <= 100)) throw new Error('hot key percent must be between 0 and 100.');
        const other = keyPicker(strategy.otherwise ?? { kind: 'uuid' }, recordVars);
        return (s, data) => (s.faker.number.float({ min: 0, max: 100 }) < strategy.percent ? strategy.key : other.pick(s, data));
      }
    }
  })();
  return {
    pick,
    get fallbacks() {
      return fallbacks;
    },
  };
}
