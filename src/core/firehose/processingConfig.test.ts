import { describe, expect, it } from 'vitest';
import { parseProcessingConfiguration, type ProcessingConfigurationInput, type ProcessorInput } from './processingConfig';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:transform';
const lambda = (params: Record<string, string> = {}): ProcessorInput => ({
  Type: 'Lambda',
  Parameters: Object.entries({ LambdaArn: ARN, ...params }).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue })),
});
const parse = (config: ProcessingConfigurationInput, opts?: { splunk?: boolean }) => parseProcessingConfiguration(config, opts);
const errorOf = (config: ProcessingConfigurationInput) => {
  const r = parse(config);
  return r.ok ? undefined : r.error;
};
const enabled = (...Processors: ProcessorInput[]): ProcessingConfigurationInput => ({ Enabled: true, Processors });

describe('parseProcessingConfiguration', () => {
  it('fills in the Lambda defaults (3 retries, 1 MB, 60 s; 0.25 MB for Splunk)', () => {
    const r = parse(enabled(lambda()));
    expect(r).toEqual({
      ok: true,
      value: { enabled: true, lambda: { lambdaArn: ARN, numberOfRetries: 3, bufferSizeBytes: 1048576, bufferIntervalMs: 60_000 } },
    });
    const splunk = parse(enabled(lambda()), { splunk: true });
    expect(splunk.ok && splunk.value.lambda?.bufferSizeBytes).toBe(262144);
  });

  it('reads every Lambda parameter, including a version qualifier', () => {
    const r = parse(enabled(lambda({
      LambdaArn: `${ARN}:$LATEST`, NumberOfRetries: '0', BufferSizeInMBs: '0.2', BufferIntervalInSeconds: '900', RoleArn: 'arn:aws:iam::123456789012:role/r',
    })));
    expect(r.ok && r.value.lambda).toEqual({
      lambdaArn: `${ARN}:$LATEST`, numberOfRetries: 0, roleArn: 'arn:aws:iam::123456789012:role/r', bufferSizeBytes: 209715, bufferIntervalMs: 900_000,
    });
  });

  it('rejects Lambda parameters out of range or malformed', () => {
    for (const bad of <Record<string, string>[]>[
      { NumberOfRetries: '301' }, { NumberOfRetries: '-1' }, { NumberOfRetries: '1.5' }, { BufferSizeInMBs: '0.1' }, { BufferSizeInMBs: '3.5' },
      { BufferIntervalInSeconds: '59' }, { BufferIntervalInSeconds: '901' }, { LambdaArn: 'not-an-arn' },
    ]) {
      expect(errorOf(enabled(lambda(bad)))?.__type, JSON.stringify(bad)).toBe('InvalidArgumentException');
    }
    expect(errorOf(enabled({ Type: 'Lambda', Parameters: [] }))?.message).toBe('The Lambda processor requires a valid LambdaArn.');
  });

  it('reads the other processors', () => {
    const r = parse(enabled(
      { Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'DELIMITED' }, { ParameterName: 'Delimiter', ParameterValue: 'IyMjIw==' }] },
      { Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{customer_id:.customer_id}' }, { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' }] },
      { Type: 'AppendDelimiterToRecord' },
      { Type: 'Decompression', Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }] },
      { Type: 'CloudWatchLogProcessing', Parameters: [{ ParameterName: 'DataMessageExtraction', ParameterValue: 'True' }] },
    ));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.recordDeAggregation).toEqual({ subRecordType: 'DELIMITED', delimiter: new TextEncoder().encode('####') });
    expect(r.value.metadataExtraction).toEqual({ query: '{customer_id:.customer_id}', jsonParsingEngine: 'JQ-1.6' });
    expect(r.value.appendDelimiterToRecord).toEqual({ delimiter: Uint8Array.of(10) });
    expect(r.value.decompression).toEqual({ compressionFormat: 'GZIP' });
    expect(r.value.cloudWatchLogProcessing).toEqual({ dataMessageExtraction: true });
    expect(r.value.lambda).toBeUndefined();
  });

  it('enforces 1..5 processors when enabled, and keeps a disabled configuration', () => {
    expect(errorOf(enabled())?.message).toBe('A maximum of 5 and a minimum of 1 processor needs to be supplied when processing is enabled.');
    const six = enabled(lambda(), { Type: 'AppendDelimiterToRecord' }, { Type: 'Decompression' }, { Type: 'CloudWatchLogProcessing', Parameters: [{ ParameterName: 'DataMessageExtraction', ParameterValue: 'false' }] },
      { Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{}' }] }, { Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] });
    expect(errorOf(six)?.message).toMatch(/^A maximum of 5/);
    const off = parse({ Enabled: false, Processors: [lambda()] });
    expect(off.ok && off.value.enabled).toBe(false);
    expect(parse({})).toEqual({ ok: true, value: { enabled: false } });
  });

  it('rejects unknown, misplaced and repeated parameters and processors', () => {
    expect(errorOf(enabled({ Type: 'Nope' }))?.__type).toBe('InvalidArgumentException');
    expect(errorOf(enabled(lambda({ Delimiter: 'Cg==' })))?.message).toBe('Parameter Delimiter is not valid for processor type Lambda.');
    expect(errorOf(enabled({ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: ARN }, { ParameterName: 'LambdaArn', ParameterValue: ARN }] }))?.message)
      .toMatch(/more than once/);
    expect(errorOf(enabled(lambda(), lambda()))?.message).toBe('Cannot have more than 1 Lambda processor');
  });

  it('checks the values of the other processors', () => {
    const p = (Type: string, ParameterName: string, ParameterValue: string): ProcessorInput => ({ Type, Parameters: [{ ParameterName, ParameterValue }] });
    expect(errorOf(enabled(p('RecordDeAggregation', 'SubRecordType', 'XML')))?.__type).toBe('InvalidArgumentException');
    expect(errorOf(enabled(p('RecordDeAggregation', 'SubRecordType', 'DELIMITED')))?.message).toMatch(/Delimiter is required/);
    expect(errorOf(enabled(p('AppendDelimiterToRecord', 'Delimiter', '%%%')))?.message).toMatch(/base64/);
    expect(errorOf(enabled(p('Decompression', 'CompressionFormat', 'ZIP')))?.message).toBe('CompressionFormat has to be GZIP');
    expect(errorOf(enabled(p('CloudWatchLogProcessing', 'DataMessageExtraction', 'yes'), { Type: 'Decompression' }))?.message).toMatch(/DataMessageExtraction/);
    expect(errorOf(enabled(p('MetadataExtraction', 'JsonParsingEngine', 'JQ-1.6')))?.message).toMatch(/MetadataExtractionQuery is required/);
    expect(errorOf(enabled(p('CloudWatchLogProcessing', 'DataMessageExtraction', 'true')))?.message).toBe(
      'CloudWatchLogProcessingProcessor can only be enabled with DecompressionProcessor',
    );
  });
});
