/**
 * agent.json: parsing, validation and the agent's defaults (spec §3.1–3.2; AgentConfiguration
 * and FileFlow in awslabs/amazon-kinesis-agent). Settings that only matter to a real host
 * (credentials, endpoints, threads) are kept and validated for type but do nothing here.
 */
import { JsonSyntaxError, parseJson } from './json.js';
import { validateProcessingOptions, type ProcessingOption } from './processing.js';

/** A problem in the configuration: a JSON path (`flows[0].maxBufferAgeMillis`) and why. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  /** For JSON syntax errors. */
  readonly line?: number;
  readonly column?: number;
}

export interface FlowConfig {
  /** `kinesis:<stream>:<pattern>` or `fh:<delivery stream>:<pattern>`. */
  readonly id: string;
  readonly filePattern: string;
  readonly destination: { readonly kind: 'kinesis' | 'firehose'; readonly name: string };
  readonly partitionKeyOption: 'RANDOM' | 'DETERMINISTIC';
  readonly initialPosition: 'START_OF_FILE' | 'END_OF_FILE';
  readonly maxBufferAgeMillis: number;
  readonly maxBufferSizeRecords: number;
  readonly maxBufferSizeBytes: number;
  readonly minTimeBetweenFilePollsMillis: number;
  readonly multiLineStartPattern?: string;
  readonly skipHeaderLines: number;
  readonly truncatedRecordTerminator: string;
  readonly retryInitialBackoffMillis: number;
  readonly retryMaxBackoffMillis: number;
  readonly dataProcessingOptions: readonly ProcessingOption[];
}

export interface AgentConfig {
  readonly checkpointFile: string;
  readonly checkpointTimeToLiveDays: number;
  readonly 'cloudwatch.emitMetrics': boolean;
  readonly 'cloudwatch.endpoint'?: string;
  readonly 'kinesis.endpoint'?: string;
  readonly 'firehose.endpoint'?: string;
  readonly 'sts.endpoint'?: string;
  readonly 'kinesis.region'?: string;
  readonly 'log.emitMetrics': boolean;
  readonly 'log.statusReportingPeriodSeconds': number;
  readonly shutdownTimeoutMillis: number;
  readonly flows: readonly FlowConfig[];
}

export type ConfigResult = { readonly ok: true; readonly value: AgentConfig; readonly warnings: ConfigIssue[] } | { readonly ok: false; readonly issues: ConfigIssue[] };

const MiB = 1024 * 1024;
/** PutRecords: 5 MiB a call; PutRecordBatch: 4 MiB. 500 records for both. */
const MAX_BATCH_BYTES = { kinesis: 5 * MiB, firehose: 4 * MiB } as const;

const STRING_GLOBALS = ['checkpointFile', 'cloudwatch.endpoint', 'kinesis.endpoint', 'firehose.endpoint', 'sts.endpoint', 'kinesis.region',
  'awsAccessKeyId', 'awsSecretAccessKey', 'assumeRoleARN', 'assumeRoleExternalId',
  'userDefinedCredentialsProvider.classname', 'userDefinedCredentialsProvider.location'];
const NUMBER_GLOBALS = ['checkpointTimeToLiveDays', 'maxSendingThreads', 'maxSendingThreadsPerCore', 'sendingThreadsKeepAliveMillis',
  'sendingThreadsMaxQueueSize', 'shutdownTimeoutMillis', 'log.statusReportingPeriodSeconds'];
const BOOLEAN_GLOBALS = ['cloudwatch.emitMetrics', 'log.emitMetrics'];
const FLOW_KEYS = new Set(['filePattern', 'kinesisStream', 'deliveryStream', 'partitionKeyOption', 'initialPosition', 'maxBufferAgeMillis',
  'maxBufferSizeRecords', 'maxBufferSizeBytes', 'minTimeBetweenFilePollsMillis', 'maxTimeBetweenFileTrackerRefreshMillis',
  'multiLineStartPattern', 'skipHeaderLines', 'truncatedRecordTerminator', 'fileFooterPattern', 'aggregatedRecordSizeBytes',
  'retryInitialBackoffMillis', 'retryMaxBackoffMillis', 'publishQueueCapacity', 'waitOnFullPublishQueueMillis',
  'waitOnEmptyPublishQueueMillis', 'dataProcessingOptions']);

/** Parses agent.json text: JSON syntax errors come with line and column. */
export function parseAgentConfig(text: string): ConfigResult {
  let json: unknown;
  try {
    json = parseJson(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { ok: false, issues: [{ path: '', message: `JSON syntax error: ${err.message}`, line: err.line, column: err.column }] };
  }
  return validateAgentConfig(json);
}

/** Validates parsed agent.json and fills in the agent's defaults. */
export function validateAgentConfig(json: unknown): ConfigResult {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, issues: [{ path: '', message: 'agent.json must be a JSON object' }] };
  const o = json as Record<string, unknown>;
  const known = new Set([...STRING_GLOBALS, ...NUMBER_GLOBALS, ...BOOLEAN_GLOBALS, 'flows']);
  for (const k of Object.keys(o)) if (!known.has(k)) warnings.push({ path: k, message: 'unknown setting, ignored' });
  for (const k of STRING_GLOBALS) if (o[k] !== undefined && typeof o[k] !== 'string') issues.push({ path: k, message: 'must be a string' });
  for (const k of BOOLEAN_GLOBALS) if (o[k] !== undefined && typeof o[k] !== 'boolean') issues.push({ path: k, message: 'must be true or false' });
  for (const k of NUMBER_GLOBALS) if (o[k] !== undefined && !(Number.isInteger(o[k]) && (o[k] as number) >= 0)) issues.push({ path: k, message: 'must be a non-negative integer' });
  const flows: FlowConfig[] = [];
  if (!Array.isArray(o.flows) || o.flows.length === 0) issues.push({ path: 'flows', message: 'is required: an array of at least one flow' });
  else o.flows.forEach((f, i) => {
    const flow = validateFlow(f, `flows[${i}]`, issues, warnings);
    if (flow) flows.push(flow);
  });
  const ids = new Set<string>();
  for (const f of flows) {
    if (ids.has(f.id)) issues.push({ path: 'flows', message: `two flows send ${f.filePattern} to the same destination (${f.id})` });
    ids.add(f.id);
  }
  if (issues.length > 0) return { ok: false, issues };
  const str = (k: string): Record<string, string> => (typeof o[k] === 'string' ? { [k]: o[k] as string } : {});
  return {
    ok: true,
    warnings,
    value: {
      checkpointFile: (o.checkpointFile as string | undefined) ?? '/var/run/aws-kinesis-agent/checkpoints',
      checkpointTimeToLiveDays: (o.checkpointTimeToLiveDays as number | undefined) ?? 7,
      'cloudwatch.emitMetrics': (o['cloudwatch.emitMetrics'] as boolean | undefined) ?? true,
      ...str('cloudwatch.endpoint'), ...str('kinesis.endpoint'), ...str('firehose.endpoint'), ...str('sts.endpoint'), ...str('kinesis.region'),
      'log.emitMetrics': (o['log.emitMetrics'] as boolean | undefined) ?? false,
      'log.statusReportingPeriodSeconds': (o['log.statusReportingPeriodSeconds'] as number | undefined) ?? 30,
      shutdownTimeoutMillis: (o.shutdownTimeoutMillis as number | undefined) ?? 10_000,
      flows,
    },
  };
}

function validateFlow(raw: unknown, path: string, issues: ConfigIssue[], warnings: ConfigIssue[]): FlowConfig | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  const f = raw as Record<string, unknown>;
  const before = issues.length;
  const err = (key: string, message: string): void => void issues.push({ path: `${path}.${key}`, message });
  for (const k of Object.keys(f)) if (!FLOW_KEYS.has(k)) warnings.push({ path: `${path}.${k}`, message: 'unknown flow setting, ignored' });
  if (typeof f.filePattern !== 'string' || f.filePattern === '') err('filePattern', 'is required: a glob such as /var/log/app/*.log*');
  else if (/[*?]/.test(f.filePattern.slice(0, f.filePattern.lastIndexOf('/')))) err('filePattern', 'wildcards are only allowed in the file name, not in directories');
  const hasK = f.kinesisStream !== undefined;
  const hasF = f.deliveryStream !== undefined;
  if (hasK === hasF) err(hasK ? 'deliveryStream' : 'kinesisStream', 'a flow needs exactly one of kinesisStream or deliveryStream');
  const name = (hasK ? f.kinesisStream : f.deliveryStream) as unknown;
  if ((hasK || hasF) && (typeof name !== 'string' || name === '')) err(hasK ? 'kinesisStream' : 'deliveryStream', 'must be a non-empty string');
  const kind = hasF && !hasK ? 'firehose' : 'kinesis';
  if (kind === 'firehose' && f.partitionKeyOption !== undefined) err('partitionKeyOption', 'applies only to kinesisStream flows');
  const oneOf = <T extends string>(key: string, values: readonly T[], def: T): T => {
    if (f[key] === undefined) return def;
    if (!values.includes(f[key] as T)) err(key, `must be one of ${values.join(', ')}`);
    return f[key] as T;
  };
  const int = (key: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = f[key];
    if (v === undefined) return def;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) err(key, `must be an integer from ${min} to ${max}`);
    return v as number;
  };
  const regex = (key: string): string | undefined => {
    const v = f[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return void err(key, 'must be a string (a regular expression)');
    try {
      new RegExp(v);
    } catch (e) {
      err(key, `is not a valid regular expression: ${(e as Error).message}`);
    }
    return v;
  };
  const partitionKeyOption = oneOf('partitionKeyOption', ['RANDOM', 'DETERMINISTIC'] as const, 'RANDOM');
  const initialPosition = oneOf('initialPosition', ['START_OF_FILE', 'END_OF_FILE'] as const, 'END_OF_FILE');
  const maxBufferAgeMillis = int('maxBufferAgeMillis', 60_000, 1000, 900_000);
  const maxBufferSizeRecords = int('maxBufferSizeRecords', 500, 1, 500);
  const maxBufferSizeBytes = int('maxBufferSizeBytes', MAX_BATCH_BYTES[kind], 1, MAX_BATCH_BYTES[kind]);
  const minTimeBetweenFilePollsMillis = int('minTimeBetweenFilePollsMillis', 100, 1);
  const skipHeaderLines = int('skipHeaderLines', 0, 0);
  const retryInitialBackoffMillis = int('retryInitialBackoffMillis', 100, 1);
  const retryMaxBackoffMillis = int('retryMaxBackoffMillis', 10_000, 1);
  const multiLineStartPattern = regex('multiLineStartPattern');
  if (f.truncatedRecordTerminator !== undefined && typeof f.truncatedRecordTerminator !== 'string') err('truncatedRecordTerminator', 'must be a string');
  const processing = f.dataProcessingOptions === undefined ? { options: [], issues: [] } : validateProcessingOptions(f.dataProcessingOptions, `${path}.dataProcessingOptions`);
  issues.push(...processing.issues);
  if (issues.length > before) return undefined;
  const filePattern = f.filePattern as string;
  return {
    id: `${kind === 'kinesis' ? 'kinesis' : 'fh'}:${name as string}:${filePattern}`,
    filePattern,
    destination: { kind, name: name as string },
    partitionKeyOption,
    initialPosition,
    maxBufferAgeMillis,
    maxBufferSizeRecords,
    maxBufferSizeBytes,
    minTimeBetweenFilePollsMillis,
    ...(multiLineStartPattern !== undefined ? { multiLineStartPattern } : {}),
    skipHeaderLines,
    truncatedRecordTerminator: (f.truncatedRecordTerminator as string | undefined) ?? '\n',
    retryInitialBackoffMillis,
    retryMaxBackoffMillis,
    dataProcessingOptions: processing.options,
  };
}
