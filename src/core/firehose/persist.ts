/**
 * Delivery streams as plain data, for a host to save with its control plane and restore after a
 * reload. Buffered records are not here: they belong to the pipeline's own durable log (in the
 * page, each delivery stream's worker database). An HTTP endpoint or Splunk destination (`endpoint`)
 * is saved whole, its AccessKey / HECToken included — they stay in this browser's storage, and
 * Describe still never shows the AccessKey.
 */
import type { FirehoseEngine } from './engine.js';
import type { DeliveryStreamState } from './model.js';

export interface SavedDeliveryStream extends Omit<DeliveryStreamState, 'tags'> {
  readonly tags: [string, string][];
}

export function saveDeliveryStreams(engine: FirehoseEngine): SavedDeliveryStream[] {
  return [...engine.streams.values()].map(({ state }) => ({ ...structuredCloneable(state), tags: [...state.tags] }));
}

/**
 * Puts saved delivery streams back. One caught CREATING finishes creating (as time has passed),
 * one caught DELETING is gone.
 */
export function restoreDeliveryStreams(engine: FirehoseEngine, saved: readonly SavedDeliveryStream[] | undefined): void {
  for (const s of saved ?? []) {
    if (s.status === 'DELETING') continue;
    const state: DeliveryStreamState = { ...s, status: 'ACTIVE', tags: new Map(s.tags) };
    engine.add(state);
  }
}

/** The state without its Map (the rest is plain JSON-able data). */
function structuredCloneable(s: DeliveryStreamState): Omit<DeliveryStreamState, 'tags'> {
  const { tags: _tags, ...rest } = s;
  return JSON.parse(JSON.stringify(rest)) as Omit<DeliveryStreamState, 'tags'>;
}
