/**
 * Validation tables are data (STYLE §4). A table describes an operation's input members with
 * the constraint names of AWS's service model; `validate()` turns a wire request into either
 * the validated input or AWS's exact error.
 *
 * Wire → validated value conversions:
 * - `blob`: base64 string, checked and kept as text (min/max apply to the decoded length);
 * - `timestamp`: epoch seconds (number, may have a fraction) → epoch **milliseconds** (number);
 * - `integer`/`long`: numbers (fractions floored, as AWS's Java deserializer does);
 * - unknown members are dropped (AWS ignores them); `null` counts as absent.
 */
export type Shape =
  | { readonly type: 'string'; readonly required?: boolean; readonly min?: number; readonly max?: number; readonly pattern?: string; readonly enum?: readonly string[] }
  | { readonly type: 'integer' | 'long' | 'double'; readonly required?: boolean; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean'; readonly required?: boolean }
  | { readonly type: 'blob'; readonly required?: boolean; readonly min?: number; readonly max?: number }
  | { readonly type: 'timestamp'; readonly required?: boolean }
  | { readonly type: 'list'; readonly required?: boolean; readonly min?: number; readonly max?: number; readonly member: Shape }
  | { readonly type: 'map'; readonly required?: boolean; readonly min?: number; readonly max?: number; readonly key: Shape; readonly value: Shape }
  | { readonly type: 'structure'; readonly required?: boolean; readonly members: Members };

export type Members = Readonly<Record<string, Shape>>;
