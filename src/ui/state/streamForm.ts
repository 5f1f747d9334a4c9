/** The create-stream form's rules — AWS's, narrowed where this screen needs it (shard count). */

/** AWS CreateStream: StreamName matches `[a-zA-Z0-9_.-]+`, 1–128 characters. */
export const STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,128}$/;
/** AWS allows many more shards; 64 keeps the shard table readable on a projector. */
export const MAX_SHARDS_HERE = 64;
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;

export interface StreamForm {
  readonly name: string;
  readonly shards: number;
  readonly retentionHours: number;
}

export type StreamFormErrors = Partial<Record<keyof StreamForm, string>>;

export function validateStreamForm(f: StreamForm): StreamFormErrors {
  const errors: { -readonly [K in keyof StreamForm]?: string } = {};
  if (f.name.length === 0) errors.name = 'Give the stream a name.';
  else if (f.name.length > 128) errors.name = `At most 128 characters (this one has ${f.name.length}).`;
  else if (!STREAM_NAME_PATTERN.test(f.name)) errors.name = 'Only letters, digits, _ . and - are allowed.';
  if (!Number.isInteger(f.shards) || f.shards < 1 || f.shards > MAX_SHARDS_HERE) errors.shards = `A whole number from 1 to ${MAX_SHARDS_HERE}.`;
  if (!Number.isInteger(f.retentionHours) || f.retentionHours < MIN_RETENTION_HOURS || f.retentionHours > MAX_RETENTION_HOURS) {
    errors.retentionHours = `A whole number of hours from ${MIN_RETENTION_HOURS} (1 day) to ${MAX_RETENTION_HOURS} (365 days).`;
  }
  return errors;
}

export const hasErrors = (e: StreamFormErrors): boolean => Object.values(e).some((v) => v !== undefined);
