/** Test helpers for the sandbox's SDK service (not used by the app). */

/** What an `endlessStreamClient` was given for one call, and whether its stream was ended. */
export interface SentCall {
  readonly signal: AbortSignal | undefined;
  returned: boolean;
}

/**
 * A stand-in for the page's SDK client whose every command answers an endless event stream
 * (SubscribeToShard-like); each call's abortSignal and whether its stream was returned are kept.
 */
export function endlessStreamClient(): { client: { send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown> }; sent: SentCall[] } {
  const sent: SentCall[] = [];
  const client = {
    async send(_command: never, options?: { abortSignal?: AbortSignal }) {
      const seen: SentCall = { signal: options?.abortSignal, returned: false };
      sent.push(seen);
      async function* events() {
        try {
          for (let i = 0; ; i++) yield { SubscribeToShardEvent: { Records: [], ContinuationSequenceNumber: String(i) } };
        } finally {
          seen.returned = true;
        }
      }
      return { EventStream: events(), $metadata: {} };
    },
  };
  return { client, sent };
}
