/**
 * The pure parts of an application's control operations: what UpdateApplication makes of its
 * state, why a start is refused, what the runtime is started with, and which buffered rows a
 * restart keeps.
 */
import type { KinesisEngine } from '../../kinesis/engine.js';
import type { FirehoseEngine } from '../../firehose/engine.js';
import type { Outbox } from './liveApp.js';
import { inputStreamName, type AppConfig, type AppState, type StartingPosition } from './model.js';
import type { RuntimeInit } from './runtime.js';

/**
 * The state of an application after an update to `next` (a checked configuration): version + 1,
 * the last error gone, the saved shard positions kept only while the source is the same.
 */
export function updatedState(state: AppState, next: AppConfig): AppState {
  // A different source makes the saved shard positions meaningless.
  const sameSource = JSON.stringify(state.input?.source) === JSON.stringify(next.input?.source);
  const { checkpoints, lastError: _e, ...rest } = state;
  return { ...rest, ...next, versionId: state.versionId + 1, ...(sameSource && checkpoints ? { checkpoints } : {}) };
}

/** Why a READY application cannot start reading its source from `position`, or undefined. */
export function startProblem(state: AppState, position: StartingPosition, kinesis: KinesisEngine, firehose: FirehoseEngine | undefined): string | undefined {
  const input = state.input;
  if (input?.source.kind === 'firehose' && position === 'TRIM_HORIZON') {
    return 'TRIM_HORIZON is not available for a Firehose source: start from NOW.'; // spec §A.1
  }
  if (input?.source.kind === 'kinesis' && !kinesis.streams.has(input.source.streamName)) {
    return `The source stream ${input.source.streamName} does not exist.`;
  }
  if (input?.source.kind === 'firehose' && !firehose?.streams.has(input.source.deliveryStreamName)) {
    return `The source delivery stream ${input.source.deliveryStreamName} does not exist.`;
  }
  return undefined;
}

/** What an application's runtime is started with: its code, input and reference schemas, outputs, and `seed`. */
export function runtimeInit(state: AppState, seed: number): RuntimeInit {
  const input = state.input;
  const ref = state.referenceData;
  return {
    code: state.code,
    ...(input ? { input: { stream: inputStreamName(input), schema: input.schema } } : {}),
    referenceTables: ref ? { [ref.tableName]: { schema: ref.schema } } : {},
    seed,
    watch: ['*', 'error_stream'],
    outputs: [...new Set(state.outputs.map((o) => o.name))],
  };
}

/** One outbox per output; rows an earlier run could not write yet stay in the box of the same, unchanged output. */
export function carriedOutboxes(left: readonly Outbox[], outputs: AppConfig['outputs']): Outbox[] {
  return outputs.map((output) => ({ output, records: left.find((b) => JSON.stringify(b.output) === JSON.stringify(output))?.records ?? [] }));
}
