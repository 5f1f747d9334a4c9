/**
 * The Kinesis Agent's counters, under the names awslabs/amazon-kinesis-agent gives them
 * (`KinesisParser.TotalRecordsParsed`, `FirehoseSender.TotalBatchPutCalls`, …), and the
 * agent-wide status line summed from its flows. Pure: the agent owns the counters and passes
 * them in.
 */
import type { FlowConfig } from './config.js';
import type { FlowTailer } from './tailer.js';

/** CloudWatch metrics (namespace AWSKinesisAgent), summed since start, per destination. */
export interface DestinationMetrics {
  BytesSent: number;
  RecordSendAttempts: number;
  RecordSendErrors: number;
  ServiceErrors: number;
}

export interface AgentMetrics {
  /** The agent's status line (Agent.getMetrics "Agent" map). */
  readonly Agent: Readonly<Record<string, number>>;
  /** Per flow id: its parser's, sender's and tailer's counters, named as the agent names them. */
  readonly flows: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Keyed by the Destination dimension: `KinesisStream:<name>` / `DeliveryStream:<name>`. */
  readonly cloudwatch: Readonly<Record<string, Readonly<DestinationMetrics>>>;
}

/** What `agentMetrics` reads of one flow. */
export interface FlowMetricsSource {
  readonly cfg: FlowConfig;
  readonly tailer: Pick<FlowTailer, 'behind' | 'bytesConsumed' | 'bytesDiscarded'>;
  readonly counters: ReadonlyMap<string, number>;
}

/** The prefix of a flow's parser counters. */
export const parserName = (cfg: FlowConfig): string => (cfg.destination.kind === 'kinesis' ? 'KinesisParser' : 'FirehoseParser');
/** The prefix of a flow's sender counters. */
export const senderName = (cfg: FlowConfig): string => (cfg.destination.kind === 'kinesis' ? 'KinesisSender' : 'FirehoseSender');
/** The sender's counter of calls (PutRecords / PutRecordBatch). */
export const putCallsName = (cfg: FlowConfig): string => (cfg.destination.kind === 'kinesis' ? 'TotalPutRecordsCalls' : 'TotalBatchPutCalls');
/** The sender's counter of calls that failed as a whole. */
export const serviceErrorsName = (cfg: FlowConfig): string => (cfg.destination.kind === 'kinesis' ? 'TotalPutRecordsServiceErrors' : 'TotalBatchPutServiceErrors');

/** The Destination dimension of a flow's CloudWatch metrics. */
export const destinationDimension = (cfg: FlowConfig): string =>
  `${cfg.destination.kind === 'kinesis' ? 'KinesisStream' : 'DeliveryStream'}:${cfg.destination.name}`;

/** A new flow's counters, all 0, so they are listed before anything happened. */
export function initialCounters(cfg: FlowConfig): Map<string, number> {
  const counters = new Map<string, number>();
  const p = parserName(cfg);
  const s = senderName(cfg);
  for (const n of ['TotalRecordsParsed', 'TotalRecordsProcessed', 'TotalRecordsSkipped', 'TotalDataProcessingErrors', 'TotalRecordsTruncated']) counters.set(`${p}.${n}`, 0);
  for (const n of ['TotalRecordsAttempted', 'TotalRecordsSent', 'TotalRecordsFailed', putCallsName(cfg), serviceErrorsName(cfg)]) counters.set(`${s}.${n}`, 0);
  return counters;
}

/** The agent's metrics: each flow's counters plus its tailer's, their sums, and CloudWatch's. */
export function agentMetrics(
  flows: readonly FlowMetricsSource[],
  cloudwatch: ReadonlyMap<string, DestinationMetrics>,
  upTimeMillis: number,
): AgentMetrics {
  const perFlow: Record<string, Record<string, number>> = {};
  let bytesBehind = 0;
  let filesBehind = 0;
  let consumed = 0;
  let parsed = 0;
  let sent = 0;
  for (const f of flows) {
    const behind = f.tailer.behind();
    const p = parserName(f.cfg);
    const m: Record<string, number> = Object.fromEntries(f.counters);
    m[`${p}.TotalBytesConsumed`] = f.tailer.bytesConsumed;
    m[`${p}.TotalBytesDiscarded`] = f.tailer.bytesDiscarded;
    m['FileTailer.BytesBehind'] = behind.bytes;
    m['FileTailer.FilesBehind'] = behind.files;
    perFlow[f.cfg.id] = m;
    bytesBehind += behind.bytes;
    filesBehind += behind.files;
    consumed += f.tailer.bytesConsumed;
    parsed += m[`${p}.TotalRecordsParsed`] ?? 0;
    sent += m[`${senderName(f.cfg)}.TotalRecordsSent`] ?? 0;
  }
  return {
    Agent: {
      TotalBytesBehind: bytesBehind,
      TotalFilesBehind: filesBehind,
      TotalBytesConsumed: consumed,
      TotalRecordsParsed: parsed,
      TotalRecordsSent: sent,
      UpTimeMillis: upTimeMillis,
    },
    flows: perFlow,
    cloudwatch: Object.fromEntries([...cloudwatch].map(([k, v]) => [k, { ...v }])),
  };
}
