/**
 * UpdateDestination's merge (spec §2: the same destination type ⇒ the supplied fields are merged
 * into the current configuration): nested structures member by member — except those AWS takes
 * whole (a CopyCommand, whose DataTableName is required, replaces the old one).
 */
type Input = Record<string, unknown>;

export function mergeUpdate(current: Input, update: Input, opts: { readonly skip?: readonly string[]; readonly whole?: readonly string[] } = {}): Input {
  const merged: Input = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === undefined || opts.skip?.includes(k)) continue;
    const old = merged[k];
    merged[k] = !opts.whole?.includes(k) && isPlainObject(v) && isPlainObject(old) ? { ...old, ...v } : v;
  }
  return merged;
}

const isPlainObject = (v: unknown): v is Input => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** `ExtendedS3DestinationConfiguration` → `extendedS3DestinationConfiguration` (paths in AWS's validation messages). */
export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
