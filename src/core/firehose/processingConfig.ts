/**
 * `ProcessingConfiguration` (spec §4) parsed into a typed plan: which processors run and with
 * which parameters, defaults filled in. Assumes the request already passed the model's shape
 * checks (processor `Type` and `ParameterName` enums, value length 1..5120); these are the
 * service's semantic rules, answered as InvalidArgumentException.
 *
 * "A maximum of 5 and a minimum of 1 processor needs to be supplied when processing is enabled."
 * and "CloudWatchLogProcessingProcessor can only be enabled with DecompressionProcessor" are
 * quoted from a public CloudFormation rule set that cites the service; the other messages are
 * ours. Unsure: AWS's wording for them (each would need a capture).
 */
import { fail, ok, type Result } from '../kinesis/errors';
import { base64Problem, decodeBase64 } from '../util/base64';

export interface ProcessorParameterInput {
  readonly ParameterName: string;
  readonly ParameterValue: string;
}
export interface ProcessorInput {
  readonly Type: string;
  readonly Parameters?: readonly ProcessorParameterInput[];
}
export interface ProcessingConfigurationInput {
  readonly Enabled?: boolean;
  readonly Processors?: readonly ProcessorInput[];
}

export interface LambdaProcessorConfig {
  readonly lambdaArn: string;
  /** Invocation retries after the first attempt. */
  readonly numberOfRetries: number;
  readonly roleArn?: string;
  /** The Lambda buffer (records are sent to the function in batches of at most this). */
  readonly bufferSizeBytes: number;
  readonly bufferIntervalMs: number;
}

export interface ProcessingPlan {
  readonly enabled: boolean;
  readonly lambda?: LambdaProcessorConfig;
  /** jq query text kept as written (evaluated elsewhere). */
  readonly metadataExtraction?: { readonly query: string; readonly jsonParsingEngine: string };
  readonly recordDeAggregation?: { readonly subRecordType: 'JSON' | 'DELIMITED'; readonly delimiter?: Uint8Array };
  readonly appendDelimiterToRecord?: { readonly delimiter: Uint8Array };
  readonly decompression?: { readonly compressionFormat: 'GZIP' };
  readonly cloudWatchLogProcessing?: { readonly dataMessageExtraction: boolean };
}

/** Which parameters each processor type takes (API_ProcessorParameter.html). */
const ALLOWED: Record<string, readonly string[]> = {
  Lambda: ['LambdaArn', 'NumberOfRetries', 'RoleArn', 'BufferSizeInMBs', 'BufferIntervalInSeconds'],
  MetadataExtraction: ['MetadataExtractionQuery', 'JsonParsingEngine'],
  RecordDeAggregation: ['SubRecordType', 'Delimiter'],
  AppendDelimiterToRecord: ['Delimiter'],
  Decompression: ['CompressionFormat'],
  CloudWatchLogProcessing: ['DataMessageExtraction'],
};

const MIB = 1048576;
const NEWLINE = Uint8Array.of(0x0a);
const invalid = (message: string) => fail('InvalidArgumentException', message);

/**
 * Parses and checks a destination's ProcessingConfiguration. `opts.splunk`: the Lambda buffer
 * defaults to 0.25 MB for a Splunk destination (spec §4), 1 MB otherwise.
 */
export function parseProcessingConfiguration(config: ProcessingConfigurationInput | undefined, opts: { splunk?: boolean } = {}): Result<ProcessingPlan> {
  const enabled = config?.Enabled === true;
  const processors = config?.Processors ?? [];
  if (enabled && (processors.length < 1 || processors.length > 5)) {
    return invalid('A maximum of 5 and a minimum of 1 processor needs to be supplied when processing is enabled.');
  }
  const plan: { -readonly [K in keyof ProcessingPlan]: ProcessingPlan[K] } = { enabled };
  for (const p of processors) {
    const allowed = ALLOWED[p.Type];
    if (!allowed) return invalid(`Processor type ${p.Type} is not supported.`);
    const params = new Map<string, string>();
    for (const { ParameterName: name, ParameterValue: value } of p.Parameters ?? []) {
      if (!allowed.includes(name)) return invalid(`Parameter ${name} is not valid for processor type ${p.Type}.`);
      if (params.has(name)) return invalid(`Parameter ${name} is specified more than once for processor type ${p.Type}.`);
      params.set(name, value);
    }
    const key = p.Type.charAt(0).toLowerCase() + p.Type.slice(1);
    if ((plan as Record<string, unknown>)[key] !== undefined) {
      return invalid(p.Type === 'Lambda' ? 'Cannot have more than 1 Lambda processor' : `Processor type ${p.Type} is specified more than once.`);
    }
    const parsed = parseOne(p.Type, params, opts);
    if (!parsed.ok) return parsed;
    (plan as Record<string, unknown>)[key] = parsed.value;
  }
  if (plan.cloudWatchLogProcessing && !plan.decompression) {
    return invalid('CloudWatchLogProcessingProcessor can only be enabled with DecompressionProcessor');
  }
  return ok(plan);
}

function parseOne(type: string, params: Map<string, string>, opts: { splunk?: boolean }): Result<unknown> {
  switch (type) {
    case 'Lambda':
      return parseLambda(params, opts);
    case 'MetadataExtraction': {
      const query = params.get('MetadataExtractionQuery');
      if (!query) return invalid('MetadataExtractionQuery is required for processor type MetadataExtraction.');
      const engine = params.get('JsonParsingEngine') ?? 'JQ-1.6';
      if (engine !== 'JQ-1.6') return invalid('Invalid parameter value for JsonParsingEngine. Allowed values are JQ-1.6.');
      return ok({ query, jsonParsingEngine: engine });
    }
    case 'RecordDeAggregation': {
      const subRecordType = params.get('SubRecordType');
      if (subRecordType !== 'JSON' && subRecordType !== 'DELIMITED') {
        return invalid('Invalid parameter value for SubRecordType. Allowed values are JSON and DELIMITED.');
      }
      const raw = params.get('Delimiter');
      if (subRecordType === 'DELIMITED' && raw === undefined) return invalid('Delimiter is required when SubRecordType is DELIMITED.');
      const delimiter = raw === undefined ? undefined : delimiterBytes(raw);
      if (raw !== undefined && !delimiter) return invalid('Delimiter must be a base64-encoded string.');
      return ok({ subRecordType, ...(delimiter ? { delimiter } : {}) });
    }
    case 'AppendDelimiterToRecord': {
      // Unsure: whether AWS reads this Delimiter as base64 like RecordDeAggregation's; assumed so.
      const raw = params.get('Delimiter');
      const delimiter = raw === undefined ? NEWLINE : delimiterBytes(raw);
      if (!delimiter) return invalid('Delimiter must be a base64-encoded string.');
      return ok({ delimiter });
    }
    case 'Decompression': {
      const format = params.get('CompressionFormat') ?? 'GZIP';
      return format === 'GZIP' ? ok({ compressionFormat: 'GZIP' }) : invalid('CompressionFormat has to be GZIP');
    }
    default: {
      const v = params.get('DataMessageExtraction')?.toLowerCase();
      if (v !== 'true' && v !== 'false') return invalid('Invalid parameter value for DataMessageExtraction. Allowed values are True and False.');
      return ok({ dataMessageExtraction: v === 'true' });
    }
  }
}

function parseLambda(params: Map<string, string>, opts: { splunk?: boolean }): Result<LambdaProcessorConfig> {
  const lambdaArn = params.get('LambdaArn');
  // Version and alias qualifiers are allowed (`…:function:name:alias`).
  if (!lambdaArn || !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(lambdaArn)) {
    return invalid('The Lambda processor requires a valid LambdaArn.');
  }
  // Unsure: the brief's ranges; an independent emulator reports AWS does not range-check
  // NumberOfRetries at all. A CreateDeliveryStream with NumberOfRetries 301 would settle it.
  const retries = numberIn(params.get('NumberOfRetries'), 3, 0, 300, true);
  if (retries === undefined) return invalid('NumberOfRetries must be an integer between 0 and 300.');
  const size = numberIn(params.get('BufferSizeInMBs'), opts.splunk ? 0.25 : 1, 0.2, 3, false);
  if (size === undefined) return invalid('BufferSizeInMBs must be between 0.2 and 3.');
  const interval = numberIn(params.get('BufferIntervalInSeconds'), 60, 60, 900, true);
  if (interval === undefined) return invalid('BufferIntervalInSeconds must be an integer between 60 and 900.');
  const roleArn = params.get('RoleArn');
  return ok({
    lambdaArn,
    numberOfRetries: retries,
    ...(roleArn !== undefined ? { roleArn } : {}),
    bufferSizeBytes: Math.round(size * MIB),
    bufferIntervalMs: interval * 1000,
  });
}

/** A numeric parameter (given as a string) within [min, max], or the default when absent. */
function numberIn(raw: string | undefined, dflt: number, min: number, max: number, integer: boolean): number | undefined {
  if (raw === undefined) return dflt;
  if (!(integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(raw.trim())) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

function delimiterBytes(raw: string): Uint8Array | undefined {
  return raw.length > 0 && base64Problem(raw) === undefined ? decodeBase64(raw) : undefined;
}
