/**
 * The Kinesis Agent's senders on the page's real SDK clients (agentLab.svelte.ts): PutRecords on
 * the KinesisClient, PutRecordBatch on the FirehoseClient. SDK exceptions become the engine's
 * `{ ok: false, error }`, so the agent retries them as it would AWS's.
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { SimulationHost } from '../../broker/host';
import type { AgentDestinations } from '../../core/agent/sender';
import type { AwsError } from '../../core/kinesis/errors';
import { decodeBase64 } from '../../core/util/base64';
import { describeError } from './errors';

/** What the lab hears of the calls. */
export interface DestinationHooks {
  /** A call went through (the agent's retries of it are over). */
  readonly ok: () => void;
  /** A call failed: `Name: message` (the agent retries it with backoff). */
  readonly failed: (text: string) => void;
  /** Records (base64 `Data`) a destination accepted, in send order. */
  readonly sent: (destination: string, data: readonly string[]) => void;
}

/** The agent's destinations, sending through `host`'s SDK clients. */
export function agentDestinations(host: SimulationHost, hooks: DestinationHooks): AgentDestinations {
  const fail = (e: unknown): { ok: false; error: AwsError } => {
    const { name, message } = describeError(e);
    hooks.failed(`${name}: ${message}`);
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 400;
    return { ok: false, error: { __type: name, message, status } };
  };
  return {
    putRecords: async (stream, records) => {
      try {
        const out = await host.kinesis.send(new PutRecordsCommand({
          StreamName: stream,
          Records: records.map((r) => ({ Data: decodeBase64(r.Data), PartitionKey: r.PartitionKey })),
        }));
        const results = out.Records ?? [];
        hooks.ok();
        hooks.sent(`KinesisStream:${stream}`, records.filter((_, i) => results[i] && !results[i].ErrorCode).map((r) => r.Data));
        return { ok: true, value: { FailedRecordCount: out.FailedRecordCount ?? 0, Records: results } };
      } catch (e) {
        return fail(e);
      }
    },
    putRecordBatch: async (name, records) => {
      try {
        const out = await host.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((r) => ({ Data: decodeBase64(r.Data) })) }));
        const results = out.RequestResponses ?? [];
        hooks.ok();
        hooks.sent(`DeliveryStream:${name}`, records.filter((_, i) => results[i] && !results[i].ErrorCode).map((r) => r.Data));
        return { ok: true, value: { FailedPutCount: out.FailedPutCount ?? 0, RequestResponses: results } };
      } catch (e) {
        return fail(e);
      }
    },
  };
}
