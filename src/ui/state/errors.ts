/** Turning whatever a call rejected with into words for the message area. */

export interface ShownError {
  /** AWS's error name (`ResourceInUseException`) or the JavaScript error's name. */
  readonly name: string;
  readonly message: string;
}

/**
 * The AWS SDK rebuilds service errors as exception classes whose `name` is AWS's error type and
 * whose `message` is AWS's text; anything else is shown as well as it can be.
 */
export function describeError(e: unknown): ShownError {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const err = e as { name?: unknown; message?: unknown };
    const name = typeof err.name === 'string' && err.name.length > 0 ? err.name : 'Error';
    const message = typeof err.message === 'string' && err.message.length > 0 ? err.message : '(no message)';
    return { name, message };
  }
  if (typeof e === 'string') return { name: 'Error', message: e };
  return { name: 'Error', message: String(e) };
}

/** `ResourceInUseException: Stream demo under account 123456789012 already exists.` */
export function errorText(e: unknown): string {
  const { name, message } = describeError(e);
  return `${name}: ${message}`;
}

/** The AWS error name of a rejection (`''` when it has none). */
export function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : '';
}
